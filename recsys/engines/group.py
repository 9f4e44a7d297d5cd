"""Group aggregation for movie night: members' per-item fits combined into one group score.

Each member's scores over the shared candidates become fits in [0, 1] (``member_fits``: a
score over the member's best candidate score), so no member counts more because their scores
run higher. Two aggregations protect the least happy member:

* ``least_misery``: the group score is the lowest member fit (the mean breaks ties);
* ``average_without_misery``: the mean fit, over only the items every member fits at least
  ``threshold`` (the others rank below all of them, by their mean).

The offline evaluation (recsys.evaluation.evaluate_groups) compares both with two baselines.
"""

import numpy as np

AGGREGATIONS = ("least_misery", "average_without_misery")
MISERY_THRESHOLD = 0.1
TIE_BREAK = 1e-3


def member_fits(scores: np.ndarray) -> np.ndarray:
    """Members x items scores as fits in [0, 1]: each row over its maximum (a row with none: 0)."""
    scores = np.maximum(np.asarray(scores, dtype=np.float64), 0.0)
    peaks = scores.max(axis=1, keepdims=True) if scores.size else np.ones((len(scores), 1))
    peaks[peaks <= 0] = np.inf
    return scores / peaks


def least_misery(fits: np.ndarray) -> np.ndarray:
    """The lowest member fit of each item, ties broken by the mean fit."""
    return fits.min(axis=0) + TIE_BREAK * fits.mean(axis=0)


def average_without_misery(fits: np.ndarray, threshold: float = MISERY_THRESHOLD) -> np.ndarray:
    """The mean fit of each item; items some member fits below ``threshold`` are pushed below the rest."""
    mean = fits.mean(axis=0)
    return np.where(fits.min(axis=0) >= threshold, mean + 1.0, mean)


def aggregate(fits: np.ndarray, aggregation: str) -> np.ndarray:
    """Group scores of the items (columns of ``fits``) under ``aggregation`` (one of AGGREGATIONS)."""
    if aggregation == "least_misery":
        return least_misery(fits)
    if aggregation == "average_without_misery":
        return average_without_misery(fits)
    raise ValueError(f"aggregation must be one of: {', '.join(AGGREGATIONS)}.")
