"""GraphQL reads and writes of likes and comments on reviews and lists; each asks social.

A review or list the reader may not read (missing, private, a block either way) is a NOT_FOUND
error on a read and the not-found message on a mutation, exactly like a missing one. Cursors
are the REST pages' cursors of the same rows.
"""

from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay

from graphql_schema.accounts.types import MessagePayload
from graphql_schema.connections import connection
from graphql_schema.context import Info
from graphql_schema.engagement.mutations import mutation_options
from graphql_schema.policy import policy_extensions
from graphql_schema.social.reaction_types import CommentType, LikeStateType, LikeType
from social import comments, likes, targets
from social.targets import Target

PAGE = "first/after pages forward, last/before backward (Relay cursors)."
LIKES = f"Who likes it, newest first (less users with a block between you). {PAGE}"
COMMENTS = (
    "Its top comments, oldest first, each with its replies (less comments by users with a block "
    f"between you). {PAGE}"
)


def _likers(info: Info, target: Target, first, after, last, before) -> relay.Connection[LikeType]:
    rows = likes.likers(viewer=info.context.user, target=target)
    return connection(
        rows,
        info,
        ordering=likes.LIKERS_ORDER,
        first=first,
        after=after,
        last=last,
        before=before,
        binding=likes.likers_binding(target),
    )


def _comments(info: Info, target: Target, first, after, last, before) -> relay.Connection[CommentType]:
    rows = comments.comments_on(viewer=info.context.user, target=target)
    return connection(
        rows,
        info,
        ordering=comments.COMMENT_ORDER,
        first=first,
        after=after,
        last=last,
        before=before,
        binding=comments.comments_binding(target),
    )


def _review(info: Info, review_id) -> Target:
    return targets.review_target(viewer=info.context.user, review_id=review_id)


def _list(info: Info, list_id) -> Target:
    return targets.list_target(viewer=info.context.user, list_id=list_id)


@strawberry.type
class ReactionQuery:
    @strawberry.field(extensions=policy_extensions("reviewLikes"), description=f"A review's likes. {LIKES}")
    def review_likes(
        self,
        info: Info,
        review_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[LikeType]:
        return _likers(info, _review(info, review_id), first, after, last, before)

    @strawberry.field(extensions=policy_extensions("listLikes"), description=f"A list's likes. {LIKES}")
    def list_likes(
        self,
        info: Info,
        list_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[LikeType]:
        return _likers(info, _list(info, list_id), first, after, last, before)

    @strawberry.field(
        extensions=policy_extensions("reviewComments"), description=f"A review's comments. {COMMENTS}"
    )
    def review_comments(
        self,
        info: Info,
        review_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[CommentType]:
        return _comments(info, _review(info, review_id), first, after, last, before)

    @strawberry.field(
        extensions=policy_extensions("listComments"), description=f"A list's comments. {COMMENTS}"
    )
    def list_comments(
        self,
        info: Info,
        list_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[CommentType]:
        return _comments(info, _list(info, list_id), first, after, last, before)


TEXT = "1 to 2000 characters (surrounding white space is dropped); @username mentions notify."
PARENT = "The top comment this replies to (a reply to a reply is refused)."


@strawberry.type
class ReactionMutation:
    @strawberry_django.mutation(**mutation_options("likeReview"), description="Like a review (idempotent).")
    def like_review(self, info: Info, review_id: strawberry.ID) -> LikeStateType:
        return LikeStateType.of(likes.like(user=info.context.user, target=_review(info, review_id)))

    @strawberry_django.mutation(
        **mutation_options("unlikeReview"), description="Unlike a review (idempotent)."
    )
    def unlike_review(self, info: Info, review_id: strawberry.ID) -> LikeStateType:
        return LikeStateType.of(likes.unlike(user=info.context.user, target=_review(info, review_id)))

    @strawberry_django.mutation(**mutation_options("likeList"), description="Like a list (idempotent).")
    def like_list(self, info: Info, list_id: strawberry.ID) -> LikeStateType:
        return LikeStateType.of(likes.like(user=info.context.user, target=_list(info, list_id)))

    @strawberry_django.mutation(**mutation_options("unlikeList"), description="Unlike a list (idempotent).")
    def unlike_list(self, info: Info, list_id: strawberry.ID) -> LikeStateType:
        return LikeStateType.of(likes.unlike(user=info.context.user, target=_list(info, list_id)))

    @strawberry_django.mutation(**mutation_options("commentOnReview"), description="Comment on a review.")
    def comment_on_review(
        self,
        info: Info,
        review_id: strawberry.ID,
        text: Annotated[str, strawberry.argument(description=TEXT)],
        parent_id: Annotated[strawberry.ID | None, strawberry.argument(description=PARENT)] = None,
    ) -> CommentType:
        target = _review(info, review_id)
        return comments.comment_add(user=info.context.user, target=target, text=text, parent_id=parent_id)

    @strawberry_django.mutation(**mutation_options("commentOnList"), description="Comment on a list.")
    def comment_on_list(
        self,
        info: Info,
        list_id: strawberry.ID,
        text: Annotated[str, strawberry.argument(description=TEXT)],
        parent_id: Annotated[strawberry.ID | None, strawberry.argument(description=PARENT)] = None,
    ) -> CommentType:
        target = _list(info, list_id)
        return comments.comment_add(user=info.context.user, target=target, text=text, parent_id=parent_id)

    @strawberry_django.mutation(
        **mutation_options("editComment"), description="Rewrite your comment (its author only)."
    )
    def edit_comment(
        self, info: Info, id: strawberry.ID, text: Annotated[str, strawberry.argument(description=TEXT)]
    ) -> CommentType:
        return comments.comment_edit(user=info.context.user, comment_id=id, text=text)

    @strawberry_django.mutation(
        **mutation_options("deleteComment"),
        description="Delete a comment and its replies (its author, the owner of what it is on, or staff).",
    )
    def delete_comment(self, info: Info, id: strawberry.ID) -> MessagePayload:
        comments.comment_delete(user=info.context.user, comment_id=id)
        return MessagePayload(message="Comment deleted.")
