"""Diary statistics (engagement.stats) against a hand-computed diary, their queries and their cache."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement import diary, stats
from tests.stats_diary import ALPHA, BETA, GAMMA, STATS_2025, bulk_plays, stats_catalog, stats_diary

pytestmark = pytest.mark.django_db

NEW_YEARS_EVE = datetime.datetime(2026, 12, 31, 12, tzinfo=datetime.UTC)


@pytest.fixture
def logged(user) -> None:
    stats_catalog()
    stats_diary(user)


def _plain(value) -> object:
    """A statistics answer as JSON-like data, numbers and dates as the REST answer writes them."""
    if dataclasses.is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_a_completed_year_against_the_hand_computed_diary(user, logged):
    assert _plain(stats.user_stats(user=user, year=2025)) == STATS_2025


def test_the_first_year_has_no_rewatches_and_its_own_streak(user, logged):
    year = stats.user_stats(user=user, year=2024)

    assert (year.plays, year.films, year.rewatches, year.liked) == (2, 2, 0, 1)
    assert (year.hours, year.plays_without_runtime) == (Decimal("3.5"), 0)
    assert [m.plays for m in year.by_month] == [0] * 11 + [2]
    assert [(r.rating, r.count) for r in year.ratings if r.count] == [(Decimal("4.0"), 1)]
    assert [(a.name, a.plays) for a in year.actors] == [("Ann", 2), ("Bob", 1)]
    assert year.streak == stats.Streak(
        days=2, start=datetime.date(2024, 12, 30), end=datetime.date(2024, 12, 31)
    )
    assert [(f.tmdb_id, f.rating) for f in year.highest_rated] == [(ALPHA, Decimal("4.0"))]


def test_all_time(user, logged):
    ever = stats.user_stats(user=user)

    assert (ever.year, ever.completed, ever.plays, ever.films, ever.rewatches, ever.liked) == (
        None,
        False,
        12,
        3,
        9,
        4,
    )
    assert (ever.hours, ever.plays_without_runtime) == (Decimal("16.0"), 3)
    assert ever.by_month == []
    assert [(y.period, y.plays) for y in ever.by_year] == [(2024, 2), (2025, 10)]
    assert [d.plays for d in ever.by_weekday] == [2, 2, 4, 1, 1, 1, 1]
    assert [(g.slug, g.plays) for g in ever.genres] == [("drama", 9), ("crime", 5), ("comedy", 3)]
    assert [(d.name, d.plays) for d in ever.directors] == [("Dee", 9), ("Eve", 3)]
    assert [(a.name, a.plays) for a in ever.actors] == [("Ann", 9), ("Bob", 8)]
    assert [(d.period, d.plays) for d in ever.decades] == [(1990, 9), (2010, 3)]
    # 2024-12-30 .. 2025-01-01 is as long: the later run is shown
    assert ever.streak == stats.Streak(days=3, start=datetime.date(2025, 3, 3), end=datetime.date(2025, 3, 5))
    assert [f.tmdb_id for f in ever.highest_rated] == [GAMMA, BETA, ALPHA]
    assert stats.stats_years(user=user) == [2025, 2024]


def test_an_empty_diary_is_zeros(user):
    empty = stats.user_stats(user=user, year=2025)

    assert (empty.plays, empty.films, empty.rewatches, empty.liked, empty.hours) == (
        0,
        0,
        0,
        0,
        Decimal("0.0"),
    )
    assert [m.plays for m in empty.by_month] == [0] * 12
    assert [d.plays for d in empty.by_weekday] == [0] * 7
    assert [r.count for r in empty.ratings] == [0] * 9
    assert (empty.genres, empty.directors, empty.actors, empty.decades, empty.highest_rated) == ([],) * 5
    assert empty.streak == stats.Streak(days=0, start=None, end=None)
    assert stats.user_stats(user=user).by_year == []
    assert stats.stats_years(user=user) == []


def test_other_users_plays_never_count(user, other_user, logged):
    diary.diary_log(
        user=other_user, tmdb_id=GAMMA, watched_on=datetime.date(2025, 3, 6), rating=5, liked=True
    )

    assert (
        stats.user_stats(user=user, year=2025).plays,
        stats.user_stats(user=other_user, year=2025).plays,
    ) == (
        10,
        1,
    )
    assert stats.user_stats(user=user, year=2025).streak.days == 3
    assert stats.stats_years(user=other_user) == [2025]


@pytest.mark.parametrize("year", [1869, 2028, -1, 10**6])
def test_a_year_out_of_range_is_refused(user, year):
    with time_machine.travel(NEW_YEARS_EVE, tick=False), pytest.raises(ValidationError) as refused:
        stats.user_stats(user=user, year=year)

    assert refused.value.message_dict == {"year": ["year must be between 1870 and 2027."]}


def test_next_year_in_the_users_zone_is_allowed(user):
    user.time_zone = "Pacific/Kiritimati"  # UTC+14: already 2027 there
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        assert stats.current_year(user) == 2027
        assert stats.user_stats(user=user, year=2028).plays == 0


def test_the_current_year_is_not_completed(user):
    assert stats.user_stats(user=user, year=stats.current_year(user)).completed is False


def _queries(user, year: int | None) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        stats.user_stats(user=user, year=year)
    return len(queries)


@pytest.mark.parametrize(("year", "count"), [(2025, 5), (None, 4)])
def test_the_number_of_queries_does_not_grow_with_plays(user, year, count):
    bulk_plays(user, 5)
    few = _queries(user, year)
    bulk_plays(user, 195)
    many = _queries(user, year)

    assert few == many == count  # a year adds the films played before it


def test_a_cached_answer_costs_no_query_until_the_user_writes(
    user, other_user, logged, django_capture_on_commit_callbacks
):
    before = stats.user_stats(user=user, year=2025)
    with CaptureQueriesContext(connection) as queries:
        assert stats.user_stats(user=user, year=2025) == before
        assert stats.stats_years(user=user) == stats.stats_years(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        diary.diary_log(user=other_user, tmdb_id=ALPHA, watched_on=datetime.date(2025, 5, 5))

    assert len(queries) == 1  # the years, built once
    with CaptureQueriesContext(connection) as queries:
        assert stats.user_stats(user=user, year=2025) == before  # someone else's play leaves it
    assert len(queries) == 0

    with django_capture_on_commit_callbacks(execute=True):
        diary.diary_log(user=user, tmdb_id=ALPHA, watched_on=datetime.date(2025, 5, 5))

    assert stats.user_stats(user=user, year=2025).plays == 11
    assert stats.stats_years(user=user) == [2025, 2024]


def test_the_longest_streak_over_days():
    days = [datetime.date(2025, 1, d) for d in (1, 2, 4, 5, 6, 9)]

    assert stats.longest_streak(days) == stats.Streak(
        days=3, start=datetime.date(2025, 1, 4), end=datetime.date(2025, 1, 6)
    )
    assert stats.longest_streak([datetime.date(2025, 1, 1)]).days == 1
