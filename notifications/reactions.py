"""Notifications of likes, comments and mentions on reviews and lists.

Once each: the key names the event, so a like, an unlike and a like again tells the owner once
(``like:<kind>:<target>:<liker>``), a comment tells the owner once (``comment:<id>``), a reply
tells the author of the comment it answers once (``reply:<id>``; a COMMENT notification, unless
they own the target or are mentioned in it), and a mention tells each user once per comment
(``mention:<comment id>``), however often it is edited.
Nobody is told of their own action; a mentioned user is told only when they may read the target
and no block stands between them and the author (social.mentions). The payload keeps the actor's
id and username as they were then, the target's kind and id, and the comment's id.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from engagement.models import MovieList, Review
from notifications.models import Kind, Notification
from social.mentions import recipients
from social.models import Block, Comment
from social.targets import Kind as TargetKind


def _owner_and_movie(kind: str, target_id) -> tuple[object, int | None] | None:
    if kind == TargetKind.REVIEW.value:
        found = Review.objects.filter(pk=target_id).values_list("user_id", "movie_id").first()
    else:
        found = MovieList.objects.filter(pk=target_id).values_list("owner_id").first()
        found = (found[0], None) if found is not None else None
    return found


def _blocked(one_id, other_id) -> bool:
    return Block.objects.filter(blocker_id__in=[one_id, other_id], blocked_id__in=[one_id, other_id]).exists()


def _tell(recipient_ids, *, kind: str, actor_id, key: str, movie_id, **facts) -> None:
    username = get_user_model().objects.filter(pk=actor_id).values_list("username", flat=True).first()
    if username is None:
        return
    now = timezone.now()
    payload = {"user_id": str(actor_id), "username": username, **{k: str(v) for k, v in facts.items()}}
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                movie_id=movie_id,
                payload=payload,
                dedupe_key=key,
                created_at=now,
            )
            for recipient_id in recipient_ids
            if recipient_id != actor_id
        ],
        ignore_conflicts=True,
    )


def _target_facts(kind: str, target_id) -> dict:
    return {"review_id": target_id} if kind == TargetKind.REVIEW.value else {"list_id": target_id}


def like_notify(*, liker_id, kind: str, target_id) -> None:
    """Tell the owner of the review or list ``target_id`` that ``liker_id`` likes it (once ever)."""
    found = _owner_and_movie(kind, target_id)
    if found is None or _blocked(found[0], liker_id):
        return
    owner_id, movie_id = found
    _tell(
        [owner_id],
        kind=Kind.LIKE,
        actor_id=liker_id,
        key=f"like:{kind}:{target_id}:{liker_id}",
        movie_id=movie_id,
        **_target_facts(kind, target_id),
    )


def comment_notify(*, comment_id, mentioned: list[str]) -> None:
    """Tell the target's owner of a new comment, and each mentioned user of their mention, once."""
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        return
    kind = TargetKind.REVIEW if comment.review_id is not None else TargetKind.LIST
    target_id = comment.review_id or comment.movie_list_id
    found = _owner_and_movie(kind.value, target_id)
    if found is None:
        return
    owner_id, movie_id = found
    facts = {**_target_facts(kind.value, target_id), "comment_id": comment.pk}
    told = {"actor_id": comment.author_id, "movie_id": movie_id, **facts}
    if not _blocked(owner_id, comment.author_id):
        _tell([owner_id], kind=Kind.COMMENT, key=f"comment:{comment.pk}", **told)
    mentioned_users = recipients(
        author_id=comment.author_id, usernames=mentioned, kind=kind, target_id=target_id
    )
    if mentioned_users:
        _tell([user.pk for user in mentioned_users], kind=Kind.MENTION, key=f"mention:{comment.pk}", **told)
    replied_to = _replied_to(comment, kind=kind, target_id=target_id)
    if replied_to is not None and replied_to.pk != owner_id and replied_to not in mentioned_users:
        _tell([replied_to.pk], kind=Kind.COMMENT, key=f"reply:{comment.pk}", **told)


def _replied_to(comment: Comment, *, kind: TargetKind, target_id):
    """The author of the top comment ``comment`` replies to, when they may still be told of it."""
    if comment.parent_id is None:
        return None
    username = Comment.objects.filter(pk=comment.parent_id).values_list("author__username", flat=True).first()
    if username is None:
        return None
    told = recipients(author_id=comment.author_id, usernames=[username], kind=kind, target_id=target_id)
    return told[0] if told else None
