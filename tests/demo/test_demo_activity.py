"""The demo catalog after seeding: recent activity (trending moves) and honest release years."""

import datetime
import gzip
import io

import pytest
import time_machine
from django.core.management import call_command

from catalog.models import Movie
from demo import movielens

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 12:00:00+00:00"
MOVIES = """movieId,title,genres
1,Alpha (1994),Drama
2,Bravo (1995),Comedy
3,Charlie (1996),Action
4,Delta (1997),Drama
5,Echo (1998),Comedy
6,Foxtrot (1999),Action
"""
LINKS = "movieId,imdbId,tmdbId\n" + "".join(f"{i},{i:07d},{100 + i}\n" for i in range(1, 7))
# 28 ratings, one user each, in time order: 14 old ones of Alpha and Bravo, 12 of Charlie, Delta
# and Echo, the 2 newest of Foxtrot. Spread over 14 days, each is 12 hours after the one before.
RATED = [1] * 8 + [2] * 6 + [3] * 6 + [4] * 4 + [5] * 2 + [6] * 2


@pytest.fixture
def packed_demo(tmp_path, monkeypatch):
    ratings = "userId,movieId,rating,timestamp\n" + "".join(
        f"{user},{movie},4.0,{1_400_000_000 + user * 60}\n" for user, movie in enumerate(RATED, start=1)
    )
    for name, body in {"movies.csv": MOVIES, "links.csv": LINKS}.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    with gzip.open(tmp_path / "ratings.csv.gz", "wt", encoding="utf-8") as handle:
        handle.write(ratings)
    packed = tmp_path / "demo.jsonl.gz"
    call_command("import_movielens", str(tmp_path), "--pack", str(packed), stdout=io.StringIO())
    monkeypatch.setattr(movielens.read_packed, "__defaults__", (packed,))


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [m["tmdb_id"] for m in response.json()["results"]]


def test_after_seed_demo_trending_day_week_and_popular_are_three_different_lists(packed_demo, api_client):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        day = _ids(api_client.get("/api/movies/trending/", {"time_range": "day"}))
        week = _ids(api_client.get("/api/movies/trending/", {"time_range": "week"}))
        popular = _ids(api_client.get("/api/movies/popular/"))

    assert popular == [101, 102, 103, 104, 105, 106]
    assert day[0] == 106  # only Foxtrot was rated in the last day
    # The movies rated in the last 7 days lead (the newest ratings weigh most), then the rest.
    assert week[:4] == [106, 104, 105, 103]
    assert day[1:] == [101, 102, 103, 104, 105]
    assert len({tuple(day), tuple(week), tuple(popular)}) == 3


def test_recent_ratings_are_deterministic_and_end_at_the_import_time():
    now = datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)
    ratings = [(1, 10, 4.0, 1000), (2, 10, 3.0, 500), (3, 11, 5.0, 2000)]

    dated = movielens.recent_ratings(ratings, now)

    assert dated == movielens.recent_ratings(ratings, now)
    end = int(now.timestamp())
    third = 14 * 86400 // 3
    assert [r[3] for r in dated] == [end - third, end - 2 * third, end]


def test_year_only_titles_get_a_year_and_no_release_date(packed_demo, api_client, gql):
    call_command("seed_demo", stdout=io.StringIO())

    assert Movie.objects.get(tmdb_id=101).release_date is None
    body = api_client.get("/api/movies/101/").json()
    assert (body["release_date"], body["year"]) == (None, 1994)
    answer = gql("{ movie(tmdbId: 101) { releaseDate year } }")
    assert answer == {"data": {"movie": {"releaseDate": None, "year": 1994}}}
    found = api_client.get("/api/movies/search/", {"year": 1995}).json()
    assert [m["tmdb_id"] for m in found["results"]] == [102]
    listed = gql("{ movies(filters: {year: 1996}) { tmdbId } }")
    assert listed == {"data": {"movies": [{"tmdbId": 103}]}}
    newest = gql("{ movies(order: {year: DESC}, pagination: {limit: 2}) { tmdbId year } }")
    assert newest == {"data": {"movies": [{"tmdbId": 106, "year": 1999}, {"tmdbId": 105, "year": 1998}]}}
