"""Likes and comments on reviews and lists: parse, find the target through social.targets (the
read rule), call social, shape.

A review or list the reader may not read answers 404 exactly like a missing one, on every
method; so does a comment on one. Pages are cursor pages (``next``, ``previous``, ``results``).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from rest_api.operations import DeclaredOperations
from rest_api.pagination import CursorPagination, Paged
from rest_api.parsing import validated
from rest_api.social import reaction_serializers as s
from social import comments, likes, targets
from social.targets import Kind, Target

NOT_FOUND = OpenApiResponse(description="No such review or list, or not one you may read.")
NO_COMMENT = OpenApiResponse(description="No such comment, or not one you may read.")
NOT_YOURS = OpenApiResponse(description="You may read this comment but not make this change.")
BAD_COMMENT = OpenApiResponse(
    description="Empty or too long text, too many mentions, or a parent that is not a top comment here."
)
FULL = OpenApiResponse(description="The comment replied to has the most replies it may have.")


class _TargetView(Paged, DeclaredOperations, GenericAPIView):
    permission_classes = [AllowAny]
    pagination_class = CursorPagination
    kind = Kind.REVIEW

    def target(self, target_id) -> Target:
        return targets.target_of(viewer=self.request.user, kind=self.kind, target_id=target_id)

    def with_request(self, rows: list) -> dict:
        return {"request": self.request}


class _LikeView(_TargetView):
    permission_classes = [IsAuthenticated]

    def _like(self, target_id) -> Response:
        state = likes.like(user=self.request.user, target=self.target(target_id))
        return Response(s.LikeStateSerializer(state).data)

    def _unlike(self, target_id) -> Response:
        state = likes.unlike(user=self.request.user, target=self.target(target_id))
        return Response(s.LikeStateSerializer(state).data)


class ReviewLikeView(_LikeView):
    operations = {"PUT": "likeReview", "DELETE": "unlikeReview"}

    @extend_schema(
        request=None,
        responses={200: s.LikeStateSerializer, 404: NOT_FOUND},
        summary="Like a review (idempotent)",
    )
    def put(self, request: Request, review_id) -> Response:
        return self._like(review_id)

    @extend_schema(
        responses={200: s.LikeStateSerializer, 404: NOT_FOUND}, summary="Unlike a review (idempotent)"
    )
    def delete(self, request: Request, review_id) -> Response:
        return self._unlike(review_id)


class ListLikeView(_LikeView):
    operations = {"PUT": "likeList", "DELETE": "unlikeList"}
    kind = Kind.LIST

    @extend_schema(
        request=None,
        responses={200: s.LikeStateSerializer, 404: NOT_FOUND},
        summary="Like a list (idempotent)",
    )
    def put(self, request: Request, list_id) -> Response:
        return self._like(list_id)

    @extend_schema(
        responses={200: s.LikeStateSerializer, 404: NOT_FOUND}, summary="Unlike a list (idempotent)"
    )
    def delete(self, request: Request, list_id) -> Response:
        return self._unlike(list_id)


class _LikersView(_TargetView):
    cursor_ordering = likes.LIKERS_ORDER

    def likers(self, target_id) -> Response:
        target = self.target(target_id)
        self.cursor_binding = likes.likers_binding(target)
        return self.paged(likes.likers(viewer=self.request.user, target=target), s.LikeSerializer)


LIKERS = "newest first (less users with a block between you)"


class ReviewLikesView(_LikersView):
    operations = {"GET": "reviewLikes"}

    @extend_schema(
        responses={200: s.LikeSerializer(many=True), 404: NOT_FOUND}, summary=f"Who likes a review, {LIKERS}"
    )
    def get(self, request: Request, review_id) -> Response:
        return self.likers(review_id)


class ListLikesView(_LikersView):
    operations = {"GET": "listLikes"}
    kind = Kind.LIST

    @extend_schema(
        responses={200: s.LikeSerializer(many=True), 404: NOT_FOUND}, summary=f"Who likes a list, {LIKERS}"
    )
    def get(self, request: Request, list_id) -> Response:
        return self.likers(list_id)


class _CommentsView(_TargetView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    cursor_ordering = comments.COMMENT_ORDER

    def page(self, target_id) -> Response:
        target = self.target(target_id)
        self.cursor_binding = comments.comments_binding(target)
        return self.paged(comments.comments_on(viewer=self.request.user, target=target), s.CommentSerializer)

    def add(self, target_id) -> Response:
        target = self.target(target_id)
        comment = comments.comment_add(
            user=self.request.user, target=target, **validated(s.CommentInputSerializer, self.request.data)
        )
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


COMMENTS = "oldest first, each with its replies (less comments by users with a block between you)"


class ReviewCommentsView(_CommentsView):
    operations = {"GET": "reviewComments", "POST": "commentOnReview"}

    @extend_schema(
        responses={200: s.CommentSerializer(many=True), 404: NOT_FOUND},
        summary=f"A review's top comments, {COMMENTS}",
    )
    def get(self, request: Request, review_id) -> Response:
        return self.page(review_id)

    @extend_schema(
        request=s.CommentInputSerializer,
        responses={201: s.CommentSerializer, 400: BAD_COMMENT, 404: NOT_FOUND, 409: FULL},
        summary="Comment on a review (parent_id: reply to its top comment)",
    )
    def post(self, request: Request, review_id) -> Response:
        return self.add(review_id)


class ListCommentsView(_CommentsView):
    operations = {"GET": "listComments", "POST": "commentOnList"}
    kind = Kind.LIST

    @extend_schema(
        responses={200: s.CommentSerializer(many=True), 404: NOT_FOUND},
        summary=f"A list's top comments, {COMMENTS}",
    )
    def get(self, request: Request, list_id) -> Response:
        return self.page(list_id)

    @extend_schema(
        request=s.CommentInputSerializer,
        responses={201: s.CommentSerializer, 400: BAD_COMMENT, 404: NOT_FOUND, 409: FULL},
        summary="Comment on a list (parent_id: reply to its top comment)",
    )
    def post(self, request: Request, list_id) -> Response:
        return self.add(list_id)


class CommentView(DeclaredOperations, GenericAPIView):
    operations = {"PATCH": "editComment", "DELETE": "deleteComment"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.CommentEditSerializer,
        responses={200: s.CommentSerializer, 400: BAD_COMMENT, 403: NOT_YOURS, 404: NO_COMMENT},
        summary="Rewrite your comment (its author only)",
    )
    def patch(self, request: Request, comment_id) -> Response:
        text = validated(s.CommentEditSerializer, request.data)["text"]
        comment = comments.comment_edit(user=request.user, comment_id=comment_id, text=text)
        return Response(s.CommentSerializer(comment).data)

    @extend_schema(
        responses={204: OpenApiResponse(description="Deleted."), 403: NOT_YOURS, 404: NO_COMMENT},
        summary="Delete a comment and its replies (its author, the owner of what it is on, or staff)",
    )
    def delete(self, request: Request, comment_id) -> Response:
        comments.comment_delete(user=request.user, comment_id=comment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
