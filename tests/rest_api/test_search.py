"""REST search with typos and "did you mean", and autocomplete."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import search
from catalog.models import Movie
from tests.errors import messages


def _movie(tmdb_id: int, title: str, year: int, rating_count: int = 0) -> Movie:
    return Movie.objects.create(
        tmdb_id=tmdb_id,
        title=title,
        release_date=datetime.date(year, 1, 1),
        rating_count=rating_count,
        poster_url=f"https://image.tmdb.org/t/p/w500/{tmdb_id}.jpg",
    )


@pytest.fixture
def catalog(db):
    _movie(680, "Pulp Fiction", 1994, 307)
    _movie(603, "The Matrix", 1999, 278)
    _movie(604, "The Matrix Reloaded", 2003, 90)
    _movie(348, "Alien", 1979, 146)


def test_search_forgives_a_typo_and_needs_no_suggestion(api_client, catalog):
    body = api_client.get("/api/movies/search/", {"q": "Pulp Fictin"}).json()

    assert ([m["title"] for m in body["results"]], body["did_you_mean"]) == (["Pulp Fiction"], None)


def test_a_typo_in_every_word_finds_the_family_and_says_did_you_mean(api_client, catalog):
    body = api_client.get("/api/movies/search/", {"q": "matirx"}).json()

    assert sorted(body) == [
        "count",
        "did_you_mean",
        "next",
        "previous",
        "results",
        "suggestion",
        "totals_estimated",
    ]
    assert ([m["title"] for m in body["results"]], body["did_you_mean"]) == (
        ["The Matrix", "The Matrix Reloaded"],
        "matrix",
    )
    assert body["suggestion"] == "matrix"  # the name older clients read


def test_an_exact_word_needs_no_did_you_mean(api_client, catalog):
    body = api_client.get("/api/movies/search/", {"q": "matrix"}).json()

    assert ([m["title"] for m in body["results"]], body["did_you_mean"]) == (
        ["The Matrix", "The Matrix Reloaded"],
        None,
    )


@pytest.mark.usefixtures("uncached_payloads")
def test_search_costs_the_same_queries_for_1_and_many_results(api_client, catalog, settings):
    settings.TMDB_API_KEY = ""

    def count(q: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/movies/search/", {"q": q}).status_code == 200
        return len(queries)

    count("alien")  # builds the in-process title index
    one = count("alein")
    for n in range(20):
        _movie(1000 + n, f"Alien Story {n}", 2000)
    search.titles_changed()
    count("alien")
    many = count("alein")

    assert many == one


@pytest.mark.usefixtures("uncached_payloads")
def test_a_100_word_search_costs_what_its_first_10_words_cost(api_client, catalog, settings):
    settings.TMDB_API_KEY = ""
    words = [chr(ord("b") + n % 24) for n in range(100)]  # 199 characters: under the 200 limit

    def count(q: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/movies/search/", {"q": q}).status_code == 200
        return len(queries)

    count("alein")  # builds the in-process title index ("did you mean" reads its words)
    assert search.MAX_QUERY_WORDS == 10
    assert count(" ".join(words)) == count(" ".join(words[:10]))


def test_autocomplete_answers_titles_years_and_posters_best_first(api_client, catalog):
    response = api_client.get("/api/movies/autocomplete/", {"q": "the matr"})

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "tmdb_id": 603,
                "title": "The Matrix",
                "year": 1999,
                "poster_url": "https://image.tmdb.org/t/p/w500/603.jpg",
            },
            {
                "tmdb_id": 604,
                "title": "The Matrix Reloaded",
                "year": 2003,
                "poster_url": "https://image.tmdb.org/t/p/w500/604.jpg",
            },
        ]
    }


def test_autocomplete_forgives_typos_and_honours_the_limit(api_client, catalog):
    typo = api_client.get("/api/movies/autocomplete/", {"q": "matirx"}).json()
    one = api_client.get("/api/movies/autocomplete/", {"q": "matrix", "limit": 1}).json()

    assert typo["results"][0]["title"] == "The Matrix"
    assert [r["title"] for r in one["results"]] == ["The Matrix"]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({}, {"q": ["This field is required."]}),
        ({"q": ""}, {"q": ["This field may not be blank."]}),
        ({"q": "m"}, {"q": ["Type at least 2 characters."]}),
        ({"q": "x" * 101}, {"q": ["Autocomplete text is limited to 100 characters."]}),
        ({"q": "x" * 3000}, {"q": ["Autocomplete text is limited to 100 characters."]}),
        ({"q": "ma\x00trix"}, {"q": ["Null characters are not allowed."]}),
        ({"q": "ma\x07trix"}, {"q": ["Autocomplete text must not contain control characters."]}),
        ({"q": "matrix", "limit": 0}, {"limit": ["Limit must be between 1 and 20."]}),
        ({"q": "matrix", "limit": 21}, {"limit": ["Limit must be between 1 and 20."]}),
        ({"q": "matrix", "limit": "ten"}, {"limit": ["A valid integer is required."]}),
    ],
)
def test_bad_autocomplete_input_is_a_400(api_client, catalog, params, errors):
    response = api_client.get("/api/movies/autocomplete/", params)

    assert (response.status_code, messages(response)) == (400, errors)


def test_autocomplete_has_its_own_throttle_scope(api_client, catalog, throttle_rates):
    throttle_rates(autocomplete_ip="2/min", search_ip="1/min")
    api_client.get("/api/movies/search/", {"q": "alien"})

    statuses = [api_client.get("/api/movies/autocomplete/", {"q": "ali"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@pytest.mark.usefixtures("uncached_payloads")
def test_autocomplete_costs_the_same_queries_for_1_and_many_results(api_client, catalog):
    def count(q: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/movies/autocomplete/", {"q": q, "limit": 20}).status_code == 200
        return len(queries)

    one = count("pulp")
    for n in range(20):
        _movie(1000 + n, f"Pulp Story {n}", 2000)
    search.titles_changed()
    many = count("pulp s")

    assert many == one
