"""Bad input, runaway executions, unbounded lists: clear errors before any SQL, constant SQL for pages."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import sync as catalog_sync
from engagement.models import FavoriteMovie, Review
from graphql_schema.schema import suggestions_off
from tests.factories import MovieRefFactory, ReviewFactory, movie_with_credits
from tests.graphql.test_trending import precompute

pytestmark = pytest.mark.django_db

MOVIE = 603


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('{ movies(filters: {titleContains: "a\\u0000b"}) { title } }', "filters.titleContains"),
        ('{ movies(filters: {genre: "dra\\u0000ma"}) { title } }', "filters.genre"),
        ('{ search(q: "x\\u0000") { totalResults } }', "q"),
    ],
)
def test_nul_characters_are_refused_naming_the_argument(gql, query, message, django_assert_num_queries):
    with django_assert_num_queries(0):
        result = gql(query)

    assert result == {
        "data": None,
        "errors": [
            {
                "message": f"{message}: Null characters are not allowed.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


def test_nul_characters_in_variables_are_refused_and_nothing_is_written(gql, user, access_token):
    MovieRefFactory(tmdb_id=MOVIE)
    review = "mutation($t: String!) { createReview(tmdbId: 603, rating: 4, text: $t) { __typename } }"
    favorite = "mutation($t: String!) { addFavorite(tmdbId: 603, title: $t) { __typename } }"

    results = [gql(review, {"t": "nice\x00"}, access_token), gql(favorite, {"t": "\x00"}, access_token)]

    assert [r["errors"][0]["message"] for r in results] == [
        "text: Null characters are not allowed.",
        "title: Null characters are not allowed.",
    ]
    assert not Review.objects.exists()
    assert not FavoriteMovie.objects.exists()


def test_oversized_text_is_refused(gql, settings, django_assert_num_queries):
    settings.GRAPHQL_MAX_STRING_LENGTH = 50

    with django_assert_num_queries(0):
        result = gql("query($q: String) { search(q: $q) { totalResults } }", {"q": "x" * 51})

    assert result["errors"][0]["message"] == "q: Ensure this value has at most 50 characters."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ movies(pagination: {offset: -1}) { title } }", "pagination.offset: must be 0 or more."),
        ("{ movies(pagination: {limit: -5}) { title } }", "pagination.limit: must be between 0 and 100."),
        (
            "{ movies(filters: {year: 2147483647}) { title } }",
            "filters.year: Year must be between 1870 and 2100.",
        ),
        (
            f"{{ reviews(tmdbId: {MOVIE}, pagination: {{offset: -3}}) {{ totalCount }} }}",
            "pagination.offset: must be 0 or more.",
        ),
        ("{ search(year: 2147483647) { totalResults } }", "year: Year must be between 1870 and 2100."),
    ],
)
def test_out_of_range_numbers_are_client_errors(gql, query, message, django_assert_num_queries):
    with django_assert_num_queries(0):
        result = gql(query)

    assert [e["message"] for e in result["errors"]] == [message]
    assert result["data"] is None


def test_a_nested_list_page_is_checked_too(gql):
    MovieRefFactory(tmdb_id=MOVIE)

    result = gql(f"{{ movie(tmdbId: {MOVIE}) {{ reviews(pagination: {{offset: -1}}) {{ rating }} }} }}")

    assert result["errors"][0]["message"] == "pagination.offset: must be 0 or more."


def test_an_execution_past_the_time_limit_stops_before_the_next_resolver(
    gql, settings, django_assert_num_queries
):
    settings.REQUEST_TIME_LIMIT = 0

    with django_assert_num_queries(0):
        result = gql("{ movies { title reviews { rating } } }")

    assert result == {
        "data": None,
        "errors": [
            {
                "message": "The request took longer than the 0 s allowed and was stopped.",
                "extensions": {"code": "TIMEOUT"},
            }
        ],
    }


def test_a_stopped_execution_still_reports_the_cost_it_was_charged(gql_with_cost, settings):
    settings.REQUEST_TIME_LIMIT = 0

    result = gql_with_cost("{ movies(pagination: {limit: 5}) { title } }")

    assert result["errors"][0]["extensions"] == {"code": "TIMEOUT"}
    cost = result["extensions"]["cost"]
    assert cost["requested"] > 0
    assert cost["remaining"] == cost["limit"] - cost["requested"]


def test_a_mutation_past_the_time_limit_writes_nothing(gql, settings, access_token):
    MovieRefFactory(tmdb_id=MOVIE)
    settings.REQUEST_TIME_LIMIT = 0

    result = gql("mutation { createReview(tmdbId: 603, rating: 4) { __typename } }", token=access_token)

    assert result["errors"][0]["extensions"] == {"code": "TIMEOUT"}
    assert not Review.objects.exists()


def test_title_contains_spends_the_search_scope(gql, throttle_rates):
    throttle_rates(search_ip="1/min")
    query = '{ movies(filters: {titleContains: "matrix"}) { title } }'

    first = gql(query)
    second = gql(query.replace("matrix", "alien"))

    assert first == {"data": {"movies": []}}
    assert second["errors"][0]["extensions"]["code"] == "THROTTLED"


REVIEWS_OF_MOVIES = "{ movies(pagination: {limit: 100}) { title reviews { rating } } }"


def _queries(gql, query: str, variables: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = gql(query, variables)
    assert "errors" not in result, result
    return len(queries)


@pytest.mark.usefixtures("uncached_payloads")
def test_reviews_of_many_movies_cost_the_same_sql_without_tmdb_id(gql):
    for tmdb_id in range(1, 6):
        ReviewFactory(movie=MovieRefFactory(tmdb_id=tmdb_id))
    five = _queries(gql, REVIEWS_OF_MOVIES)
    for tmdb_id in range(6, 51):
        ReviewFactory(movie=MovieRefFactory(tmdb_id=tmdb_id))

    assert _queries(gql, REVIEWS_OF_MOVIES) == five == 2  # movies, then one windowed page of reviews


@pytest.mark.usefixtures("uncached_payloads")
def test_reviews_under_trending_cost_the_same_sql_for_5_and_50_movies(gql, monkeypatch):
    monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", lambda *, time_range: [])
    query = "query($n: Int) { trending(limit: $n) { title reviews { rating } } }"

    def trending_of(first: int, last: int) -> int:
        for tmdb_id in range(first, last + 1):
            ReviewFactory(movie=movie_with_credits(tmdb_id=tmdb_id))
        precompute("week", list(range(1, last + 1)))
        return _queries(gql, query, {"n": last})

    assert trending_of(1, 5) == trending_of(6, 50)


def test_reviews_page_holds_20_unless_asked(gql):
    movie = MovieRefFactory(tmdb_id=MOVIE)
    for _ in range(25):
        ReviewFactory(movie=movie)

    default = gql(f"{{ movie(tmdbId: {MOVIE}) {{ reviews {{ rating }} }} }}")
    asked = gql(
        f"{{ movie(tmdbId: {MOVIE}) {{ reviews(pagination: {{offset: 20, limit: 10}}) {{ rating }} }} }}"
    )

    assert len(default["data"]["movie"]["reviews"]) == 20
    assert len(asked["data"]["movie"]["reviews"]) == 5


def test_big_answers_are_not_kept_in_the_answer_cache(client, settings):
    settings.PAYLOAD_CACHE_MAX_BYTES = 100
    for tmdb_id in range(1, 21):
        MovieRefFactory(tmdb_id=tmdb_id)
    body = json.dumps({"query": "{ movies { title } }"})

    with CaptureQueriesContext(connection) as first:
        client.post("/graphql/", body, content_type="application/json")
    with CaptureQueriesContext(connection) as second:
        client.post("/graphql/", body, content_type="application/json")

    assert len(first) == len(second) == 1


def test_field_suggestions_only_while_debugging_with_introspection_on():
    assert [
        suggestions_off(debug=debug, introspection=introspection)
        for debug, introspection in [(True, True), (True, False), (False, True), (False, False)]
    ] == [False, True, True, True]
