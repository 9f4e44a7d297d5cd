"""GraphQL search with typos and "did you mean", the movies title filter, and autocomplete."""

import datetime

import pytest

from catalog.models import Movie

SEARCH = "query($q: String) { search(q: $q) { totalResults didYouMean results { title } } }"
AUTOCOMPLETE = (
    "query($q: String!, $limit: Int) { autocomplete(q: $q, limit: $limit) { tmdbId title year posterUrl } }"
)
MOVIES = "query($q: String!) { movies(filters: {titleSearch: $q}) { title } }"


@pytest.fixture
def catalog(db):
    for tmdb_id, title, year, rated in [(680, "Pulp Fiction", 1994, 307), (603, "The Matrix", 1999, 278)]:
        Movie.objects.create(
            tmdb_id=tmdb_id, title=title, release_date=datetime.date(year, 1, 1), rating_count=rated
        )
    Movie.objects.create(tmdb_id=604, title="The Matrix Reloaded", popularity_score=99.0)


def test_search_forgives_typos_and_says_did_you_mean(gql, catalog):
    found = gql(SEARCH, {"q": "the matirx"})["data"]["search"]

    assert found == {
        "totalResults": 2,
        "didYouMean": "matrix",
        "results": [{"title": "The Matrix"}, {"title": "The Matrix Reloaded"}],
    }


def test_search_with_an_exact_word_needs_no_did_you_mean(gql, catalog):
    assert gql(SEARCH, {"q": "pulp fictoon"})["data"]["search"] == {
        "totalResults": 1,
        "didYouMean": None,
        "results": [{"title": "Pulp Fiction"}],
    }


def test_search_with_nothing_close_suggests_nothing(gql, catalog):
    assert gql(SEARCH, {"q": "qwxzv"})["data"]["search"] == {
        "totalResults": 0,
        "didYouMean": None,
        "results": [],
    }


def test_the_movies_title_filter_ranks_typo_tolerant_matches(gql, catalog):
    exact = gql(MOVIES, {"q": "matrix"})["data"]["movies"]
    typo = gql(MOVIES, {"q": "matrx"})["data"]["movies"]

    assert (exact, typo[0]) == (
        [{"title": "The Matrix"}, {"title": "The Matrix Reloaded"}],
        {"title": "The Matrix"},
    )


def test_autocomplete(gql, catalog):
    assert gql(AUTOCOMPLETE, {"q": "pulp f"})["data"]["autocomplete"] == [
        {
            "tmdbId": 680,
            "title": "Pulp Fiction",
            "year": 1994,
            "posterUrl": "http://localhost:8000/media/art/poster/680.svg",
        }
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"q": "p"}, "q: Type at least 2 characters."),
        ({"q": "p" * 5000}, "q: Autocomplete text is limited to 100 characters."),
        ({"q": "pu\x00lp"}, "q: Null characters are not allowed."),
        ({"q": "pulp", "limit": 21}, "limit: Limit must be between 1 and 20."),
        ({"q": "pulp", "limit": -1}, "limit: Limit must be between 1 and 20."),
    ],
)
def test_bad_autocomplete_arguments_are_clear_errors(gql, catalog, variables, message):
    body = gql(AUTOCOMPLETE, variables)

    assert (body["data"], body["errors"][0]["message"]) == (None, message)


def test_the_deprecated_suggestion_field_reads_did_you_mean(gql, catalog):
    query = 'query { search(q: "matirx") { didYouMean suggestion } }'
    assert gql(query)["data"]["search"] == {"didYouMean": "matrix", "suggestion": "matrix"}
