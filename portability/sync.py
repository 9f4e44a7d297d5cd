"""Delta sync: when each of a user's collections last changed, and what changed since a time.

Favorite and watchlist rows are only ever added or removed, never edited, so a collection's
changes since ``since`` are its rows added after it plus the tombstones (SyncTombstone) of the
rows removed after it. Tombstones are kept ``SYNC_TOMBSTONE_KEEP_DAYS``; an older ``since`` can
no longer be answered exactly, so the client is told to resync in full (ResyncRequired).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.utils import timezone

from engagement.models import FavoriteMovie, WatchlistItem
from portability.models import SyncTombstone

Collection = SyncTombstone.Collection
ROWS = {Collection.FAVORITES: FavoriteMovie, Collection.WATCHLIST: WatchlistItem}
FUTURE_SINCE = "updated_since cannot be in the future."


class ResyncRequired(Exception):
    """``since`` is older than the tombstones kept: the client must fetch the collection in full."""


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


def changes_since(user, collection: str, since: datetime) -> Changes:
    """``user``'s ``collection`` rows added after ``since`` and the ids removed after it.

    ValidationError for a ``since`` in the future, ResyncRequired for one older than the tombstones kept.
    """
    if since > timezone.now():
        raise ValidationError({"updated_since": FUTURE_SINCE})
    if since < tombstone_horizon():
        raise ResyncRequired
    changed = ROWS[collection].objects.filter(user=user, added_at__gt=since).select_related("movie")
    removed = SyncTombstone.objects.filter(user=user, collection=collection, removed_at__gt=since)
    return Changes(
        changed=changed, removed=list(removed.order_by("removed_at").values_list("key", flat=True))
    )


def tombstones_prune() -> int:
    """Delete the tombstones past their keeping period; returns how many went."""
    deleted, _ = SyncTombstone.objects.filter(removed_at__lt=tombstone_horizon()).delete()
    return deleted
