"""TMDb timing out, failing, throttling or talking nonsense: bounded retries, an open breaker, local answers.

Call counts, never wall time: the retry sleeps are recorded instead of slept.
"""

import pytest
import requests
import responses
from django.core.cache import cache

from catalog.tmdb import TmdbBadResponse, TmdbTransientError, TmdbUnavailable
from catalog.tmdb import http as tmdb_http
from recsys.models import TrendingCache

pytestmark = pytest.mark.django_db

TMDB = "https://api.themoviedb.org/3"
TRENDING_URL = f"{TMDB}/trending/movie/week"
CONFIGURATION = {"images": {"secure_base_url": "https://image.tmdb.org/t/p/", "poster_sizes": ["w500"]}}
LOCAL_BY_POPULARITY = ["Inception", "The Matrix", "Toy Story"]


def _timeout(request):
    raise requests.Timeout("read timed out")


FAILURES = [
    pytest.param({"callback": _timeout}, id="timeout"),
    pytest.param({"status": 500, "json": {"status_code": 11, "status_message": "Internal error."}}, id="500"),
    pytest.param({"status": 503, "body": "<html>Service Unavailable</html>"}, id="503-html"),
    pytest.param(
        {
            "status": 429,
            "json": {
                "success": False,
                "status_code": 25,
                "status_message": "Your request count is over the limit.",
            },
            "headers": {"Retry-After": "2"},
        },
        id="429",
    ),
]


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    """Retry waits, recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr(tmdb_http, "_sleep", waited.append)
    return waited


@pytest.fixture
def tmdb(settings, sleeps):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    settings.TMDB_BASE_URL = TMDB
    settings.TMDB_MAX_ATTEMPTS = 3
    settings.REDIS_URL = ""  # HTTP cache in memory: nothing cached by an earlier run answers for TMDb
    fail_max = tmdb_http.breaker.fail_max
    tmdb_http.reset()
    tmdb_http.breaker.fail_max = 2
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{TMDB}/configuration", json=CONFIGURATION)
        yield mock
    tmdb_http.breaker.fail_max = fail_max
    tmdb_http.reset()


def _fail(mock: responses.RequestsMock, url: str, failure: dict) -> None:
    if "callback" in failure:
        mock.add_callback(responses.GET, url, callback=failure["callback"])
    else:
        mock.add(responses.GET, url, **failure)


def _calls(mock: responses.RequestsMock, url: str) -> int:
    return sum(1 for call in mock.calls if call.request.url.split("?")[0] == url)


@pytest.mark.parametrize("failure", FAILURES)
def test_transient_failures_are_retried_a_bounded_number_of_times(tmdb, sleeps, failure):
    _fail(tmdb, TRENDING_URL, failure)
    with pytest.raises(TmdbTransientError):
        tmdb_http.get_json("/trending/movie/week")
    assert _calls(tmdb, TRENDING_URL) == 3
    assert len(sleeps) == 2
    assert all(0 <= wait <= 5.0 for wait in sleeps)


def test_retry_after_of_a_429_is_honoured(tmdb, sleeps):
    _fail(tmdb, TRENDING_URL, FAILURES[3].values[0])
    with pytest.raises(TmdbTransientError):
        tmdb_http.get_json("/trending/movie/week")
    assert sleeps == [2.0, 2.0]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<html><body>Gateway says hi</body></html>", id="html"),
        pytest.param("[1, 2, 3]", id="json-list"),
        pytest.param('{"page": 1, "results": [', id="truncated-json"),
    ],
)
def test_garbage_is_not_retried_and_is_unavailable(tmdb, sleeps, body):
    tmdb.add(responses.GET, TRENDING_URL, body=body, status=200, content_type="application/json")
    with pytest.raises(TmdbBadResponse):
        tmdb_http.get_json("/trending/movie/week")
    assert _calls(tmdb, TRENDING_URL) == 1
    assert sleeps == []


def test_breaker_opens_after_repeated_failures_and_stops_calling(tmdb):
    _fail(tmdb, TRENDING_URL, {"callback": _timeout})
    for _ in range(2):
        with pytest.raises(TmdbUnavailable):
            tmdb_http.get_json("/trending/movie/week")
    assert _calls(tmdb, TRENDING_URL) == 6
    assert tmdb_http.breaker.current_state == "open"

    with pytest.raises(TmdbUnavailable, match="circuit open"):
        tmdb_http.get_json("/trending/movie/week")
    assert _calls(tmdb, TRENDING_URL) == 6


def test_the_api_key_never_appears_in_errors(tmdb):
    _fail(tmdb, TRENDING_URL, {"callback": _timeout})
    with pytest.raises(TmdbUnavailable) as error:
        tmdb_http.get_json("/trending/movie/week")
    assert "0123456789abcdef" not in str(error.value)


@pytest.mark.parametrize("failure", FAILURES)
def test_rest_trending_answers_from_the_local_catalog(api_client, tmdb, catalog, failure):
    _fail(tmdb, TRENDING_URL, failure)
    response = api_client.get("/api/movies/trending/?time_range=week&limit=3")
    assert response.status_code == 200
    assert [m["title"] for m in response.json()["results"]] == LOCAL_BY_POPULARITY
    assert _calls(tmdb, TRENDING_URL) == 3


def test_graphql_trending_answers_from_the_local_catalog_and_the_breaker_spares_tmdb(gql, tmdb, catalog):
    _fail(tmdb, TRENDING_URL, {"callback": _timeout})
    for _ in range(3):
        cache.clear()  # every request recomputes trending; only the breaker remembers
        TrendingCache.objects.all().delete()
        body = gql("{ trending(timeRange: WEEK, limit: 3) { title } }")
        assert body == {"data": {"trending": [{"title": title} for title in LOCAL_BY_POPULARITY]}}
    # Two requests of three attempts each opened the breaker; the third did not call TMDb.
    assert _calls(tmdb, TRENDING_URL) == 6
