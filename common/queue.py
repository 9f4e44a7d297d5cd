"""Enqueue Celery work without losing it when the broker is unreachable."""

import logging

from celery import Task
from kombu.exceptions import OperationalError

from common.exceptions import QueueUnavailable

logger = logging.getLogger(__name__)


def enqueue(task: Task, **kwargs) -> None:
    """Send ``task`` to the broker; if the broker cannot be reached, run a cheap task here and now.

    The request stays fast (the broker connection and publish retries are bounded in
    settings). A cheap task (an e-mail, one movie's sync) is done either way: a failure inside
    it is recorded like any failed task, never raised into the request. A task declared
    ``heavy=True`` (``@shared_task(heavy=True)``: model fits, whole-catalog jobs) never runs in a
    web process: QueueUnavailable is raised instead, so the caller can say "try again later".
    """
    try:
        task.apply_async(kwargs=kwargs)
    except OperationalError:
        if getattr(task, "heavy", False):
            logger.error("broker unreachable; %s not started", task.name, exc_info=True)
            raise QueueUnavailable from None
        logger.warning("broker unreachable; running %s in-process", task.name, exc_info=True)
        task.apply(kwargs=kwargs)
