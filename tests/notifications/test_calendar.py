"""The calendar feed (RFC 5545) at its secret URL, and getting or rotating that URL on both surfaces."""

import datetime
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from rest_framework.test import APIClient

from notifications.models import CalendarFeed, Kind
from tests.errors import messages
from tests.factories import MovieRefFactory, NotificationFactory, WatchlistItemFactory

pytestmark = pytest.mark.django_db

LINK = "/api/user/calendar/"
ROTATE = "/api/user/calendar/rotate/"
ME = "{ me { calendarUrl } }"
ROTATE_MUTATION = (
    "mutation { rotateCalendarToken { ... on CalendarLink { url }"
    " ... on OperationInfo { messages { kind message } } } }"
)


def _path(url: str) -> str:
    return urlparse(url).path


def _feed(path: str, **headers):
    return APIClient().get(path, **headers)


def _events(response) -> dict[str, tuple[datetime.date, str]]:
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["UID"]): (event.decoded("DTSTART"), str(event["SUMMARY"]))
        for event in calendar.walk("VEVENT")
    }


def test_the_feed_holds_watchlist_releases_and_new_availability(auth_client, user):
    matrix = MovieRefFactory(tmdb_id=603, title="The Matrix", release_date=datetime.date(1999, 3, 31))
    dune = MovieRefFactory(tmdb_id=693134, title="Dune: Part Two", release_date=datetime.date(2024, 2, 27))
    undated = MovieRefFactory(tmdb_id=999_001, title="Untitled", release_date=None)
    for movie in (matrix, dune, undated):
        WatchlistItemFactory(user=user, movie=movie)
    NotificationFactory(
        recipient=user,
        movie=matrix,
        kind=Kind.AVAILABLE_ON_SERVICE,
        dedupe_key="available_on_service:603:US:8",
        payload={"provider_id": 8, "provider_name": "Netflix", "region": "US", "monetization": "flatrate"},
        created_at=datetime.datetime(2026, 3, 5, 14, 0, tzinfo=datetime.UTC),
    )
    NotificationFactory(recipient=user, movie=dune)  # released: shown by its release event already
    WatchlistItemFactory(movie=MovieRefFactory(release_date=datetime.date(2026, 1, 1)))  # someone else's

    url = auth_client.get(LINK).json()["url"]
    response = _feed(_path(url))
    again = _feed(_path(url))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert _events(response) == {
        "release-603@moviverse": (datetime.date(1999, 3, 31), "Release: The Matrix"),
        "release-693134@moviverse": (datetime.date(2024, 2, 27), "Release: Dune: Part Two"),
        "available-603-US-8@moviverse": (datetime.date(2026, 3, 5), "Now on Netflix: The Matrix"),
    }
    assert _events(again) == _events(response)  # stable UIDs: a calendar app updates, never duplicates
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(days=1)  # all day


def test_the_url_is_made_once_and_is_the_same_on_both_surfaces(auth_client, gql, user, access_token):
    rest = auth_client.get(LINK)
    graphql = gql(ME, token=access_token)["data"]["me"]["calendarUrl"]

    assert rest.json()["url"] == graphql == auth_client.get(LINK).json()["url"]
    assert rest["Cache-Control"] == "private, no-store"
    assert _path(graphql).startswith("/api/calendar/") and _path(graphql).endswith(".ics")
    assert CalendarFeed.objects.count() == 1


@pytest.mark.parametrize("surface", ["rest", "graphql"])
def test_rotating_ends_the_old_url_at_once(auth_client, gql, access_token, surface):
    old = _path(auth_client.get(LINK).json()["url"])

    if surface == "rest":
        new = auth_client.post(ROTATE).json()["url"]
    else:
        new = gql(ROTATE_MUTATION, token=access_token)["data"]["rotateCalendarToken"]["url"]

    gone = _feed(old)
    assert (gone.status_code, messages(gone)) == (404, {None: ["Not found."]})
    assert _feed(_path(new)).status_code == 200
    assert auth_client.get(LINK).json()["url"] == new


@pytest.mark.parametrize(
    "token",
    [
        "x" * 65,  # the right length, no such calendar
        "short",
        "a" * 300,
        "%27%20OR%201%3D1",
    ],
)
def test_unknown_or_malformed_tokens_are_404(auth_client, token):
    auth_client.get(LINK)

    response = _feed(f"/api/calendar/{token}.ics", HTTP_ACCEPT="text/calendar")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_right_lookup_with_a_wrong_secret_is_404(auth_client):
    token = _path(auth_client.get(LINK).json()["url"]).split("/")[-1].removesuffix(".ics")
    forged = token[:22] + ("A" if token[22] != "A" else "B") + token[23:]

    assert _feed(f"/api/calendar/{forged}.ics").status_code == 404


def test_the_feed_needs_no_credentials_and_ignores_a_bad_one(auth_client):
    path = _path(auth_client.get(LINK).json()["url"])

    assert _feed(path, HTTP_AUTHORIZATION="Bearer forged.token.value").status_code == 200
    assert _feed(path, HTTP_ACCEPT="text/calendar").status_code == 200


def test_guessing_calendar_urls_from_one_address_is_cut_off(auth_client, throttle_rates):
    throttle_rates(calendar_ip="3/min")
    path = _path(auth_client.get(LINK).json()["url"])
    guesses = [_feed(f"/api/calendar/{'x' * 65}.ics").status_code for _ in range(3)]

    refused = _feed(path)

    assert guesses == [404, 404, 404]
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert int(refused["Retry-After"]) > 0


def test_a_deactivated_users_calendar_is_404(auth_client, user):
    path = _path(auth_client.get(LINK).json()["url"])
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert _feed(path).status_code == 404


def test_the_feed_is_bounded(auth_client, user, settings):
    settings.CALENDAR_MAX_EVENTS = 3
    for n in range(5):
        WatchlistItemFactory(user=user, movie=MovieRefFactory(release_date=datetime.date(2026, 1, 1 + n)))

    events = _events(_feed(_path(auth_client.get(LINK).json()["url"])))

    assert len(events) == 3


def _feed_queries(path: str, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert len(_events(_feed(path))) == size
    return len(queries)


def test_a_feed_of_50_events_costs_the_queries_of_a_feed_of_5(auth_client, user):
    path = _path(auth_client.get(LINK).json()["url"])
    for n in range(5):
        WatchlistItemFactory(user=user, movie=MovieRefFactory(release_date=datetime.date(2026, 1, 1 + n)))
        NotificationFactory(recipient=user, kind=Kind.AVAILABLE_ON_SERVICE, payload={"provider_id": n})
    few = _feed_queries(path, 10)
    for n in range(45):
        WatchlistItemFactory(
            user=user, movie=MovieRefFactory(release_date=datetime.date(2025, 1, 1 + n % 28))
        )
        NotificationFactory(recipient=user, kind=Kind.AVAILABLE_ON_SERVICE, payload={"provider_id": n})

    # the owner by the token, the watchlist's releases, the availability notifications
    assert _feed_queries(path, 100) == few == 3


def test_anonymous_callers_get_no_url_and_rotate_nothing(gql):
    rest = APIClient()

    assert rest.get(LINK).status_code == 401
    assert rest.post(ROTATE).status_code == 401
    assert gql(ME)["data"] == {"me": None}
    assert gql(ROTATE_MUTATION)["data"]["rotateCalendarToken"]["messages"][0]["kind"] == "PERMISSION"
    assert not CalendarFeed.objects.exists()
