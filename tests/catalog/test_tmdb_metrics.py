"""TMDb client metrics: attempts per endpoint and outcome, latencies, retries, breaker state."""

import re

import pytest
import requests
from django.conf import settings
from prometheus_client import REGISTRY

from catalog.tmdb import TmdbNotFound, TmdbUnavailable, api
from catalog.tmdb import http as tmdb_http
from catalog.tmdb.metrics import endpoint
from tests.catalog.tmdb_mock import INVALID_KEY, NOT_FOUND, RATE_LIMITED, V3_KEY, matrix_detail

pytestmark = pytest.mark.django_db

REQUESTS = "moviverse_tmdb_requests_total"
DURATIONS = "moviverse_tmdb_request_duration_seconds_count"
RETRIES = "moviverse_tmdb_retries_total"
BREAKER = "moviverse_tmdb_breaker_state"
CLOSED, HALF_OPEN, OPEN = 0.0, 1.0, 2.0
MOVIE = "movie/{id}"
SERVER_ERROR = {"status": 500, "json": {"status_code": 11, "status_message": "Internal error."}}


def sample(name: str, **labels: str) -> float:
    """The current value of a series (0 when it has not been written yet)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def snapshot(*outcomes: str, path: str = MOVIE) -> dict[str, float]:
    values = {outcome: sample(REQUESTS, endpoint=path, outcome=outcome) for outcome in outcomes}
    values["timed"] = sample(DURATIONS, endpoint=path)
    values["retries"] = sample(RETRIES, endpoint=path)
    return values


def moved(before: dict[str, float], path: str = MOVIE) -> dict[str, float]:
    """How much each series of ``before`` moved since it was taken."""
    after = snapshot(*(key for key in before if key not in ("timed", "retries")), path=path)
    return {key: after[key] - before[key] for key in before}


def _timeout(request):
    raise requests.Timeout("read timed out")


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/movie/603", "movie/{id}"),
        ("/movie/603/credits", "movie/{id}/credits"),
        ("/movie/27205/similar?page=2&api_key=secret", "movie/{id}/similar"),
        ("/trending/movie/week", "trending/movie/week"),
        ("/genre/movie/list", "genre/movie/list"),
        ("/configuration", "configuration"),
    ],
)
def test_the_endpoint_label_is_the_path_template_without_ids_or_query(path, label):
    assert endpoint(path) == label


def test_a_fresh_answer_is_counted_ok_and_timed_and_a_repeat_is_counted_cached_untimed(tmdb):
    tmdb.get("/movie/603", json=matrix_detail())
    before = snapshot("ok", "cached")

    tmdb_http.get_json("/movie/603")
    assert moved(before) == {"ok": 1, "cached": 0, "timed": 1, "retries": 0}

    tmdb_http.get_json("/movie/603")
    assert moved(before) == {"ok": 1, "cached": 1, "timed": 1, "retries": 0}
    assert tmdb.calls_to("/movie/603") == 1


def test_a_not_found_is_counted_once_and_not_retried(tmdb):
    tmdb.get("/movie/999999999", status=404, json=NOT_FOUND)
    before = snapshot("not_found")

    with pytest.raises(TmdbNotFound):
        api.movie_detail(999999999)

    assert moved(before) == {"not_found": 1, "timed": 1, "retries": 0}


@pytest.mark.parametrize(
    ("response", "outcome"),
    [
        pytest.param(SERVER_ERROR, "server_error", id="500"),
        pytest.param({"status": 503, "body": "<html>Service Unavailable</html>"}, "server_error", id="503"),
        pytest.param({"callback": _timeout}, "timeout", id="timeout"),
        pytest.param({"body": requests.ConnectionError("refused")}, "connection_error", id="refused"),
        pytest.param(
            {"status": 429, "json": RATE_LIMITED, "headers": {"Retry-After": "1"}}, "rate_limited", id="429"
        ),
    ],
)
def test_each_attempt_of_a_retried_failure_is_counted_and_timed(tmdb, response, outcome):
    if "callback" in response:
        tmdb.mock.add_callback("GET", f"{settings.TMDB_BASE_URL}/movie/603", callback=response["callback"])
    else:
        tmdb.get("/movie/603", **response)
    before = snapshot(outcome, "ok")

    with pytest.raises(TmdbUnavailable):
        tmdb_http.get_json("/movie/603")

    assert tmdb.calls_to("/movie/603") == 3
    assert moved(before) == {outcome: 3, "ok": 0, "timed": 3, "retries": 2}


def test_a_refused_key_is_a_client_error_not_retried(tmdb):
    tmdb.get("/movie/603", status=401, json=INVALID_KEY)
    before = snapshot("client_error")

    with pytest.raises(TmdbUnavailable):
        tmdb_http.get_json("/movie/603")

    assert moved(before) == {"client_error": 1, "timed": 1, "retries": 0}


def test_a_retry_that_succeeds_counts_the_failure_the_retry_and_the_success(tmdb):
    tmdb.get("/movie/603", **SERVER_ERROR)
    tmdb.get("/movie/603", json=matrix_detail())
    before = snapshot("server_error", "ok")

    tmdb_http.get_json("/movie/603")

    assert moved(before) == {"server_error": 1, "ok": 1, "timed": 2, "retries": 1}


def test_the_breaker_gauge_opens_after_fail_max_failed_calls_and_closes_on_reset(tmdb):
    tmdb.get("/movie/603", **SERVER_ERROR)
    fail_max = settings.TMDB_BREAKER_FAIL_MAX
    assert tmdb_http.breaker.fail_max == fail_max
    assert sample(BREAKER) == CLOSED

    for _ in range(fail_max - 1):
        with pytest.raises(TmdbUnavailable):
            tmdb_http.get_json("/movie/603")
    assert sample(BREAKER) == CLOSED

    with pytest.raises(TmdbUnavailable):
        tmdb_http.get_json("/movie/603")
    assert sample(BREAKER) == OPEN

    calls = tmdb.calls_to("/movie/603")
    before = snapshot("breaker_open", "server_error")
    with pytest.raises(TmdbUnavailable, match="circuit open"):
        tmdb_http.get_json("/movie/603")
    assert tmdb.calls_to("/movie/603") == calls
    assert moved(before) == {"breaker_open": 1, "server_error": 0, "timed": 0, "retries": 0}

    tmdb_http.reset()
    assert sample(BREAKER) == CLOSED


def test_the_breaker_gauge_reads_half_open_during_the_trial_call_then_closed(tmdb, monkeypatch):
    monkeypatch.setattr(tmdb_http.breaker, "fail_max", 1)
    tmdb.get("/movie/603", **SERVER_ERROR)
    with pytest.raises(TmdbUnavailable):
        tmdb_http.get_json("/movie/603")
    assert sample(BREAKER) == OPEN

    seen_during_trial = []

    def trial(request):
        seen_during_trial.append(sample(BREAKER))
        return 200, {}, '{"id": 603, "title": "The Matrix"}'

    tmdb.mock.remove("GET", f"{settings.TMDB_BASE_URL}/movie/603")
    tmdb.mock.add_callback("GET", f"{settings.TMDB_BASE_URL}/movie/603", callback=trial)
    monkeypatch.setattr(tmdb_http.breaker, "reset_timeout", 0)

    assert tmdb_http.get_json("/movie/603")["id"] == 603
    assert seen_during_trial == [HALF_OPEN]
    assert sample(BREAKER) == CLOSED


def test_metrics_page_lists_the_tmdb_series_without_ids_or_the_key(client, tmdb):
    tmdb.get("/movie/603", json=matrix_detail())
    tmdb.get("/movie/604", status=404, json=NOT_FOUND)
    tmdb_http.get_json("/movie/603", {"append_to_response": "credits,videos"})
    with pytest.raises(TmdbNotFound):
        tmdb_http.get_json("/movie/604")

    body = client.get("/metrics").content.decode()

    assert 'moviverse_tmdb_requests_total{endpoint="movie/{id}",outcome="ok"}' in body
    assert 'moviverse_tmdb_requests_total{endpoint="movie/{id}",outcome="not_found"}' in body
    assert 'moviverse_tmdb_request_duration_seconds_bucket{endpoint="movie/{id}",le="0.5"}' in body
    assert "# TYPE moviverse_tmdb_retries_total counter" in body
    assert "moviverse_tmdb_breaker_state 0.0" in body
    assert not [label for label in re.findall(r'endpoint="([^"]*)"', body) if re.search(r"\d|[?&=]", label)]
    assert V3_KEY not in body
    assert "api_key" not in body
