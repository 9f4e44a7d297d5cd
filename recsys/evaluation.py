"""Offline evaluation of the recommendation strategies on MovieLens-layout CSV files.

Protocol (fixed, so figures compare across changes):

* every rating of ``ratings.csv`` (userId, movieId, rating, timestamp) is an interaction;
* per user, 20% of their ratings (``round(0.2 * n)``, users with fewer than two ratings stay
  in train) are held out. Split ``random``: drawn with ``numpy.random.default_rng(seed)``, one
  uniform key per rating, the user's lowest keys are the test ratings. Split ``temporal``: the
  user's latest ratings by timestamp (ties in file order, the later line being the later rating);
* train ratings feed the models with the same strengths as production (collaborative.rating_strength:
  liked >= 4, rising by ``liked_per_star`` per star above 4; else weaker);
  the production strategies (content, collab, hybrid) score each user from the same votes as
  production too (a rating below 4 marks the movie seen but votes ``rated_vote``), the
  single-model baselines (popularity, item-kNN, EASE, RP3beta) from the train strengths, as
  published; ``ease+votes`` is EASE given the production votes;
* test ratings >= 4 are relevant; users without a relevant test rating are not scored;
* each strategy ranks every item the user has no train interaction with; metrics at 10,
  averaged over scored users: precision = hits / 10, recall = hits / |relevant|,
  NDCG with binary gain = sum over hits of 1 / log2(rank + 1), divided by its ideal
  value for min(|relevant|, 10) hits;
* beyond accuracy, over the same users' top 10: coverage = distinct recommended items that
  have a train interaction / items that have one; novelty = mean self-information
  -log2(p_i) of the recommended items, p_i = share of users with a train interaction on i
  (an item nobody interacted with counts as one user's).

Content features are the genres of ``movies.csv`` and the tags of ``tags.csv``.
Nothing here touches the database.
"""

import csv
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from recsys.engines import hybrid
from recsys.engines.collaborative import interaction_matrix, rating_strength

K = 10
TEST_FRACTION = 0.2
RELEVANT_RATING = 4.0
DISMISSED_BELOW = 2.5
SPLITS = ("random", "temporal")
VOTE_STRATEGIES = ("content", "ease+votes", "collab", "hybrid")  # scored from the production votes


@dataclass(frozen=True)
class Ratings:
    users: np.ndarray  # user index per rating
    items: np.ndarray  # item index per rating
    values: np.ndarray  # the rating
    timestamps: np.ndarray  # seconds since the epoch, per rating
    n_users: int
    item_features: list[list[str]]  # per item index


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_movielens(ratings: Path, movies: Path | None = None, tags: Path | None = None) -> Ratings:
    """Ratings and content features from MovieLens CSVs, with dense user and item indices."""
    rating_rows = _read_rows(ratings)
    movie_rows = _read_rows(movies) if movies else []
    item_index: dict[str, int] = {}
    features: list[list[str]] = []

    def item(movie_id: str) -> int:
        if movie_id not in item_index:
            item_index[movie_id] = len(features)
            features.append([])
        return item_index[movie_id]

    for row in movie_rows:
        genres = [g for g in row["genres"].split("|") if g and g != "(no genres listed)"]
        features[item(row["movieId"])].extend(f"genre:{g.lower()}" for g in genres)
    for row in _read_rows(tags) if tags else []:
        features[item(row["movieId"])].append(f"keyword:{row['tag'].strip().lower()}")
    user_index: dict[str, int] = {}
    users = np.array(
        [user_index.setdefault(r["userId"], len(user_index)) for r in rating_rows], dtype=np.int64
    )
    items = np.array([item(r["movieId"]) for r in rating_rows], dtype=np.int64)
    values = np.array([float(r["rating"]) for r in rating_rows], dtype=np.float32)
    timestamps = np.array([int(r["timestamp"]) for r in rating_rows], dtype=np.int64)
    return Ratings(
        users=users,
        items=items,
        values=values,
        timestamps=timestamps,
        n_users=len(user_index),
        item_features=features,
    )


def holdout_mask(
    users: np.ndarray,
    seed: int,
    test_fraction: float = TEST_FRACTION,
    timestamps: np.ndarray | None = None,
) -> np.ndarray:
    """True for the ratings held out for testing (see the module docstring).

    Random split by default; with ``timestamps`` the temporal one (each user's latest ratings).
    """
    if timestamps is None:
        order = np.lexsort((np.random.default_rng(seed).random(len(users)), users))
    else:
        # Latest first (a later line breaks a tie): the held-out ratings come first per user.
        order = np.lexsort((-np.arange(len(users)), -np.asarray(timestamps, dtype=np.int64), users))
    sorted_users = users[order]
    starts = np.searchsorted(sorted_users, sorted_users, side="left")
    position = np.arange(len(users)) - starts
    sizes = np.bincount(users)[sorted_users]
    n_test = np.where(sizes >= 2, np.round(test_fraction * sizes), 0)
    mask = np.zeros(len(users), dtype=bool)
    mask[order] = position < n_test
    return mask


def ranking_metrics(recommended: Sequence[Sequence[int]], relevant: Sequence[set[int]], k: int = K) -> dict:
    """Mean precision@k, recall@k and NDCG@k (binary gain) over users with relevant items."""
    precision, recall, ndcg = [], [], []
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    for items, wanted in zip(recommended, relevant, strict=True):
        if not wanted:
            continue
        hits = np.array([item in wanted for item in list(items)[:k]], dtype=bool)
        precision.append(hits.sum() / k)
        recall.append(hits.sum() / len(wanted))
        ideal = discounts[: min(len(wanted), k)].sum()
        ndcg.append(float(discounts[: len(hits)][hits].sum() / ideal))
    if not precision:
        return {f"precision@{k}": 0.0, f"recall@{k}": 0.0, f"ndcg@{k}": 0.0}
    return {
        f"precision@{k}": float(np.mean(precision)),
        f"recall@{k}": float(np.mean(recall)),
        f"ndcg@{k}": float(np.mean(ndcg)),
    }


def beyond_accuracy(
    recommended: Sequence[Sequence[int]], train: sp.csr_matrix, users: Sequence[int], k: int = K
) -> dict:
    """coverage@k and novelty@k of the given users' top-k lists (see the module docstring)."""
    counts = train.getnnz(axis=0)
    information = -np.log2(np.maximum(counts, 1) / max(train.shape[0], 1))
    shown = [item for user in users for item in list(recommended[user])[:k]]
    catalog = np.flatnonzero(counts > 0)
    covered = np.intersect1d(np.unique(np.asarray(shown, dtype=np.int64)), catalog)
    return {
        f"coverage@{k}": len(covered) / len(catalog) if len(catalog) else 0.0,
        f"novelty@{k}": float(np.mean(information[shown])) if shown else 0.0,
    }


def evaluation_strategies(hybrid_weights: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """Blend weights of every evaluated strategy; popularity, content, collab and hybrid are required."""
    return {
        "popularity": {"popularity": 1.0},
        "content": hybrid.strategy_weights("content", hybrid_weights),
        "itemknn": {"itemknn": 1.0},
        "ease": {"ease": 1.0},
        "ease+votes": {"ease": 1.0},
        "rp3beta": {"rp3beta": 1.0},
        "collab": hybrid.strategy_weights("collab", hybrid_weights),
        "hybrid": hybrid.strategy_weights("hybrid", hybrid_weights),
    }


def dismissal_rows(votes: sp.csr_matrix, data: Ratings, test: np.ndarray, weight: float) -> sp.csr_matrix:
    """The users' votes plus every held-out rating below 2.5 stars, as strength ``weight`` (negative).

    Stands in for "not interested": the user dismissed what they would have rated low.
    """
    low = test & (data.values < DISMISSED_BELOW)
    dismissed = interaction_matrix(
        data.users[low], data.items[low], np.full(int(low.sum()), weight, dtype=np.float32), votes.shape
    )
    return sp.csr_matrix(votes + dismissed)


@dataclass(frozen=True)
class Prepared:
    """A holdout split of the ratings: the test mask, train strengths and votes, relevant test items."""

    test: np.ndarray
    train: sp.csr_matrix
    votes: sp.csr_matrix
    relevant: list[set[int]]


def prepare(
    data: Ratings, *, seed: int, signal_weights: Mapping[str, float], split: str = "random"
) -> Prepared:
    """The holdout split, train matrices and relevant test items of the protocol (module docstring)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of: {', '.join(SPLITS)}.")
    test = holdout_mask(data.users, seed, timestamps=data.timestamps if split == "temporal" else None)
    n_items = len(data.item_features)
    shape = (data.n_users, n_items)
    liked, per_star = signal_weights["liked"], signal_weights["liked_per_star"]
    strengths = rating_strength(data.values[~test], liked, signal_weights["rated"], per_star)
    train = interaction_matrix(data.users[~test], data.items[~test], strengths, shape)
    votes = interaction_matrix(
        data.users[~test],
        data.items[~test],
        rating_strength(data.values[~test], liked, signal_weights["rated_vote"], per_star),
        shape,
    )
    relevant: list[set[int]] = [set() for _ in range(data.n_users)]
    for user, item, value in zip(data.users[test], data.items[test], data.values[test], strict=True):
        if value >= RELEVANT_RATING:
            relevant[user].add(int(item))
    return Prepared(test=test, train=train, votes=votes, relevant=relevant)


def evaluate(
    data: Ratings,
    *,
    seed: int,
    params: hybrid.FitParams,
    hybrid_weights: Mapping[str, float],
    signal_weights: Mapping[str, float],
    min_history: int = 0,
    split: str = "random",
) -> list[dict]:
    """One row per strategy: its metrics at 10 and the seconds its components took to fit.

    A last row, ``hybrid+dismissed``, scores the hybrid with the held-out low ratings given
    as dismissals (see dismissal_rows); their neighbours should sink and accuracy rise.
    """
    prepared = prepare(data, seed=seed, signal_weights=signal_weights, split=split)
    test, train, votes, relevant = prepared.test, prepared.train, prepared.votes, prepared.relevant
    scored = [user for user in range(data.n_users) if relevant[user]]
    fit_seconds: dict[str, float] = {}
    neighbours: dict[str, sp.csr_matrix] = {}
    for name in hybrid.NEIGHBOUR_COMPONENTS:
        started = time.perf_counter()
        neighbours[name] = hybrid.fit(train, data.item_features, params, components=[name]).neighbours[name]
        fit_seconds[name] = time.perf_counter() - started
    model = hybrid.ItemModel(
        neighbours=neighbours,
        popularity=hybrid.popularity_scores(train),
        novelty=hybrid.novelty_scores(train),
    )
    strategies = evaluation_strategies(hybrid_weights)
    runs = [
        (name, weights, votes if name in VOTE_STRATEGIES else train, train)
        for name, weights in strategies.items()
    ]
    with_dismissals = dismissal_rows(votes, data, test, signal_weights["not_interested"])
    runs.append(("hybrid+dismissed", strategies["hybrid"], with_dismissals, train + abs(with_dismissals)))
    rows = []
    for strategy, weights, user_rows, seen in runs:
        started = time.perf_counter()
        ranked = hybrid.recommend_strategies(
            model, user_rows, {strategy: weights}, K, min_history=min_history, with_reasons=False, seen=seen
        )[strategy]
        rank_seconds = time.perf_counter() - started
        recommended = [[item for item in row if item >= 0] for row in ranked.items.tolist()]
        rows.append(
            {
                "strategy": strategy,
                **ranking_metrics(recommended, relevant),
                **beyond_accuracy(recommended, train, scored),
                "fit_seconds": sum(fit_seconds.get(name, 0.0) for name in weights) + rank_seconds,
            }
        )
    return rows
