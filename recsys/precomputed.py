"""Reading precomputed rows (TrendingCache, RecommendationCache) back into the cache."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Model
from django.utils import timezone


def stored_payload(model: type[Model], key: str):
    """The payload of a still-fresh ``model`` row, re-primed into the cache for its remaining life."""
    row = model.objects.filter(key=key).values("payload", "ttl", "last_updated").first()
    if row is None:
        return None
    remaining = row["last_updated"] + timedelta(seconds=row["ttl"]) - timezone.now()
    if remaining.total_seconds() < 1:
        return None
    cache.set(key, row["payload"], int(remaining.total_seconds()))
    return row["payload"]
