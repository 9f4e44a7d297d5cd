"""Recsys background jobs: they write the precomputed lists that endpoints read.

A recommendation run fans out: ``generate_recommendations`` fits once and sends one
``recommend_batch`` per batch of users, which any worker may take; the batch that completes
the run switches readers to it (recsys.runs). With eager tasks (the embedded default) the
same code runs every batch in-process. Both are acknowledged late and put back in the queue
when their worker dies; ``watch_runs`` takes over a run whose heartbeat stopped all the same
(a message the broker lost, or one waiting out Redis's visibility timeout).
"""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import cache

from common.exceptions import QueueUnavailable
from common.queue import enqueue
from recsys import runs, selectors, trending

logger = logging.getLogger(__name__)

# Held while the first worker of a deploy queues the missing runs, so its siblings do not repeat them.
FIRST_RUNS_LOCK = "recsys:first-runs-queued"
FIRST_RUNS_LOCK_SECONDS = 15 * 60
BATCH_MAX_RETRIES = 3
# Set while a staff-requested trending refresh waits in the queue (recsys.admin_jobs): further
# requests answer that one. Cleared when a trending job starts; expires if its message is lost.
TRENDING_QUEUED_KEY = "recsys:trending-refresh-queued"
TRENDING_QUEUED_SECONDS = 15 * 60


# heavy: whole-catalog jobs that never run inside a web request (common/queue.py).
@shared_task(heavy=True)
def generate_daily_trending() -> dict[str, int]:
    """Recompute and store the day and week trending lists (idempotent; readers never see a gap)."""
    cache.delete(TRENDING_QUEUED_KEY)  # from here on, a new refresh request sees newer data
    return {
        time_range: len(trending.trending_refresh(time_range=time_range))
        for time_range in trending.TIME_RANGES
    }


@shared_task(acks_late=True, reject_on_worker_lost=True, heavy=True)
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


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, heavy=True, max_retries=BATCH_MAX_RETRIES)
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
    """Between runs: score the users whose lists their activity dropped, from the current run's fit.

    First, when the catalog has outgrown that fit (``runs.refit_reason``), a run is requested
    (or the one in progress kept): ``refit`` is 1 then.
    """
    reason = runs.refit_reason()
    if reason is not None:
        logger.info("recsys.refit_scheduled", extra={"reason": reason})
        generate_recommendations.delay()
    refit = int(reason is not None)
    run_id = runs.current_run_id()
    if run_id is None:
        return {"users": 0, "refit": refit}
    users = runs.lists_rescore(run_id=run_id, user_ids=runs.changed_users(run_id=run_id))
    return {"users": users, "refit": refit}


def stale_runs_recover() -> list[runs.Recovery]:
    """Take over runs whose worker died (``runs.stale_runs_recover``) and send what they need.

    QueueUnavailable when the broker cannot be reached: a new run that could not be queued is
    failed (the next take-over or request starts another), a resumed run is taken over again
    once its renewed heartbeat is stale.
    """
    recoveries = runs.stale_runs_recover()
    for recovery in recoveries:
        if recovery.restarted:
            try:
                enqueue(generate_recommendations, run_id=recovery.run_id)
            except QueueUnavailable:
                runs.run_fail(run_id=recovery.run_id, error="the job queue was unreachable")
                raise
        for number in recovery.batches:
            enqueue(recommend_batch, run_id=recovery.run_id, number=number)
    return recoveries


@shared_task
def watch_runs() -> dict[str, list[int]]:
    """Beat's watchdog: resume or restart the runs whose heartbeat is older than RUN_STALE_SECONDS."""
    recoveries = stale_runs_recover()
    return {
        "resumed": [r.run_id for r in recoveries if r.run_id == r.stale_run_id],
        "restarted": [r.stale_run_id for r in recoveries if r.run_id != r.stale_run_id],
    }


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
