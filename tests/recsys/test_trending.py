"""Trending engine: signals, windows, TMDb blend, fallback and the cache -> row -> compute read path."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings

from catalog import sync as catalog_sync
from catalog.models import Movie
from engagement.models import Review, WatchHistory
from recsys import trending
from recsys.models import TrendingCache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
WEEK_HALF_LIFE = 48.0
DAY_HALF_LIFE = 6.0


def decay(hours: float, half_life: float = WEEK_HALF_LIFE) -> float:
    return 0.5 ** (hours / half_life)


def make_movie(tmdb_id: int, **fields) -> Movie:
    return Movie.objects.create(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}", **fields)


def add_views(movie: Movie, viewer_keys: list[str], hours_ago: float) -> None:
    for key in viewer_keys:
        WatchHistory.objects.create(viewer_key=key, movie=movie, watched_at=NOW - timedelta(hours=hours_ago))


def add_review(movie: Movie, rating: int, hours_ago: float) -> None:
    Review.objects.create(
        user=UserFactory(), movie=movie, rating=rating, created_at=NOW - timedelta(hours=hours_ago)
    )


def ranking(time_range: str = "week") -> list[tuple[int, float]]:
    entries = trending.compute_trending(time_range=time_range, now=NOW)
    return [(entry["tmdb_id"], entry["score"]) for entry in entries]


@pytest.fixture
def no_tmdb(monkeypatch):
    monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", lambda *, time_range: [])


@pytest.fixture
def tmdb_trending(monkeypatch):
    """Make TMDb's trending list answer ``ids`` and record the windows asked for."""
    calls: list[str] = []

    def install(ids: list[int]) -> list[str]:
        def fake(*, time_range: str) -> list[int]:
            calls.append(time_range)
            return ids

        monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", fake)
        return calls

    return install


def test_unique_viewers_weigh_more_than_replays(no_tmdb):
    replayed = make_movie(1)
    shared = make_movie(2)
    add_views(replayed, ["alice"] * 4, hours_ago=1)
    add_views(shared, ["alice", "bob", "carol"], hours_ago=1)

    replayed_score = 4 * decay(1) + 2 * 1
    shared_score = 3 * decay(1) + 2 * 3
    assert ranking() == [(2, 1.0), (1, round(replayed_score / shared_score, 6))]


def test_recent_views_weigh_more_than_older_ones(no_tmdb):
    older = make_movie(1)
    recent = make_movie(2)
    add_views(older, ["alice", "bob"], hours_ago=30)
    add_views(recent, ["carol", "dave"], hours_ago=1)

    older_score = 2 * decay(30) + 2 * 2
    recent_score = 2 * decay(1) + 2 * 2
    assert ranking() == [(2, 1.0), (1, round(older_score / recent_score, 6))]


def test_ratings_count_by_number_and_mean(no_tmdb):
    loved = make_movie(1)
    panned = make_movie(2)
    single = make_movie(3)
    for _ in range(2):
        add_review(loved, 5, hours_ago=2)
        add_review(panned, 1, hours_ago=2)
    add_review(single, 5, hours_ago=2)
    add_review(panned, 5, hours_ago=24 * 8)  # before the week window: ignored

    loved_score = 3 * 2 * decay(2)
    assert ranking() == [
        (1, 1.0),
        (3, round(3 * decay(2) / loved_score, 6)),
        (2, round(3 * 2 * decay(2) / 5 / loved_score, 6)),
    ]


def test_day_window_sees_only_the_last_24_hours(no_tmdb):
    last_week = make_movie(1)
    today = make_movie(2)
    add_views(last_week, ["a", "b", "c", "d", "e"], hours_ago=72)
    add_views(today, ["f"], hours_ago=2)

    assert ranking("day") == [(2, 1.0), (1, 0.0)]  # last week's movie only pads the list
    week_scores = {"last_week": 5 * decay(72) + 2 * 5, "today": decay(2) + 2}
    assert ranking("week") == [(1, 1.0), (2, round(week_scores["today"] / week_scores["last_week"], 6))]


def test_day_window_decays_faster(no_tmdb):
    movie = make_movie(1)
    add_views(movie, ["alice"], hours_ago=6)

    assert trending.local_scores(time_range="day", now=NOW) == {1: decay(6, DAY_HALF_LIFE) + 2}
    assert trending.local_scores(time_range="week", now=NOW) == {1: decay(6) + 2}


def test_anonymous_views_count_viewers_by_key(no_tmdb):
    movie = make_movie(1)
    add_views(movie, ["anon-1", "anon-1", "anon-2"], hours_ago=3)

    assert trending.local_scores(time_range="week", now=NOW) == {1: 3 * decay(3) + 2 * 2}


def test_events_after_now_are_ignored(no_tmdb):
    movie = make_movie(1)
    add_views(movie, ["alice"], hours_ago=-2)

    assert trending.local_scores(time_range="day", now=NOW) == {}


def test_tmdb_trending_blends_by_rank(tmdb_trending):
    local = make_movie(10)
    make_movie(20)
    make_movie(30)
    add_views(local, ["alice"], hours_ago=1)
    calls = tmdb_trending([20, 999, 30])  # 999 is not in the local catalog: skipped

    assert ranking("day") == [(10, 0.6), (20, 0.4), (30, 0.2)]
    assert calls == ["day"]


def test_tmdb_rank_adds_to_local_signal(tmdb_trending):
    both = make_movie(10)
    local_only = make_movie(20)
    add_views(both, ["alice"], hours_ago=1)
    add_views(local_only, ["bob", "carol"], hours_ago=1)
    tmdb_trending([10])

    both_local = (decay(1) + 2) / (2 * decay(1) + 4)
    assert ranking() == [(10, round(0.6 * both_local + 0.4, 6)), (20, 0.6)]


def test_quiet_window_falls_back_to_all_time_signal_and_popularity(no_tmdb):
    make_movie(1, rating_count=3, popularity_score=1.0)
    make_movie(2, rating_count=10, popularity_score=0.5)
    make_movie(3, rating_count=0, popularity_score=80.0)
    make_movie(4, rating_count=0, popularity_score=90.0)
    add_views(Movie.objects.get(tmdb_id=3), ["alice"], hours_ago=24 * 30)  # outside both windows

    assert ranking("day") == [(2, 0.0), (1, 0.0), (4, 0.0), (3, 0.0)]


def test_tmdb_alone_ranks_a_quiet_window(tmdb_trending):
    make_movie(1, rating_count=5)
    make_movie(2)
    tmdb_trending([2])

    assert ranking() == [(2, 0.4), (1, 0.0)]


def test_empty_catalog_has_no_trending(no_tmdb):
    assert ranking() == []


def test_list_is_cut_at_top_n(no_tmdb, settings):
    settings.TRENDING = {**settings.TRENDING, "TOP_N": 2}
    for tmdb_id in (1, 2, 3):
        add_views(make_movie(tmdb_id), ["alice"] * tmdb_id, hours_ago=1)

    assert [tmdb_id for tmdb_id, _ in ranking()] == [3, 2]


def test_weights_come_from_settings(no_tmdb, settings):
    settings.TRENDING = {**settings.TRENDING, "VIEW_WEIGHT": 0.0, "VIEWER_WEIGHT": 0.0, "RATING_WEIGHT": 1.0}
    movie = make_movie(1)
    add_views(movie, ["alice"], hours_ago=1)
    add_review(movie, 4, hours_ago=1)

    assert trending.local_scores(time_range="week", now=NOW) == {1: decay(1) * 4 / 5}


# --- Reading: cache -> stored row -> compute ---------------------------------------------------


def test_read_from_the_cache_costs_no_query(no_tmdb, django_assert_num_queries):
    cache.set("trending:week", [{"tmdb_id": 5, "score": 1.0}, {"tmdb_id": 7, "score": 0.5}])

    with django_assert_num_queries(0):
        assert trending.trending_ids(time_range="week", limit=20) == [5, 7]
    assert trending.trending_ids(time_range="week", limit=1) == [5]


def test_read_falls_back_to_a_fresh_row_and_primes_the_cache(no_tmdb, django_assert_num_queries):
    payload = [{"tmdb_id": 5, "score": 1.0}]
    TrendingCache.objects.create(key="trending:day", payload=payload, ttl=600)

    with django_assert_num_queries(1):
        assert trending.trending_ids(time_range="day", limit=20) == [5]
    assert cache.get("trending:day") == payload


def test_stale_row_is_recomputed(no_tmdb):
    make_movie(42)
    with time_machine.travel(NOW - timedelta(hours=3), tick=False):
        TrendingCache.objects.create(key="trending:week", payload=[{"tmdb_id": 5, "score": 1.0}], ttl=3600)

    with time_machine.travel(NOW, tick=False):
        assert trending.trending_ids(time_range="week", limit=20) == [42]
    assert TrendingCache.objects.get(key="trending:week").payload == [{"tmdb_id": 42, "score": 0.0}]


def test_miss_everywhere_computes_and_stores(no_tmdb, settings):
    add_views(make_movie(1), ["alice"], hours_ago=1)
    make_movie(2, popularity_score=5.0)

    expected = [{"tmdb_id": 1, "score": 1.0}, {"tmdb_id": 2, "score": 0.0}]
    with time_machine.travel(NOW, tick=False):
        assert trending.trending_ids(time_range="day", limit=20) == [1, 2]
        assert cache.get("trending:day") == expected

    row = TrendingCache.objects.get(key="trending:day")
    assert (row.payload, row.ttl) == (expected, settings.TRENDING["CACHE_TTL"])


DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


def test_dead_cache_reads_the_stored_row_then_computes(no_tmdb):
    make_movie(1)
    TrendingCache.objects.create(key="trending:week", payload=[{"tmdb_id": 9, "score": 1.0}], ttl=600)

    with override_settings(CACHES=DEAD_REDIS):
        assert trending.trending_ids(time_range="week", limit=20) == [9]
        assert trending.trending_ids(time_range="day", limit=20) == [1]
    assert TrendingCache.objects.get(key="trending:day").payload == [{"tmdb_id": 1, "score": 0.0}]


@pytest.mark.parametrize(
    ("time_range", "limit", "errors"),
    [
        ("month", 20, {"time_range": ['time_range must be "day" or "week".']}),
        ("week", 0, {"limit": ["limit must be between 1 and 100."]}),
        ("day", 101, {"limit": ["limit must be between 1 and 100."]}),
    ],
)
def test_bad_requests_are_refused_before_any_work(time_range, limit, errors, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(ValidationError) as raised:
        trending.trending_ids(time_range=time_range, limit=limit)
    assert raised.value.message_dict == errors
    assert TrendingCache.objects.count() == 0
