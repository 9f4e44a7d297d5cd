"""Notifications of the social graph: a new follower, a follow request.

Once per event, and a burst is one event: the key names the follower, the kind and the day
(UTC), so following, unfollowing and following again tells the user once that day, however
often it is repeated; a request approved later is not told again as a new follower.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from notifications.models import Kind, Notification
from social.models import Follow


def follow_key(kind: str, follower_id, day) -> str:
    return f"{kind}:{follower_id}:{day.isoformat()}"


def follow_notify(*, follower_id, followee_id, status: str) -> None:
    """Tell ``followee_id`` that ``follower_id`` follows them (or asks to); ignored when told today.
    The payload keeps the follower's id and their username as it was then."""
    kind = Kind.NEW_FOLLOWER if status == Follow.Status.ACCEPTED else Kind.FOLLOW_REQUEST
    username = get_user_model().objects.filter(pk=follower_id).values_list("username", flat=True).first()
    if username is None:
        return
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=followee_id,
                kind=kind,
                payload={"user_id": str(follower_id), "username": username},
                dedupe_key=follow_key(kind, follower_id, now.date()),
                created_at=now,
            )
        ],
        ignore_conflicts=True,
    )


def actor_notifications_forget(*, user_id) -> None:
    """Delete every notification naming ``user_id`` as who did it (a follow, a like, a comment or a
    mention: their account is being deleted)."""
    Notification.objects.filter(payload__user_id=str(user_id)).delete()
