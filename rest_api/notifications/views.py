"""Notifications: parse, call one notifications function, shape.

Another user's notification answers 404, exactly like a missing one.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from notifications import inbox
from rest_api.catalog.serializers import viewer_context
from rest_api.notifications import serializers as s
from rest_api.operations import DeclaredOperations
from rest_api.pagination import CursorPagination
from rest_api.parsing import validated


class _NotificationView(DeclaredOperations, GenericAPIView):
    permission_classes = [IsAuthenticated]


class NotificationListView(_NotificationView):
    operations = {"GET": "notifications"}
    pagination_class = CursorPagination
    cursor_ordering = inbox.ORDERING

    @extend_schema(
        parameters=[s.NotificationListQuerySerializer],
        responses=s.NotificationSerializer(many=True),
        summary="Your notifications, newest first, in cursor pages (unread=true: unread ones only)",
    )
    def get(self, request: Request) -> Response:
        unread = validated(s.NotificationListQuerySerializer, request.query_params)["unread"]
        rows = self.paginate_queryset(inbox.notification_list(user=request.user, unread_only=unread))
        movies = [row.movie for row in rows if row.movie is not None]
        data = s.NotificationSerializer(rows, many=True, context=viewer_context(request.user, movies)).data
        return self.get_paginated_response(data)


class UnreadCountView(_NotificationView):
    operations = {"GET": "notificationsUnreadCount"}

    @extend_schema(responses=s.UnreadCountSerializer, summary="How many of your notifications are unread")
    def get(self, request: Request) -> Response:
        return Response(s.UnreadCountSerializer({"unread_count": inbox.unread_count(user=request.user)}).data)


class MarkReadView(_NotificationView):
    operations = {"POST": "markNotificationsRead"}

    @extend_schema(
        request=s.MarkReadInputSerializer,
        responses={
            200: s.MarkReadSerializer,
            404: OpenApiResponse(description="One of the ids is not a notification of yours: none changed."),
        },
        summary="Mark notifications read: by ids, or all (made up to up_to)",
    )
    def post(self, request: Request) -> Response:
        given = validated(s.MarkReadInputSerializer, request.data)
        marked = inbox.mark_read(
            user=request.user, ids=given.get("ids"), all=given["all"], up_to=given.get("up_to")
        )
        counts = {"marked": marked, "unread_count": inbox.unread_count(user=request.user)}
        return Response(s.MarkReadSerializer(counts).data)
