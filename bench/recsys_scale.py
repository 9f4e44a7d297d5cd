"""Scale benchmark of the recommendation precompute on synthetic data (no database).

    python bench/recsys_scale.py [--users 100000] [--movies 20000] [--interactions 5000000]
                                 [--sample-reasons 2000] [--seed 0] [--workers 1 2]

Synthetic data: distinct (user, movie) pairs; item popularity follows a power law (Zipf,
exponent 1), user activity is log-normal (sigma 1); 1-3 of 20 genres, up to 8 of 2,000
keywords (power law), 5 cast members and a director per movie. Reports the time of every
stage of the nightly job (fit, then top-N for every user in batches, all three strategies)
and the peak resident memory. Reasons are explained for a sample of users and the full
cost extrapolated, since explaining is per user.

``--workers N [N ...]``: after the single-process stages, the run's fan-out as production does
it: the fitted artefact written once (recsys.artefacts), then every user scored with reasons
in batches by N worker processes, each loading the artefact itself and taking batches from a
shared queue, as Celery workers take ``recommend_batch`` tasks. Reports wall time, speedup
over the first N, peak memory of a worker, and the JSON bytes per user of the compact stored
lists (recsys.compact) against the earlier format with reasons as sentences. Titles for the
sentences come from MovieLens's movies.csv (``--titles``), cycled.
"""

import argparse
import csv
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402 (after django.setup)

from recsys import artefacts, compact  # noqa: E402 (after django.setup)
from recsys.engines import hybrid  # noqa: E402 (after django.setup)
from recsys.engines.collaborative import interaction_matrix  # noqa: E402 (after django.setup)

DEFAULT_TITLES = Path(__file__).resolve().parents[2] / "shared/data/ml-latest-small/movies.csv"

HYBRID = settings.RECSYS["HYBRID_WEIGHTS"]  # the production blend
STRATEGIES = {name: hybrid.strategy_weights(name, HYBRID) for name in ("hybrid", "content", "collab")}


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def worker_peak_gib() -> float:
    """This process's own peak resident memory (VmHWM). A spawned worker's ru_maxrss would report
    the parent's peak: Linux keeps it across the fork and exec that start the worker."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024**2
    return peak_rss_gib()


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


# --- Fan-out over worker processes ------------------------------------------------------------

_worker: dict = {}
SIZE_SAMPLE = 10  # users per batch whose lists are also encoded in the earlier format


def _worker_start(artefact_path: str, rows_path: str, titles: list[str], top_n: int) -> None:
    """What a worker holds for a run: the artefact (read once) and the users' rows."""
    _worker["artefact"] = artefacts.loads(Path(artefact_path).read_bytes())
    _worker["rows"] = sp.load_npz(rows_path).tocsr()
    _worker["titles"] = titles
    _worker["top_n"] = top_n


def _legacy_size(lists: dict, titles: list[str]) -> int:
    """JSON bytes of the same lists in the earlier stored format (entries with reason sentences)."""
    legacy = {}
    for strategy, (ids, scores, codes) in lists.items():
        legacy[strategy] = [
            {
                "tmdb_id": tmdb_id,
                "score": round(score, 6),
                "reasons": compact.reason_texts(
                    reasons, {int(c[1:]): titles[int(c[1:]) % len(titles)] for c in reasons if c[:1] in "ls"}
                ),
            }
            for tmdb_id, score, reasons in zip(ids, scores, codes, strict=True)
        ]
    return sum(len(json.dumps(entries)) for entries in legacy.values())


def _score_batch(bounds: tuple[int, int]) -> tuple[float, int, int, int, float]:
    """One batch with reasons, as recommend_batch scores it: (seconds, users, compact bytes,
    earlier-format bytes, this worker's peak GiB)."""
    started = time.perf_counter()
    artefact, top_n = _worker["artefact"], _worker["top_n"]
    rows = _worker["rows"][bounds[0] : bounds[1]]
    ranked = hybrid.recommend_strategies(artefact.model, rows, STRATEGIES, top_n, 3, with_reasons=True)
    liked = [
        Counter(name for item in rows[row].indices for name in artefact.genres[item])
        for row in range(rows.shape[0])
    ]
    stored = compact.batch_lists(ranked, artefact.tmdb_ids, artefact.genres, liked)
    compact_bytes = sum(len(json.dumps(lists, separators=(",", ":"))) for lists in stored)
    seconds = time.perf_counter() - started
    # The earlier format's size, from a sample of the batch (measuring it is not the job's work).
    sample = stored[:: max(1, len(stored) // SIZE_SAMPLE)]
    legacy_bytes = sum(_legacy_size(lists, _worker["titles"]) for lists in sample) * len(stored) / len(sample)
    return seconds, rows.shape[0], compact_bytes, legacy_bytes, worker_peak_gib()


def fan_out(model, matrix, features, workers: list[int], batch_size: int, top_n: int, titles) -> None:
    """Score every user with reasons on each number of worker processes; print the comparison."""
    genres = [[t.removeprefix("genre:") for t in tokens if t.startswith("genre:")] for tokens in features]
    artefact = artefacts.Artefact(model=model, tmdb_ids=np.arange(matrix.shape[1]), genres=genres)
    with tempfile.TemporaryDirectory() as folder:
        artefact_path, rows_path = f"{folder}/artefact.npz", f"{folder}/rows.npz"
        started = time.perf_counter()
        blob = artefacts.dumps(artefact)
        Path(artefact_path).write_bytes(blob)
        print(f"artefact: {len(blob) / 1024**2:.1f} MiB, written in {time.perf_counter() - started:.1f} s")
        sp.save_npz(rows_path, matrix)
        bounds = [(start, start + batch_size) for start in range(0, matrix.shape[0], batch_size)]
        results = []
        context = multiprocessing.get_context("spawn")
        for n in workers:
            started = time.perf_counter()
            with context.Pool(n, _worker_start, (artefact_path, rows_path, titles, top_n)) as pool:
                batches = pool.map(_score_batch, bounds, chunksize=1)
            wall = time.perf_counter() - started
            users = sum(b[1] for b in batches)
            results.append(
                {
                    "workers": n,
                    "wall": wall,
                    "batch": float(np.median([b[0] for b in batches])),
                    "peak": max(b[4] for b in batches),
                    "compact": sum(b[2] for b in batches) / users,
                    "legacy": sum(b[3] for b in batches) / users,
                }
            )
            print(f"{n} worker(s): {wall:.1f} s for {users:,} users in {len(bounds)} batches", flush=True)
    base = results[0]["wall"]
    print()
    print("| workers | wall s | speedup | median batch s | peak GiB per worker | bytes/user | before |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['workers']} | {r['wall']:.1f} | {base / r['wall']:.2f} | {r['batch']:.2f} "
            f"| {r['peak']:.2f} | {r['compact']:,.0f} | {r['legacy']:,.0f} |"
        )


def movielens_titles(path: Path) -> list[str]:
    """MovieLens titles without the year, or placeholders of the same median length if absent."""
    if not path.exists():
        return ["Title of a movie"] * 100
    with path.open(encoding="utf-8") as handle:
        return [row["title"].rsplit(" (", 1)[0] for row in csv.DictReader(handle)]


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
    parser.add_argument("--workers", type=int, nargs="*", default=[], help="e.g. --workers 1 2")
    parser.add_argument("--titles", type=Path, default=DEFAULT_TITLES)
    parser.add_argument("--skip-single", action="store_true", help="only the fan-out stages")
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

    if not args.skip_single:
        single_process(args, model, matrix, rng, timings)
    if args.workers:
        fan_out(
            model, matrix, features, args.workers, args.batch_size, args.top_n, movielens_titles(args.titles)
        )


def single_process(args, model, matrix, rng, timings: dict[str, float]) -> None:
    """The earlier stages in this one process: item-based lists, top-N, reasons on a sample."""
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
