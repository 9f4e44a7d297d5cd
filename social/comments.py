"""Comments on reviews and lists: the writes and the reads, through the target's read rule.

Rules:
* whoever may not read a review or a list cannot comment on it or read its comments: it is not
  found (social.targets); a comment whose target the reader may not read is not found either;
* a comment is 1..COMMENT_MAX_LENGTH characters once stripped of surrounding white space;
* threads are one level deep: a reply names a top comment of the same target; replying to a
  reply is refused (a ValidationError on ``parent``), at most MAX_REPLIES replies each;
* its author edits it (``edited_at`` says when); its author, the target's owner or staff delete
  it; deleting a top comment deletes its replies;
* ``@username`` mentions tell each mentioned user once (notifications, through
  ``comment_saved``), at most MAX_MENTIONS per comment (social.mentions);
* comments by users with a block either way with the reader are left out of what they read.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from common.exceptions import Conflict
from social.mentions import mentioned
from social.models import COMMENT_MAX_LENGTH, Comment
from social.privacy import not_blocked
from social.signals import comment_saved
from social.targets import Kind, Target, readable_target

MAX_REPLIES = 50
NO_COMMENT = "Comment matching query does not exist."  # as Django's own lookup says it
COMMENT_ORDER = ("created_at", "pk")  # oldest first, as a conversation reads


def _checked_text(text) -> str:
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise ValidationError({"text": ["A comment cannot be empty."]})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({"text": [f"A comment is at most {COMMENT_MAX_LENGTH} characters."]})
    return text


def _checked_id(comment_id) -> uuid.UUID:
    try:
        return comment_id if isinstance(comment_id, uuid.UUID) else uuid.UUID(str(comment_id))
    except (ValueError, AttributeError):
        raise Comment.DoesNotExist(NO_COMMENT) from None


def _announce(comment: Comment, names: list[str]) -> None:
    transaction.on_commit(lambda: comment_saved.send(sender=Comment, comment_id=comment.pk, mentioned=names))


def _parent(target: Target, parent_id) -> Comment:
    try:
        parent = Comment.objects.select_for_update().get(pk=_checked_id(parent_id), **target.key)
    except Comment.DoesNotExist:
        raise ValidationError({"parent": ["No such comment on this review or list."]}) from None
    if parent.parent_id is not None:
        raise ValidationError({"parent": ["Replies are one level deep: reply to the top comment."]})
    if parent.replies.count() >= MAX_REPLIES:
        raise Conflict(f"This comment has {MAX_REPLIES} replies already.")
    return parent


def comment_add(*, user, target: Target, text, parent_id=None) -> Comment:
    """``user`` comments on ``target`` (a reply to the top comment ``parent_id`` when given)."""
    text = _checked_text(text)
    names = mentioned(text)  # too many mentions refuse the comment before anything is written
    with transaction.atomic():
        parent = _parent(target, parent_id) if parent_id is not None else None
        comment = Comment.objects.create(author_id=user.pk, parent=parent, text=text, **target.key)
        _announce(comment, names)
    return comment


def _comment_target(comment: Comment) -> tuple[Kind, object]:
    if comment.review_id is not None:
        return Kind.REVIEW, comment.review_id
    return Kind.LIST, comment.movie_list_id


def _readable_comment(*, user, comment_id, blocked_too: bool = False) -> tuple[Comment, Target]:
    """The comment ``comment_id`` and its target, when ``user`` may read both (``blocked_too``:
    even when a block stands between ``user`` and its author)."""
    comments = Comment.objects.filter(pk=_checked_id(comment_id))
    if not blocked_too:
        comments = comments.filter(not_blocked(user, owner="author"))
    comment = comments.first()
    target = None
    if comment is not None:
        kind, target_id = _comment_target(comment)
        target = readable_target(viewer=user, kind=kind, target_id=target_id)
    if target is None:
        raise Comment.DoesNotExist(NO_COMMENT)
    return comment, target


def comment_edit(*, user, comment_id, text) -> Comment:
    """``user`` rewrites their own comment (PermissionDenied for anyone else's)."""
    text = _checked_text(text)
    names = mentioned(text)
    with transaction.atomic():
        comment, _ = _readable_comment(user=user, comment_id=comment_id)
        if comment.author_id != user.pk:
            raise PermissionDenied("Only its author may edit a comment.")
        comment.text, comment.edited_at = text, timezone.now()
        comment.save(update_fields=["text", "edited_at"])
        _announce(comment, names)
    return comment


def may_delete(*, user, comment: Comment, target: Target) -> bool:
    """Whether ``user`` may delete ``comment``: its author, the target's owner, or staff."""
    return user.pk in (comment.author_id, target.owner_id) or user.is_staff


def comment_delete(*, user, comment_id) -> None:
    """Delete a comment (and a top comment's replies): its author, the target's owner or staff
    (the owner and staff even a comment by someone with a block between them)."""
    with transaction.atomic():
        comment, target = _readable_comment(user=user, comment_id=comment_id, blocked_too=True)
        if not may_delete(user=user, comment=comment, target=target):
            _readable_comment(user=user, comment_id=comment_id)  # blocked: not found, like a missing one
            raise PermissionDenied("Only its author, the owner of what it is on, or staff may delete it.")
        comment.delete()


def _visible(viewer) -> QuerySet[Comment]:
    return Comment.objects.filter(not_blocked(viewer, owner="author")).select_related("author")


def comments_on(*, viewer, target: Target) -> QuerySet[Comment]:
    """The top comments on ``target`` that ``viewer`` reads, in COMMENT_ORDER, each with its
    replies (``replies``, oldest first) read in one more query for a whole page."""
    replies = _visible(viewer).order_by(*COMMENT_ORDER)
    return (
        _visible(viewer)
        .filter(parent__isnull=True, **target.key)
        .prefetch_related(Prefetch("replies", queryset=replies))
    )


def comments_binding(target: Target) -> str:
    """What the cursors of a page of comments are signed for: the target."""
    return f"comments:{target.kind.value}:{target.id}"
