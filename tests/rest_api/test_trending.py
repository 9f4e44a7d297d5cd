"""REST `GET /api/movies/trending/`: shape, windows, bad input, throttling and a flat query count."""

from datetime import date

import pytest
import responses
from django.core.cache import cache

from catalog import sync as catalog_sync
from catalog.models import Genre, Movie
from engagement.models import Review, WatchHistory
from recsys.models import TrendingCache
from tests.errors import messages
from tests.factories import UserFactory, movie_with_credits

pytestmark = pytest.mark.django_db

URL = "/api/movies/trending/"


@pytest.fixture(autouse=True)
def _no_tmdb(monkeypatch):
    monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", lambda *, time_range: [])


def precompute(time_range: str, tmdb_ids: list[int]) -> None:
    cache.set(f"trending:{time_range}", [{"tmdb_id": i, "score": 1.0} for i in tmdb_ids])


def tmdb_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [movie["tmdb_id"] for movie in response.json()["results"]]


def test_trending_movie_shape(api_client):
    movie = Movie.objects.create(
        tmdb_id=603,
        title="The Matrix",
        overview="A hacker learns the truth.",
        release_date=date(1999, 3, 30),
        runtime=136,
        poster_url="https://image.tmdb.org/t/p/w500/matrix.jpg",
        vote_average=8.2,
        language="en",
        popularity_score=75.5,
    )
    genre = Genre.objects.create(name="Science Fiction", slug="science-fiction")
    movie.genres.add(genre)
    precompute("week", [603])

    response = api_client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "tmdb_id": 603,
                "title": "The Matrix",
                "overview": "A hacker learns the truth.",
                "release_date": "1999-03-30",
                "year": 1999,
                "runtime": 136,
                "poster_url": "https://image.tmdb.org/t/p/w500/matrix.jpg",
                "backdrop_url": "http://localhost:8000/media/art/backdrop/603.svg",
                "vote_average": 8.2,
                "language": "en",
                "genres": [{"id": str(genre.id), "name": "Science Fiction", "slug": "science-fiction"}],
                "popularity_score": 75.5,
                "viewer": None,
            }
        ]
    }


def test_defaults_are_week_and_20(api_client):
    for tmdb_id in range(1, 31):
        Movie.objects.create(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}")
    precompute("week", list(range(30, 0, -1)))
    precompute("day", [1])

    assert tmdb_ids(api_client.get(URL)) == list(range(30, 10, -1))
    assert tmdb_ids(api_client.get(URL, {"limit": 3})) == [30, 29, 28]
    assert tmdb_ids(api_client.get(URL, {"time_range": "day"})) == [1]


def test_live_signal_ranks_the_day(api_client):
    quiet = Movie.objects.create(tmdb_id=550, title="Fight Club", rating_count=40)
    hot = Movie.objects.create(tmdb_id=603, title="The Matrix")
    WatchHistory.objects.create(viewer_key="anon-1", movie=hot)
    Review.objects.create(user=UserFactory(), movie=hot, rating=5)

    assert tmdb_ids(api_client.get(URL, {"time_range": "day", "limit": 5})) == [hot.tmdb_id, quiet.tmdb_id]
    assert TrendingCache.objects.get(key="trending:day").payload == [
        {"tmdb_id": 603, "score": 1.0},
        {"tmdb_id": 550, "score": 0.0},
    ]


def test_demo_catalog_without_recent_activity_is_not_empty(api_client):
    Movie.objects.create(tmdb_id=13, title="Forrest Gump", rating_count=329, popularity_score=3.0)
    Movie.objects.create(tmdb_id=680, title="Pulp Fiction", rating_count=307, popularity_score=9.0)

    assert tmdb_ids(api_client.get(URL)) == [13, 680]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"time_range": "month"}, {"time_range": ['"month" is not a valid choice.']}),
        ({"time_range": "WEEK"}, {"time_range": ['"WEEK" is not a valid choice.']}),
        ({"limit": "0"}, {"limit": ["limit must be between 1 and 100."]}),
        ({"limit": "101"}, {"limit": ["limit must be between 1 and 100."]}),
        ({"limit": "abc"}, {"limit": ["A valid integer is required."]}),
        ({"limit": "2.5"}, {"limit": ["A valid integer is required."]}),
    ],
)
def test_bad_input_is_a_400_with_field_errors(api_client, params, errors):
    Movie.objects.create(tmdb_id=603, title="The Matrix")

    response = api_client.get(URL, params)

    assert response.status_code == 400
    assert messages(response) == errors
    assert TrendingCache.objects.count() == 0


def test_only_get_is_allowed(api_client):
    assert api_client.post(URL, {}, format="json").status_code == 405


def test_trending_is_throttled(api_client, throttle_rates):
    throttle_rates(tmdb_ip="2/min")

    statuses = [api_client.get(URL).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@pytest.mark.usefixtures("uncached_payloads")
def test_query_count_does_not_grow_with_the_number_of_movies(api_client, django_assert_num_queries):
    for count in (5, 50):
        Movie.objects.all().delete()
        precompute("week", [movie_with_credits(tmdb_id=i).tmdb_id for i in range(1, count + 1)])

        with django_assert_num_queries(2):  # movies, genres
            assert len(tmdb_ids(api_client.get(URL, {"limit": 100}))) == count


TMDB_TRENDING_WEEK = {
    "page": 1,
    "results": [
        {
            "adult": False,
            "backdrop_path": "/9BBTo63ANSmhC4e6r62OJFuK2GL.jpg",
            "id": 693134,
            "title": "Dune: Part Two",
            "original_language": "en",
            "original_title": "Dune: Part Two",
            "overview": "Follow the mythic journey of Paul Atreides.",
            "poster_path": "/1pdfLvkbY9ohJlCjQH2CZjjYVvJ.jpg",
            "media_type": "movie",
            "genre_ids": [878, 12],
            "popularity": 1023.5,
            "release_date": "2024-02-27",
            "video": False,
            "vote_average": 8.2,
            "vote_count": 5123,
        }
    ],
    "total_pages": 500,
    "total_results": 10000,
}


def test_tmdb_trending_blends_in_when_tmdb_answers(api_client, settings, monkeypatch):
    monkeypatch.undo()  # the real TMDb client, over a mocked HTTP layer
    settings.TMDB_API_KEY = "test-key"
    local = Movie.objects.create(tmdb_id=603, title="The Matrix")
    WatchHistory.objects.create(viewer_key="anon-1", movie=local)

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(f"{settings.TMDB_BASE_URL}/trending/movie/week", json=TMDB_TRENDING_WEEK)
        mocked.get(
            f"{settings.TMDB_BASE_URL}/configuration",
            json={"images": {"secure_base_url": "https://image.tmdb.org/t/p/"}},
        )
        mocked.get(
            f"{settings.TMDB_BASE_URL}/genre/movie/list",
            json={"genres": [{"id": 878, "name": "Science Fiction"}, {"id": 12, "name": "Adventure"}]},
        )
        response = api_client.get(URL)

    assert tmdb_ids(response) == [603, 693134]
    assert response.json()["results"][1]["title"] == "Dune: Part Two"
    assert TrendingCache.objects.get(key="trending:week").payload == [
        {"tmdb_id": 603, "score": 0.6},
        {"tmdb_id": 693134, "score": 0.4},
    ]
