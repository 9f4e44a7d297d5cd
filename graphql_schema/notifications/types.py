"""GraphQL types of notifications."""

import datetime
import enum

import strawberry
import strawberry_django

from graphql_schema.catalog.types import MovieType
from notifications import models

NotificationKind = strawberry.enum(
    enum.Enum("NotificationKind", {kind.name: kind.value for kind in models.Kind}),
    description="What a notification says.",
)


@strawberry_django.type(
    models.Notification, name="Notification", description="Something you were told, once."
)
class NotificationType:
    id: strawberry.ID
    created_at: datetime.datetime
    read_at: datetime.datetime | None = strawberry_django.field(description="Null while unread.")
    movie: MovieType | None = strawberry_django.field(description="The movie it is about.")

    @strawberry_django.field(only=["kind"])
    def kind(self, root: models.Notification) -> NotificationKind:
        return NotificationKind(root.kind)

    @strawberry_django.field(only=["movie_id"], description="The TMDb id of the movie it is about.")
    def tmdb_id(self, root: models.Notification) -> int | None:
        return root.movie_id

    @strawberry_django.field(only=["payload"], description="AVAILABLE_ON_SERVICE: the provider's TMDb id.")
    def provider_id(self, root: models.Notification) -> int | None:
        return root.payload.get("provider_id")

    @strawberry_django.field(only=["payload"], description="AVAILABLE_ON_SERVICE: the provider's name.")
    def provider_name(self, root: models.Notification) -> str | None:
        return root.payload.get("provider_name")

    @strawberry_django.field(only=["payload"], description="AVAILABLE_ON_SERVICE: the region (ISO 3166-1).")
    def region(self, root: models.Notification) -> str | None:
        return root.payload.get("region")

    @strawberry_django.field(
        only=["payload"], description="AVAILABLE_ON_SERVICE: how it is offered (flatrate, free or ads)."
    )
    def monetization(self, root: models.Notification) -> str | None:
        return root.payload.get("monetization")

    @strawberry_django.field(
        only=["payload"],
        description="NEW_FOLLOWER, FOLLOW_REQUEST: who follows you or asks to; LIKE, COMMENT, MENTION: "
        "who did it (their username then).",
    )
    def username(self, root: models.Notification) -> str | None:
        return root.payload.get("username")

    @strawberry_django.field(
        only=["payload"], description="LIKE, COMMENT, MENTION: the review it is on (null when on a list)."
    )
    def review_id(self, root: models.Notification) -> strawberry.ID | None:
        return root.payload.get("review_id")

    @strawberry_django.field(
        only=["payload"], description="LIKE, COMMENT, MENTION: the list it is on (null when on a review)."
    )
    def list_id(self, root: models.Notification) -> strawberry.ID | None:
        return root.payload.get("list_id")

    @strawberry_django.field(only=["payload"], description="COMMENT, MENTION: the comment.")
    def comment_id(self, root: models.Notification) -> strawberry.ID | None:
        return root.payload.get("comment_id")


@strawberry.type(name="NotificationsMarked")
class MarkReadPayload:
    marked: int = strawberry.field(description="How many notifications became read.")
    unread_count: int = strawberry.field(description="How many of yours are still unread.")


@strawberry.type(name="CalendarLink")
class CalendarLinkType:
    url: str = strawberry.field(
        description="Your calendar's secret address (RFC 5545): subscribe to it in a calendar app."
    )
