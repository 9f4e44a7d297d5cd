"""Engines on toy matrices whose answers can be checked by hand."""

import math

import numpy as np
import pytest
import scipy.sparse as sp

from recsys.engines import hybrid
from recsys.engines.collaborative import (
    ease_neighbours,
    ease_weights,
    interaction_matrix,
    item_knn_neighbours,
    rating_strength,
    rp3beta_neighbours,
)
from recsys.engines.content import content_neighbours, tfidf_vectors
from recsys.engines.similarity import top_k_per_row


def _matrix(rows: list[list[float]]) -> sp.csr_matrix:
    return sp.csr_matrix(np.array(rows, dtype=np.float32))


def _recommend(model, rows, weights, n, min_history=0, seen=None) -> list[list[hybrid.Scored]]:
    """Top-``n`` items per user row for one blend of weights."""
    return hybrid.recommend_strategies(model, rows, {"": weights}, n, min_history, seen=seen)[""].lists()


def test_top_k_per_row_orders_best_first_and_breaks_ties_by_lower_index():
    indices, values = top_k_per_row(np.array([[0.5, 0.9, 0.5, 0.1]]), 3)

    assert indices.tolist() == [[1, 0, 2]]
    assert values.tolist() == [[0.9, 0.5, 0.5]]


def test_interaction_matrix_keeps_the_strongest_signal_of_a_pair():
    matrix = interaction_matrix(np.array([0, 0, 1]), np.array([2, 2, 0]), np.array([0.3, 1.0, 0.5]), (2, 3))

    assert matrix.toarray().tolist() == [[0.0, 0.0, 1.0], [0.5, 0.0, 0.0]]


def test_rating_strength_counts_four_and_up_as_liked():
    assert rating_strength(np.array([5, 4, 3.5, 1]), liked=1.0, rated=0.5).tolist() == [1.0, 1.0, 0.5, 0.5]


def test_rating_strength_rises_by_per_star_from_four_stars_up():
    strengths = rating_strength(np.array([5, 4.5, 4, 3.5, 1]), liked=1.0, rated=0.5, per_star=0.25)
    assert strengths.tolist() == [1.25, 1.125, 1.0, 0.5, 0.5]


def test_tfidf_weights_rare_tokens_higher_and_normalizes_rows():
    vectors = tfidf_vectors([["genre:x", "genre:y"], ["genre:x"], ["genre:z"]]).toarray()

    idf_x, idf_y = math.log(4 / 3) + 1, math.log(4 / 2) + 1
    norm = math.hypot(idf_x, idf_y)
    assert sorted(vectors[0][vectors[0] > 0]) == pytest.approx([idf_x / norm, idf_y / norm], abs=1e-6)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0, 1.0])


def test_content_neighbours_are_cosine_of_shared_features_and_skip_unrelated_items():
    features = [["genre:x", "genre:y"], ["genre:x"], ["genre:z"]]

    neighbours = content_neighbours(features, k=5).toarray()

    idf_x, idf_y = math.log(4 / 3) + 1, math.log(4 / 2) + 1
    expected = idf_x / math.hypot(idf_x, idf_y)
    assert neighbours[0, 1] == pytest.approx(expected, abs=1e-6)
    assert neighbours[1, 0] == pytest.approx(expected, abs=1e-6)
    assert neighbours[2].tolist() == [0.0, 0.0, 0.0]
    assert np.diag(neighbours).tolist() == [0.0, 0.0, 0.0]


def test_item_knn_is_cosine_of_item_columns_and_keeps_k_per_candidate():
    # Items 0 and 1 share two of their users; item 2 shares one user with item 1.
    interactions = _matrix([[1, 1, 0], [1, 1, 0], [0, 1, 1], [1, 0, 0]])

    full = item_knn_neighbours(interactions, k=2).toarray()
    top1 = item_knn_neighbours(interactions, k=1).toarray()

    assert full[0, 1] == pytest.approx(2 / (math.sqrt(3) * math.sqrt(3)))
    assert full[1, 2] == pytest.approx(1 / math.sqrt(3))
    assert full[0, 2] == 0.0
    # With k=1 each candidate (column) keeps only its nearest item.
    assert top1[:, 2].tolist() == pytest.approx([0.0, 1 / math.sqrt(3), 0.0])
    assert top1[:, 1].tolist() == pytest.approx([2 / 3, 0.0, 0.0])


def test_rp3beta_is_a_random_walk_discounted_by_the_landing_item_s_popularity():
    # Users 0 and 1 both saw items 0 and 1; user 1 also saw item 2; user 2 saw only item 1.
    x = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=np.float32))

    plain = rp3beta_neighbours(x, beta=0.0, k=10).toarray()
    discounted = rp3beta_neighbours(x, beta=1.0, k=10).toarray()

    # From item 0: to user 0 or 1 (1/2 each), then to item 1 (1/2 or 1/3) or item 2 (0 or 1/3).
    assert plain[0].tolist() == pytest.approx([0.0, 1 / 4 + 1 / 6, 1 / 6])
    # Item 1 has 3 users, item 2 one: the walk landing on the rarer item keeps more of its weight.
    assert discounted[0].tolist() == pytest.approx([0.0, (1 / 4 + 1 / 6) / 3, 1 / 6])
    assert np.diag(plain).tolist() == [0.0, 0.0, 0.0]


def test_ease_weights_match_the_closed_form():
    # X'X = [[2, 1], [1, 1]]; with lambda 1, P = inv([[3, 1], [1, 2]]) = [[2, -1], [-1, 3]] / 5,
    # B_ij = -P_ij / P_jj: B_01 = 1/3, B_10 = 1/2.
    items, weights = ease_weights(_matrix([[1, 1], [1, 0]]), lam=1.0, max_items=10)

    assert items.tolist() == [0, 1]
    assert np.allclose(weights, [[0.0, 1 / 3], [1 / 2, 0.0]])


def test_ease_is_restricted_to_the_most_interacted_items():
    interactions = _matrix([[1, 1, 0], [1, 1, 1], [1, 0, 0]])

    neighbours = ease_neighbours(interactions, lam=1.0, max_items=2, k=5).toarray()

    assert neighbours[:, 2].tolist() == [0.0, 0.0, 0.0]
    assert neighbours[2].tolist() == [0.0, 0.0, 0.0]
    assert neighbours[0, 1] > 0


def _toy_model() -> tuple[hybrid.ItemModel, sp.csr_matrix]:
    # Items: 0 and 1 are co-watched; 2 shares content with 3; 4 is the most popular.
    interactions = _matrix(
        [
            [1, 1, 0, 0, 1],
            [1, 1, 0, 0, 1],
            [0, 0, 1, 0, 1],
            [0, 0, 0, 1, 1],
            [0, 0, 0, 0, 1],
        ]
    )
    features = [["genre:a"], ["genre:a"], ["genre:b", "keyword:k"], ["genre:b", "keyword:k"], ["genre:c"]]
    model = hybrid.fit(interactions, features, hybrid.FitParams(neighbours=3, ease_lambda=1.0))
    return model, interactions


def test_popularity_is_the_share_of_the_top_item_s_users():
    model, _ = _toy_model()

    assert model.popularity.tolist() == pytest.approx([0.4, 0.4, 0.2, 0.2, 1.0])


def test_collaborative_ranking_excludes_seen_items_and_names_the_seed():
    model, _ = _toy_model()
    user = _matrix([[1, 0, 0, 0, 0]])

    (ranked,) = _recommend(model, user, {"itemknn": 1.0}, n=2)

    assert [s.item for s in ranked] == [1, 4]
    assert ranked[0].reasons == (hybrid.Reason("liked", 0),)
    assert 0 not in [s.item for s in ranked]


def test_ease_ranks_the_co_watched_item_first():
    model, _ = _toy_model()

    (ranked,) = _recommend(model, _matrix([[0, 1, 0, 0, 0]]), {"ease": 1.0}, n=1)

    assert ranked[0].item == 0
    assert ranked[0].score == pytest.approx(1.0, abs=1e-5)


def test_content_strategy_recommends_the_movie_sharing_features():
    model, _ = _toy_model()

    (ranked,) = _recommend(model, _matrix([[0, 0, 1, 0, 0]]), {"content": 1.0}, n=1)

    assert ranked[0].item == 3
    assert ranked[0].reasons == (hybrid.Reason("similar", 2),)


def test_hybrid_gives_each_item_its_strongest_reasons():
    model, _ = _toy_model()
    user = _matrix([[1, 0, 1, 0, 0], [1, 0, 1, 0, 0]])

    ranked = _recommend(model, user, {"itemknn": 0.6, "content": 0.4}, n=3)

    by_item = {s.item: s.reasons for s in ranked[0]}
    assert by_item[1] == (hybrid.Reason("liked", 0), hybrid.Reason("similar", 0))
    assert by_item[3] == (hybrid.Reason("similar", 2),)
    assert ranked[0] == ranked[1]


def test_user_without_history_gets_popularity_with_popular_reasons():
    model, _ = _toy_model()

    (ranked,) = _recommend(model, _matrix([[0, 0, 0, 0, 0]]), {"ease": 0.7, "content": 0.3}, n=5)

    assert [s.item for s in ranked] == [4, 0, 1, 2, 3]
    assert all(s.reasons == (hybrid.Reason("popular", s.item),) for s in ranked)


def test_little_history_falls_back_to_content_then_popularity():
    model, _ = _toy_model()
    user = _matrix([[0, 0, 1, 0, 0]])

    (collaborative,) = _recommend(model, user, {"itemknn": 1.0}, n=2, min_history=0)
    (fallback,) = _recommend(model, user, {"itemknn": 1.0}, n=2, min_history=2)

    assert collaborative[0].item == 4
    assert [s.item for s in fallback] == [3, 4]
    assert fallback[0].reasons == (hybrid.Reason("similar", 2),)
    assert fallback[1].reasons == (hybrid.Reason("popular", 4),)


def test_novelty_is_each_item_s_self_information_scaled_to_one():
    model, _ = _toy_model()

    # 5 users: items 0 and 1 have 2 each, items 2 and 3 one, item 4 all five.
    rare = math.log(5 / 2) / math.log(5)
    assert model.novelty.tolist() == pytest.approx([rare, rare, 1.0, 1.0, 0.0])
    assert hybrid.novelty_scores(sp.csr_matrix((1, 3), dtype=np.float32)).tolist() == [1.0, 1.0, 1.0]


def test_novelty_lifts_the_rarer_of_two_candidates_but_adds_no_unexplained_item():
    model, _ = _toy_model()
    user = _matrix([[0, 0, 1, 0, 0]])  # item 4 (everyone's) co-watched, item 3 (rare) similar

    (plain,) = _recommend(model, user, {"itemknn": 0.5, "content": 0.5}, n=4)
    (novel,) = _recommend(model, user, {"itemknn": 0.5, "content": 0.5, "novelty": 0.2}, n=4)

    assert [s.item for s in plain][:2] == [4, 3]
    assert [s.item for s in novel][:2] == [3, 4]
    assert novel[0].reasons == (hybrid.Reason("similar", 2),)
    # Items 0 and 1: no component scores them, so no novelty either (tie-break only).
    assert all(s.score < 1e-3 for s in novel[2:])


def test_novelty_is_no_fallback_for_little_history():
    model, _ = _toy_model()
    user = _matrix([[0, 0, 1, 0, 0]])

    (ranked,) = _recommend(model, user, {"itemknn": 0.5, "novelty": 0.5}, n=2, min_history=2)

    assert [s.item for s in ranked] == [3, 4]  # content then popularity, as without novelty
    assert ranked[0].score == pytest.approx(1.0, abs=1e-5)


def test_a_seen_movie_without_a_vote_is_never_recommended_nor_cited_but_counts_as_history():
    model, _ = _toy_model()
    votes = _matrix([[1, 0, 0, 0, 0]])  # liked item 0; rated item 2 low: seen, no vote
    seen = _matrix([[1, 0, 1, 0, 0]])

    (ranked,) = _recommend(model, votes, {"itemknn": 0.5, "content": 0.5}, n=3, min_history=2, seen=seen)

    assert [s.item for s in ranked][:2] == [1, 4]
    assert ranked[0].reasons[0] == hybrid.Reason("liked", 0)  # collaborative: two movies seen
    assert all(reason.item != 2 for s in ranked for reason in s.reasons)
    assert 2 not in [s.item for s in ranked]


def test_a_user_who_has_seen_everything_gets_an_empty_list():
    model, _ = _toy_model()

    (ranked,) = _recommend(model, _matrix([[1, 1, 1, 1, 1]]), {"ease": 1.0}, n=3)

    assert ranked == []


def test_strategy_weights_sum_to_one():
    weights = {"ease": 0.5, "itemknn": 0.3, "content": 0.2, "popularity": 0.0}

    assert hybrid.strategy_weights("hybrid", weights) == pytest.approx(
        {"ease": 0.5, "itemknn": 0.3, "content": 0.2}
    )
    assert hybrid.strategy_weights("collab", weights) == pytest.approx({"ease": 0.625, "itemknn": 0.375})
    assert hybrid.strategy_weights("content", weights) == {"content": 1.0}
    assert hybrid.strategy_weights("collab", {"content": 1.0}) == {"ease": 0.5, "itemknn": 0.5}
    with pytest.raises(ValueError, match="Unknown strategy 'nope'"):
        hybrid.strategy_weights("nope", weights)


def test_related_items_blend_collaborative_and_content_neighbours():
    model, _ = _toy_model()

    related = hybrid.related_items(model, {"itemknn": 0.5, "content": 0.5}, n=2)

    assert related[0][0] == (1, pytest.approx(1.0))
    assert related[2][0][0] == 3


def test_an_empty_catalog_gives_empty_lists():
    empty = sp.csr_matrix((2, 0), dtype=np.float32)
    model = hybrid.fit(empty, [], hybrid.FitParams())

    assert _recommend(model, empty, {"ease": 0.5, "itemknn": 0.3, "content": 0.2}, n=5, min_history=3) == [
        [],
        [],
    ]
