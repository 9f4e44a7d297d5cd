"""GraphQL: recommendations, itemRecommendations and similar."""

import pytest

from accounts.tokens import token_pair_for
from recsys import tasks
from recsys.models import RecommendationCache
from tests.errors import UNAUTHENTICATED
from tests.factories import movie_with_credits

pytestmark = pytest.mark.django_db

RECOMMENDATIONS = """
query ($strategy: Strategy, $limit: Int) {
  recommendations(strategy: $strategy, limit: $limit) {
    score
    reasons
    movie { tmdbId title genres { name } }
  }
}
"""


def test_recommendations_with_reasons(gql, toy_fan, access_token):
    tasks.generate_recommendations()

    body = gql(RECOMMENDATIONS, {"limit": 2}, token=access_token)

    assert "errors" not in body
    first, second = body["data"]["recommendations"]
    assert first["movie"] == {
        "tmdbId": 863,
        "title": "Toy Story 2",
        "genres": [{"name": "Animation"}, {"name": "Comedy"}],
    }
    assert first["reasons"][0] == "because you liked Toy Story"
    assert second["movie"]["tmdbId"] == 23168
    assert second["reasons"][0] == "because you liked Heat"
    assert 0 < second["score"] <= first["score"] <= 1.0 + 1e-5


def test_content_strategy(gql, toy_fan, access_token):
    tasks.generate_recommendations()

    body = gql(RECOMMENDATIONS, {"strategy": "CONTENT", "limit": 100}, token=access_token)

    reasons = {r["movie"]["tmdbId"]: r["reasons"] for r in body["data"]["recommendations"]}
    assert reasons[863] == ["similar to Toy Story"]


def test_a_new_user_gets_popular_movies(gql, movies, access_token):
    body = gql(RECOMMENDATIONS, {"limit": 2}, token=access_token)

    assert [r["movie"]["title"] for r in body["data"]["recommendations"]] == ["Toy Story", "Pulp Fiction"]
    assert body["data"]["recommendations"][1]["reasons"] == ["popular (not personalized yet)"]


def test_anonymous_is_a_forbidden_error(gql, movies):
    body = gql(RECOMMENDATIONS)

    assert body["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("Sign in to see your recommendations.", "FORBIDDEN")
    ]
    assert not RecommendationCache.objects.exists()


def test_a_forged_token_is_unauthenticated(gql, movies):
    assert gql(RECOMMENDATIONS, token="not.a.token") == UNAUTHENTICATED
    assert not RecommendationCache.objects.exists()


@pytest.mark.parametrize("limit", [0, 101])
def test_limit_out_of_range_is_an_error(gql, movies, access_token, limit):
    body = gql(RECOMMENDATIONS, {"limit": limit}, token=access_token)

    assert body["data"] is None
    assert body["errors"][0]["message"] == "limit must be between 1 and 100."
    assert not RecommendationCache.objects.exists()


def test_unknown_strategy_and_wrong_types_are_refused(gql, movies, access_token):
    bad_strategy = gql(RECOMMENDATIONS, {"strategy": "POPULAR"}, token=access_token)
    bad_limit = gql(RECOMMENDATIONS, {"limit": "x"}, token=access_token)

    assert "Value 'POPULAR' does not exist in 'Strategy' enum" in bad_strategy["errors"][0]["message"]
    assert "Int cannot represent non-integer value: 'x'" in bad_limit["errors"][0]["message"]
    assert not RecommendationCache.objects.exists()


NESTED = """
query ($limit: Int) {
  recommendations(limit: $limit) {
    score
    movie { title genres { name } cast { person { name } } directors { name } isFavorite }
  }
}
"""


@pytest.mark.usefixtures("uncached_payloads")
@pytest.mark.parametrize("count", [1, 5])
def test_nested_movie_fields_cost_the_same_queries_for_1_or_n(gql, user, count, django_assert_num_queries):
    for tmdb_id in range(1, 6):
        movie_with_credits(tmdb_id=tmdb_id)
    token = token_pair_for(user).access
    gql(NESTED, {"limit": count}, token=token)  # computed and stored

    # the token's user, their dismissals, movies, genres, cast (with people), directors (with people),
    # the viewer's state of movies (favorites, watchlist and dismissals in one query; ratings, diary
    # plays, lists: engagement.viewer_state)
    with django_assert_num_queries(9):
        body = gql(NESTED, {"limit": count}, token=token)

    recommendations = body["data"]["recommendations"]
    assert len(recommendations) == count
    assert recommendations[0]["movie"]["directors"] == [{"name": "Director 5"}]
    assert recommendations[0]["movie"]["cast"] == [{"person": {"name": "Actor 5"}}]


ITEM = "query ($id: Int!, $limit: Int) { itemRecommendations(tmdbId: $id, limit: $limit) { tmdbId title } }"
SIMILAR = "query ($id: Int!, $limit: Int) { similar(tmdbId: $id, limit: $limit) { tmdbId title } }"


def test_item_recommendations(gql, toy_fan):
    tasks.generate_recommendations()

    body = gql(ITEM, {"id": 862, "limit": 1})

    assert body["data"]["itemRecommendations"] == [{"tmdbId": 863, "title": "Toy Story 2"}]


def test_similar_serves_local_content_neighbours_without_tmdb(gql, toy_fan):
    tasks.generate_recommendations()

    body = gql(SIMILAR, {"id": 949, "limit": 1})

    assert body["data"]["similar"] == [{"tmdbId": 23168, "title": "The Town"}]


@pytest.mark.parametrize("query", [ITEM, SIMILAR])
def test_unknown_movie_is_an_error(gql, movies, query):
    body = gql(query, {"id": 999999})

    assert body["data"] is None
    assert body["errors"][0]["message"] == "No movie with TMDb id 999999."


@pytest.mark.parametrize("query", [ITEM, SIMILAR])
def test_item_lists_refuse_a_bad_limit(gql, movies, query):
    body = gql(query, {"id": 862, "limit": 0})

    assert body["errors"][0]["message"] == "limit must be between 1 and 100."


@pytest.mark.parametrize("count", [1, 5])
def test_item_recommendations_nested_fields_cost_the_same_queries(gql, count, django_assert_num_queries):
    movie_with_credits(tmdb_id=100)
    for tmdb_id in range(1, count + 1):
        movie_with_credits(tmdb_id=tmdb_id)
    RecommendationCache.objects.create(
        key="recsys:item:100",
        payload={"score": {}, "related": list(range(1, count + 1)), "similar": []},
        ttl=60,
    )
    query = "query { itemRecommendations(tmdbId: 100) { title genres { name } directors { name } } }"

    with django_assert_num_queries(4):  # stored row, movies, genres, directors with their people
        body = gql(query)

    assert len(body["data"]["itemRecommendations"]) == count
