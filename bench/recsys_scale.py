"""Scale benchmark of the recommendation precompute on synthetic data (no database).

    python bench/recsys_scale.py [--users 100000] [--movies 20000] [--interactions 5000000]
                                 [--sample-reasons 2000] [--seed 0]

Synthetic data: distinct (user, movie) pairs; item popularity follows a power law (Zipf,
exponent 1), user activity is log-normal (sigma 1); 1-3 of 20 genres, up to 8 of 2,000
keywords (power law), 5 cast members and a director per movie. Reports the time of every
stage of the nightly job (fit, then top-N for every user in batches, all three strategies)
and the peak resident memory. Reasons are explained for a sample of users and the full
cost extrapolated, since explaining is per user.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings

from recsys.engines import hybrid
from recsys.engines.collaborative import interaction_matrix

HYBRID = settings.RECSYS["HYBRID_WEIGHTS"]  # the production blend
STRATEGIES = {name: hybrid.strategy_weights(name, HYBRID) for name in ("hybrid", "content", "collab")}


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def synthetic(users: int, movies: int, interactions: int, rng: np.random.Generator):
    """A users x movies matrix with ``interactions`` distinct (user, movie) pairs, plus features."""
    popularity = 1.0 / np.arange(1, movies + 1)
    popularity /= popularity.sum()
    item_order = rng.permutation(movies)
    activity = rng.lognormal(mean=0.0, sigma=1.0, size=users)
    activity /= activity.sum()
    keys = np.empty(0, dtype=np.int64)
    while len(keys) < interactions:  # top up until the distinct pairs reach the target
        missing = interactions - len(keys)
        draw = int(missing * 1.3) + 1000
        user_idx = rng.choice(users, size=draw, p=activity)
        item_idx = item_order[rng.choice(movies, size=draw, p=popularity)]
        keys = np.unique(np.concatenate([keys, user_idx * movies + item_idx]))
    keys = rng.permutation(keys)[:interactions]
    strengths = rng.choice(np.array([1.0, 0.5, 0.3], dtype=np.float32), size=len(keys), p=[0.6, 0.3, 0.1])
    matrix = interaction_matrix(keys // movies, keys % movies, strengths, (users, movies))
    keyword_p = 1.0 / np.arange(1, 2001)
    keyword_p /= keyword_p.sum()
    features = []
    for _ in range(movies):
        tokens = [f"genre:{g}" for g in rng.choice(20, size=rng.integers(1, 4), replace=False)]
        tokens += [f"keyword:{k}" for k in rng.choice(2000, size=rng.integers(0, 9), p=keyword_p)]
        tokens += [f"cast:{c}" for c in rng.integers(0, 30_000, size=5)]
        tokens.append(f"director:{rng.integers(0, 5_000)}")
        features.append(tokens)
    return matrix, features


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--movies", type=int, default=20_000)
    parser.add_argument("--interactions", type=int, default=5_000_000)
    parser.add_argument("--neighbours", type=int, default=100)
    parser.add_argument("--ease-max-items", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--top-n", type=int, default=100)
    parser.add_argument("--sample-reasons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    matrix, features = synthetic(args.users, args.movies, args.interactions, rng)
    timings["generate data"] = time.perf_counter() - started
    print(f"{matrix.shape[0]:,} users x {matrix.shape[1]:,} movies, {matrix.nnz:,} interactions", flush=True)

    params = hybrid.FitParams(neighbours=args.neighbours, ease_max_items=args.ease_max_items)
    neighbours = {}
    fitted = [name for name in hybrid.NEIGHBOUR_COMPONENTS if HYBRID.get(name, 0) > 0]
    for name in fitted:  # the precompute fits only the components a blend weighs
        started = time.perf_counter()
        neighbours[name] = hybrid.fit(matrix, features, params, components=[name]).neighbours[name]
        timings[f"fit {name}"] = time.perf_counter() - started
        print(f"fit {name}: {timings[f'fit {name}']:.1f} s, peak {peak_rss_gib():.2f} GiB", flush=True)
    model = hybrid.ItemModel(
        neighbours=neighbours,
        popularity=hybrid.popularity_scores(matrix),
        novelty=hybrid.novelty_scores(matrix),
    )

    started = time.perf_counter()
    related = hybrid.related_items(model, {"itemknn": 0.6, "content": 0.4}, args.top_n)
    timings["item-based lists"] = time.perf_counter() - started
    assert len(related) == args.movies

    started = time.perf_counter()
    listed = 0
    for start in range(0, matrix.shape[0], args.batch_size):
        rows = matrix[start : start + args.batch_size]
        ranked = hybrid.recommend_strategies(model, rows, STRATEGIES, args.top_n, 3, with_reasons=False)
        listed += sum(len(r.items) for r in ranked.values())
    timings["top-N, all users x 3 strategies"] = time.perf_counter() - started
    print(f"top-N: {timings['top-N, all users x 3 strategies']:.1f} s for {listed:,} lists", flush=True)

    sample = rng.choice(matrix.shape[0], size=min(args.sample_reasons, matrix.shape[0]), replace=False)
    started = time.perf_counter()
    for start in range(0, len(sample), args.batch_size):
        rows = matrix[np.sort(sample[start : start + args.batch_size])]
        hybrid.recommend_strategies(model, rows, STRATEGIES, args.top_n, 3, with_reasons=True)
    with_reasons = (time.perf_counter() - started) * matrix.shape[0] / len(sample)
    timings["top-N with reasons (extrapolated)"] = with_reasons

    print()
    for stage, seconds in timings.items():
        print(f"{stage:<40}{seconds:>10.1f} s")
    fit = sum(v for k, v in timings.items() if k.startswith("fit"))
    print(f"{'full precompute (fit + top-N)':<40}{fit + timings['top-N, all users x 3 strategies']:>10.1f} s")
    print(f"{'full precompute with reasons':<40}{fit + timings['item-based lists'] + with_reasons:>10.1f} s")
    print(f"{'peak resident memory':<40}{peak_rss_gib():>10.2f} GiB")


if __name__ == "__main__":
    main()
