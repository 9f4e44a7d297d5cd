"""Grid search of the hybrid blend weights on MovieLens (the offline evaluation protocol).

    python bench/recsys_tune.py /path/to/ml-latest-small [--seeds 42 1 2]

Fits every component once per seed, then scores each weight combination; prints the
mean NDCG@10 per combination, best last. The defaults in settings come from this run.
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
    "ease": [0.4, 0.5, 0.6, 0.7],
    "itemknn": [0.0, 0.2, 0.3, 0.4],
    "content": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3],
    "popularity": [0.0, 0.05],
}
# A first, coarser pass (ease 0.5-1.0, itemknn 0-0.4, content 0-0.1, popularity 0-0.1) put the
# optimum at its content edge; this grid is centred on that region.


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 1, 2])
    parser.add_argument("--rated", type=float, default=0.5, help="strength of a rating below 4")
    parser.add_argument("--min-history", type=int, default=3, help="settings RECSYS MIN_HISTORY")
    args = parser.parse_args()
    data = evaluation.load_movielens(
        args.data / "ratings.csv", args.data / "movies.csv", args.data / "tags.csv"
    )
    n_items = len(data.item_features)
    combos = [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]
    combos += [{"ease": 1.0}, {"itemknn": 1.0}]  # the single-model baselines
    totals = np.zeros(len(combos))
    for seed in args.seeds:
        test = evaluation.holdout_mask(data.users, seed)
        strengths = rating_strength(data.values[~test], 1.0, args.rated)
        train = interaction_matrix(data.users[~test], data.items[~test], strengths, (data.n_users, n_items))
        relevant = [set() for _ in range(data.n_users)]
        for user, item, value in zip(data.users[test], data.items[test], data.values[test], strict=True):
            if value >= evaluation.RELEVANT_RATING:
                relevant[user].add(int(item))
        model = hybrid.fit(train, data.item_features, hybrid.FitParams())
        for pos, weights in enumerate(combos):
            ranked = hybrid.recommend_strategies(
                model, train, {"": weights}, evaluation.K, with_reasons=False
            )
            metrics = evaluation.ranking_metrics(ranked[""].items.tolist(), relevant)
            totals[pos] += metrics["ndcg@10"] / len(args.seeds)
        print(f"seed {seed} done", flush=True)
    for pos in [len(combos) - 2, len(combos) - 1, *np.argsort(totals)[-15:]]:
        print(f"{totals[pos]:.4f}  {combos[pos]}")


if __name__ == "__main__":
    main()
