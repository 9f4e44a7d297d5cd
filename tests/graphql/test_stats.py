"""Diary statistics on GraphQL: every figure of the hand-computed diary, sign-in, bad years, cache, costs."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from engagement import stats
from tests.stats_diary import ALPHA, STATS_2025, bulk_plays, stats_catalog, stats_diary

pytestmark = pytest.mark.django_db

STATS = """query($year: Int) { diaryStats(year: $year) {
  year completed films plays rewatches liked hours playsWithoutRuntime
  byMonth { period plays } byYear { period plays } byWeekday { period plays } ratings { rating count }
  genres { name slug plays } directors { name tmdbId plays } actors { name tmdbId plays }
  decades { period plays } streak { days start end } highestRated { tmdbId title rating lastPlayedOn }
} diaryStatsYears }"""
LOG = "mutation($id: Int!, $on: Date) { logPlay(tmdbId: $id, watchedOn: $on) { ... on DiaryEntry { id } } }"


def _camel(value):
    """The REST-shaped expectation with GraphQL's field names."""
    if isinstance(value, list):
        return [_camel(item) for item in value]
    if isinstance(value, dict):
        return {_camel_name(key): _camel(item) for key, item in value.items()}
    return value


def _camel_name(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.fixture
def logged(user) -> None:
    stats_catalog()
    stats_diary(user)


def test_every_figure_of_a_year_in_review(gql, logged, access_token):
    data = gql(STATS, {"year": 2025}, access_token)["data"]

    assert data == {"diaryStats": _camel(STATS_2025), "diaryStatsYears": [2025, 2024]}


def test_all_time_by_year(gql, logged, access_token):
    ever = gql(STATS, token=access_token)["data"]["diaryStats"]

    assert (ever["year"], ever["plays"], ever["hours"], ever["byMonth"]) == (None, 12, 16.0, [])
    assert ever["byYear"] == [{"period": 2024, "plays": 2}, {"period": 2025, "plays": 10}]


def test_an_empty_diary_is_zeros_not_errors(gql, access_token):
    data = gql(STATS, {"year": 2025}, access_token)["data"]

    assert (data["diaryStats"]["plays"], data["diaryStats"]["streak"]) == (
        0,
        {"days": 0, "start": None, "end": None},
    )
    assert data["diaryStatsYears"] == []


def test_anonymous_callers_are_refused(gql):
    answer = gql(STATS, {"year": 2025})

    assert answer["data"] is None
    assert {e["extensions"]["code"] for e in answer["errors"]} == {"FORBIDDEN"}


@pytest.mark.parametrize("offset", [1, -1000])
def test_a_year_out_of_range_is_bad_user_input(gql, user, access_token, offset):
    last = stats.current_year(user) + 1
    year = last + offset if offset > 0 else 1869

    errors = gql(STATS, {"year": year}, access_token)["errors"]

    assert [(e["message"], e["extensions"]["code"]) for e in errors] == [
        (f"year must be between 1870 and {last}.", "BAD_USER_INPUT")
    ]


def test_nobody_else_gets_your_stats_and_your_play_shows_at_once(
    gql, logged, other_user, access_token, django_capture_on_commit_callbacks
):
    theirs = token_pair_for(other_user).access
    assert gql(STATS, {"year": 2025}, access_token)["data"]["diaryStats"]["plays"] == 10
    assert gql(STATS, {"year": 2025}, theirs)["data"]["diaryStats"]["plays"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        gql(LOG, {"id": ALPHA, "on": "2025-05-05"}, theirs)
    assert gql(STATS, {"year": 2025}, access_token)["data"]["diaryStats"]["plays"] == 10
    with django_capture_on_commit_callbacks(execute=True):
        gql(LOG, {"id": ALPHA, "on": "2025-05-05"}, access_token)

    assert gql(STATS, {"year": 2025}, access_token)["data"]["diaryStats"]["plays"] == 11
    assert gql(STATS, {"year": 2025}, theirs)["data"]["diaryStats"]["plays"] == 1


def _queries(gql, token, year: int | None) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert "errors" not in gql(STATS, {"year": year}, token)
    return len(queries)


@pytest.mark.parametrize(("year", "count"), [(2025, 7), (None, 6)])
def test_200_plays_cost_the_queries_of_5(gql, user, access_token, year, count):
    bulk_plays(user, 5)
    few = _queries(gql, access_token, year)
    bulk_plays(user, 195)

    # the user row, the statistics (five with a year, four for all time), the years
    assert few == _queries(gql, access_token, year) == count


def test_the_costs_of_the_statistics_lists(gql_with_cost, access_token):
    query = "{ diaryStats { byMonth { plays } genres { name } streak { days } } diaryStatsYears }"

    cost = gql_with_cost(query, token=access_token)["extensions"]["cost"]

    # the ranking weight, the stats object, 12 months, 10 genres, the streak; the years are scalars
    assert cost["requested"] == 5 + 1 + 12 + 10 + 1
