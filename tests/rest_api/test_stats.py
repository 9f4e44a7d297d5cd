"""Diary statistics on REST: every figure of the hand-computed diary, sign-in, bad years, cache, queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from engagement import stats
from engagement.models import DiaryEntry
from tests.errors import messages
from tests.stats_diary import ALPHA, STATS_2025, bulk_plays, stats_catalog, stats_diary

pytestmark = pytest.mark.django_db

URL = "/api/user/stats/"
YEARS = "/api/user/stats/years/"


@pytest.fixture
def logged(user) -> None:
    stats_catalog()
    stats_diary(user)


def test_every_figure_of_a_year_in_review(auth_client, logged):
    response = auth_client.get(URL, {"year": 2025})

    assert (response.status_code, response.json()) == (200, STATS_2025)
    assert auth_client.get(YEARS).json() == {"years": [2025, 2024]}


def test_all_time_by_year(auth_client, logged):
    ever = auth_client.get(URL).json()

    assert (ever["year"], ever["plays"], ever["rewatches"], ever["hours"], ever["by_month"]) == (
        None,
        12,
        9,
        16.0,
        [],
    )
    assert ever["by_year"] == [{"period": 2024, "plays": 2}, {"period": 2025, "plays": 10}]


def test_an_empty_diary_is_zeros_not_errors(auth_client):
    body = auth_client.get(URL, {"year": 2025}).json()

    assert (body["plays"], body["hours"], body["genres"]) == (0, 0.0, [])
    assert [month["plays"] for month in body["by_month"]] == [0] * 12
    assert auth_client.get(YEARS).json() == {"years": []}


@pytest.mark.parametrize("url", [URL, YEARS])
def test_anonymous_callers_are_401(url):
    response = APIClient().get(url)

    assert (response.status_code, messages(response)) == (
        401,
        {None: ["Authentication credentials were not provided."]},
    )


@pytest.mark.parametrize("year", ["1869", "next+1", "abc", "2025.5", "-1"])
def test_a_bad_year_is_a_400_naming_it_and_writes_nothing(auth_client, user, logged, year):
    last = stats.current_year(user) + 1
    sent = str(last + 1) if year == "next+1" else year

    response = auth_client.get(URL, {"year": sent})

    expected = (
        f"year must be between 1870 and {last}."
        if year in ("1869", "next+1", "-1")
        else "A valid integer is required."
    )
    assert (response.status_code, messages(response)) == (400, {"year": [expected]})
    assert DiaryEntry.objects.count() == 12


def test_nobody_else_gets_your_stats_and_your_play_shows_at_once(
    auth_client, logged, other_user, django_capture_on_commit_callbacks
):
    theirs = APIClient()
    theirs.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(other_user).access}")
    assert auth_client.get(URL, {"year": 2025}).json()["plays"] == 10
    assert theirs.get(URL, {"year": 2025}).json()["plays"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        theirs.post("/api/user/diary/", {"tmdb_id": ALPHA, "watched_on": "2025-05-05"}, format="json")
    assert auth_client.get(URL, {"year": 2025}).json()["plays"] == 10
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.post("/api/user/diary/", {"tmdb_id": ALPHA, "watched_on": "2025-05-05"}, format="json")

    assert auth_client.get(URL, {"year": 2025}).json()["plays"] == 11
    assert theirs.get(URL, {"year": 2025}).json()["plays"] == 1
    assert theirs.get(YEARS).json() == {"years": [2025]}


def _queries(client, url: str, query: dict) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("url", "query", "count"), [(URL, {"year": 2025}, 6), (URL, {}, 5), (YEARS, {}, 2)])
def test_200_plays_cost_the_queries_of_5(auth_client, user, url, query, count):
    bulk_plays(user, 5)
    few = _queries(auth_client, url, query)
    bulk_plays(user, 195)

    # the user row, then the statistics (five with a year, four for all time) or the years
    assert few == _queries(auth_client, url, query) == count
