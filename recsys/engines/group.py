"""Group aggregation for movie night: members' per-item fits combined into one group ranking.

Each member's scores over the shared candidates become fits in [0, 1] (``member_fits``: a
score over the member's best candidate score), so no member counts more because their scores
run higher. Three aggregations protect the least happy member:

* ``least_misery``: the group score is the lowest member fit (the mean breaks ties);
* ``average_without_misery``: the mean fit, over only the items every member fits at least
  ``threshold`` (the others rank below all of them, by their mean);
* ``fair_greedy`` (GFAR-style greedy selection): picks one at a time, each the movie that adds
  most to the chance that every member finds one they like among the picks so far, so the
  members the earlier picks served least weigh most in the next (``fair_greedy``).

The first two score items independently; the third ranks a list. The offline evaluation
(recsys.group_evaluation) compares the three with two baselines.
"""

import numpy as np

SCORE_AGGREGATIONS = ("least_misery", "average_without_misery")
AGGREGATIONS = (*SCORE_AGGREGATIONS, "fair_greedy")
MISERY_THRESHOLD = 0.1
TIE_BREAK = 1e-3
# fair_greedy's chance that a member likes a movie: RELEVANCE_SCALE * fit ** RELEVANCE_POWER
# (chosen on a holdout seed other than the evaluation's, bench/README.md "Movie night").
RELEVANCE_SCALE = 0.5
RELEVANCE_POWER = 3


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
    """Group scores of the items (columns of ``fits``) under one of SCORE_AGGREGATIONS."""
    if aggregation == "least_misery":
        return least_misery(fits)
    if aggregation == "average_without_misery":
        return average_without_misery(fits)
    raise ValueError(f"aggregation must be one of: {', '.join(SCORE_AGGREGATIONS)}.")


def _by_score(value: np.ndarray) -> np.ndarray:
    """Columns by ``value``, best first, ties by column."""
    return np.lexsort((np.arange(len(value)), -value))


def fair_greedy(fits: np.ndarray, depth: int) -> np.ndarray:
    """Every column of ``fits``, the first ``depth`` chosen greedily (GFAR), the rest by mean fit.

    Each member likes a movie with chance RELEVANCE_SCALE * fit ** RELEVANCE_POWER; each next
    pick maximizes the sum over members of that chance times the chance that no earlier pick
    pleased them, ties broken by mean fit, then column.
    """
    relevance = RELEVANCE_SCALE * fits**RELEVANCE_POWER
    mean = fits.mean(axis=0)
    unserved = np.ones(len(fits))
    taken = np.zeros(fits.shape[1], dtype=bool)
    picked = []
    for _ in range(min(depth, fits.shape[1])):
        gain = unserved @ relevance
        gain[taken] = -1.0
        best = np.flatnonzero(gain == gain.max())
        pick = int(best[_by_score(mean[best])[0]])
        picked.append(pick)
        taken[pick] = True
        unserved *= 1.0 - relevance[:, pick]
    by_mean = _by_score(mean)
    return np.concatenate([np.array(picked, dtype=np.int64), by_mean[~taken[by_mean]]])


def order(fits: np.ndarray, aggregation: str, depth: int) -> np.ndarray:
    """Every column of ``fits``, best first, under ``aggregation`` (one of AGGREGATIONS); ties by
    column. ``depth``: how many places a list-level aggregation chooses (fair_greedy)."""
    if aggregation == "fair_greedy":
        return fair_greedy(fits, depth)
    if aggregation not in SCORE_AGGREGATIONS:
        raise ValueError(f"aggregation must be one of: {', '.join(AGGREGATIONS)}.")
    return _by_score(aggregate(fits, aggregation))
