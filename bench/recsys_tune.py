"""Grid search of the hybrid blend weights on MovieLens (the offline evaluation protocol).

    python bench/recsys_tune.py /path/to/ml-latest-small [--seeds 42 1 2]

Fits every component once per split and seed, then scores each weight combination the way
evaluate_recs scores the hybrid (production votes, train items excluded). Prints, per
combination, the mean NDCG@10 and coverage@10 of both splits relative to EASE's (1.00 = EASE),
best last by the smaller of the two NDCG ratios. The defaults in settings come from this run.
"""

import argparse
import itertools
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from recsys import evaluation
from recsys.engines import hybrid
from recsys.engines.collaborative import interaction_matrix, rating_strength

GRID = {
    "ease": [0.5],
    "itemknn": [0.2, 0.3, 0.5],
    "content": [0.05, 0.1, 0.15, 0.2],
    "novelty": [0.0, 0.15, 0.2, 0.25, 0.3],
}


def _metrics(model, votes, train, relevant, weights) -> tuple[float, float]:
    ranked = hybrid.recommend_strategies(model, votes, {"": weights}, evaluation.K, 3, False, seen=train)[""]
    recommended = [[item for item in row if item >= 0] for row in ranked.items.tolist()]
    scored = [user for user, wanted in enumerate(relevant) if wanted]
    ndcg = evaluation.ranking_metrics(recommended, relevant)["ndcg@10"]
    return ndcg, evaluation.beyond_accuracy(recommended, train, scored)["coverage@10"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 1, 2])
    args = parser.parse_args()
    data = evaluation.load_movielens(
        args.data / "ratings.csv", args.data / "movies.csv", args.data / "tags.csv"
    )
    shape = (data.n_users, len(data.item_features))
    combos = [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]
    # ratio[split][combo] = (NDCG / EASE's NDCG, coverage / EASE's coverage), summed over seeds.
    ratios = {split: np.zeros((len(combos), 2)) for split in evaluation.SPLITS}
    for split, seed in itertools.product(evaluation.SPLITS, args.seeds):
        timestamps = data.timestamps if split == "temporal" else None
        test = evaluation.holdout_mask(data.users, seed, timestamps=timestamps)
        train_users, train_items, values = data.users[~test], data.items[~test], data.values[~test]
        train = interaction_matrix(train_users, train_items, rating_strength(values, 1.0, 0.5), shape)
        votes = interaction_matrix(train_users, train_items, rating_strength(values, 1.0, 0.0), shape)
        relevant = [set() for _ in range(data.n_users)]
        for user, item, value in zip(data.users[test], data.items[test], data.values[test], strict=True):
            if value >= evaluation.RELEVANT_RATING:
                relevant[user].add(int(item))
        components = ("ease", "itemknn", "content")
        model = hybrid.fit(train, data.item_features, hybrid.FitParams(), components=components)
        ease = np.array(_metrics(model, train, train, relevant, {"ease": 1.0}))
        for pos, weights in enumerate(combos):
            blend = hybrid.strategy_weights("hybrid", weights)
            figures = np.array(_metrics(model, votes, train, relevant, blend))
            ratios[split][pos] += figures / ease / len(args.seeds)
        print(f"{split} seed {seed} done", flush=True)
    order = np.argsort(np.minimum(ratios["random"][:, 0], ratios["temporal"][:, 0]))
    print("random NDCG, coverage / temporal NDCG, coverage (x EASE)  weights")
    for pos in order[-20:]:
        (rn, rc), (tn, tc) = ratios["random"][pos], ratios["temporal"][pos]
        print(f"{rn:.3f} {rc:.2f} / {tn:.3f} {tc:.2f}  {combos[pos]}")


if __name__ == "__main__":
    main()
