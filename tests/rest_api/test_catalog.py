"""REST movie endpoints: popular, top-rated, upcoming, detail, search; genres."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import services as catalog_services
from catalog.models import Genre, Movie
from tests.catalog.tmdb_mock import NOT_FOUND, V3_KEY, matrix_detail, movie_result, page, tmdb  # noqa: F401
from tests.errors import codes, messages
from tests.factories import MovieRefFactory, ReviewFactory, movie_with_credits

pytestmark = pytest.mark.django_db
LISTS = ["/api/movies/popular/", "/api/movies/top-rated/", "/api/movies/upcoming/"]


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    settings.TMDB_API_KEY = ""


def _future(days: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=days)


def test_popular_is_paginated_in_the_page_number_shape(api_client):
    for n in range(1, 23):
        Movie.objects.create(tmdb_id=n, title=f"Movie {n}", popularity_score=n)

    first = api_client.get("/api/movies/popular/").json()
    second = api_client.get("/api/movies/popular/", {"page": 2}).json()

    assert (first["count"], first["previous"]) == (22, None)
    assert first["next"] == "http://testserver/api/movies/popular/?page=2"
    assert [m["tmdb_id"] for m in first["results"]][:3] == [22, 21, 20]
    assert (second["next"], second["previous"]) == (None, "http://testserver/api/movies/popular/")
    assert [m["title"] for m in second["results"]] == ["Movie 2", "Movie 1"]


def test_a_movie_in_a_list_has_the_contract_shape(api_client):
    movie = Movie.objects.create(
        tmdb_id=603,
        title="The Matrix",
        release_date=datetime.date(1999, 3, 30),
        vote_average=8.2,
        language="en",
    )
    movie.genres.add(Genre.objects.create(name="Action", slug="action"))

    result = api_client.get("/api/movies/popular/").json()["results"][0]

    genre = result.pop("genres")
    assert [(g["name"], g["slug"]) for g in genre] == [("Action", "action")]
    assert result == {
        "tmdb_id": 603,
        "title": "The Matrix",
        "overview": "",
        "release_date": "1999-03-30",
        "year": 1999,
        "runtime": None,
        "poster_url": "http://localhost:8000/media/art/poster/603.svg",
        "backdrop_url": "http://localhost:8000/media/art/backdrop/603.svg",
        "vote_average": 8.2,
        "language": "en",
        "popularity_score": 0.0,
        "viewer": None,
    }


def test_top_rated_and_upcoming(api_client):
    Movie.objects.create(tmdb_id=1, title="Acclaimed", vote_average=9.0, vote_count=900)
    Movie.objects.create(tmdb_id=2, title="Niche", vote_average=10.0, vote_count=1)
    Movie.objects.create(tmdb_id=4, title="Panned", vote_average=3.0, vote_count=500)
    Movie.objects.create(tmdb_id=3, title="Coming soon", release_date=_future(10))

    top = api_client.get("/api/movies/top-rated/").json()
    upcoming = api_client.get("/api/movies/upcoming/").json()

    assert [m["title"] for m in top["results"]] == ["Acclaimed", "Niche", "Panned"]
    assert [m["title"] for m in upcoming["results"]] == ["Coming soon"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("number", "status", "body"),
    [
        ("0", 400, {"page": ["Page must be between 1 and 500."]}),
        ("501", 400, {"page": ["Page must be between 1 and 500."]}),
        ("abc", 400, {"page": ["A valid integer is required."]}),
        ("2", 404, {None: ["Page 2 is past the last page (1)."]}),
    ],
)
def test_bad_pages(api_client, url, number, status, body):
    Movie.objects.create(tmdb_id=1, title="Only", vote_count=1, vote_average=5, release_date=_future(1))

    response = api_client.get(url, {"page": number})

    assert (response.status_code, messages(response)) == (status, body)


@pytest.mark.usefixtures("uncached_payloads")
@pytest.mark.parametrize("url", LISTS)
def test_lists_cost_the_same_for_1_and_20_movies(api_client, url):
    def make(tmdb_id: int) -> None:
        movie_with_credits(tmdb_id=tmdb_id)
        Movie.objects.filter(tmdb_id=tmdb_id).update(
            vote_count=5, vote_average=7, release_date=_future(tmdb_id)
        )

    make(1)
    with CaptureQueriesContext(connection) as one:
        assert len(api_client.get(url).json()["results"]) == 1
    for tmdb_id in range(2, 21):
        make(tmdb_id)
    with CaptureQueriesContext(connection) as twenty:
        assert len(api_client.get(url).json()["results"]) == 20

    assert len(twenty) == len(one)


def test_detail_with_cast_crew_and_videos(api_client):
    movie_with_credits(tmdb_id=603, title="The Matrix")
    Movie.objects.filter(tmdb_id=603).update(
        videos=[
            {"key": "vKQi3bBA1y8", "site": "YouTube", "type": "Trailer", "name": "Trailer", "official": True}
        ]
    )

    with CaptureQueriesContext(connection) as queries:
        body = api_client.get("/api/movies/603/").json()

    assert body["title"] == "The Matrix"
    assert body["cast"] == [
        {"tmdb_id": None, "name": "Actor 603", "character_name": "Lead", "order": 0, "photo_url": ""}
    ]
    assert body["crew"] == [
        {"tmdb_id": None, "name": "Director 603", "department": "Directing", "role": "Director"}
    ]
    assert body["videos"] == [
        {"key": "vKQi3bBA1y8", "site": "YouTube", "type": "Trailer", "name": "Trailer", "official": True}
    ]
    assert (body["average_rating"], body["rating_count"]) == (None, 0)
    assert body["rating_histogram"] == [{"rating": r / 2, "count": 0} for r in range(2, 11)]
    assert len(queries) <= 5  # the movie (its histogram in its row), its genres, cast, crew (+ savepoint)


def test_detail_gives_our_half_star_scores_beside_tmdbs(api_client):
    MovieRefFactory(tmdb_id=603, title="The Matrix", vote_average=8.2)
    for rating in ["5", "4.5", "4.5", "1", "3.5", "4.5", "1"]:
        ReviewFactory(movie_id=603, rating=Decimal(rating), text="")
    body = api_client.get("/api/movies/603/").json()
    assert (body["vote_average"], body["average_rating"], body["rating_count"]) == (8.2, 3.43, 7)
    assert [(b["rating"], b["count"]) for b in body["rating_histogram"]] == [
        (1.0, 2), (1.5, 0), (2.0, 0), (2.5, 0), (3.0, 0), (3.5, 1), (4.0, 0), (4.5, 3), (5.0, 1)
    ]  # fmt: skip


@pytest.mark.parametrize("path", ["12345", "0", "99999999999", "abc", "1.5", "-3", "%00"])
def test_unknown_or_malformed_ids_are_404(api_client, path):
    response = api_client.get(f"/api/movies/{path}/")

    assert response.status_code == 404
    assert messages(response) == {None: ["Not found."]}


def test_detail_from_tmdb_never_shows_the_key(api_client, tmdb):  # noqa: F811
    tmdb.get("/movie/603", json=matrix_detail())

    response = api_client.get("/api/movies/603/")

    assert response.status_code == 200
    assert response.json()["runtime"] == 136
    assert [c["name"] for c in response.json()["cast"]] == [
        "Keanu Reeves",
        "Laurence Fishburne",
        "Carrie-Anne Moss",
    ]
    assert V3_KEY not in response.content.decode()


def test_detail_of_an_unknown_movie_while_tmdb_is_down_is_503(api_client, tmdb):  # noqa: F811
    tmdb.get("/movie/604", status=503)
    tmdb.get("/movie/605", status=404, json=NOT_FOUND)

    down = api_client.get("/api/movies/604/")
    unknown = api_client.get("/api/movies/605/")

    assert (down.status_code, messages(down)) == (
        503,
        {None: ["The movie data service is unavailable; try again later."]},
    )
    assert unknown.status_code == 404
    assert not Movie.objects.exists()


def test_popular_from_tmdb_falls_back_to_local_when_tmdb_is_down(api_client, tmdb):  # noqa: F811
    tmdb.get(
        "/movie/popular", json=page([movie_result(27205, "Inception")], total_pages=500, total_results=10000)
    )
    tmdb.get("/movie/popular", status=503)
    Movie.objects.create(tmdb_id=862, title="Toy Story", popularity_score=1)

    remote = api_client.get("/api/movies/popular/").json()
    local = api_client.get("/api/movies/popular/", {"page": 2})

    assert (remote["count"], [m["title"] for m in remote["results"]]) == (10000, ["Inception"])
    assert remote["next"] == "http://testserver/api/movies/popular/?page=2"
    assert (local.status_code, messages(local)) == (404, {None: ["Page 2 is past the last page (1)."]})


@pytest.fixture
def catalog():
    comedy = Genre.objects.create(name="Comedy", slug="comedy")
    Movie.objects.create(tmdb_id=862, title="Toy Story", release_date=datetime.date(1995, 1, 1)).genres.add(
        comedy
    )
    Movie.objects.create(tmdb_id=603, title="The Matrix", release_date=datetime.date(1999, 1, 1))


def test_search(api_client, catalog):
    by_text = api_client.get("/api/movies/search/", {"q": "matrix"}).json()
    by_genre = api_client.get("/api/movies/search/", {"genre": "Comedy", "year": 1995}).json()

    assert (by_text["count"], [m["title"] for m in by_text["results"]]) == (1, ["The Matrix"])
    assert [m["title"] for m in by_genre["results"]] == ["Toy Story"]


@pytest.mark.parametrize(
    ("params", "body"),
    [
        ({"q": "x" * 3000}, {"q": ["Search text is limited to 200 characters."]}),
        ({"q": "nul\x00"}, {"q": ["Null characters are not allowed."]}),
        ({"q": "toy", "year": "1869"}, {"year": ["Year must be between 1870 and 2100."]}),
        ({"q": "toy", "year": "nineteen"}, {"year": ["A valid integer is required."]}),
        ({"genre": "polka"}, {"genre": ["Unknown genre “polka”."]}),
        ({"q": "   "}, {"q": ["Give a search text (q), a genre or a year."]}),
        ({"q": "toy", "page": "0"}, {"page": ["Page must be between 1 and 500."]}),
    ],
)
def test_bad_search_input_is_400(api_client, catalog, params, body):
    response = api_client.get("/api/movies/search/", params)

    assert (response.status_code, messages(response)) == (400, body)


@pytest.mark.parametrize("q", ['"quoted"', "it's", "🎬🍿", "%00", "<script>alert(1)</script>", "a & b | !c"])
def test_odd_characters_in_search_are_answered(api_client, catalog, q):
    response = api_client.get("/api/movies/search/", {"q": q})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_search_is_throttled(api_client, catalog, throttle_rates):
    throttle_rates(search_ip="2/min")

    statuses = [api_client.get("/api/movies/search/", {"q": "toy"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


# --- genres --------------------------------------------------------------------------------


def test_genres_are_public_every_one_by_name(api_client, gql):
    drama = catalog_services.genre_create(name="Drama")
    action = catalog_services.genre_create(name="Action")

    response = api_client.get("/api/genres/")

    assert response.status_code == 200
    assert response.json() == [
        {"id": str(action.pk), "name": "Action", "slug": "action"},
        {"id": str(drama.pk), "name": "Drama", "slug": "drama"},
    ]
    assert [g["name"] for g in gql("query { genres { name } }")["data"]["genres"]] == ["Action", "Drama"]


def test_genres_show_an_admin_edit_at_once(api_client, django_capture_on_commit_callbacks):
    genre = catalog_services.genre_create(name="Sci-Fi")
    assert [g["name"] for g in api_client.get("/api/genres/").json()] == ["Sci-Fi"]

    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.genre_update(genre_id=genre.pk, name="Science Fiction")

    assert api_client.get("/api/genres/").json() == [
        {"id": str(genre.pk), "name": "Science Fiction", "slug": "sci-fi"}
    ]


def test_genres_query_count_does_not_grow_with_rows(api_client, django_capture_on_commit_callbacks):
    catalog_services.genre_create(name="Genre 0")
    with CaptureQueriesContext(connection) as one:
        assert len(api_client.get("/api/genres/").json()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(1, 20):
            catalog_services.genre_create(name=f"Genre {n}")
    with CaptureQueriesContext(connection) as twenty:
        assert len(api_client.get("/api/genres/").json()) == 20

    assert len(twenty) == len(one)


def test_genres_are_read_only(api_client, auth_client):
    for client in (api_client, auth_client):
        response = client.post("/api/genres/", {"name": "Noir"}, format="json")
        assert (response.status_code, codes(response)) == (405, ["method_not_allowed"])
    assert not Genre.objects.exists()
