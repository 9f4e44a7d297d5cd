"""GraphQL catalog queries: movie, movies, popular/topRated/upcoming, search, genres."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Genre, Movie
from tests.catalog.tmdb_mock import NOT_FOUND, matrix_detail, movie_result, page, tmdb  # noqa: F401
from tests.factories import movie_with_credits

pytestmark = pytest.mark.django_db

MOVIE_FIELDS = """
    tmdbId title releaseDate genres { name slug } cast { characterName person { name } } directors { name }
"""
MOVIES = (
    "query($filters: MovieFilter, $order: MovieOrder, $pagination: OffsetPaginationInput) "
    "{ movies(filters: $filters, order: $order, pagination: $pagination) { " + MOVIE_FIELDS + " } }"
)
PAGE = (
    "query($page: Int!) {{ {field}(page: $page) "
    "{{ page totalPages totalResults results {{ tmdbId title genres {{ slug }} }} }} }}"
)
SEARCH = """
    query($q: String, $genre: String, $year: Int, $page: Int!) {
        search(q: $q, genre: $genre, year: $year, page: $page) { totalResults results { title } }
    }
"""


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    settings.TMDB_API_KEY = ""


def _count_queries(gql, query: str, variables: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        body = gql(query, variables)
    assert "errors" not in body, body
    return len(queries)


def test_movie_by_tmdb_id_with_nested_fields(gql):
    movie_with_credits(tmdb_id=603, title="The Matrix")

    body = gql(f"query {{ movie(tmdbId: 603) {{ {MOVIE_FIELDS} averageRating isFavorite }} }}")

    assert body["data"]["movie"] == {
        "tmdbId": 603,
        "title": "The Matrix",
        "releaseDate": None,
        "genres": [{"name": "Crime", "slug": "crime"}, {"name": "Drama", "slug": "drama"}],
        "cast": [{"characterName": "Lead", "person": {"name": "Actor 603"}}],
        "directors": [{"name": "Director 603"}],
        "averageRating": None,
        "isFavorite": False,
    }


@pytest.mark.parametrize("tmdb_id", [12345, 0, -1])
def test_an_unknown_movie_is_null(gql, tmdb_id):
    assert gql("query($id: Int!) { movie(tmdbId: $id) { title } }", {"id": tmdb_id}) == {
        "data": {"movie": None}
    }


def test_a_non_numeric_id_is_a_graphql_error(gql):
    body = gql('query { movie(tmdbId: "abc") { title } }')

    assert body["errors"][0]["message"] == 'Int cannot represent non-integer value: "abc"'


def test_movie_detail_comes_from_tmdb_with_a_key(gql, tmdb):  # noqa: F811
    tmdb.get("/movie/603", json=matrix_detail())

    body = gql("query { movie(tmdbId: 603) { title runtime videos { key site } directors { name } } }")

    assert body["data"]["movie"] == {
        "title": "The Matrix",
        "runtime": 136,
        "videos": [{"key": "vKQi3bBA1y8", "site": "YouTube"}],
        "directors": [{"name": "Lana Wachowski"}, {"name": "Lilly Wachowski"}],
    }


def test_an_unknown_movie_while_tmdb_is_down_is_a_clear_error(gql, tmdb):  # noqa: F811
    tmdb.get("/movie/604", status=503)
    tmdb.get("/movie/605", status=404, json=NOT_FOUND)

    down = gql("query { movie(tmdbId: 604) { title } }")
    unknown = gql("query { movie(tmdbId: 605) { title } }")

    assert down["errors"][0]["message"] == "The movie data service is unavailable; try again later."
    assert unknown == {"data": {"movie": None}}


def test_movies_filters_orders_and_paginates(gql):
    comedy = Genre.objects.create(name="Comedy", slug="comedy")
    for tmdb_id, title, year, vote in [
        (1, "Alpha", 1995, 6.0),
        (2, "Beta", 1995, 8.0),
        (3, "Gamma", 2001, 9.0),
    ]:
        Movie.objects.create(
            tmdb_id=tmdb_id, title=title, release_date=datetime.date(year, 6, 1), vote_average=vote
        )
    Movie.objects.get(tmdb_id=2).genres.add(comedy)
    query = """
        query($f: MovieFilter, $o: MovieOrder, $p: OffsetPaginationInput) {
            movies(filters: $f, order: $o, pagination: $p) { title }
        }
    """

    def titles(**variables) -> list[str]:
        body = gql(query, variables)
        assert "errors" not in body, body
        return [m["title"] for m in body["data"]["movies"]]

    assert titles(f={"year": 1995}, o={"title": "DESC"}) == ["Beta", "Alpha"]
    assert titles(f={"titleContains": "MM"}) == ["Gamma"]
    assert titles(f={"genre": "Comedy"}) == ["Beta"]
    assert titles(f={"voteAverageGte": 8.0}, o={"voteAverage": "ASC"}) == ["Beta", "Gamma"]
    assert titles(
        f={"releaseDate": {"range": {"start": "1995-01-01", "end": "1999-12-31"}}}, o={"title": "ASC"}
    ) == ["Alpha", "Beta"]
    # Alpha and Beta share a release date: the catalog order (popularity, then TMDb id) settles it.
    assert titles(o={"releaseDate": "DESC"}, p={"offset": 1, "limit": 1}) == ["Alpha"]


def test_movies_pages_are_capped_by_max_page_size(gql, settings, django_assert_num_queries):
    Movie.objects.bulk_create([Movie(tmdb_id=n, title=f"Movie {n}") for n in range(1, 8)])
    settings.MAX_PAGE_SIZE = 5

    with django_assert_num_queries(0):
        body = gql("query { movies(pagination: {limit: 1000}) { title } }")

    assert body == {
        "data": None,
        "errors": [
            {
                "message": "pagination.limit: must be between 0 and 5.",
                "locations": [{"line": 1, "column": 9}],
                "path": ["movies"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert len(gql("query { movies(pagination: {limit: 5}) { title } }")["data"]["movies"]) == 5


def test_movies_without_pagination_is_the_first_page_of_20(gql):
    Movie.objects.bulk_create(
        [Movie(tmdb_id=n, title=f"Movie {n}", popularity_score=n) for n in range(1, 26)]
    )

    body = gql("query { movies { tmdbId } }")

    assert [m["tmdbId"] for m in body["data"]["movies"]] == list(range(25, 5, -1))


def test_movies_in_the_same_release_date_keep_one_order(gql):
    Movie.objects.bulk_create(
        [Movie(tmdb_id=n, title=f"Movie {n}", release_date=datetime.date(1999, 3, 31)) for n in (7, 3, 5)]
    )

    query = (
        "query($p: OffsetPaginationInput) { movies(order: {releaseDate: DESC}, pagination: $p) { tmdbId } }"
    )
    pages = [gql(query, {"p": {"offset": n, "limit": 1}}) for n in range(3)]

    assert [page["data"]["movies"][0]["tmdbId"] for page in pages] == [3, 5, 7]


def test_movies_rejects_a_bad_filter_type(gql):
    body = gql('query { movies(filters: {year: "nineteen"}) { title } }')

    assert body["errors"][0]["message"] == 'Int cannot represent non-integer value: "nineteen"'


@pytest.mark.usefixtures("uncached_payloads")
def test_movies_with_nested_relations_cost_the_same_for_5_and_50_movies(gql):
    for tmdb_id in range(1, 6):
        movie_with_credits(tmdb_id=tmdb_id)
    variables = {"pagination": {"limit": 100}}
    five = _count_queries(gql, MOVIES, variables)
    for tmdb_id in range(6, 51):
        movie_with_credits(tmdb_id=tmdb_id)

    fifty = _count_queries(gql, MOVIES, variables)

    assert fifty == five


@pytest.mark.usefixtures("uncached_payloads")
@pytest.mark.parametrize("field", ["popular", "topRated"])
def test_list_pages_cost_the_same_for_1_and_20_movies(gql, field):
    movie_with_credits(tmdb_id=1)
    Movie.objects.update(vote_count=10, vote_average=7.0)
    one = _count_queries(gql, PAGE.format(field=field), {"page": 1})
    for tmdb_id in range(2, 21):
        movie_with_credits(tmdb_id=tmdb_id)
    Movie.objects.update(vote_count=10, vote_average=7.0)

    twenty = _count_queries(gql, PAGE.format(field=field), {"page": 1})

    assert twenty == one


def test_popular_page_shape(gql):
    for n in range(1, 23):
        Movie.objects.create(tmdb_id=n, title=f"Movie {n}", popularity_score=n)

    body = gql(PAGE.format(field="popular"), {"page": 2})

    assert body["data"]["popular"] == {
        "page": 2,
        "totalPages": 2,
        "totalResults": 22,
        "results": [
            {"tmdbId": 2, "title": "Movie 2", "genres": []},
            {"tmdbId": 1, "title": "Movie 1", "genres": []},
        ],
    }


def test_upcoming_can_be_empty(gql):
    body = gql(PAGE.format(field="upcoming"), {"page": 1})

    assert body["data"]["upcoming"] == {"page": 1, "totalPages": 0, "totalResults": 0, "results": []}


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (0, "page: Page must be between 1 and 500."),
        (501, "page: Page must be between 1 and 500."),
        (3, "Page 3 is past the last page (1)."),
    ],
)
def test_bad_pages_are_clear_errors(gql, number, message):
    body = gql(PAGE.format(field="popular"), {"page": number})

    assert body["data"] is None
    assert body["errors"][0]["message"] == message


def test_popular_comes_from_tmdb_with_a_key(gql, tmdb):  # noqa: F811
    tmdb.get("/movie/popular", json=page([movie_result(27205, "Inception"), movie_result(603, "The Matrix")]))

    body = gql(PAGE.format(field="popular"), {"page": 1})

    assert body["data"]["popular"]["totalResults"] == 60
    assert [m["title"] for m in body["data"]["popular"]["results"]] == ["Inception", "The Matrix"]


def test_search_and_its_bad_input(gql):
    comedy = Genre.objects.create(name="Comedy", slug="comedy")
    Movie.objects.create(tmdb_id=862, title="Toy Story", release_date=datetime.date(1995, 1, 1)).genres.add(
        comedy
    )
    Movie.objects.create(tmdb_id=603, title="The Matrix", release_date=datetime.date(1999, 1, 1))

    def search(**variables) -> dict:
        return gql(SEARCH, {"page": 1, **variables})

    assert search(q="toy")["data"]["search"] == {"totalResults": 1, "results": [{"title": "Toy Story"}]}
    assert search(genre="comedy", year=1995)["data"]["search"]["results"] == [{"title": "Toy Story"}]
    assert search(q="🎬 \"quotes\" 'and' emoji")["data"]["search"]["totalResults"] == 0
    assert search(q="x" * 5000)["errors"][0]["message"] == "q: Search text is limited to 200 characters."
    assert search(q="toy", year=3000)["errors"][0]["message"] == "year: Year must be between 1870 and 2100."
    assert search(genre="polka")["errors"][0]["message"] == "genre: Unknown genre “polka”."
    assert search()["errors"][0]["message"] == "q: Give a search text (q), a genre or a year."


def test_genres(gql):
    Genre.objects.create(name="Drama", slug="drama")
    Genre.objects.create(name="Action", slug="action")

    assert gql("query { genres { name slug } }")["data"]["genres"] == [
        {"name": "Action", "slug": "action"},
        {"name": "Drama", "slug": "drama"},
    ]
