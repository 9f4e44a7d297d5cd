"""The group aggregation (recsys.engines.group) and the movie night metrics, on tiny hand-computed cases."""

import numpy as np
import pytest
import scipy.sparse as sp

from recsys import group_evaluation
from recsys.engines import group


def test_fits_are_each_members_scores_over_their_best():
    fits = group.member_fits(np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.5, -1.0, 0.25]]))

    assert fits.tolist() == [[1.0, 0.5, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 0.5]]


def test_least_misery_ranks_by_the_unhappiest_member():
    fits = np.array([[1.0, 0.6, 0.5], [0.0, 0.6, 0.5]])

    scores = group.aggregate(fits, "least_misery")

    assert list(np.argsort(-scores)) == [1, 2, 0]


def test_average_without_misery_puts_a_miserable_member_last():
    # Item 0 has the best mean (0.55) but leaves the second member at 0.05, below the threshold.
    fits = np.array([[1.0, 0.5, 0.4], [0.05, 0.5, 0.3]])

    scores = group.aggregate(fits, "average_without_misery")

    assert list(np.argsort(-scores)) == [1, 2, 0]


def test_an_unknown_aggregation_is_refused():
    with pytest.raises(ValueError, match="aggregation must be one of"):
        group.aggregate(np.ones((2, 2)), "median")


def test_group_and_minimum_member_ndcg_by_hand():
    # Ranked [7, 3, 9]; member A wants {3}, member B wants {9, 4}.
    # A: hit at rank 2 -> (1/log2 3) / 1 = 0.6309.
    # B: hit at rank 3 -> (1/log2 4) / (1 + 1/log2 3) = 0.5 / 1.6309 = 0.3066.
    # Union {3, 9, 4}: hits at 2 and 3 -> (0.6309 + 0.5) / (1 + 0.6309 + 0.5) = 0.5307.
    found = group_evaluation.group_metrics([7, 3, 9], [{3}, {9, 4}])

    assert found["group_ndcg@10"] == pytest.approx(0.5307, abs=1e-4)
    assert found["min_member_ndcg@10"] == pytest.approx(0.3066, abs=1e-4)


def test_similar_taste_groups_gather_the_closest_users():
    train = sp.csr_matrix(np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1], [1, 0, 0, 1]]))
    eligible = np.arange(5)

    groups = group_evaluation.make_groups(train, eligible, 2, "similar", 10, np.random.default_rng(1))

    pairs = {frozenset(members.tolist()) for members in groups}
    assert pairs <= {frozenset({0, 1}), frozenset({2, 3}), frozenset({4, 0}), frozenset({4, 2})}
    assert all(len(members) == 2 for members in groups)
