"""What delta sync remembers: the rows a user removed, for a stated period."""

from django.conf import settings
from django.db import models


class SyncTombstone(models.Model):
    """One removed row of a user's synced collection (``key``: the movie's TMDb id)."""

    class Collection(models.TextChoices):
        FAVORITES = "favorites"
        WATCHLIST = "watchlist"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    collection = models.CharField(max_length=16, choices=Collection.choices)
    key = models.BigIntegerField()
    removed_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "collection", "removed_at"], name="portability_tomb_user_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.collection} {self.key}"
