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
    with pytest.raises(ValueError, match="aggregation must be one of"):
        group.order(np.ones((2, 2)), "median", 2)


def test_fair_greedy_gives_the_least_served_member_a_pick_in_the_top_three():
    # Two members love items 0-4 (fit 1.0), the third fits them 0.3 and loves only item 5,
    # which the others fit 0. By mean fit the top three are 0, 1, 2: nothing for the third.
    fits = np.array([[1.0] * 5 + [0.0], [1.0] * 5 + [0.0], [0.3] * 5 + [1.0]])

    top = group.order(fits, "fair_greedy", 3)[:3]

    assert list(np.argsort(-fits.mean(axis=0), kind="stable")[:3]) == [0, 1, 2]
    assert top.tolist() == [0, 1, 5]


def test_fair_greedy_puts_a_movie_one_of_two_would_hate_below_one_both_like():
    # Item 0: loved by the first member, hated (fit 0) by the second; item 1: both fit 0.8.
    fits = np.array([[1.0, 0.8], [0.0, 0.8]])

    assert group.order(fits, "fair_greedy", 2).tolist() == [1, 0]


def test_fair_greedy_ranks_every_column_once_and_the_rest_by_mean_fit():
    fits = np.array([[0.9, 0.2, 0.0, 0.4, 0.1], [0.1, 0.3, 0.0, 0.4, 0.9]])

    ranked = group.order(fits, "fair_greedy", 2)

    # Greedy picks 0 and 4 (each member's best); after them the rest by mean: 3 (0.4), 1, 2.
    assert ranked.tolist() == [0, 4, 3, 1, 2]


def test_fair_greedy_with_no_fit_at_all_keeps_column_order():
    assert group.order(np.zeros((3, 4)), "fair_greedy", 4).tolist() == [0, 1, 2, 3]


def test_group_and_minimum_member_ndcg_by_hand():
    # Ranked [7, 3, 9]; member A wants {3}, member B wants {9, 4}.
    # A: hit at rank 2 -> (1/log2 3) / 1 = 0.6309.
    # B: hit at rank 3 -> (1/log2 4) / (1 + 1/log2 3) = 0.5 / 1.6309 = 0.3066.
    # Union {3, 9, 4}: hits at 2 and 3 -> (0.6309 + 0.5) / (1 + 0.6309 + 0.5) = 0.5307.
    found = group_evaluation.group_metrics([7, 3, 9], [{3}, {9, 4}])

    assert found["group_ndcg@10"] == pytest.approx(0.5307, abs=1e-4)
    assert found["min_member_ndcg@10"] == pytest.approx(0.3066, abs=1e-4)
    assert found["members_hit@10"] == 1.0


def test_members_hit_counts_the_members_with_a_movie_of_their_own_in_the_top_ten():
    found = group_evaluation.group_metrics([7, 3, 9], [{3}, {4}, {9}, {8}])

    assert found["members_hit@10"] == 0.5
    assert found["min_member_ndcg@10"] == 0.0


def test_similar_taste_groups_gather_the_closest_users():
    train = sp.csr_matrix(np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1], [1, 0, 0, 1]]))
    eligible = np.arange(5)

    groups = group_evaluation.make_groups(train, eligible, 2, "similar", 10, np.random.default_rng(1))

    pairs = {frozenset(members.tolist()) for members in groups}
    assert pairs <= {frozenset({0, 1}), frozenset({2, 3}), frozenset({4, 0}), frozenset({4, 2})}
    assert all(len(members) == 2 for members in groups)
