"""GraphQL `trending`: windows, limits, bad input and a flat query count."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import sync as catalog_sync
from catalog.models import Movie
from engagement.models import FavoriteMovie, WatchHistory
from recsys.models import TrendingCache
from tests.factories import movie_with_credits

pytestmark = pytest.mark.django_db

NESTED = """
query Trending($timeRange: TimeRange, $limit: Int) {
  trending(timeRange: $timeRange, limit: $limit) {
    tmdbId title averageRating isFavorite inWatchlist
    genres { name slug }
    cast { characterName person { name } }
    directors { name }
  }
}
"""


@pytest.fixture(autouse=True)
def _no_tmdb(monkeypatch):
    monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", lambda *, time_range: [])


def precompute(time_range: str, tmdb_ids: list[int]) -> None:
    cache.set(f"trending:{time_range}", [{"tmdb_id": i, "score": 1.0} for i in tmdb_ids])


def titles(result: dict) -> list[str]:
    assert "errors" not in result, result
    return [movie["title"] for movie in result["data"]["trending"]]


def test_trending_defaults_to_the_week_and_20_movies(gql):
    for tmdb_id in range(1, 26):
        Movie.objects.create(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}")
    precompute("week", list(range(25, 0, -1)))
    precompute("day", [1])

    result = gql("{ trending { tmdbId title } }")

    assert titles(result) == [f"Movie {i}" for i in range(25, 5, -1)]


def test_trending_day_window_from_live_views(gql):
    movie_with_credits(tmdb_id=603, title="The Matrix")
    movie_with_credits(tmdb_id=550, title="Fight Club")
    WatchHistory.objects.create(viewer_key="anon-1", movie_id=550)

    result = gql(NESTED, {"timeRange": "DAY", "limit": 2})

    assert result["data"]["trending"][0] == {
        "tmdbId": 550,
        "title": "Fight Club",
        "averageRating": None,
        "isFavorite": False,
        "inWatchlist": False,
        "genres": [{"name": "Crime", "slug": "crime"}, {"name": "Drama", "slug": "drama"}],
        "cast": [{"characterName": "Lead", "person": {"name": "Actor 550"}}],
        "directors": [{"name": "Director 550"}],
    }
    assert titles(result) == ["Fight Club", "The Matrix"]
    assert TrendingCache.objects.get(key="trending:day").payload[0] == {"tmdb_id": 550, "score": 1.0}


def test_trending_marks_the_viewers_favorites(gql, user, access_token):
    favorite = movie_with_credits(tmdb_id=603, title="The Matrix")
    movie_with_credits(tmdb_id=550, title="Fight Club")
    FavoriteMovie.objects.create(user=user, movie=favorite)
    precompute("week", [550, 603])

    result = gql("{ trending { tmdbId isFavorite } }", token=access_token)

    assert result["data"]["trending"] == [
        {"tmdbId": 550, "isFavorite": False},
        {"tmdbId": 603, "isFavorite": True},
    ]


def test_trending_skips_ids_missing_from_the_catalog(gql):
    Movie.objects.create(tmdb_id=603, title="The Matrix")
    precompute("week", [999, 603])

    assert titles(gql("{ trending { title } }")) == ["The Matrix"]


@pytest.mark.parametrize("limit", [0, 101, -5])
def test_limit_out_of_range_is_an_error(gql, limit):
    result = gql("query($limit: Int) { trending(limit: $limit) { title } }", {"limit": limit})

    assert result["data"] is None
    assert [error["message"] for error in result["errors"]] == ["limit must be between 1 and 100."]
    assert TrendingCache.objects.count() == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ trending(timeRange: MONTH) { title } }", "Value 'MONTH' does not exist in 'TimeRange' enum."),
        (
            '{ trending(timeRange: "day") { title } }',
            "Enum 'TimeRange' cannot represent non-enum value: \"day\". Did you mean the enum value 'DAY'?",
        ),
        ('{ trending(limit: "abc") { title } }', 'Int cannot represent non-integer value: "abc"'),
        ("{ trending(limit: null) { title } }", "Expected value of non-null type 'Int!' not to be None."),
    ],
)
def test_malformed_arguments_are_refused(gql, query, message):
    result = gql(query)

    assert result["data"] is None
    assert result["errors"][0]["message"] == message


def count_queries(gql, count: int, token: str) -> int:
    Movie.objects.all().delete()
    ids = [movie_with_credits(tmdb_id=tmdb_id).tmdb_id for tmdb_id in range(1, count + 1)]
    precompute("week", ids)
    with CaptureQueriesContext(connection) as queries:
        result = gql(NESTED, {"limit": 100}, token=token)
    assert len(result["data"]["trending"]) == count
    return len(queries)


@pytest.mark.usefixtures("uncached_payloads")
def test_query_count_does_not_grow_with_the_number_of_movies(gql, access_token):
    # their dismissals, movies, genres, directors with their people, cast with people,
    # the viewer's state of movies: favorites, watchlist and dismissals in one query, ratings, diary
    # plays, lists (the user comes from the user cache)
    assert count_queries(gql, 5, access_token) == 9
    assert count_queries(gql, 50, access_token) == 9
