"""Precomputed lists: their keys, their rows (TrendingCache, RecommendationCache) and their reads.

Every shared list lives under one key, both in the cache (for its TTL) and in a row of the
model's table (with ``ttl`` and ``last_updated``). Keys:

* ``trending:{day|week}`` (TrendingCache): a window's trending list;
* ``recsys:item:{tmdb_id}`` and ``recsys:popular`` (RecommendationCache): a movie's neighbour
  rows (JSON, its scoring rows also packed: recsys.scoring_rows) and the popular list (database
  only);
* ``user:{id}:recommendations``: a user's lists, mirrored in the cache only (their rows are
  UserRecommendations, per run: recsys.runs, recsys.services).

Reads go cache, then a still-fresh row (put back in the cache for its remaining life), then
compute (the compute step stores what it computes); ``upsert`` writes rows by key.
"""

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Model
from django.utils import timezone

T = TypeVar("T")

DEFAULT_STRATEGY = "hybrid"
ITEM_KEY_PREFIX = "recsys:item:"
POPULAR_KEY = "recsys:popular"


def trending_key(time_range: str) -> str:
    """Key of a window's trending list (cache and TrendingCache)."""
    return f"trending:{time_range}"


def user_recommendations_key(user_id) -> str:
    """Cache key of a user's lists, every strategy's (spec appendix)."""
    return f"user:{user_id}:recommendations"


def item_key(tmdb_id: int) -> str:
    """Key of a movie's stored neighbour rows (a RecommendationCache row without user)."""
    return f"{ITEM_KEY_PREFIX}{tmdb_id}"


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


def read(model: type[Model], key: str, compute: Callable[[], T]) -> T:
    """The list under ``key``: cache, then a fresh ``model`` row, then ``compute()`` (which stores it)."""
    value = cache.get(key)
    if value is None:
        value = stored_payload(model, key)
    if value is None:
        value = compute()
    return value


def upsert(model: type[Model], rows: Sequence[Model]) -> None:
    """Insert or replace rows by key (payload, ttl and, where the table has one, user)."""
    fields = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "key")]
    model.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["key"], update_fields=fields
    )
