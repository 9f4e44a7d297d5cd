"""A user's notifications: the list newest first, the unread count, and marking them read.

Only the recipient ever reads or marks a notification: another user's id is a missing one.
"""

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from notifications.models import Notification

# The list's order, newest first (the cursor pages' keys).
ORDERING = ("-created_at", "-pk")
MAX_IDS = 100

BOTH = "Give ids or all, not both."
NEITHER = "Give the ids to mark read, or all."
MANY_IDS = f"Mark at most {MAX_IDS} notifications by id at once; use all for more."
BAD_ID = "Not a notification id."


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """``user``'s notifications with their movies; page it in ORDERING."""
    rows = (
        Notification.objects.filter(recipient=user).select_related("movie").prefetch_related("movie__genres")
    )
    return rows.filter(read_at__isnull=True) if unread_only else rows


def unread_count(*, user) -> int:
    """How many of ``user``'s notifications are unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def _ids(ids: Iterable) -> list[uuid.UUID]:
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_IDS:
        raise ValidationError({"ids": MANY_IDS})
    try:
        return [value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)) for value in wanted]
    except ValueError:
        raise ValidationError({"ids": BAD_ID}) from None


def mark_read(
    *, user, ids: Iterable | None = None, all: bool = False, up_to: datetime.datetime | None = None
) -> int:
    """Mark ``user``'s notifications read: those of ``ids`` (all of them must be the user's, else
    Notification.DoesNotExist and nothing changes), or with ``all`` every one made up to ``up_to``
    (default now). Already read ones keep their time. How many became read."""
    if ids is not None and all:
        raise ValidationError({"ids": BOTH})
    now = timezone.now()
    if all:
        if up_to is not None and timezone.is_naive(up_to):
            raise ValidationError({"up_to": "Give a date and time with its UTC offset."})
        rows = Notification.objects.filter(recipient=user, created_at__lte=up_to or now)
    elif ids is not None:
        wanted = _ids(ids)
        mine = Notification.objects.filter(recipient=user, pk__in=wanted)
        if mine.count() != len(wanted):
            raise Notification.DoesNotExist("No such notification.")
        rows = mine
    else:
        raise ValidationError({"ids": NEITHER})
    return rows.filter(read_at__isnull=True).update(read_at=now)
