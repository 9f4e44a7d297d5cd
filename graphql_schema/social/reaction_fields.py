"""``likeCount``, ``commentCount`` and ``likedByMe`` of reviews and lists, read by the optimizer in
the query that reads the rows (social.reactions annotations), so a page costs no query per row."""

import strawberry_django
from strawberry.types import Info

from social import reactions


def _annotation(model, name: str):
    return {name: lambda info: reactions.annotations(model, info.context.user)[name]}


def _like_count(root) -> int:
    return reactions.like_count(root)


def _comment_count(root) -> int:
    return reactions.comment_count(root)


def _liked_by_me(root, info: Info) -> bool:
    return reactions.liked_by_viewer(root, viewer=info.context.user)


def like_count_field(model):
    """``likeCount`` of ``model`` (Review or MovieList)."""
    return strawberry_django.field(
        resolver=_like_count,
        annotate=_annotation(model, reactions.LIKE_COUNT),
        description="How many users like it.",
    )


def comment_count_field(model):
    """``commentCount`` of ``model`` (Review or MovieList)."""
    return strawberry_django.field(
        resolver=_comment_count,
        annotate=_annotation(model, reactions.COMMENT_COUNT),
        description="How many comments it has, replies included.",
    )


def liked_by_me_field(model):
    """``likedByMe`` of ``model`` (Review or MovieList)."""
    return strawberry_django.field(
        resolver=_liked_by_me,
        annotate=_annotation(model, reactions.LIKED_BY_VIEWER),
        description="Whether you like it (false when anonymous).",
    )
