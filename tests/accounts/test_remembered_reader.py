"""A signed-in cached read takes the row this process remembers, guarded by the row's stamp.

The guard is checked in the round trip that spends the read's throttles: a changed row spends
nothing and is read afresh, so logout, deactivation and profile changes still count at once.
"""

import datetime
import json

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from accounts import user_cache
from accounts.authentication import VersionedJWTAuthentication, remembered_user
from accounts.tokens import token_family_revoke, token_pair_for
from common import limits
from common.cache import FailoverRedisCache, Guard, Window
from tests.errors import UNAUTHENTICATED, codes, one_error
from tests.faults.conftest import closed_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("trending_catalog")]

TRENDING = "/api/movies/trending/"
TRENDING_GQL = "query { trending(limit: 5) { tmdbId title } }"


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _graphql(client, token: str) -> dict:
    body = json.dumps({"query": TRENDING_GQL})
    return client.post("/graphql/", data=body, content_type="application/json", **_bearer(token)).json()


def _request(token: str):
    return RequestFactory().get(TRENDING, **_bearer(token))


def test_a_user_is_remembered_only_once_their_token_and_row_were_checked(user):
    token = token_pair_for(user).access
    assert remembered_user(_request(token)) is None  # signature never checked in this process

    VersionedJWTAuthentication().authenticate(_request(token))  # reads the row (and its stamp)
    VersionedJWTAuthentication().authenticate(_request(token))  # reads both from the cache

    found = remembered_user(_request(token))
    assert found is not None and found.user.pk == user.pk
    assert found.guard == Guard(key=f"accounts:user-stamp:{user.pk}", value=cache.get(found.guard.key))


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer a b", "Basic dXNlcjpwYXNz", "Bearer not.a.token"],
    ids=["empty", "no-token", "two-tokens", "basic", "forged"],
)
def test_no_user_is_remembered_for_a_missing_or_malformed_token(user, header):
    request = RequestFactory().get(TRENDING, HTTP_AUTHORIZATION=header)

    assert remembered_user(request) is None


def test_an_expired_or_revoked_token_is_not_taken_on_trust(user):
    pair = token_pair_for(user)
    for _ in range(2):
        VersionedJWTAuthentication().authenticate(_request(pair.access))
    with time_machine.travel(datetime.timedelta(days=2)):
        assert remembered_user(_request(pair.access)) is None

    # A remembered row that no longer takes the token (its family revoked) is not used either.
    token_family_revoke(user_id=user.pk, family=_family(pair.access))
    user_cache._remembered[str(user.pk)] = (1, type(user).objects.get(pk=user.pk))
    assert remembered_user(_request(pair.access)) is None


def _family(access: str) -> str:
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.tokens import TOKEN_FAMILY_CLAIM

    return AccessToken(access)[TOKEN_FAMILY_CLAIM]


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize("surface", ["rest", "graphql"])
def test_a_deactivated_reader_spends_nothing_on_the_read_that_refuses_them(
    api_client, client, user, throttle_rates, surface
):
    throttle_rates(tmdb_user="3/min")
    token = token_pair_for(user).access

    def read() -> bool:
        if surface == "rest":
            return api_client.get(TRENDING, **_bearer(token)).status_code == 200
        return _graphql(client, token).get("errors") is None

    assert [read(), read()] == [True, True]  # the second is a hit with the remembered row
    user.is_active = False
    user.save(update_fields=["is_active"])

    refused = api_client.get(TRENDING, **_bearer(token)) if surface == "rest" else None
    if refused is not None:
        assert refused.json() == one_error("user_inactive", "User is inactive")
    else:
        # GraphQL fails the whole request, so the client refreshes or signs in again.
        assert _graphql(client, token) == UNAUTHENTICATED

    user.is_active = True
    user.save(update_fields=["is_active"])
    # Two reads spent of three: the refused one took nothing from the user's limit.
    assert [read(), read()] == [True, False]


def test_a_changed_row_is_read_afresh_and_the_read_still_served(api_client, user, redis_commands):
    sent = redis_commands
    token = token_pair_for(user).access
    for _ in range(2):
        assert api_client.get(TRENDING, **_bearer(token)).status_code == 200
    user.username = "renamed"
    user.save(update_fields=["username"])
    sent.clear()

    again = api_client.get(TRENDING, **_bearer(token))
    sent_after_change = list(sent)
    sent.clear()
    then = api_client.get(TRENDING, **_bearer(token))

    assert again.status_code == then.status_code == 200
    # The guard refused (nothing spent), the row and stamp were read, then the read was spent.
    assert sent_after_change == ["EVALSHA", "MGET", "EVALSHA"]
    assert sent == ["EVALSHA"]
    assert user_cache.remembered(user.pk)[0].username == "renamed"


def test_a_deleted_reader_is_refused_at_once(api_client, user):
    token = token_pair_for(user).access
    for _ in range(2):
        assert api_client.get(TRENDING, **_bearer(token)).status_code == 200

    user.delete()

    assert api_client.get(TRENDING, **_bearer(token)).json() == one_error("user_not_found", "User not found")


def test_a_spend_whose_guard_does_not_hold_does_nothing(frozen_clock):
    cache.set("stamp", 7)
    window = Window(key="throttle:test_ip:1", limit=1, period=60)

    changed = limits.spend([window], read=["stamp"], guard=Guard(key="stamp", value=8))
    missing = limits.spend([window], read=["stamp"], guard=Guard(key="absent", value=7))
    held = limits.spend([window], read=["stamp"], guard=Guard(key="stamp", value=7))
    refused = limits.spend([window], guard=Guard(key="stamp", value=7))

    assert changed.stale and missing.stale and (changed.found, missing.found) == ({}, {})
    # Neither stale spend was logged: the window's one request went to the guarded spend that held.
    assert (held.stale, held.waits, held.found) == (False, [None], {"stamp": 7})
    assert refused.waits == [60.0]


def test_a_guard_is_not_taken_for_holding_while_redis_is_down():
    store = FailoverRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2}}
    )
    window = Window(key="throttle:test_ip:1", limit=5, period=60)

    spent = store.spend([window], [], 0.0, read_from=cache, read=["stamp"], guard=Guard(key="stamp", value=1))
    unguarded = store.spend([window], [], 0.0)

    assert spent.stale
    assert (unguarded.stale, unguarded.waits) == (False, [None])  # limits keep counting in the process
    store._fallback.clear()


@pytest.mark.usefixtures("frozen_clock")
def test_a_forged_token_for_a_remembered_reader_is_refused_and_spends_nothing_of_theirs(
    api_client, client, user, throttle_rates
):
    from rest_framework_simplejwt.tokens import AccessToken

    throttle_rates(tmdb_user="3/min")
    token = token_pair_for(user).access
    for _ in range(2):
        assert api_client.get(TRENDING, **_bearer(token)).status_code == 200
    claims = AccessToken(token).payload
    forged = (
        AccessToken(token)
        .token_backend.__class__("HS256", signing_key="a-different-signing-key-of-32-bytes!!")
        .encode(claims)
    )

    refused = api_client.get(TRENDING, **_bearer(forged))
    assert (refused.status_code, codes(refused)) == (401, ["token_not_valid"])
    assert _graphql(client, forged) == UNAUTHENTICATED
    # The user's own limit still has exactly one request left.
    assert [api_client.get(TRENDING, **_bearer(token)).status_code for _ in range(2)] == [200, 429]
