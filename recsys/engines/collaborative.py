"""Collaborative engines on implicit feedback: item-kNN (cosine), EASE and RP3beta.

Both return an item x item sparse scoring matrix ``S``: a user's scores are ``x_u @ S``
(``x_u`` the user's interaction row). Column j keeps only the k items that predict j
best (classic item-kNN: a candidate is scored from its own k nearest neighbours), so
row i lists the candidates item i votes for; rows are what the service persists.
"""

import numpy as np
import scipy.sparse as sp

from recsys.engines.similarity import (
    cosine_top_k,
    l2_normalize_rows,
    pairs_to_csr,
    product_top_k,
    top_k_per_row,
)

LIKED_RATING = 4  # a rating at or above this is a strong positive signal (1-5 scale)


def interaction_matrix(
    users: np.ndarray, items: np.ndarray, weights: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """A users x items matrix; repeated (user, item) pairs keep their strongest weight."""
    users = np.asarray(users, dtype=np.int64)
    items = np.asarray(items, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.float32)
    if len(users):
        keys = users * shape[1] + items
        order = np.lexsort((-weights, keys))
        keys, weights = keys[order], weights[order]
        first = np.concatenate(([True], keys[1:] != keys[:-1]))
        keys, weights = keys[first], weights[first]
        users, items = keys // shape[1], keys % shape[1]
    return sp.csr_matrix((weights, (users, items)), shape=shape, dtype=np.float32)


def item_knn_neighbours(interactions: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Cosine item-kNN scoring matrix: column j holds j's ``k`` nearest items (by user columns)."""
    return cosine_top_k(l2_normalize_rows(interactions.T.tocsr()), k).T.tocsr()


def ease_weights(interactions: sp.csr_matrix, lam: float, max_items: int) -> tuple[np.ndarray, np.ndarray]:
    """EASE (Steck 2019) on the ``max_items`` most-interacted items.

    Returns those item indices and the dense item x item weight matrix
    B = I - P diagMat(1 / diag(P)), P = (X'X + lam I)^-1, with a zero diagonal.
    The inverse is O(m^3) in the number of items m, hence the cap.
    """
    counts = interactions.getnnz(axis=0)
    order = np.lexsort((np.arange(len(counts)), -counts))
    items = np.sort(order[: min(max_items, int((counts > 0).sum()))])
    sub = interactions[:, items]
    gram = (sub.T @ sub).toarray().astype(np.float64)
    gram[np.diag_indices_from(gram)] += lam
    precision = np.linalg.inv(gram)
    weights = precision / (-np.diag(precision))
    weights[np.diag_indices_from(weights)] = 0.0
    return items, weights.astype(np.float32)


def ease_neighbours(interactions: sp.csr_matrix, lam: float, max_items: int, k: int) -> sp.csr_matrix:
    """EASE scoring matrix: column j keeps its ``k`` largest positive weights B[i, j].

    Items outside the EASE item set have no EASE weights (item-kNN covers them).
    """
    n_items = interactions.shape[1]
    items, weights = ease_weights(interactions, lam, max_items)
    if len(items) == 0:
        return sp.csr_matrix((n_items, n_items), dtype=np.float32)
    local_idx, values = top_k_per_row(np.ascontiguousarray(weights.T), k)
    local = pairs_to_csr(local_idx, values, len(items)).tocoo()
    return sp.csr_matrix(
        (local.data, (items[local.col], items[local.row])), shape=(n_items, n_items), dtype=np.float32
    )


def _row_stochastic(matrix: sp.csr_matrix) -> sp.csr_matrix:
    sums = np.asarray(matrix.sum(axis=1)).ravel()
    sums[sums == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / sums) @ matrix, dtype=np.float32)


def rp3beta_neighbours(interactions: sp.csr_matrix, beta: float, k: int) -> sp.csr_matrix:
    """RP3beta (Paudel et al. 2017) scoring matrix: row i keeps its ``k`` largest weights.

    W[i, j] = sum_u P(u | i) P(j | u) / pop_j ** beta: a three-step random walk
    item -> user -> item whose landing item is discounted by its popularity, which lifts
    the long tail. P are the row-normalized interactions (X' for items, X for users).
    """
    popularity = interactions.getnnz(axis=0).astype(np.float64)
    popularity[popularity == 0] = 1.0
    item_to_user = _row_stochastic(interactions.T.tocsr())
    user_to_item = _row_stochastic(interactions) @ sp.diags((popularity**-beta).astype(np.float32))
    return product_top_k(item_to_user, sp.csc_matrix(user_to_item, dtype=np.float32), k)


def rating_strength(ratings: np.ndarray, liked: float, rated: float, per_star: float = 0.0) -> np.ndarray:
    """Implicit strength of explicit ratings: ``rated`` below LIKED_RATING; from it up ``liked``
    plus ``per_star`` for every star above LIKED_RATING (4.5 stars: ``liked + per_star / 2``).

    The one place a rating becomes a strength: production (recsys.loaders) and the offline
    evaluation both call it.
    """
    values = np.asarray(ratings, dtype=np.float32)
    graded = liked + per_star * (values - LIKED_RATING)
    return np.where(values >= LIKED_RATING, graded, rated).astype(np.float32)
