"""Cache hit ratio: Redis's own keyspace counters when Redis is the cache, else this process's."""

import logging

from django.core.cache import cache
from prometheus_client import REGISTRY

logger = logging.getLogger(__name__)


def _redis_stats() -> tuple[float, float] | None:
    try:
        from django_redis import get_redis_connection
    except ImportError:  # pragma: no cover - django-redis is a base dependency
        return None
    if not hasattr(cache, "client") or not hasattr(cache.client, "get_client"):
        return None
    try:
        stats = get_redis_connection("default").info("stats")
    except Exception:  # a dead Redis must not break analytics
        logger.warning("redis stats unavailable", exc_info=True)
        return None
    return float(stats.get("keyspace_hits", 0)), float(stats.get("keyspace_misses", 0))


def _process_stats() -> tuple[float, float]:
    hits = REGISTRY.get_sample_value("django_cache_get_hits_total", {"backend": "locmem"}) or 0.0
    misses = REGISTRY.get_sample_value("django_cache_get_misses_total", {"backend": "locmem"}) or 0.0
    return hits, misses


def cache_hit_ratio() -> float | None:
    """Hits / (hits + misses), or None before any cache read."""
    hits, misses = _redis_stats() or _process_stats()
    total = hits + misses
    return round(hits / total, 4) if total else None
