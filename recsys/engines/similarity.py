"""Top-k helpers shared by the engines: row-wise selection and blocked cosine neighbours."""

import numpy as np
import scipy.sparse as sp


def top_k_per_row(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of the ``k`` largest entries of each row, best first.

    Ties are broken by the lower column index, so results are deterministic.
    """
    n_rows, n_cols = scores.shape
    k = min(k, n_cols)
    if k <= 0:
        return np.empty((n_rows, 0), dtype=np.int64), np.empty((n_rows, 0), dtype=scores.dtype)
    if k < n_cols:
        candidates = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    else:
        candidates = np.broadcast_to(np.arange(n_cols), (n_rows, n_cols))
    values = np.take_along_axis(scores, candidates, axis=1)
    order = np.lexsort((candidates, -values), axis=1)
    return np.take_along_axis(candidates, order, axis=1), np.take_along_axis(values, order, axis=1)


def l2_normalize_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit L2 norm (all-zero rows stay zero)."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix, dtype=np.float32)


def cosine_top_k(vectors: sp.csr_matrix, k: int, block_size: int = 1024) -> sp.csr_matrix:
    """Each row's ``k`` most cosine-similar other rows (positive similarities only).

    ``vectors`` rows must be L2-normalized. Memory stays at ``block_size x n`` (see product_top_k).
    """
    return product_top_k(vectors, vectors.T.tocsc(), k, block_size)


def product_top_k(left: sp.csr_matrix, right: sp.csc_matrix, k: int, block_size: int = 1024) -> sp.csr_matrix:
    """Row i keeps the ``k`` largest positive entries of ``(left @ right)[i]``, the diagonal excluded.

    ``left @ right`` must be square. Computed in blocks of rows, so memory stays at
    ``block_size x n`` however many rows there are; never a dense n x n matrix.
    """
    n = left.shape[0]
    blocks = []
    for start in range(0, n, block_size):
        stop = min(start + block_size, n)
        products = (left[start:stop] @ right).toarray()
        products[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        indices, values = top_k_per_row(products, k)
        blocks.append(pairs_to_csr(indices, values, n))
    return sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((0, 0), dtype=np.float32)


def pairs_to_csr(indices: np.ndarray, values: np.ndarray, n_cols: int) -> sp.csr_matrix:
    """Row i of the result holds the positive ``(indices[i], values[i])`` pairs."""
    keep = values > 0
    rows = np.repeat(np.arange(indices.shape[0]), indices.shape[1])[keep.ravel()]
    return sp.csr_matrix(
        (values[keep].astype(np.float32), (rows, indices[keep])), shape=(indices.shape[0], n_cols)
    )
