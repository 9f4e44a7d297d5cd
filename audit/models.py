"""The log of admin operations done outside the Django admin site (whose edits are its LogEntry rows).

Its own app, just above common (which holds no models): catalog and recsys services write it,
analytics reads it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AdminAction(models.Model):
    """Who did what, when: a catalog edit through the API, a cache refresh, a TMDb sync request."""

    class Kind(models.TextChoices):
        CATALOG = "catalog", "Catalog edit"
        CACHE_REFRESH = "cache_refresh", "Cache refresh"
        SYNC = "sync", "TMDb sync"
        ACCOUNT = "account", "Account deletion"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.CharField(max_length=20, help_text="create, update, delete, refresh or sync")
    target = models.CharField(max_length=200, help_text="What it acted on, e.g. “movie 603 The Matrix”.")
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"
