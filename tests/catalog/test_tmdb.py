"""The TMDb client: auth, normalization, caching, retries, circuit breaker, junk payloads, secrecy."""

import logging

import pytest
import requests
from django.core.cache import cache

from catalog.models import Genre, Movie
from catalog.tmdb import TmdbBadResponse, TmdbNotConfigured, TmdbNotFound, TmdbUnavailable, api
from catalog.tmdb import http as tmdb_http
from tests.catalog.tmdb_mock import (
    INVALID_KEY,
    NOT_FOUND,
    RATE_LIMITED,
    TMDB,
    V3_KEY,
    movie_result,
    page,
)

pytestmark = pytest.mark.django_db
V4_TOKEN = "eyJhbGciOiJIUzI1NiJ9." + "a" * 120 + ".signature-part-of-the-read-access-token"


def test_a_v3_key_goes_in_the_api_key_parameter(tmdb):
    tmdb.get("/movie/popular", json=page([movie_result(603, "The Matrix")]))

    api.movie_list("popular", 1)

    request = tmdb.mock.calls[0].request
    assert request.params["api_key"] == V3_KEY
    assert "Authorization" not in request.headers


def test_a_v4_token_goes_in_a_bearer_header_and_not_in_the_url(tmdb, settings):
    settings.TMDB_API_KEY = V4_TOKEN
    tmdb.get("/movie/popular", json=page([movie_result(603, "The Matrix")]))

    api.movie_list("popular", 1)

    request = tmdb.mock.calls[0].request
    assert request.headers["Authorization"] == f"Bearer {V4_TOKEN}"
    assert "api_key" not in request.params


def test_without_a_key_nothing_is_called(settings):
    settings.TMDB_API_KEY = ""

    with pytest.raises(TmdbNotConfigured):
        api.movie_list("popular", 1)


def test_a_list_page_is_normalized_with_full_image_urls_and_cached_under_the_spec_key(tmdb):
    tmdb.get(
        "/movie/popular",
        json=page([movie_result(603, "The Matrix"), movie_result(27205, "Inception", poster_path=None)]),
    )

    first = api.movie_list("popular", 1)
    second = api.movie_list("popular", 1)

    assert first == second == cache.get("tmdb:popular:page:1")
    assert tmdb.calls_to("/movie/popular") == 1
    assert first["total_pages"] == 3
    matrix = first["results"][0]
    assert matrix["tmdb_id"] == 603
    assert matrix["poster_url"] == "https://image.tmdb.org/t/p/w500/poster603.jpg"
    assert matrix["backdrop_url"] == "https://image.tmdb.org/t/p/w1280/backdrop603.jpg"
    assert matrix["release_date"].isoformat() == "1999-03-30"
    assert first["results"][1]["poster_url"] == ""


def test_the_image_base_falls_back_to_the_setting_when_configuration_fails(tmdb, settings):
    settings.TMDB_IMAGE_BASE_URL = "https://images.example.org/t/p/"
    tmdb.mock.replace("GET", f"{TMDB}/configuration", status=500, json={})
    tmdb.get("/movie/popular", json=page([movie_result(603, "The Matrix")]))

    result = api.movie_list("popular", 1)

    assert result["results"][0]["poster_url"] == "https://images.example.org/t/p/w500/poster603.jpg"


def test_search_multi_keeps_movies_only(tmdb):
    tmdb.get(
        "/search/multi",
        json=page(
            [
                {**movie_result(603, "The Matrix"), "media_type": "movie"},
                {"id": 1396, "name": "Breaking Bad", "media_type": "tv", "first_air_date": "2008-01-20"},
                {"id": 6384, "name": "Keanu Reeves", "media_type": "person", "known_for": []},
            ],
            total_pages=1,
            total_results=3,
        ),
    )

    result = api.search_movies("matrix", 1)

    assert [m["tmdb_id"] for m in result["results"]] == [603]
    search = next(call.request for call in tmdb.mock.calls if "/search/multi" in call.request.url)
    assert search.params["query"] == "matrix"


def test_transient_failures_are_retried_with_backoff_until_success(tmdb):
    tmdb.get("/movie/top_rated", status=503, body="<html><body>Service Unavailable</body></html>")
    tmdb.get("/movie/top_rated", body=requests.ConnectionError("connection reset"))
    tmdb.get("/movie/top_rated", json=page([movie_result(238, "The Godfather")]))

    result = api.movie_list("top_rated", 1)

    assert [m["title"] for m in result["results"]] == ["The Godfather"]
    assert tmdb.calls_to("/movie/top_rated") == 3
    assert len(tmdb.sleeps) == 2


def test_retries_are_bounded(tmdb, settings):
    settings.TMDB_MAX_ATTEMPTS = 4
    tmdb.get("/movie/upcoming", body=requests.Timeout("read timed out"))

    with pytest.raises(TmdbUnavailable):
        api.movie_list("upcoming", 1)

    assert tmdb.calls_to("/movie/upcoming") == 4
    assert len(tmdb.sleeps) == 3


def test_a_429_waits_for_retry_after_capped(tmdb, settings):
    settings.TMDB_RETRY_AFTER_MAX_SECONDS = 5.0
    tmdb.get("/movie/popular", status=429, json=RATE_LIMITED, headers={"Retry-After": "2"})
    tmdb.get("/movie/popular", status=429, json=RATE_LIMITED, headers={"Retry-After": "120"})
    tmdb.get("/movie/popular", json=page([movie_result(603, "The Matrix")]))

    api.movie_list("popular", 1)

    assert tmdb.sleeps == [2.0, 5.0]


def test_a_not_found_is_not_retried_and_does_not_trip_the_breaker(tmdb, settings):
    settings.TMDB_BREAKER_FAIL_MAX = 1
    tmdb_http.breaker.fail_max = 1
    tmdb.get("/movie/999999999", status=404, json=NOT_FOUND)

    for _ in range(3):
        with pytest.raises(TmdbNotFound):
            api.movie_detail(999999999)

    assert tmdb.calls_to("/movie/999999999") == 3
    assert tmdb_http.breaker.current_state == "closed"
    tmdb_http.breaker.fail_max = 5


def test_the_breaker_opens_after_consecutive_failures_and_then_fails_fast(tmdb):
    tmdb_http.breaker.fail_max = 2
    tmdb.get("/movie/popular", status=500, json={"status_code": 11, "status_message": "Internal error."})
    for number in (1, 2):
        with pytest.raises(TmdbUnavailable):
            api.movie_list("popular", number)
    calls = len(tmdb.mock.calls)

    with pytest.raises(TmdbUnavailable, match="circuit open"):
        api.movie_list("popular", 3)

    assert tmdb_http.breaker.current_state == "open"
    assert len(tmdb.mock.calls) == calls  # failed fast: no request
    tmdb_http.breaker.fail_max = 5


@pytest.mark.parametrize(
    "response",
    [
        pytest.param({"body": "<!DOCTYPE html><html><title>502</title></html>"}, id="html-200"),
        pytest.param({"json": ["not", "an", "object"]}, id="json-array"),
        pytest.param({"json": {"page": 1, "results": "nope"}}, id="results-not-a-list"),
        pytest.param({"status": 401, "json": INVALID_KEY}, id="invalid-key"),
        pytest.param(
            {"json": {"success": False, "status_code": 22, "status_message": "Invalid page."}}, id="error"
        ),
    ],
)
def test_junk_and_error_bodies_are_a_clean_unavailable(tmdb, response):
    tmdb.get("/movie/popular", **response)

    with pytest.raises(TmdbUnavailable):
        api.movie_list("popular", 1)


def test_wrong_types_fall_back_to_empty_values_and_unusable_movies_are_dropped(tmdb):
    tmdb.get(
        "/movie/popular",
        json=page(
            [
                movie_result(
                    603, "The Matrix", vote_average="8.2", release_date="not a date", genre_ids=None
                ),
                {"id": "604", "title": "String id"},
                {"id": 605},
                "garbage",
                movie_result(606, "", original_title="Original only"),
            ],
            total_pages="many",
        ),
    )

    result = api.movie_list("popular", 1)

    assert [(m["tmdb_id"], m["title"]) for m in result["results"]] == [
        (603, "The Matrix"),
        (606, "Original only"),
    ]
    assert result["results"][0]["vote_average"] == 0.0
    assert result["results"][0]["release_date"] is None
    assert result["total_pages"] == 0


def test_a_detail_with_junk_is_a_bad_response(tmdb):
    tmdb.get("/movie/603", json={"title": "No id"})

    with pytest.raises(TmdbBadResponse):
        api.movie_detail(603)


def test_the_key_is_never_logged_nor_in_errors(tmdb, caplog):
    caplog.set_level(logging.DEBUG)
    tmdb.get(
        "/movie/popular", body=requests.ConnectionError(f"Max retries exceeded with url: /3?api_key={V3_KEY}")
    )
    logging.getLogger("urllib3.connectionpool").debug(
        '%s://%s:%s "%s %s %s" %s',
        "https",
        "api.themoviedb.org",
        443,
        "GET",
        f"/3/x?api_key={V3_KEY}",
        "1.1",
        200,
    )

    with pytest.raises(TmdbUnavailable) as error:
        api.movie_list("popular", 1)

    assert V3_KEY not in str(error.value)
    assert error.value.__cause__ is None
    assert V3_KEY not in caplog.text
    assert "api_key=***" in caplog.text


def test_a_stale_copy_answers_while_tmdb_is_down(tmdb):
    tmdb.get("/trending/movie/week", json=page([movie_result(603, "The Matrix")]))
    api.trending("week")
    cache.delete("tmdb:trending:week")
    tmdb.mock.replace("GET", f"{TMDB}/trending/movie/week", status=503)

    result = api.trending("week")

    assert [m["tmdb_id"] for m in result["results"]] == [603]


def test_genre_list_feeds_list_upserts(tmdb):
    assert {g["name"] for g in api.genre_list()} >= {"Action", "Science Fiction"}
    assert Genre.objects.count() == 0
    assert Movie.objects.count() == 0
