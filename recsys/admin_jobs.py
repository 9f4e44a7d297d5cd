"""Staff-requested rebuilds of the precomputed lists: queued, never run in a web process, logged."""

from audit.models import AdminAction
from audit.recording import admin_action_record
from common.queue import enqueue
from recsys.tasks import generate_daily_trending, generate_recommendations

REFRESH_TASKS = {"trending": generate_daily_trending, "recommendations": generate_recommendations}


def precompute_request(*, target: str) -> None:
    """Queue a rebuild of ``target`` (a REFRESH_TASKS key) and log it for admins.

    QueueUnavailable (nothing queued, nothing logged) when the broker cannot be reached.
    """
    enqueue(REFRESH_TASKS[target])
    admin_action_record(kind=AdminAction.Kind.CACHE_REFRESH, action="refresh", target=target)
