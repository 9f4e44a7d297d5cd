"""Recsys background jobs: they write the precomputed lists that endpoints read."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import cache

from recsys import selectors, services, trending

logger = logging.getLogger(__name__)

# Held while the first worker of a deploy queues the missing runs, so its siblings do not repeat them.
FIRST_RUNS_LOCK = "recsys:first-runs-queued"
FIRST_RUNS_LOCK_SECONDS = 15 * 60


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


@worker_ready.connect
def queue_missing_runs(**kwargs) -> list[str]:
    """A fresh deploy recommends from its first minutes: when a worker starts and no fitted model
    (or no trending list) is stored, or it has expired, it queues one run of each missing job
    instead of waiting for beat's next scheduled run. Returns the names of the jobs queued."""
    missing = selectors.missing_precomputes()
    if not missing or not cache.add(FIRST_RUNS_LOCK, True, timeout=FIRST_RUNS_LOCK_SECONDS):
        return []
    jobs = {"trending": generate_daily_trending, "recommendations": generate_recommendations}
    for name in missing:
        jobs[name].delay()
    logger.info("recsys.first_runs_queued", extra={"jobs": missing})
    return missing
