"""Recsys background jobs: they write the precomputed lists that endpoints read."""

from celery import shared_task

from recsys import services, trending


# heavy: whole-catalog jobs that never run inside a web request (common/queue.py).
@shared_task(heavy=True)
def generate_daily_trending() -> dict[str, int]:
    """Recompute and store the day and week trending lists (idempotent; readers never see a gap)."""
    return {
        time_range: len(trending.trending_refresh(time_range=time_range))
        for time_range in trending.TIME_RANGES
    }


@shared_task(acks_late=True, heavy=True)
def generate_recommendations() -> dict[str, int]:
    """Refit the recommendation models and store every active user's lists (idempotent, batched)."""
    return services.recommendations_refresh()
