"""Serializers of notifications and the calendar URL."""

from rest_framework import serializers

from notifications import inbox
from notifications.models import Kind
from rest_api.catalog.serializers import MovieSerializer


class NotificationListQuerySerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False, help_text="Only unread ones.")


def _payload(field_class: type[serializers.Field], key: str, about: str) -> serializers.Field:
    """A read-only field of the notification's ``payload[key]`` (an available_on_service fact), null
    for the kinds without it."""
    return field_class(
        source=f"payload.{key}",
        read_only=True,
        default=None,
        allow_null=True,
        help_text=f"available_on_service: {about}",
    )


class NotificationSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    tmdb_id = serializers.IntegerField(source="movie_id", read_only=True, allow_null=True)
    movie = MovieSerializer(read_only=True, allow_null=True, help_text="The movie it is about.")
    provider_id = _payload(serializers.IntegerField, "provider_id", "the provider's TMDb id.")
    provider_name = _payload(serializers.CharField, "provider_name", "the provider's name.")
    region = _payload(serializers.CharField, "region", "the region (ISO 3166-1).")
    monetization = _payload(
        serializers.CharField, "monetization", "how it is offered (flatrate, free or ads)."
    )
    username = serializers.CharField(
        source="payload.username",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="new_follower, follow_request: who follows you or asks to; like, comment, mention: who "
        "did it (their username then).",
    )
    review_id = serializers.UUIDField(
        source="payload.review_id",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="like, comment, mention: the review it is on (null when on a list).",
    )
    list_id = serializers.UUIDField(
        source="payload.list_id",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="like, comment, mention: the list it is on (null when on a review).",
    )
    comment_id = serializers.UUIDField(
        source="payload.comment_id",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="comment, mention: the comment.",
    )
    created_at = serializers.DateTimeField(read_only=True)
    read_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="Null while unread.")


class UnreadCountSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField(help_text="How many of your notifications are unread.")


class MarkReadInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=inbox.MAX_IDS,
        help_text=f"Notifications of yours to mark read (at most {inbox.MAX_IDS}).",
    )
    all = serializers.BooleanField(required=False, default=False, help_text="Mark every one read instead.")
    up_to = serializers.DateTimeField(
        required=False, help_text="With all: only those made at or before this (default now)."
    )


class MarkReadSerializer(UnreadCountSerializer):
    marked = serializers.IntegerField(help_text="How many notifications became read.")


class CalendarLinkSerializer(serializers.Serializer):
    url = serializers.URLField(
        help_text="Your calendar's secret address (RFC 5545): subscribe to it in a calendar app."
    )
