"""GraphQL fields share the REST throttle scopes and rates."""

import pytest
from rest_framework.throttling import ScopedRateThrottle

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    ... on AuthPayload { access }
    ... on OperationInfo { messages { message } }
  }
}"""


def test_login_is_throttled_like_rest(gql, api_client, user, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "3/min")
    for _ in range(2):
        assert "access" in gql(LOGIN, {"email": user.email, "password": PASSWORD})["data"]["login"]
    # The REST login spends from the same per-IP budget.
    assert (
        api_client.post(
            "/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
        ).status_code
        == 200
    )
    result = gql(LOGIN, {"email": user.email, "password": PASSWORD})
    assert result["data"] is None
    assert result["errors"][0]["message"].startswith("Request was throttled; try again in ")


def test_search_is_throttled(gql, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "search", "1/min")
    first = gql('{ search(q: "heat") { totalResults } }')
    assert "errors" not in first
    second = gql('{ search(q: "heat") { totalResults } }')
    assert second["errors"][0]["message"].startswith("Request was throttled")


def test_trending_is_throttled_per_scope_not_globally(gql, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "tmdb", "1/min")
    assert "errors" not in gql("{ trending(limit: 1) { tmdbId } }")
    assert gql("{ trending(limit: 1) { tmdbId } }")["errors"][0]["message"].startswith(
        "Request was throttled"
    )
    assert "errors" not in gql('{ search(q: "heat") { totalResults } }')
