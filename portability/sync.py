"""Delta sync: when each of a user's collections last changed, and what changed since a time.

Favorite and watchlist rows are only ever added or removed, never edited, so a collection's
changes since ``since`` are its rows added after it plus the tombstones (SyncTombstone) of the
rows removed after it. Tombstones are kept ``SYNC_TOMBSTONE_KEEP_DAYS``; an older ``since`` can
no longer be answered exactly, nor can one with more than ``MAX_REMOVED`` removals after it (the
answer stays small), so the client is told to resync in full (ResyncRequired).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.utils import timezone

from common.exceptions import ResyncRequired
from engagement.models import FavoriteMovie, WatchlistItem
from portability.models import SyncTombstone

Collection = SyncTombstone.Collection
ROWS = {Collection.FAVORITES: FavoriteMovie, Collection.WATCHLIST: WatchlistItem}
FUTURE_SINCE = "updated_since cannot be in the future."
NAIVE_SINCE = "updated_since needs a time zone (e.g. 2026-03-01T12:00:00Z)."
MAX_REMOVED = 1000


@dataclass(frozen=True)
class Changes:
    """A collection's rows added after ``since`` and the TMDb ids of those removed after it."""

    changed: QuerySet
    removed: list[int]


def tombstone_horizon() -> datetime:
    """The oldest ``since`` still answered exactly."""
    return timezone.now() - timedelta(days=settings.SYNC_TOMBSTONE_KEEP_DAYS)


def last_activities(user) -> dict[str, datetime | None]:
    """Per collection, the time of ``user``'s last add or removal (None when never touched).

    Three queries: the newest row of each collection and the newest tombstone per collection.
    """
    latest = {
        name: model.objects.filter(user=user).aggregate(at=Max("added_at"))["at"]
        for name, model in ROWS.items()
    }
    removals = SyncTombstone.objects.filter(user=user).values("collection").annotate(at=Max("removed_at"))
    for removal in removals.order_by():
        added = latest[removal["collection"]]
        latest[removal["collection"]] = removal["at"] if added is None else max(added, removal["at"])
    return {str(name): at for name, at in latest.items()}


def changes_since(user, collection: str, since: datetime, rows: QuerySet | None = None) -> Changes:
    """``user``'s ``collection`` rows added after ``since`` (of ``rows`` when given: the collection as
    the caller lists it) and the ids removed after it.

    ValidationError for a ``since`` in the future or without a time zone; ResyncRequired for one
    older than the tombstones kept or followed by more than MAX_REMOVED removals.
    """
    if timezone.is_naive(since):
        raise ValidationError({"updated_since": NAIVE_SINCE})
    if since > timezone.now():
        raise ValidationError({"updated_since": FUTURE_SINCE})
    if since < tombstone_horizon():
        raise ResyncRequired
    removals = SyncTombstone.objects.filter(user=user, collection=collection, removed_at__gt=since)
    removed = list(removals.order_by("removed_at").values_list("key", flat=True)[: MAX_REMOVED + 1])
    if len(removed) > MAX_REMOVED:
        raise ResyncRequired
    base = ROWS[collection].objects.filter(user=user).select_related("movie") if rows is None else rows
    return Changes(changed=base.filter(added_at__gt=since), removed=removed)


def tombstones_prune() -> int:
    """Delete the tombstones past their keeping period; returns how many went."""
    deleted, _ = SyncTombstone.objects.filter(removed_at__lt=tombstone_horizon()).delete()
    return deleted
