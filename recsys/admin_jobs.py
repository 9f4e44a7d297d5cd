"""Staff-requested rebuilds of the precomputed lists: queued, never run in a web process, logged."""

from collections.abc import Callable

from django.core.cache import cache

from audit.models import AdminAction
from audit.recording import admin_action_record
from common.exceptions import QueueUnavailable
from common.queue import enqueue
from recsys import runs, tasks
from recsys.models import RecommendationRun
from recsys.tasks import generate_daily_trending, generate_recommendations


def _trending_refresh() -> None:
    """Queue a trending job unless a requested one still waits in the queue (that one answers)."""
    if not cache.add(tasks.TRENDING_QUEUED_KEY, True, timeout=tasks.TRENDING_QUEUED_SECONDS):
        return
    try:
        enqueue(generate_daily_trending)
    except QueueUnavailable:
        cache.delete(tasks.TRENDING_QUEUED_KEY)
        raise


def _recommendations_refresh() -> RecommendationRun:
    """The run queued, or the live one in progress (never two at once, never one whose worker died:
    a stale run is resumed or replaced first)."""
    tasks.stale_runs_recover()
    run, created = runs.run_request()
    if created:
        try:
            enqueue(generate_recommendations, run_id=run.pk)
        except QueueUnavailable:
            runs.run_fail(run_id=run.pk, error="the job queue was unreachable")
            raise
    return run


REFRESH_TARGETS: dict[str, Callable[[], RecommendationRun | None]] = {
    "trending": _trending_refresh,
    "recommendations": _recommendations_refresh,
}


def precompute_request(*, target: str) -> RecommendationRun | None:
    """Queue a rebuild of ``target`` (a REFRESH_TARGETS key) and log it for admins.

    For recommendations, returns the run queued (or the one already in progress).
    QueueUnavailable (nothing queued, nothing logged) when the broker cannot be reached.
    """
    run = REFRESH_TARGETS[target]()
    admin_action_record(kind=AdminAction.Kind.CACHE_REFRESH, action="refresh", target=target)
    return run
