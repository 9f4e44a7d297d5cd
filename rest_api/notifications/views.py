"""Notifications and the calendar: parse, call one notifications function, shape.

Another user's notification answers 404, exactly like a missing one. The calendar file is
read by its secret URL alone (calendar apps send no token) and is never kept by any cache.
"""

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api_policy.throttling import ScopedIPRateThrottle
from common.http_caching import NO_STORE
from notifications import calendar_feed, inbox
from rest_api.catalog.offers_include import IncludeQuerySerializer
from rest_api.catalog.serializers import movie_context
from rest_api.negotiation import FirstRendererNegotiation
from rest_api.notifications import serializers as s
from rest_api.operations import DeclaredOperations
from rest_api.pagination import CursorPagination, Paged
from rest_api.parsing import validated

CALENDAR_CACHE_CONTROL = f"private, {NO_STORE}"


def _calendar_link(request: Request, token: str) -> Response:
    url = request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": token}))
    response = Response(s.CalendarLinkSerializer({"url": url}).data)
    response["Cache-Control"] = CALENDAR_CACHE_CONTROL  # the URL is a credential
    return response


class _NotificationView(DeclaredOperations, GenericAPIView):
    permission_classes = [IsAuthenticated]


class NotificationListView(Paged, _NotificationView):
    operations = {"GET": "notifications"}
    pagination_class = CursorPagination
    cursor_ordering = inbox.ORDERING

    @extend_schema(
        parameters=[s.NotificationListQuerySerializer, IncludeQuerySerializer],
        responses=s.NotificationSerializer(many=True),
        summary="Your notifications, newest first, in cursor pages (unread=true: unread ones only)",
    )
    def get(self, request: Request) -> Response:
        unread = validated(s.NotificationListQuerySerializer, request.query_params)["unread"]
        notifications = inbox.notification_list(user=request.user, unread_only=unread)
        return self.paged(notifications, s.NotificationSerializer, self.movies_context)

    def movies_context(self, rows: list) -> dict:
        """The reader's state of the page's movies (their ``viewer`` field), and their offers when asked."""
        return movie_context(self.request, [row.movie for row in rows if row.movie is not None])


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


class CalendarLinkView(_NotificationView):
    @extend_schema(
        responses=s.CalendarLinkSerializer,
        summary="Your calendar's secret URL (made on first use)",
    )
    def get(self, request: Request) -> Response:
        return _calendar_link(request, calendar_feed.calendar_token(user=request.user))


class CalendarRotateView(_NotificationView):
    operations = {"POST": "rotateCalendarToken"}

    @extend_schema(
        request=None,
        responses=s.CalendarLinkSerializer,
        summary="Give your calendar a new secret URL; the old one stops working at once",
    )
    def post(self, request: Request) -> Response:
        return _calendar_link(request, calendar_feed.calendar_token_rotate(user=request.user))


class CalendarFeedView(APIView):
    # Read by calendar apps with the URL alone: the token in it is the credential. No account
    # to count against, so the client address alone is limited (guessing floods included).
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedIPRateThrottle]
    throttle_scope = "calendar"
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        auth=[],
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="Your watchlist's release dates and the movies that became available on "
                "your services, as all-day events with stable UIDs.",
            ),
            404: OpenApiResponse(description="No calendar has this address (it may have been rotated)."),
        },
        summary="Your calendar (RFC 5545), at its secret URL",
    )
    def get(self, request: Request, token: str) -> HttpResponse:
        owner = calendar_feed.calendar_owner(token)
        response = HttpResponse(
            calendar_feed.calendar_feed(user=owner), content_type="text/calendar; charset=utf-8"
        )
        response["Cache-Control"] = CALENDAR_CACHE_CONTROL
        response["Content-Disposition"] = 'inline; filename="moviverse.ics"'
        return response
