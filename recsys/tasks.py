"""Recsys background jobs: they write the precomputed lists that endpoints read.

A recommendation run fans out: ``generate_recommendations`` fits once and sends one
``recommend_batch`` per batch of users, which any worker may take; the batch that completes
the run switches readers to it (recsys.runs). With eager tasks (the embedded default) the
same code runs every batch in-process.
"""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import cache

from recsys import runs, selectors, trending

logger = logging.getLogger(__name__)

# Held while the first worker of a deploy queues the missing runs, so its siblings do not repeat them.
FIRST_RUNS_LOCK = "recsys:first-runs-queued"
FIRST_RUNS_LOCK_SECONDS = 15 * 60
BATCH_MAX_RETRIES = 3


# heavy: whole-catalog jobs that never run inside a web request (common/queue.py).
@shared_task(heavy=True)
def generate_daily_trending() -> dict[str, int]:
    """Recompute and store the day and week trending lists (idempotent; readers never see a gap)."""
    return {
        time_range: len(trending.trending_refresh(time_range=time_range))
        for time_range in trending.TIME_RANGES
    }


@shared_task(acks_late=True, heavy=True)
def generate_recommendations(run_id: int | None = None, in_process: bool = False) -> dict[str, int]:
    """Run ``run_id`` (a queued run; None: start one unless one is active): fit, then fan out.

    Each batch goes to the queue as a ``recommend_batch`` task, or runs here with
    ``in_process`` (the ``precompute`` command). Redelivered after a lost worker, it resumes:
    the fit is redone only if it was not stored, and only unscored batches are sent again.
    """
    if run_id is None:
        run, created = runs.run_request()
        if not created:
            return {"run": run.pk, "batches": 0}
        run_id = run.pk
    try:
        numbers = runs.run_prepare(run_id=run_id)
    except Exception as exc:
        runs.run_fail(run_id=run_id, error=f"fit: {exc!r}")
        raise
    for number in numbers:
        if in_process:
            recommend_batch.apply(args=(run_id, number))
        else:
            recommend_batch.delay(run_id, number)
    if not numbers:  # no active user (or nothing left to do): the switch comes now
        runs.run_finish(run_id=run_id)
    return {"run": run_id, "batches": len(numbers)}


@shared_task(bind=True, acks_late=True, heavy=True, max_retries=BATCH_MAX_RETRIES)
def recommend_batch(self, run_id: int, number: int) -> None:
    """Score and store one batch of a run; the run's last batch switches readers to it.

    Retried with backoff on failure; after the last retry the run fails and readers keep the
    previous run's lists.
    """
    try:
        last = runs.batch_score(run_id=run_id, number=number)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            runs.batch_failed(run_id=run_id, number=number, error=repr(exc))
            raise
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
    if last:
        runs.run_finish(run_id=run_id)


@shared_task(acks_late=True, heavy=True)
def rescore_changed_users() -> dict[str, int]:
    """Between runs: score the users whose lists their activity dropped, from the current run's fit."""
    run_id = runs.current_run_id()
    if run_id is None:
        return {"users": 0}
    return {"users": runs.lists_rescore(run_id=run_id, user_ids=runs.changed_users(run_id=run_id))}


@worker_ready.connect
def queue_missing_runs(**kwargs) -> list[str]:
    """A fresh deploy recommends from its first minutes: when a worker starts and no run has
    finished (or no trending list is stored, or it has expired), it queues one run of each
    missing job instead of waiting for beat's next scheduled run. Returns the jobs queued."""
    missing = selectors.missing_precomputes()
    if not missing or not cache.add(FIRST_RUNS_LOCK, True, timeout=FIRST_RUNS_LOCK_SECONDS):
        return []
    jobs = {"trending": generate_daily_trending, "recommendations": generate_recommendations}
    for name in missing:
        jobs[name].delay()
    logger.info("recsys.first_runs_queued", extra={"jobs": missing})
    return missing
