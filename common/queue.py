"""Enqueue Celery work without losing it when the broker is unreachable."""

import logging

from celery import Task
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task: Task, **kwargs) -> None:
    """Send ``task`` to the broker; if the broker cannot be reached, run it here and now.

    The request stays fast (the broker connection and publish retries are bounded in
    settings) and the work is done either way: a failure inside the task itself is
    recorded like any failed task, never raised into the request.
    """
    try:
        task.apply_async(kwargs=kwargs)
    except OperationalError:
        logger.warning("broker unreachable; running %s in-process", task.name, exc_info=True)
        task.apply(kwargs=kwargs)
