"""A user's calendar (RFC 5545): their watchlist's release dates and what became available to them.

The feed is read at a secret URL without credentials, so calendar apps can subscribe to it.
Its token is a public lookup id followed by a secret; the row is found by the id and the
secret compared in constant time. Rotating replaces both: the old URL stops working at once.
Events are all-day, each with a UID that stays the same across reads (a calendar app updates
an event rather than adding a copy), at most CALENDAR_MAX_EVENTS of each kind.
"""

import datetime
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from engagement.models import WatchlistItem
from notifications.models import CalendarFeed, Kind, Notification

LOOKUP_BYTES = 16  # 22 URL-safe characters
SECRET_BYTES = 32  # 43 URL-safe characters
LOOKUP_LENGTH = 22
TOKEN_LENGTH = LOOKUP_LENGTH + 43
UID_DOMAIN = "moviverse"
PRODUCT_ID = "-//MoviVerse//Watchlist calendar//EN"


def _new(user) -> CalendarFeed:
    return CalendarFeed(
        user=user,
        lookup=secrets.token_urlsafe(LOOKUP_BYTES),
        secret=secrets.token_urlsafe(SECRET_BYTES),
        rotated_at=timezone.now(),
    )


def _token(feed: CalendarFeed) -> str:
    return feed.lookup + feed.secret


def calendar_token(*, user) -> str:
    """The token of ``user``'s calendar URL, made on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        fresh = _new(user)
        CalendarFeed.objects.bulk_create([fresh], ignore_conflicts=True)
        feed = CalendarFeed.objects.get(user=user)
    return _token(feed)


@transaction.atomic
def calendar_token_rotate(*, user) -> str:
    """Give ``user``'s calendar a new token (the old URL stops working); the new token."""
    CalendarFeed.objects.filter(user=user).delete()
    feed = _new(user)
    feed.save(force_insert=True)
    return _token(feed)


def calendar_owner(token: str):
    """The user whose calendar ``token`` opens, or CalendarFeed.DoesNotExist."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        raise CalendarFeed.DoesNotExist("No such calendar.")
    lookup, secret = token[:LOOKUP_LENGTH], token[LOOKUP_LENGTH:]
    feed = CalendarFeed.objects.select_related("user").filter(lookup=lookup, user__is_active=True).first()
    if feed is None or not hmac.compare_digest(feed.secret.encode(), secret.encode()):
        raise CalendarFeed.DoesNotExist("No such calendar.")
    return feed.user


def _event(
    uid: str, day: datetime.date, summary: str, stamp: datetime.datetime, description: str = ""
) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    if description:
        event.add("description", description)
    return event


def _releases(user, stamp: datetime.datetime) -> list[Event]:
    items = (
        WatchlistItem.objects.filter(user=user, movie__release_date__isnull=False)
        .select_related("movie")
        .only("movie__tmdb_id", "movie__title", "movie__release_date")
        .order_by("-added_at", "-id")[: settings.CALENDAR_MAX_EVENTS]
    )
    return [
        _event(
            f"release-{item.movie.tmdb_id}", item.movie.release_date, f"Release: {item.movie.title}", stamp
        )
        for item in items
    ]


def _availability(user) -> list[Event]:
    told = (
        Notification.objects.filter(recipient=user, kind=Kind.AVAILABLE_ON_SERVICE)
        .select_related("movie")
        .order_by("-created_at", "-pk")[: settings.CALENDAR_MAX_EVENTS]
    )
    events = []
    for notice in told:
        if notice.movie is None:
            continue
        region = notice.payload.get("region", "")
        provider = notice.payload.get("provider_name") or f"provider {notice.payload.get('provider_id')}"
        events.append(
            _event(
                f"available-{notice.movie_id}-{region}-{notice.payload.get('provider_id')}",
                notice.created_at.date(),
                f"Now on {provider}: {notice.movie.title}",
                notice.created_at,
                f"{notice.movie.title} is now on {provider} in {region}.",
            )
        )
    return events


def calendar_feed(*, user) -> bytes:
    """``user``'s calendar as an iCalendar file."""
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "MoviVerse watchlist")
    for event in [*_releases(user, stamp), *_availability(user)]:
        calendar.add_component(event)
    return calendar.to_ical()
