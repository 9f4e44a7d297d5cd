"""The diary on REST: CRUD, cursor pages with next/previous links, filters, tags, errors, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from engagement import diary
from engagement.models import DiaryEntry, Review, WatchHistory
from tests.errors import messages
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

URL = "/api/user/diary/"
NOT_FOUND = {None: ["Not found."]}
NO_CREDENTIALS = {None: ["Authentication credentials were not provided."]}


@pytest.fixture(autouse=True)
def _catalog(db, settings):
    settings.TMDB_API_KEY = ""
    for tmdb_id in range(600, 660):
        MovieRefFactory(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}")


def _written() -> tuple[int, int, int]:
    return DiaryEntry.objects.count(), WatchHistory.objects.count(), Review.objects.count()


def test_log_a_play_for_a_tokyo_user(auth_client, user):
    user.time_zone = "Asia/Tokyo"
    user.save(update_fields=["time_zone"])

    response = auth_client.post(
        URL,
        {"tmdb_id": 603, "watched_at": "2026-03-01T16:00:00Z", "rating": 4, "liked": True, "tags": ["IMAX"]},
        format="json",
    )

    body = response.json()
    assert response.status_code == 201
    assert {
        key: body[key] for key in ("tmdb_id", "title", "watched_on", "watched_at", "rating", "rewatch")
    } == {
        "tmdb_id": 603,
        "title": "Movie 603",
        "watched_on": "2026-03-02",
        "watched_at": "2026-03-01T16:00:00Z",
        "rating": 4.0,
        "rewatch": False,
    }
    assert body["tags"] == [{"name": "IMAX", "slug": "imax"}]
    assert Review.objects.get(user=user).rating == Decimal("4.0")


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        ({"rating": 4.3}, {"rating": [diary.services.BAD_RATING]}),
        ({"rating": True}, {"rating": ["A valid number is required."]}),
        ({"watched_on": "1869-12-31"}, {"watched_on": [diary.TOO_EARLY]}),
        ({"watched_on": "2999-01-01"}, {"watched_on": [diary.TOO_LATE]}),
        ({"watched_at": "2026-03-01T12:00:00"}, {"watched_at": [diary.NAIVE]}),
        (
            {"watched_on": "2026-03-01", "watched_at": "2026-03-01T12:00:00Z"},
            {"watched_at": [diary.BOTH_WHEN]},
        ),
        ({"tags": ["a" * 51]}, {"tags": [diary.LONG_TAG]}),
        ({"tags": "solo"}, {"tags": ['Expected a list of items but got type "str".']}),
        (
            {"review": "x" * 5001},
            {"review": ["Ensure this value has at most 5000 characters (it has 5001)."]},
        ),
        ({"tmdb_id": -1}, {"tmdb_id": ["A TMDb id is a positive integer."]}),
    ],
)
def test_bad_input_is_a_400_on_its_field_and_writes_nothing(auth_client, sent, errors):
    response = auth_client.post(URL, {"tmdb_id": 603, **sent}, format="json")

    assert (response.status_code, messages(response)) == (400, errors)
    assert _written() == (0, 0, 0)


def test_an_unknown_movie_is_404(auth_client):
    response = auth_client.post(URL, {"tmdb_id": 27205}, format="json")

    assert response.status_code == 404
    assert _written() == (0, 0, 0)


def test_read_change_and_delete_a_play(auth_client, user):
    play = auth_client.post(
        URL, {"tmdb_id": 603, "watched_on": "2026-01-01", "rating": 3}, format="json"
    ).json()
    detail = f"{URL}{play['id']}/"

    read = auth_client.get(detail).json()
    changed = auth_client.patch(detail, {"review": "Better twice.", "spoiler": True}, format="json").json()
    deleted = auth_client.delete(detail)

    assert read == play
    assert (changed["review"], changed["spoiler"], changed["rating"]) == ("Better twice.", True, 3.0)
    assert deleted.status_code == 204
    assert _written() == (0, 0, 1)  # the movie's rating stays


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_users_play_is_404_like_a_missing_one(auth_client, other_user, method):
    theirs = diary.diary_log(user=other_user, tmdb_id=603, liked=True)

    found = getattr(auth_client, method)(f"{URL}{theirs.pk}/", {"liked": False}, format="json")
    missing = getattr(auth_client, method)(f"{URL}00000000-0000-0000-0000-000000000000/", {}, format="json")

    assert (found.status_code, messages(found)) == (404, NOT_FOUND)
    assert (missing.status_code, messages(missing)) == (404, NOT_FOUND)
    theirs.refresh_from_db()
    assert theirs.liked is True


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", URL),
        ("post", URL),
        ("get", f"{URL}tags/"),
        ("delete", f"{URL}00000000-0000-0000-0000-000000000000/"),
    ],
)
def test_anonymous_callers_are_401(method, url):
    response = getattr(APIClient(), method)(url, {"tmdb_id": 603}, format="json")

    assert (response.status_code, messages(response)) == (401, NO_CREDENTIALS)
    assert _written() == (0, 0, 0)


def _fill(user, count: int) -> list[DiaryEntry]:
    start = datetime.date(2025, 1, 1)
    return [
        diary.diary_log(
            user=user,
            tmdb_id=600 + n % 30,
            watched_on=start + datetime.timedelta(days=n),
            rating=4 if n % 2 else None,
            liked=n % 3 == 0,
            tags=["Cinema", f"friend {n % 3}"],
        )
        for n in range(count)
    ]


def test_the_diary_pages_newest_first_with_next_and_previous_links(auth_client, user):
    plays = _fill(user, 5)
    newest = [str(play.pk) for play in reversed(plays)]

    first = auth_client.get(URL, {"page_size": 2}).json()
    second = auth_client.get(first["next"]).json()
    back = auth_client.get(second["previous"]).json()

    assert [row["id"] for row in first["results"]] == newest[:2]
    assert first["previous"] is None
    assert [row["id"] for row in second["results"]] == newest[2:4]
    assert second["next"].startswith("http://testserver/api/user/diary/?")
    assert back == first | {"next": back["next"]}
    assert [row["id"] for row in back["results"]] == newest[:2]
    assert [row["rewatch"] for row in auth_client.get(URL).json()["results"]] == [False] * 5


def test_the_diary_filters(auth_client, user):
    _fill(user, 6)

    def dates(**query) -> list[str]:
        return [row["watched_on"] for row in auth_client.get(URL, query).json()["results"]]

    assert dates(year=2025, month=1, rating=4) == ["2025-01-06", "2025-01-04", "2025-01-02"]
    assert dates(tag="FRIEND 0", liked="true") == ["2025-01-04", "2025-01-01"]
    assert dates(year=2024) == []


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"after": "bm90LW91cnM"}, {"after": ["This cursor is not one this list gave out."]}),
        ({"page_size": 0}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        ({"month": 2}, {"month": [diary.MONTH_NEEDS_YEAR]}),
        ({"year": "soon"}, {"year": ["A valid integer is required."]}),
        ({"rating": 0.5}, {"rating": [diary.services.BAD_RATING]}),
    ],
)
def test_a_bad_cursor_or_filter_is_a_400_naming_it(auth_client, query, errors):
    response = auth_client.get(URL, query)

    assert (response.status_code, messages(response)) == (400, errors)


def test_diary_tags_with_their_plays(auth_client, user):
    _fill(user, 4)

    response = auth_client.get(f"{URL}tags/", {"page_size": 2})
    rest = auth_client.get(response.json()["next"]).json()

    assert response.json()["results"] == [
        {"name": "Cinema", "slug": "cinema", "plays": 4},
        {"name": "friend 0", "slug": "friend 0", "plays": 2},
    ]
    assert rest["results"] == [
        {"name": "friend 1", "slug": "friend 1", "plays": 1},
        {"name": "friend 2", "slug": "friend 2", "plays": 1},
    ]
    assert rest["next"] is None


def _queries(client, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"page_size": size})
    assert len(response.json()["results"]) == size
    return len(queries)


def test_a_page_of_50_costs_the_queries_of_a_page_of_5(auth_client, user):
    _fill(user, 50)

    # the page with its movies and rewatch flags, then the tags of its plays
    assert _queries(auth_client, 50) == _queries(auth_client, 5) == 2
