"""Hybrid engine: per-user min-max normalized component scores, blended with weights.

Components are item x item neighbour matrices (``ease``, ``itemknn``, ``rp3beta``, ``content``) plus
two per-item vectors: ``popularity`` and ``novelty``. A user's raw component score is ``x_u @ S``;
each is scaled to [0, 1] per user, multiplied by its weight and summed. ``novelty`` (the item's
self-information, see novelty_scores) is a re-ranking bonus for the long tail: it lifts a rarer
candidate over a blockbuster of nearly the same score. Popularity breaks ties (weight 1e-6), so
a user with little or no history still gets a full list. Items the user interacted with
(``seen``) are never recommended. Each item carries structured reasons, formatted by the caller.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from recsys.engines.collaborative import ease_neighbours, item_knn_neighbours, rp3beta_neighbours
from recsys.engines.content import content_neighbours
from recsys.engines.similarity import top_k_per_row

NEIGHBOUR_COMPONENTS = ("ease", "itemknn", "rp3beta", "content")
COLLAB_COMPONENTS = ("ease", "itemknn", "rp3beta")
DEFAULT_COLLAB = ("ease", "itemknn")  # the collaborative blend when the hybrid weights name none
TIE_BREAK = 1e-6
# Reason kinds: "liked" (a collaborative neighbour of a movie the user interacted with),
# "similar" (a content neighbour of one), "popular" (popularity only).
REASON_KIND = {"ease": "liked", "itemknn": "liked", "rp3beta": "liked", "content": "similar"}


@dataclass(frozen=True)
class FitParams:
    neighbours: int = 100
    ease_lambda: float = 500.0
    ease_max_items: int = 5000
    rp3_beta: float = 0.5


@dataclass(frozen=True)
class ItemModel:
    """What serving needs: neighbour matrices per component, popularity and novelty vectors in [0, 1].

    Without ``novelty`` every item counts as fully novel (1.0), as an item nobody interacted with.
    """

    neighbours: Mapping[str, sp.csr_matrix]
    popularity: np.ndarray
    novelty: np.ndarray | None = None

    def novelty_vector(self) -> np.ndarray:
        if self.novelty is None:
            return np.ones(self.n_items, dtype=np.float32)
        return self.novelty

    @property
    def n_items(self) -> int:
        return len(self.popularity)


@dataclass(frozen=True)
class Reason:
    kind: str
    item: int  # the seed item (liked/similar) or the recommended item itself (popular)


@dataclass(frozen=True)
class Scored:
    item: int
    score: float
    reasons: tuple[Reason, ...]


def popularity_scores(interactions: sp.csr_matrix, prior: np.ndarray | None = None) -> np.ndarray:
    """Share of the most popular item's interacting users, in [0, 1]; ``prior`` (any scale) breaks ties."""
    counts = interactions.getnnz(axis=0).astype(np.float64)
    scores = counts / counts.max() if counts.max(initial=0) > 0 else counts
    if prior is not None and len(prior) and np.max(prior) > 0:
        scores = scores + 1e-3 * np.asarray(prior, dtype=np.float64) / np.max(prior)
        scores = scores / scores.max()
    return scores.astype(np.float32)


def novelty_scores(interactions: sp.csr_matrix) -> np.ndarray:
    """Self-information of each item, log(n_users / n_i) / log(n_users), in [0, 1].

    n_i counts the users who interacted with item i (at least one): 0 for an item every user
    knows, 1 for an item one user (or nobody) interacted with.
    """
    n_users = interactions.shape[0]
    counts = np.maximum(interactions.getnnz(axis=0), 1).astype(np.float64)
    if n_users < 2:
        return np.ones(interactions.shape[1], dtype=np.float32)
    return np.clip(np.log(n_users / counts) / np.log(n_users), 0.0, 1.0).astype(np.float32)


def fit(
    interactions: sp.csr_matrix,
    item_features: Sequence[Sequence[str]] | None,
    params: FitParams,
    components: Sequence[str] = NEIGHBOUR_COMPONENTS,
    prior: np.ndarray | None = None,
) -> ItemModel:
    """Fit the requested neighbour components on a users x items matrix (and item features)."""
    n_items = interactions.shape[1]
    builders = {
        "ease": lambda: ease_neighbours(
            interactions, params.ease_lambda, params.ease_max_items, params.neighbours
        ),
        "itemknn": lambda: item_knn_neighbours(interactions, params.neighbours),
        "rp3beta": lambda: rp3beta_neighbours(interactions, params.rp3_beta, params.neighbours),
        "content": lambda: content_neighbours(
            item_features or [[] for _ in range(n_items)], params.neighbours
        ),
    }
    neighbours = {name: builders[name]() for name in components}
    return ItemModel(
        neighbours=neighbours,
        popularity=popularity_scores(interactions, prior),
        novelty=novelty_scores(interactions),
    )


def strategy_weights(strategy: str, hybrid: Mapping[str, float]) -> dict[str, float]:
    """Blend weights of a strategy, summing to 1 (so blended scores stay in [0, 1]).

    hybrid: as configured; collab: its collaborative part; content: content alone.
    """
    if strategy == "content":
        weights = {"content": 1.0}
    elif strategy == "collab":
        weights = {name: w for name, w in hybrid.items() if name in COLLAB_COMPONENTS and w > 0}
        weights = weights or dict.fromkeys(DEFAULT_COLLAB, 1.0)
    elif strategy == "hybrid":
        weights = {name: w for name, w in hybrid.items() if w > 0}
    else:
        raise ValueError(f"Unknown strategy {strategy!r}.")
    total = sum(weights.values())
    return {name: w / total for name, w in weights.items()}


def _minmax_rows(scores: np.ndarray) -> np.ndarray:
    if scores.size == 0:
        return scores
    low = scores.min(axis=1, keepdims=True)
    span = scores.max(axis=1, keepdims=True) - low
    span[span == 0] = np.inf
    return (scores - low) / span


def normalized_scores(model: ItemModel, rows: sp.csr_matrix, names: Iterable[str]) -> dict[str, np.ndarray]:
    """Per-user min-max normalized scores ``x_u @ S`` of each named neighbour component.

    A negative vote (a dismissal) counts in content only: it sinks the movies like the one
    dismissed, not those its audience also watched. Offline, holding out low ratings as
    dismissals, the collaborative push-down cost accuracy and the content one did not.
    """
    positive = rows.maximum(0) if rows.nnz and rows.data.min() < 0 else rows
    return {
        name: _minmax_rows(((rows if name == "content" else positive) @ model.neighbours[name]).toarray())
        for name in names
        if name in model.neighbours
    }


def contributions(
    model: ItemModel,
    normalized: Mapping[str, np.ndarray],
    little_history: np.ndarray,
    weights: Mapping[str, float],
) -> dict[str, np.ndarray]:
    """Each weighted component's share of every item's score (users x items, dense).

    Users flagged in ``little_history`` get content only (then popularity): neither the
    collaborative components nor the novelty bonus. Novelty re-ranks: it goes only to items
    some neighbour component scores, so it never brings in an item nothing explains.
    """
    little = little_history[:, None]
    shares: dict[str, np.ndarray] = {}
    for name, weight in weights.items():
        if weight <= 0:
            continue
        if name == "popularity":
            popular = np.float32(weight) * model.popularity
            shares[name] = np.broadcast_to(popular, (len(little), model.n_items))
        elif name in normalized:
            share = np.float32(weight) * normalized[name]
            if name in COLLAB_COMPONENTS and little.any():
                share[np.broadcast_to(little, share.shape)] = 0.0
            shares[name] = share
    if little.any() and "content" not in shares and "content" in normalized:
        shares["content"] = np.where(little, normalized["content"], np.float32(0.0))
    if weights.get("novelty", 0) > 0:
        candidates = np.zeros((len(little), model.n_items), dtype=bool)
        for name in NEIGHBOUR_COMPONENTS:
            if name in shares:
                candidates |= shares[name] > 0
        novel = np.float32(weights["novelty"]) * model.novelty_vector()
        shares["novelty"] = np.where(candidates & ~little, novel[None, :], np.float32(0.0))
    return shares


@dataclass(frozen=True)
class Ranked:
    """Top-n lists of a batch of users as arrays, best first; item -1 pads a short list.

    ``reason_kinds[u, p]`` holds up to two codes into KINDS (0: none) and ``reason_items[u, p]``
    their items: the seed for liked/similar, the recommended item itself for popular.
    """

    items: np.ndarray
    scores: np.ndarray
    reason_kinds: np.ndarray | None = None
    reason_items: np.ndarray | None = None

    def lists(self) -> list[list[Scored]]:
        """The same lists as Python objects (for small batches and tests)."""
        lists = []
        for user, (items, scores) in enumerate(zip(self.items, self.scores, strict=True)):
            row = []
            for pos in np.flatnonzero(items >= 0):
                reasons = ()
                if self.reason_kinds is not None:
                    pairs = zip(self.reason_kinds[user, pos], self.reason_items[user, pos], strict=True)
                    reasons = tuple(Reason(KINDS[kind], int(item)) for kind, item in pairs if kind)
                row.append(Scored(int(items[pos]), float(scores[pos]), reasons))
            lists.append(row)
        return lists


KINDS = ("", "liked", "similar", "popular")


def recommend_strategies(
    model: ItemModel,
    rows: sp.csr_matrix,
    strategies: Mapping[str, Mapping[str, float]],
    n: int,
    min_history: int = 0,
    with_reasons: bool = True,
    seen: sp.spmatrix | None = None,
) -> dict[str, Ranked]:
    """Top-``n`` unseen items per user row and strategy, with reasons when asked.

    ``rows`` are the users' votes (what scores and explains); ``seen`` (same shape, default
    ``rows``) marks with any nonzero the items never recommended, so an item can be seen
    without voting for its neighbours. Component scores are computed once and shared by
    every strategy's blend.
    """
    rows = sp.csr_matrix(rows, dtype=np.float32)
    names = {name for weights in strategies.values() for name in weights}
    if min_history > 0:
        names.add("content")
    normalized = normalized_scores(model, rows, names)
    seen = rows if seen is None else sp.csr_matrix(seen)
    # History: what the user saw, dismissals aside.
    little = (seen != 0).getnnz(axis=1) - (rows < 0).getnnz(axis=1) < min_history
    seen = seen.nonzero()
    results = {}
    for strategy, weights in strategies.items():
        shares = contributions(model, normalized, little, weights)
        blended = np.array(np.broadcast_to(TIE_BREAK * model.popularity, rows.shape), dtype=np.float32)
        for share in shares.values():
            blended += share
        blended[seen] = -np.inf
        items, scores = top_k_per_row(blended, n)
        items = np.where(np.isfinite(scores), items, -1)
        ranked = Ranked(items=items, scores=np.where(items >= 0, scores, 0.0))
        results[strategy] = explain(model, rows, ranked, shares) if with_reasons else ranked
    return results


def _seeds(rows: sp.csr_matrix, matrix: sp.csr_matrix, items: np.ndarray) -> np.ndarray:
    """For every (user, recommended item j): the history item i maximizing x_ui * S[i, j], or -1."""
    n_users, n = items.shape
    counts = np.diff(rows.indptr)
    pairs = len(rows.indices)
    if pairs == 0:
        return np.full(items.shape, -1)
    owner = np.repeat(np.arange(n_users), counts)
    targets = items[owner]
    lookup = matrix[np.repeat(rows.indices, n), np.maximum(targets, 0).ravel()]
    values = np.asarray(lookup, dtype=np.float64).reshape(pairs, n) * rows.data[:, None]
    values[targets < 0] = 0.0
    has, starts = counts > 0, rows.indptr[:-1][counts > 0]
    best = np.zeros(items.shape)
    best[has] = np.maximum.reduceat(values, starts, axis=0)
    position = np.where((values == best[owner]) & (values > 0), np.arange(pairs)[:, None], pairs)
    first = np.full(items.shape, pairs)
    first[has] = np.minimum.reduceat(position, starts, axis=0)
    return np.where(first < pairs, rows.indices[np.minimum(first, pairs - 1)], -1)


def explain(
    model: ItemModel, rows: sp.csr_matrix, ranked: Ranked, shares: Mapping[str, np.ndarray]
) -> Ranked:
    """``ranked`` with up to two reasons per item, strongest component first.

    For a neighbour component the seed is the history item contributing most,
    argmax_i x_ui * S[i, j]; two components naming the same reason count once; an item
    with no neighbour contribution is "popular".
    """
    items = np.maximum(ranked.items, 0)
    names = [name for name in shares if name in model.neighbours]
    kinds = np.zeros((len(names) + 1, *items.shape), dtype=np.int8)
    seeds = np.full((len(names) + 1, *items.shape), -1)
    strength = np.zeros((len(names) + 1, *items.shape))
    for c, name in enumerate(names):
        seeds[c] = _seeds(rows, model.neighbours[name], np.where(ranked.items >= 0, items, -1))
        strength[c] = np.where(seeds[c] >= 0, np.take_along_axis(shares[name], items, axis=1), 0.0)
        kinds[c] = np.where(strength[c] > 0, KINDS.index(REASON_KIND[name]), 0)
    order = np.argsort(-strength, axis=0, kind="stable")
    kinds = np.take_along_axis(kinds, order, axis=0)
    seeds = np.take_along_axis(seeds, order, axis=0)
    first_kind, first_seed = kinds[0], seeds[0]
    # The second reason: the next component naming a different (kind, seed).
    second_kind, second_seed = np.zeros_like(first_kind), np.full(items.shape, -1)
    for c in range(len(names), 0, -1):
        differs = (kinds[c] > 0) & ((kinds[c] != first_kind) | (seeds[c] != first_seed))
        second_kind = np.where(differs, kinds[c], second_kind)
        second_seed = np.where(differs, seeds[c], second_seed)
    popular = (first_kind == 0) & (ranked.items >= 0)
    first_kind = np.where(popular, KINDS.index("popular"), first_kind)
    first_seed = np.where(popular, ranked.items, first_seed)
    return Ranked(
        items=ranked.items,
        scores=ranked.scores,
        reason_kinds=np.stack([first_kind, second_kind], axis=-1),
        reason_items=np.stack([first_seed, second_seed], axis=-1),
    )


def related_items(model: ItemModel, weights: Mapping[str, float], n: int) -> list[list[tuple[int, float]]]:
    """Each item's ``n`` most related items: a weighted blend of its own neighbour rows.

    A component's row (item i's top-k neighbours) is scaled by its maximum before blending,
    so components on different scales mix by weight alone.
    """
    if model.n_items == 0:
        return []
    blended = sp.csr_matrix((model.n_items, model.n_items), dtype=np.float32)
    for name, weight in weights.items():
        if weight > 0 and name in model.neighbours:
            own_rows = model.neighbours[name].T.tocsr()
            peaks = own_rows.max(axis=1).toarray().ravel()
            peaks[peaks <= 0] = 1.0
            blended = blended + weight * sp.csr_matrix(sp.diags(1.0 / peaks) @ own_rows)
    blended = blended.tocsr()
    lists = []
    for item in range(model.n_items):
        start, stop = blended.indptr[item], blended.indptr[item + 1]
        cols, vals = blended.indices[start:stop], blended.data[start:stop]
        order = np.lexsort((cols, -vals))[:n]
        lists.append([(int(cols[i]), float(vals[i])) for i in order if vals[i] > 0])
    return lists
