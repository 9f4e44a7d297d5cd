"""Profiles, another user's areas, follows, blocks and privacy: parse, call social, shape.

Every read of another user asks social.profiles (the privacy rule): an unknown user and a user
with a block either way answer the same 404; an area the reader may not read is an empty page.
Pages are cursor pages (``next``, ``previous``, ``results``).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from rest_api.catalog.offers_include import IncludeQuerySerializer, rows_context
from rest_api.catalog.serializers import movie_context
from rest_api.engagement import serializers as engagement
from rest_api.operations import DeclaredOperations
from rest_api.pagination import CursorPagination
from rest_api.parsing import validated
from rest_api.social import serializers as s
from social import feed, follows, friends, profiles
from social.reactions import with_reactions

NO_USER = OpenApiResponse(description="No such user (a user with a block between you reads the same).")
DONE = OpenApiResponse(description="Done.")
YOURSELF = OpenApiResponse(description="You cannot do this to yourself.")
LIMIT = OpenApiResponse(description="You reached the limit (5,000 follows or blocks).")


class _SocialView(DeclaredOperations, GenericAPIView):
    permission_classes = [AllowAny]
    pagination_class = CursorPagination

    def paged(self, queryset, serializer_class: type[Serializer]) -> Response:
        page = self.paginate_queryset(queryset)
        context = {"request": self.request, **rows_context(self.request, serializer_class, page)}
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)


class _UserPageView(_SocialView):
    # A page of the user ``username``: its cursors are signed for this user and this page.
    page_name = ""

    def page_of(self, username: str, queryset, serializer_class: type[Serializer]) -> Response:
        self.cursor_binding = f"{self.page_name}:{username}"
        return self.paged(queryset, serializer_class)


class ProfileView(_SocialView):
    operations = {"GET": "profile"}

    @extend_schema(responses={200: s.ProfileSerializer, 404: NO_USER}, summary="A user's profile")
    def get(self, request: Request, username: str) -> Response:
        return Response(s.ProfileSerializer(profiles.profile(viewer=request.user, username=username)).data)


class UserDiaryView(_UserPageView):
    operations = {"GET": "userDiary"}
    cursor_ordering = profiles.DIARY_ORDER
    page_name = "diary"

    @extend_schema(
        responses={200: engagement.DiaryEntrySerializer(many=True), 404: NO_USER},
        summary="A user's diary plays, newest first (empty unless their diary setting lets you read it)",
    )
    def get(self, request: Request, username: str) -> Response:
        plays = profiles.diary_of(viewer=request.user, username=username)
        return self.page_of(username, plays, engagement.DiaryEntrySerializer)


class UserRatingsView(_UserPageView):
    operations = {"GET": "userRatings"}
    cursor_ordering = profiles.RATINGS_ORDER
    page_name = "ratings"

    @extend_schema(
        parameters=[engagement.ReviewListQuerySerializer],
        responses={200: engagement.ReviewSerializer(many=True), 404: NO_USER},
        summary="A user's reviews (include_ratings=true: bare ratings too), newest first (empty unless "
        "their ratings setting lets you read them)",
    )
    def get(self, request: Request, username: str) -> Response:
        query = validated(engagement.ReviewListQuerySerializer, request.query_params)
        reviews = with_reactions(
            profiles.ratings_of(viewer=request.user, username=username, **query), viewer=request.user
        )
        return self.page_of(username, reviews, engagement.ReviewSerializer)


class UserFavoritesView(_UserPageView):
    operations = {"GET": "userFavorites"}
    cursor_ordering = profiles.ADDED_ORDER
    page_name = "favorites"

    @extend_schema(
        parameters=[IncludeQuerySerializer],
        responses={200: engagement.UserEntrySerializer(many=True), 404: NO_USER},
        summary="A user's favorites, newest first (empty unless their favorites setting lets you read them)",
    )
    def get(self, request: Request, username: str) -> Response:
        rows = profiles.favorites_of(viewer=request.user, username=username)
        return self.page_of(username, rows, engagement.UserEntrySerializer)


class UserWatchlistView(_UserPageView):
    operations = {"GET": "userWatchlist"}
    cursor_ordering = profiles.ADDED_ORDER
    page_name = "watchlist"

    @extend_schema(
        parameters=[IncludeQuerySerializer],
        responses={200: engagement.UserEntrySerializer(many=True), 404: NO_USER},
        summary="A user's watchlist, newest first (empty unless their watchlist setting lets you read it)",
    )
    def get(self, request: Request, username: str) -> Response:
        rows = profiles.watchlist_of(viewer=request.user, username=username)
        return self.page_of(username, rows, engagement.UserEntrySerializer)


class FollowersView(_UserPageView):
    operations = {"GET": "followers"}
    cursor_ordering = profiles.FOLLOW_ORDER
    page_name = "followers"

    @extend_schema(
        responses={200: s.FollowerSerializer(many=True), 404: NO_USER},
        summary="Who follows a user, newest first (a private account's: its followers only)",
    )
    def get(self, request: Request, username: str) -> Response:
        rows = profiles.followers_of(viewer=request.user, username=username)
        return self.page_of(username, rows, s.FollowerSerializer)


class FollowingView(_UserPageView):
    operations = {"GET": "following"}
    cursor_ordering = profiles.FOLLOW_ORDER
    page_name = "following"

    @extend_schema(
        responses={200: s.FolloweeSerializer(many=True), 404: NO_USER},
        summary="Whom a user follows, newest first (a private account's: its followers only)",
    )
    def get(self, request: Request, username: str) -> Response:
        rows = profiles.following_of(viewer=request.user, username=username)
        return self.page_of(username, rows, s.FolloweeSerializer)


class FollowView(_SocialView):
    operations = {"POST": "follow", "DELETE": "unfollow"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: s.FollowStateSerializer, 400: YOURSELF, 404: NO_USER, 409: LIMIT},
        summary="Follow a user (a private account gets a request to approve; idempotent)",
    )
    def post(self, request: Request, username: str) -> Response:
        return Response(s.FollowStateSerializer(follows.follow(user=request.user, username=username)).data)

    @extend_schema(
        responses={204: DONE, 400: YOURSELF, 404: NO_USER},
        summary="Stop following a user, or withdraw your request (idempotent)",
    )
    def delete(self, request: Request, username: str) -> Response:
        follows.unfollow(user=request.user, username=username)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlockView(_SocialView):
    operations = {"POST": "block", "DELETE": "unblock"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: s.BlockedSerializer, 400: YOURSELF, 404: NO_USER, 409: LIMIT},
        summary="Block a user: follows and requests between you end, both ways (idempotent)",
    )
    def post(self, request: Request, username: str) -> Response:
        return Response(s.BlockedSerializer(follows.block(user=request.user, username=username)).data)

    @extend_schema(responses={204: DONE, 404: NO_USER}, summary="Unblock a user (idempotent)")
    def delete(self, request: Request, username: str) -> Response:
        follows.unblock(user=request.user, username=username)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FollowRequestsView(_SocialView):
    permission_classes = [IsAuthenticated]
    cursor_ordering = profiles.FOLLOW_ORDER

    @extend_schema(
        responses=s.FollowerSerializer(many=True),
        summary="Follow requests waiting for your approval, newest first",
    )
    def get(self, request: Request) -> Response:
        return self.paged(profiles.follow_requests(user=request.user), s.FollowerSerializer)


NO_REQUEST = OpenApiResponse(description="No follow request from this user.")


class FollowRequestView(_SocialView):
    operations = {"POST": "approveFollowRequest", "DELETE": "declineFollowRequest"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: s.FollowerSerializer, 404: NO_REQUEST},
        summary="Approve a follow request",
    )
    def post(self, request: Request, username: str) -> Response:
        return Response(
            s.FollowerSerializer(follows.request_approve(user=request.user, username=username)).data
        )

    @extend_schema(responses={204: DONE, 404: NO_REQUEST}, summary="Decline a follow request")
    def delete(self, request: Request, username: str) -> Response:
        follows.request_decline(user=request.user, username=username)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FollowerView(_SocialView):
    operations = {"DELETE": "removeFollower"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={204: DONE, 404: OpenApiResponse(description="This user does not follow you.")},
        summary="Make a user stop following you",
    )
    def delete(self, request: Request, username: str) -> Response:
        follows.follower_remove(user=request.user, username=username)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlocksView(_SocialView):
    permission_classes = [IsAuthenticated]
    cursor_ordering = profiles.FOLLOW_ORDER

    @extend_schema(responses=s.BlockedSerializer(many=True), summary="The users you block, newest first")
    def get(self, request: Request) -> Response:
        return self.paged(profiles.blocks_of(user=request.user), s.BlockedSerializer)


class PrivacyView(_SocialView):
    operations = {"PATCH": "updatePrivacy"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=s.PrivacySerializer, summary="Your privacy settings (the defaults until you change one)"
    )
    def get(self, request: Request) -> Response:
        return Response(s.PrivacySerializer(follows.privacy_settings(user=request.user)).data)

    @extend_schema(
        request=s.PrivacySerializer,
        responses=s.PrivacySerializer,
        summary="Change your privacy settings (the fields given)",
    )
    def patch(self, request: Request) -> Response:
        changes = validated(s.PrivacySerializer, request.data, partial=True)
        return Response(s.PrivacySerializer(follows.privacy_update(user=request.user, **changes)).data)


class FeedView(_SocialView):
    operations = {"GET": "feed"}
    permission_classes = [IsAuthenticated]
    cursor_ordering = feed.FEED_ORDER

    @extend_schema(
        parameters=[s.FeedQuerySerializer, IncludeQuerySerializer],
        responses=s.FeedItemSerializer(many=True),
        summary="What the people you follow did, newest first (as each one's privacy lets you read it)",
    )
    def get(self, request: Request) -> Response:
        verbs = validated(s.FeedQuerySerializer, request.query_params).get("type")
        self.cursor_binding = feed.feed_binding(verbs)
        page = self.paginate_queryset(feed.feed(viewer=request.user, verbs=verbs))
        movies = [item.movie for item in page if item.movie is not None]
        context = {"request": request, **movie_context(request, movies)}
        return self.get_paginated_response(s.FeedItemSerializer(page, many=True, context=context).data)


class FriendsRatingsView(_SocialView):
    operations = {"GET": "friendsRatings"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: s.FriendsRatingsSerializer, 404: OpenApiResponse(description="No such movie here.")},
        summary="What the people you follow rated a movie (only those whose ratings you may read)",
    )
    def get(self, request: Request, tmdb_id: int) -> Response:
        found = friends.friends_on_movie(viewer=request.user, tmdb_id=tmdb_id)
        return Response(s.FriendsRatingsSerializer(found).data)
