"""How notifications learn of what happens in the apps below."""

from common.queue import enqueue
from notifications.follows import follow_notify, follower_notifications_forget
from notifications.tasks import notify_available


def on_offers_changed(*, tmdb_id: int, added, **_) -> None:
    """A movie's new offers are told to its watchlisters by a job (a refresh may run inside a read)."""
    if added:
        enqueue(notify_available, tmdb_id=tmdb_id, added=sorted(added))


def on_follow_started(*, follower_id, followee_id, status: str, **_) -> None:
    """A new follower or follow request is told to the user followed (once a day at most)."""
    follow_notify(follower_id=follower_id, followee_id=followee_id, status=status)


def on_user_deleted(*, instance, **_) -> None:
    """A deleted user leaves no follow notification naming them in other users' inboxes."""
    follower_notifications_forget(user_id=instance.pk)
