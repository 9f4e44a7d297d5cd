"""Rendered answers are reused on both surfaces, and every write a reader would notice retires them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from catalog import invalidation as catalog_invalidation
from catalog import services as catalog_services
from catalog.models import Movie
from engagement import services as engagement_services
from recsys import trending
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("trending_catalog")]

TRENDING = "query { trending(limit: 5) { tmdbId title } }"
DETAIL = "query ($id: Int!) { movie(tmdbId: $id) { tmdbId title isFavorite } }"


def _queries(call) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return result, len(queries)


@pytest.mark.parametrize(
    "url", ["/api/movies/trending/", "/api/movies/popular/", "/api/movies/11/", "/api/genres/"]
)
def test_a_repeated_rest_read_runs_no_sql_and_answers_the_same(api_client, url):
    first, first_queries = _queries(lambda: api_client.get(url))
    second, second_queries = _queries(lambda: api_client.get(url))

    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert first_queries > 0
    assert second_queries == 0


def test_a_repeated_graphql_read_runs_no_sql_and_answers_the_same(gql):
    first, first_queries = _queries(lambda: gql(TRENDING))
    second, second_queries = _queries(lambda: gql(TRENDING))

    assert "errors" not in first
    assert second == first
    assert first_queries > 0
    assert second_queries == 0


def test_errors_are_not_cached(api_client, gql):
    assert api_client.get("/api/movies/99/").status_code == 404
    assert gql(DETAIL, {"id": 99})["data"]["movie"] is None

    catalog_services.movie_create(tmdb_id=99, title="Arrived Later")

    assert api_client.get("/api/movies/99/").json()["title"] == "Arrived Later"


def test_an_admin_edit_shows_at_once_on_both_surfaces(api_client, gql):
    assert api_client.get("/api/movies/11/").json()["title"] == "Movie 11"
    assert gql(DETAIL, {"id": 11})["data"]["movie"]["title"] == "Movie 11"

    Movie.objects.filter(tmdb_id=11).update(title="Renamed")
    catalog_invalidation.movie_detail_invalidate(tmdb_id=11)

    assert api_client.get("/api/movies/11/").json()["title"] == "Renamed"
    assert gql(DETAIL, {"id": 11})["data"]["movie"]["title"] == "Renamed"


def test_a_recomputed_trending_list_shows_at_once(api_client, gql):
    Movie.objects.filter(tmdb_id=13).update(popularity_score=1000)
    trending.trending_refresh(time_range="week")
    assert api_client.get("/api/movies/trending/").json()["results"][0]["tmdb_id"] == 13
    assert gql(TRENDING)["data"]["trending"][0]["tmdbId"] == 13

    Movie.objects.filter(tmdb_id=12).update(popularity_score=5000)
    trending.trending_refresh(time_range="week")

    assert api_client.get("/api/movies/trending/").json()["results"][0]["tmdb_id"] == 12
    assert gql(TRENDING)["data"]["trending"][0]["tmdbId"] == 12


def test_a_readers_own_write_shows_at_once_and_not_to_others(gql, user, access_token):
    other = UserFactory()
    other_token = token_pair_for(other).access
    assert gql(DETAIL, {"id": 11}, token=access_token)["data"]["movie"]["isFavorite"] is False
    assert gql(DETAIL, {"id": 11}, token=other_token)["data"]["movie"]["isFavorite"] is False

    engagement_services.favorite_add(user=user, tmdb_id=11)

    assert gql(DETAIL, {"id": 11}, token=access_token)["data"]["movie"]["isFavorite"] is True
    assert gql(DETAIL, {"id": 11}, token=other_token)["data"]["movie"]["isFavorite"] is False
    assert gql(DETAIL, {"id": 11})["data"]["movie"]["isFavorite"] is False


def test_recommendations_are_kept_per_reader(api_client, user, other_user):
    engagement_services.favorite_add(user=user, tmdb_id=11)
    answers = {}
    for reader in (user, other_user):
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(reader).access}")
        answers[reader.pk] = api_client.get("/api/movies/recommendations/").json()

    mine = [r["movie"]["tmdb_id"] for r in answers[user.pk]["results"]]
    theirs = [r["movie"]["tmdb_id"] for r in answers[other_user.pk]["results"]]
    assert 11 not in mine
    assert 11 in theirs


@pytest.fixture
def two_tmdb_reads_a_minute(throttle_rates):
    throttle_rates(tmdb_ip="2/min")


@pytest.mark.usefixtures("two_tmdb_reads_a_minute")
def test_cached_rest_answers_still_spend_the_throttle(api_client):
    statuses = [api_client.get("/api/movies/popular/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@pytest.mark.usefixtures("two_tmdb_reads_a_minute")
def test_cached_graphql_answers_still_spend_the_throttle(gql):
    answers = [gql(TRENDING) for _ in range(3)]

    assert answers[1] == answers[0]
    assert "errors" not in answers[0]
    assert "throttled" in answers[2]["errors"][0]["message"]


@pytest.mark.parametrize("surface", ["rest", "graphql"])
def test_a_repeated_recommendations_read_runs_no_sql(auth_client, gql, access_token, surface):
    def read():
        if surface == "rest":
            return auth_client.get("/api/movies/recommendations/").json()
        return gql("query { recommendations(limit: 5) { movie { tmdbId } reasons } }", token=access_token)

    first, first_queries = _queries(read)
    second, second_queries = _queries(read)

    assert second == first
    assert first_queries > 1
    assert second_queries == 0  # the signed-in user's row comes from the user cache too


@pytest.mark.parametrize(
    "query",
    [
        "query { trending(limit: 5) { tmdbId } me { email } }",
        "query { ...Lists } fragment Lists on Query { trending(limit: 5) { tmdbId } }",
        "mutation { trackView(tmdbId: 11) { __typename } }",
    ],
    ids=["with-a-private-root-field", "root-fragment", "mutation"],
)
def test_operations_outside_the_cacheable_reads_run_every_time(gql, access_token, query):
    gql(query, token=access_token)
    _, repeated_queries = _queries(lambda: gql(query, token=access_token))

    assert repeated_queries > 1


def test_a_repeated_get_query_runs_no_sql_and_answers_the_same(client):
    def read():
        return client.get("/graphql/", {"query": TRENDING}, HTTP_ACCEPT="application/json")

    first, first_queries = _queries(read)
    second, second_queries = _queries(read)

    assert first.status_code == second.status_code == 200
    assert second.json()["data"] == first.json()["data"]
    assert first.json()["data"]["trending"]
    assert first_queries > 0
    assert second_queries == 0


def test_a_refused_cached_graphql_read_spends_nothing_more(gql, access_token, other_user, throttle_rates):
    throttle_rates(tmdb_ip="4/min", tmdb_user="2/min")
    answers = [gql(TRENDING, token=access_token) for _ in range(3)]

    assert "errors" not in answers[1]
    assert answers[2]["errors"][0]["extensions"]["code"] == "THROTTLED"
    # The refused read took one request from the address limit, not two: one more fits.
    other_token = token_pair_for(other_user).access
    assert "errors" not in gql(TRENDING, token=other_token)
    assert gql(TRENDING, token=other_token)["errors"][0]["extensions"]["code"] == "THROTTLED"
