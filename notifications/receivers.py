"""How notifications learn of what happens in the apps below."""

from common.queue import enqueue
from notifications.follows import actor_notifications_forget, follow_notify
from notifications.reactions import comment_notify, like_notify
from notifications.tasks import notify_available


def on_offers_changed(*, tmdb_id: int, added, **_) -> None:
    """A movie's new offers are told to its watchlisters by a job (a refresh may run inside a read)."""
    if added:
        enqueue(notify_available, tmdb_id=tmdb_id, added=sorted(added))


def on_follow_started(*, follower_id, followee_id, status: str, **_) -> None:
    """A new follower or follow request is told to the user followed (once a day at most)."""
    follow_notify(follower_id=follower_id, followee_id=followee_id, status=status)


def on_like_added(*, liker_id, kind: str, target_id, **_) -> None:
    """A new like is told to the owner of the review or list (once per liker and target)."""
    like_notify(liker_id=liker_id, kind=kind, target_id=target_id)


def on_comment_saved(*, comment_id, mentioned: list[str], **_) -> None:
    """A comment is told to its target's owner and to the users it mentions (once each)."""
    comment_notify(comment_id=comment_id, mentioned=mentioned)


def on_user_deleted(*, instance, **_) -> None:
    """A deleted user leaves no notification naming them in other users' inboxes."""
    actor_notifications_forget(user_id=instance.pk)
