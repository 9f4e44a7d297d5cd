"""GraphQL fields share the REST throttle scopes, rates and counters (per address and per user)."""

import datetime
import json

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from catalog.models import Movie
from engagement.models import FavoriteMovie, Review, WatchHistory, WatchlistItem
from tests.catalog.tmdb_mock import matrix_detail, tmdb  # noqa: F401
from tests.factories import PASSWORD, MovieRefFactory, UserFactory

pytestmark = pytest.mark.django_db

LOTS = "1000/min"
LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    ... on AuthPayload { access }
    ... on OperationInfo { messages { message } }
  }
}"""
SEARCH = '{ search(q: "heat") { totalResults } }'
TRENDING = "{ trending(limit: 1) { tmdbId } }"
TRACK = """mutation { trackView(tmdbId: 603) {
  ... on WatchHistory { tmdbId }
  ... on OperationInfo { messages { message } }
} }"""
THROTTLED = {
    "message": "Request was throttled. Expected available in 60 seconds.",
    "extensions": {"code": "THROTTLED", "retryAfter": 60},
}


@pytest.fixture(autouse=True)
def _frozen_clock():
    """Throttle windows are measured on a clock that does not move during the test."""
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        yield


def gql_from(address: str, query: str, variables: dict | None = None, user=None) -> dict:
    """POST an operation as if through one proxy from ``address``, signed in as ``user`` if given."""
    headers = {"HTTP_X_FORWARDED_FOR": address}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token_pair_for(user).access}"
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    return response.json()


def throttled_error(result: dict) -> dict:
    assert result["data"] is None
    (error,) = result["errors"]
    return {"message": error["message"], "extensions": error["extensions"]}


def test_login_is_throttled_like_rest(gql, api_client, user, throttle_rates):
    throttle_rates(auth_ip="3/min")
    for _ in range(2):
        assert "access" in gql(LOGIN, {"email": user.email, "password": PASSWORD})["data"]["login"]
    # The REST login spends from the same per-address budget.
    assert (
        api_client.post(
            "/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
        ).status_code
        == 200
    )

    assert throttled_error(gql(LOGIN, {"email": user.email, "password": PASSWORD})) == THROTTLED


def test_search_is_throttled(gql, throttle_rates):
    throttle_rates(search_ip="1/min")
    assert "errors" not in gql(SEARCH)

    assert throttled_error(gql(SEARCH)) == THROTTLED


def test_trending_is_throttled_per_scope_not_globally(gql, throttle_rates):
    throttle_rates(tmdb_ip="1/min")
    assert "errors" not in gql(TRENDING)
    assert throttled_error(gql(TRENDING)) == THROTTLED
    assert "errors" not in gql(SEARCH)


def test_one_user_on_many_addresses_is_stopped_by_the_user_limit(settings, user, throttle_rates):
    settings.NUM_PROXIES = 1
    throttle_rates(search_user="2/min", search_ip=LOTS)

    results = [gql_from(f"203.0.113.{n}", SEARCH, user=user) for n in range(1, 4)]

    assert ["errors" in result for result in results] == [False, False, True]
    assert throttled_error(results[2]) == THROTTLED
    assert "errors" not in gql_from("203.0.113.3", SEARCH, user=UserFactory())


def test_many_users_on_one_address_are_stopped_by_the_address_limit(settings, throttle_rates):
    settings.NUM_PROXIES = 1
    throttle_rates(search_ip="2/min", search_user=LOTS)

    results = [gql_from("198.51.100.7", SEARCH, user=user) for user in (None, UserFactory(), UserFactory())]

    assert ["errors" in result for result in results] == [False, False, True]
    assert "errors" not in gql_from("198.51.100.8", SEARCH)


def test_surfaces_share_the_address_counter(settings, throttle_rates):
    settings.NUM_PROXIES = 1
    throttle_rates(search_ip="2/min", search_user=LOTS)

    def rest_search() -> int:
        response = APIClient().get("/api/movies/search/", {"q": "heat"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
        return response.status_code

    assert rest_search() == 200
    assert "errors" not in gql_from("198.51.100.7", SEARCH)

    assert throttled_error(gql_from("198.51.100.7", SEARCH)) == THROTTLED
    assert rest_search() == 429


def test_surfaces_share_the_user_counter(settings, user, throttle_rates):
    settings.NUM_PROXIES = 1
    throttle_rates(tmdb_user="2/min", tmdb_ip=LOTS)
    rest = APIClient()
    rest.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")

    assert rest.get("/api/movies/trending/", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert "errors" not in gql_from("203.0.113.2", TRENDING, user=user)

    assert throttled_error(gql_from("203.0.113.3", TRENDING, user=user)) == THROTTLED
    assert rest.get("/api/movies/trending/", HTTP_X_FORWARDED_FOR="203.0.113.4").status_code == 429


def test_a_throttled_track_view_records_nothing(gql, throttle_rates):
    MovieRefFactory(tmdb_id=603)
    throttle_rates(track_view_ip="1/min")

    assert gql(TRACK)["data"] == {"trackView": {"tmdbId": 603}}
    assert throttled_error(gql(TRACK)) == THROTTLED
    assert WatchHistory.objects.count() == 1


def test_forged_forwarded_for_does_not_reset_the_address_counter_without_proxies(settings, throttle_rates):
    settings.NUM_PROXIES = 0
    throttle_rates(search_ip="1/min")

    assert "errors" not in gql_from("203.0.113.1", SEARCH)
    assert throttled_error(gql_from("203.0.113.2", SEARCH)) == THROTTLED


ADD_FAVORITE = """mutation($id: Int!) { addFavorite(tmdbId: $id) {
  ... on FavoriteMovie { movie { tmdbId } }
  ... on OperationInfo { messages { message } }
} }"""


def test_writes_that_may_reach_tmdb_spend_the_tmdb_scope(tmdb, throttle_rates, gql, user):  # noqa: F811
    throttle_rates(tmdb_user="2/min", tmdb_ip=LOTS)
    for tmdb_id in (9001, 9002, 9003):
        tmdb.get(f"/movie/{tmdb_id}", json=matrix_detail(id=tmdb_id, title=f"Movie {tmdb_id}"))
    token = token_pair_for(user).access

    added = gql(ADD_FAVORITE, {"id": 9001}, token=token)
    assert added == {"data": {"addFavorite": {"movie": {"tmdbId": 9001}}}}
    listed = gql(
        "mutation { addToWatchlist(tmdbId: 9002) { ... on WatchlistItem { movie { tmdbId } } } }", token=token
    )
    assert listed == {"data": {"addToWatchlist": {"movie": {"tmdbId": 9002}}}}
    for mutation in (
        ADD_FAVORITE,
        "mutation($id: Int!) { addToWatchlist(tmdbId: $id) { ... on WatchlistItem { id } } }",
        "mutation($id: Int!) { createReview(tmdbId: $id, rating: 4) { ... on Review { id } } }",
    ):
        refused = gql(mutation, {"id": 9003}, token=token)
        assert refused["data"] is None
        assert refused["errors"][0]["message"] == THROTTLED["message"]
        assert refused["errors"][0]["extensions"] == THROTTLED["extensions"]
    assert tmdb.calls_to("/movie/9003") == 0
    assert not Movie.objects.filter(tmdb_id=9003).exists()
    assert list(FavoriteMovie.objects.values_list("movie_id", flat=True)) == [9001]
    assert list(WatchlistItem.objects.values_list("movie_id", flat=True)) == [9002]
    assert not Review.objects.exists()
