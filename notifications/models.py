"""A user's notifications, and the secret that opens their calendar feed."""

import uuid

from django.conf import settings
from django.db import models

from catalog.models import Movie


class Kind(models.TextChoices):
    """What a notification says. A new kind is a new choice: rows of the others never change."""

    AVAILABLE_ON_SERVICE = "available_on_service", "A watchlisted movie is on one of your services"
    RELEASED = "released", "A watchlisted movie is out"
    NEW_FOLLOWER = "new_follower", "Someone follows you"
    FOLLOW_REQUEST = "follow_request", "Someone asks to follow you"
    LIKE = "like", "Someone likes your review or list"
    COMMENT = "comment", "Someone commented on your review or list"
    MENTION = "mention", "Someone mentioned you in a comment"


class Notification(models.Model):
    """One thing a user is told once: its kind, the movie it is about and a few facts (``payload``).

    ``dedupe_key`` names the event (e.g. ``released:603``); a recipient gets each event at most
    once (the unique constraint), so generation inserts ignoring conflicts and may safely repeat.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    movie = models.ForeignKey(
        Movie,
        on_delete=models.CASCADE,
        to_field="tmdb_id",
        db_column="movie_tmdb_id",
        related_name="+",
        null=True,
        blank=True,
    )
    payload = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notifications_once"),
        ]
        indexes = [
            # The recipient's list, newest first (its cursor keys).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notifications_newest"),
            # The unread count and "unread only": unread rows only.
            models.Index(
                fields=["recipient", "-created_at"],
                name="notifications_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.dedupe_key}"


class CalendarFeed(models.Model):
    """The secret of a user's calendar URL: a public lookup id and a secret compared in constant time.

    Rotating replaces both, so the old URL stops working at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="calendar_feed"
    )
    lookup = models.CharField(max_length=32, unique=True)
    secret = models.CharField(max_length=64)
    rotated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id}: calendar"
