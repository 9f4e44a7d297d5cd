"""A cached read: one round trip to Redis, throttled at the same rates, and the token still checked."""

import datetime
import json

import pytest
import time_machine

from accounts.tokens import token_pair_for
from tests.errors import UNAUTHENTICATED, codes, one_error
from tests.factories import movie_with_credits

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("trending_catalog")]

TRENDING = "/api/movies/trending/"
RECOMMENDATIONS = "/api/movies/recommendations/"
TRENDING_GQL = "query { trending(limit: 5) { tmdbId title } }"
RECOMMENDATIONS_GQL = "query { recommendations(limit: 5) { movie { tmdbId } } }"


def _graphql(client, query: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = json.dumps({"query": query})
    return client.post("/graphql/", data=body, content_type="application/json", **headers)


def _graphql_get(client, query: str):
    return client.get("/graphql/", {"query": query}, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize(
    ("read", "round_trips"),
    [
        pytest.param(lambda client, token: client.get(TRENDING), 1, id="rest"),
        pytest.param(lambda client, token: client.get(TRENDING, HTTP_IF_NONE_MATCH='"x"'), 1, id="rest-etag"),
        pytest.param(lambda client, token: _graphql(client, TRENDING_GQL), 1, id="graphql"),
        pytest.param(lambda client, token: _graphql_get(client, TRENDING_GQL), 1, id="graphql-get"),
        # Signed in: the user row this process remembers is checked by its stamp in the same
        # round trip (accounts/user_cache.py).
        pytest.param(
            lambda client, token: client.get(RECOMMENDATIONS, HTTP_AUTHORIZATION=f"Bearer {token}"),
            1,
            id="rest-signed-in",
        ),
        pytest.param(
            lambda client, token: _graphql(client, RECOMMENDATIONS_GQL, token), 1, id="graphql-signed-in"
        ),
    ],
)
def test_a_cached_hit_is_one_round_trip_for_throttles_and_answer(
    client, user, redis_commands, read, round_trips
):
    token = token_pair_for(user).access
    first, second = read(client, token), read(client, token)  # built, then served (its shape now known)
    redis_commands.clear()

    third = read(client, token)

    assert third.status_code == first.status_code == 200
    assert third.content == second.content or third.json()["data"] == second.json()["data"]
    assert len(redis_commands) == round_trips, redis_commands


def test_a_signed_in_graphql_run_spends_both_points_budgets_in_one_round_trip(
    client, user, redis_commands, settings
):
    token = token_pair_for(user).access
    before = _graphql(client, TRENDING_GQL, token).json()["extensions"]["cost"]["remaining"]
    redis_commands.clear()

    cost = _graphql(client, "{ movies { title } }", token).json()["extensions"]["cost"]  # runs

    assert cost["remaining"] == before - cost["requested"]
    scripts = [command for command in redis_commands if command.startswith("EVAL")]
    # The throttles with the answer's slot, then the address and user budgets together.
    assert len(scripts) == 2, redis_commands


@pytest.mark.usefixtures("frozen_clock")
def test_cached_rest_hits_are_refused_at_the_rate_with_retry_after(api_client, throttle_rates):
    throttle_rates(tmdb_ip="3/min")

    answers = [api_client.get(TRENDING) for _ in range(5)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    assert answers[1].content == answers[0].content
    assert answers[3].json() == one_error(
        "throttled", "Request was throttled. Expected available in 60 seconds."
    )
    assert answers[3]["Retry-After"] == "60"
    with time_machine.travel(datetime.timedelta(seconds=61), tick=False):
        assert api_client.get(TRENDING).status_code == 200


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize("send", [_graphql, _graphql_get], ids=["post", "get"])
def test_cached_graphql_hits_are_refused_at_the_rate(client, throttle_rates, send):
    throttle_rates(tmdb_ip="3/min")

    answers = [send(client, TRENDING_GQL).json() for _ in range(5)]

    assert [answer["data"] for answer in answers[1:3]] == [answers[0]["data"]] * 2
    for refused in answers[3:]:
        assert refused["data"] == {"trending": None} or refused["data"] is None
        assert refused["errors"][0]["extensions"] == {"code": "THROTTLED", "retryAfter": 60}


def test_a_refused_user_limit_on_a_hit_spends_the_address_limit_once(
    client, user, other_user, throttle_rates
):
    throttle_rates(tmdb_ip="5/min", tmdb_user="2/min")
    mine, theirs = token_pair_for(user).access, token_pair_for(other_user).access

    codes = [_graphql(client, TRENDING_GQL, mine).json().get("errors") is None for _ in range(3)]
    codes += [_graphql(client, TRENDING_GQL, theirs).json().get("errors") is None for _ in range(3)]

    # The address allowed five: two of mine, my refused third, and two of theirs.
    assert codes == [True, True, False, True, True, False]


def test_logout_refuses_the_token_of_a_cached_read(api_client, client, user):
    pair = token_pair_for(user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    for _ in range(2):
        assert api_client.get(RECOMMENDATIONS).status_code == 200
        assert _graphql(client, RECOMMENDATIONS_GQL, pair.access).json()["data"]["recommendations"]

    assert api_client.post("/api/auth/logout/", {"refresh": pair.refresh}, format="json").status_code == 205

    refused = api_client.get(RECOMMENDATIONS)
    assert (refused.status_code, codes(refused)) == (401, ["token_revoked"])
    # GraphQL fails the whole request: the signed-in answer is not served.
    assert _graphql(client, RECOMMENDATIONS_GQL, pair.access).json() == UNAUTHENTICATED


def test_deactivation_refuses_the_token_of_a_cached_read(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    for _ in range(2):
        assert api_client.get(RECOMMENDATIONS).status_code == 200

    user.is_active = False
    user.save(update_fields=["is_active"])

    assert api_client.get(RECOMMENDATIONS).json() == one_error("user_inactive", "User is inactive")


def test_an_error_is_not_served_from_the_cache(api_client, client):
    assert api_client.get("/api/movies/trending/?limit=0").status_code == 400
    movie_with_credits(tmdb_id=14, title="Movie 14")

    assert api_client.get("/api/movies/trending/?limit=0").status_code == 400
    assert api_client.get("/api/movies/14/").status_code == 200
    assert api_client.get("/api/movies/99/").status_code == 404
    movie_with_credits(tmdb_id=99, title="Movie 99")
    assert api_client.get("/api/movies/99/").json()["title"] == "Movie 99"
