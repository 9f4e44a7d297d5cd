"""Content-based engine: TF-IDF item vectors from feature tokens, cosine neighbours.

A feature token is a namespaced string, e.g. ``genre:comedy``, ``keyword:heist``,
``cast:31`` or ``director:525``; namespaces keep a genre and a keyword of the same
name apart.
"""

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from recsys.engines.similarity import cosine_top_k, l2_normalize_rows


def tfidf_vectors(item_features: Sequence[Iterable[str]]) -> sp.csr_matrix:
    """L2-normalized TF-IDF rows, one per item (an item without features is a zero row).

    idf(t) = ln((1 + n) / (1 + df(t))) + 1, the smoothed form; each token counts once per item.
    Columns follow first appearance in sorted token order, so a run does not depend on the
    process's string hashing (float sums, hence near ties, would).
    """
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for item, tokens in enumerate(item_features):
        for token in sorted(set(tokens)):
            rows.append(item)
            cols.append(vocabulary.setdefault(token, len(vocabulary)))
    n_items = len(item_features)
    counts = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_items, len(vocabulary))
    )
    df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(vocabulary))
    idf = np.log((1 + n_items) / (1 + df)) + 1.0
    return l2_normalize_rows(sp.csr_matrix(counts @ sp.diags(idf.astype(np.float32))))


def content_neighbours(item_features: Sequence[Iterable[str]], k: int) -> sp.csr_matrix:
    """Content scoring matrix: column j holds j's ``k`` most similar items (TF-IDF cosine).

    The similarity is symmetric, so row i of the transpose is item i's own top ``k``.
    """
    return cosine_top_k(tfidf_vectors(item_features), k).T.tocsr()
