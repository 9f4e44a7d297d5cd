"""Notifications on GraphQL: the list as a Relay connection, the unread count, marking read,
and the calendar's secret URL. Each resolver is one notifications call; another user's
notification reads as a missing one."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.urls import reverse
from strawberry import relay

from graphql_schema.connections import connection
from graphql_schema.context import Info
from graphql_schema.engagement.mutations import mutation_options
from graphql_schema.notifications.types import CalendarLinkType, MarkReadPayload, NotificationType
from graphql_schema.policy import policy_extensions
from notifications import calendar_feed, inbox

PAGE_ARGUMENTS = "first/after pages forward, last/before backward (Relay cursors)."


def calendar_url(info: Info, token: str) -> str:
    """The absolute URL of the calendar ``token`` opens."""
    return info.context.request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": token}))


@strawberry.type
class NotificationQuery:
    @strawberry.field(
        description=f"Your notifications, newest first. {PAGE_ARGUMENTS} Signed-in users only.",
        extensions=policy_extensions("notifications", quiet=False),
    )
    def notifications(
        self,
        info: Info,
        unread_only: bool = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[NotificationType]:
        rows = inbox.notification_list(user=info.context.user, unread_only=unread_only)
        return connection(
            rows, info, ordering=inbox.ORDERING, first=first, after=after, last=last, before=before
        )

    @strawberry.field(
        description="How many of your notifications are unread. Signed-in users only.",
        extensions=policy_extensions("notificationsUnreadCount", quiet=False),
    )
    def notifications_unread_count(self, info: Info) -> int:
        return inbox.unread_count(user=info.context.user)


@strawberry.type
class NotificationMutation:
    @strawberry_django.mutation(
        **mutation_options("markNotificationsRead"),
        description=f"Mark notifications read: by ids (at most {inbox.MAX_IDS}, all yours), "
        "or all made up to upTo (default now).",
    )
    def mark_notifications_read(
        self,
        info: Info,
        ids: list[strawberry.ID] | None = None,
        all: bool = False,
        up_to: Annotated[
            datetime.datetime | None, strawberry.argument(description="With all: made at or before this.")
        ] = None,
    ) -> MarkReadPayload:
        user = info.context.user
        marked = inbox.mark_read(user=user, ids=ids, all=all, up_to=up_to)
        return MarkReadPayload(marked=marked, unread_count=inbox.unread_count(user=user))

    @strawberry_django.mutation(
        **mutation_options("rotateCalendarToken"),
        description="Give your calendar a new secret URL; the old one stops working at once.",
    )
    def rotate_calendar_token(self, info: Info) -> CalendarLinkType:
        return CalendarLinkType(
            url=calendar_url(info, calendar_feed.calendar_token_rotate(user=info.context.user))
        )
