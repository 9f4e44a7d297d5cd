"""Recommendation writes: precomputed lists and their invalidation."""

from django.core.cache import cache

from recsys.models import RecommendationCache


def user_recommendations_key(user_id) -> str:
    """Cache key of a user's precomputed recommendations (spec appendix)."""
    return f"user:{user_id}:recommendations"


def user_recommendations_invalidate(*, user_id) -> None:
    """Drop a user's precomputed recommendations; the next read recomputes them."""
    cache.delete(user_recommendations_key(user_id))
    RecommendationCache.objects.filter(user_id=user_id).delete()
