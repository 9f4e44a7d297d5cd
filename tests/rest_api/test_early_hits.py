"""Cached REST reads answered before DRF's dispatch, and the requests that must take the full path."""

import datetime

import pytest
import time_machine
from rest_framework.views import APIView

from accounts.tokens import token_pair_for
from tests.errors import codes

pytestmark = pytest.mark.usefixtures("trending_catalog")

TRENDING = "/api/movies/trending/"
RECOMMENDATIONS = "/api/movies/recommendations/"
# Headers that differ from one answer to the next whatever path served it.
_PER_ANSWER = {"Date"}


@pytest.fixture
def no_drf_dispatch(monkeypatch) -> list[str]:
    """Records every request that reached DRF's checks (negotiation, authentication, throttles)."""
    reached: list[str] = []
    real = APIView.initial

    def initial(self, request, *args, **kwargs):
        reached.append(request.get_full_path())
        return real(self, request, *args, **kwargs)

    monkeypatch.setattr(APIView, "initial", initial)
    return reached


def _headers(response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name not in _PER_ANSWER}


@pytest.mark.parametrize(
    "accept", ["", "*/*", "application/json", "application/*", "text/html, application/json;q=0.9"]
)
def test_a_cached_read_is_answered_without_drf_and_as_drf_answers_it(api_client, no_drf_dispatch, accept):
    built = api_client.get(TRENDING)  # full path: builds and stores
    # A parameter other than q leaves the request to DRF, which serves the same stored answer.
    by_drf = api_client.get(TRENDING, HTTP_ACCEPT="application/json; charset=utf-8")
    assert no_drf_dispatch == [TRENDING, TRENDING]
    no_drf_dispatch.clear()

    early = api_client.get(TRENDING, HTTP_ACCEPT=accept)

    assert no_drf_dispatch == []
    assert early.status_code == by_drf.status_code == built.status_code == 200
    assert early.content == by_drf.content == built.content
    assert _headers(early) == _headers(by_drf)
    assert early["Allow"] == "GET, HEAD, OPTIONS"
    assert early["Cache-Control"].startswith("public, max-age=")


def test_an_early_hit_answers_304_to_the_etag_it_sent(api_client, no_drf_dispatch):
    etag = api_client.get(TRENDING)["ETag"]
    no_drf_dispatch.clear()

    again = api_client.get(TRENDING, HTTP_IF_NONE_MATCH=etag)

    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert no_drf_dispatch == []


def test_a_signed_in_hit_is_answered_early_and_kept_apart(api_client, user, other_user, no_drf_dispatch):
    mine = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(user).access}"}
    theirs = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(other_user).access}"}
    built = api_client.get(RECOMMENDATIONS, **mine)
    no_drf_dispatch.clear()

    again = api_client.get(RECOMMENDATIONS, **mine)
    other = api_client.get(RECOMMENDATIONS, **theirs)

    assert again.status_code == 200 and again.content == built.content
    assert again["Cache-Control"] == "private, no-cache"
    # The other reader's first read is a miss: built by DRF, not served from the first reader's slot.
    assert no_drf_dispatch == [RECOMMENDATIONS]
    assert other.status_code == 200 and other["ETag"] != built["ETag"]


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        pytest.param(TRENDING + "?format=xml", {}, 400, id="unknown-format"),
        pytest.param(TRENDING + "?%66ormat=xml", {}, 400, id="encoded-format"),
        pytest.param(TRENDING, {"HTTP_ACCEPT": "text/html"}, 406, id="not-json"),
        pytest.param(TRENDING, {"HTTP_AUTHORIZATION": "Bearer not.a.token"}, 401, id="forged-token"),
        pytest.param(RECOMMENDATIONS, {}, 401, id="sign-in-needed"),
    ],
)
def test_what_the_early_path_cannot_vouch_for_is_refused_by_drf(api_client, user, path, headers, status):
    # Every answer below is cached for an anonymous reader (or the user) beforehand.
    assert api_client.get(TRENDING).status_code == 200
    signed_in = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(user).access}"}
    assert api_client.get(RECOMMENDATIONS, **signed_in).status_code == 200

    refused = api_client.get(path, **headers)

    assert refused.status_code == status
    assert refused["Content-Type"] == "application/json"
    assert refused["Cache-Control"] == "no-store"


def test_an_expired_token_is_refused_even_for_a_cached_answer(api_client, user):
    signed_in = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(user).access}"}
    assert api_client.get(RECOMMENDATIONS, **signed_in).status_code == 200
    assert api_client.get(RECOMMENDATIONS, **signed_in).status_code == 200

    with time_machine.travel(datetime.timedelta(days=2)):
        refused = api_client.get(RECOMMENDATIONS, **signed_in)

    assert (refused.status_code, codes(refused)) == (401, ["token_not_valid"])


@pytest.mark.usefixtures("frozen_clock")
def test_an_early_refusal_spends_the_throttle_once(api_client, throttle_rates, no_drf_dispatch):
    throttle_rates(tmdb_ip="2/min")

    codes = [api_client.get(TRENDING).status_code for _ in range(4)]

    assert codes == [200, 200, 429, 429]
    # The miss and the refusals reached DRF; the hit in between did not.
    assert no_drf_dispatch == [TRENDING, TRENDING, TRENDING]
    with time_machine.travel(datetime.timedelta(seconds=61), tick=False):
        assert api_client.get(TRENDING).status_code == 200


@pytest.mark.usefixtures("frozen_clock")
def test_a_miss_spends_the_throttle_once_and_builds_once(api_client, throttle_rates, no_drf_dispatch):
    throttle_rates(tmdb_ip="1/min")

    first, second = api_client.get(TRENDING), api_client.get(TRENDING)

    # One request allowed a minute: the miss counted once, though both paths saw it.
    assert (first.status_code, second.status_code) == (200, 429)
    assert no_drf_dispatch == [TRENDING, TRENDING]


def test_head_and_writes_take_the_full_path(api_client, no_drf_dispatch):
    api_client.get(TRENDING)
    no_drf_dispatch.clear()

    head = api_client.head(TRENDING)
    post = api_client.post(TRENDING, {}, format="json")

    assert head.status_code == 200
    assert post.status_code == 405
    assert no_drf_dispatch == [TRENDING, TRENDING]
