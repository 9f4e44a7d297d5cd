"""Precomputed trending and recommendation lists (mirrored in the cache for fast reads)."""

from django.conf import settings
from django.db import models


class TrendingCache(models.Model):
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=list)
    ttl = models.PositiveIntegerField(help_text="Seconds the payload stays fresh.")
    last_updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class RecommendationCache(models.Model):
    key = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendation_caches",
        null=True,
        blank=True,
    )
    payload = models.JSONField(default=list)
    ttl = models.PositiveIntegerField(help_text="Seconds the payload stays fresh.")
    last_updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key
