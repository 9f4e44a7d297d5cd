"""Likes of reviews and lists: the writes and the reads, through the target's read rule.

Whoever may not read a review or a list cannot like it, unlike it or see its likes: it is
not found (social.targets). Liking twice keeps one like (a unique constraint per user and
target, so two concurrent likes also keep one); unliking what you do not like does nothing.
Counts are counted from the rows, so they are exact whatever ran concurrently. A like is
recorded for the liker's followers' feeds (social.activity) and withdrawn by the unlike; the
target's owner is told once (notifications, through ``like_added``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from social import activity
from social.models import Like
from social.privacy import not_blocked
from social.signals import like_added
from social.targets import Kind, Target

LIKERS_ORDER = ("-created_at", "-pk")


@dataclass(frozen=True)
class LikeState:
    """A target's likes as a reader sees them after a like or unlike."""

    target: Target
    liked: bool
    like_count: int


def _state(*, user, target: Target) -> LikeState:
    likes = Like.objects.filter(**target.key)
    return LikeState(target=target, liked=likes.filter(user_id=user.pk).exists(), like_count=likes.count())


def _feed_target(target: Target) -> dict:
    return {"review": target.row} if target.kind is Kind.REVIEW else {"list_id": target.id}


def like(*, user, target: Target) -> LikeState:
    """``user`` likes ``target`` (idempotent); the likes as they stand."""
    with transaction.atomic():
        _, created = Like.objects.get_or_create(user_id=user.pk, **target.key)
        if created:
            activity.record_like(actor_id=user.pk, **_feed_target(target))
            transaction.on_commit(
                lambda: like_added.send(
                    sender=Like, liker_id=user.pk, kind=target.kind.value, target_id=target.id
                )
            )
    return _state(user=user, target=target)


def unlike(*, user, target: Target) -> LikeState:
    """``user`` no longer likes ``target`` (nothing when they did not); the likes as they stand."""
    with transaction.atomic():
        if Like.objects.filter(user_id=user.pk, **target.key).delete()[0]:
            activity.forget_like(actor_id=user.pk, **_feed_target(target))
    return _state(user=user, target=target)


def likers(*, viewer, target: Target) -> QuerySet[Like]:
    """Who likes ``target`` (``user`` of each row), newest first, less users with a block either
    way with ``viewer``."""
    return Like.objects.filter(**target.key).filter(not_blocked(viewer)).select_related("user")


def likers_binding(target: Target) -> str:
    """What the cursors of a page of likers are signed for: the target."""
    return f"likes:{target.kind.value}:{target.id}"
