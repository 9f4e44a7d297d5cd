"""GraphQL types of likes and comments on reviews and lists (the REST shapes' names)."""

import datetime

import strawberry
import strawberry_django

from graphql_schema.social.types import user_fields
from social import likes, models


@strawberry_django.type(models.Like, name="Like", description="A user who likes a review or a list.")
class LikeType:
    since: datetime.datetime = strawberry_django.field(
        field_name="created_at", description="When they liked it."
    )

    @strawberry_django.field(**user_fields("user"))
    def username(self, root: models.Like) -> str:
        return root.user.username

    @strawberry_django.field(**user_fields("user"))
    def avatar_url(self, root: models.Like) -> str:
        return root.user.avatar_url


@strawberry_django.type(
    models.Comment,
    name="Comment",
    description="A comment on a review or a list; a reply names its top comment (one level deep).",
)
class CommentType:
    id: strawberry.ID
    text: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None = strawberry_django.field(
        description="When its author last edited it."
    )

    @strawberry_django.field(only=["author__username"], select_related=["author"])
    def username(self, root: models.Comment) -> str:
        """Its author's username."""
        return root.author.username

    @strawberry_django.field(only=["parent_id"], description="The top comment it replies to, if a reply.")
    def parent_id(self, root: models.Comment) -> strawberry.ID | None:
        return strawberry.ID(str(root.parent_id)) if root.parent_id is not None else None

    @strawberry_django.field(
        only=["parent_id"],
        description="Its replies, oldest first (a top comment's; a reply has none), read with the page.",
    )
    def replies(self, root: models.Comment) -> list["CommentType"]:
        return list(root.replies.all()) if root.parent_id is None else []


@strawberry.type(name="LikeState", description="A review's or list's likes after you liked or unliked it.")
class LikeStateType:
    liked: bool = strawberry.field(description="Whether you like it.")
    like_count: int

    @classmethod
    def of(cls, state: likes.LikeState) -> "LikeStateType":
        return cls(liked=state.liked, like_count=state.like_count)
