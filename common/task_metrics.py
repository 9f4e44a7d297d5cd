"""Prometheus metrics of Celery tasks: runs per task and outcome, and their durations.

Counted from Celery's task signals, so they fill wherever tasks run: in the web process when tasks
run eagerly (served at ``/metrics``), in a worker otherwise. An eager task whose error propagates to
the caller (CELERY_TASK_EAGER_PROPAGATES) is timed but has no outcome: Celery signals none.

A worker serves its own metrics over HTTP on CELERY_METRICS_PORT when that is set; with the prefork
pool (tasks run in child processes) set PROMETHEUS_MULTIPROC_DIR to an empty folder too, so the
children's numbers are added up.
"""

import os
import time
from collections import defaultdict
from typing import Any

from celery import Task
from celery.signals import task_postrun, task_prerun, worker_process_shutdown, worker_ready
from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess, start_http_server

TASKS = Counter(
    "moviverse_celery_tasks_total",
    "Celery task runs by task name and outcome (success, failure, retry, ignored, rejected).",
    ["task", "outcome"],
)
TASK_DURATION = Histogram(
    "moviverse_celery_task_duration_seconds",
    "Duration of Celery task runs, whatever their outcome.",
    ["task"],
    buckets=(0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600),
)

# Start times per task id; a stack because an eager retry runs again, nested, under the same id.
_started: defaultdict[str, list[float]] = defaultdict(list)


@task_prerun.connect
def _task_started(task_id: str, **_: Any) -> None:
    _started[task_id].append(time.perf_counter())


@task_postrun.connect
def _task_finished(task_id: str, task: Task, state: str | None = None, **_: Any) -> None:
    starts = _started.get(task_id)
    if starts:
        TASK_DURATION.labels(task.name).observe(time.perf_counter() - starts.pop())
        if not starts:
            del _started[task_id]
    if state:
        TASKS.labels(task.name, state.lower()).inc()


def _multiprocess() -> bool:
    return "PROMETHEUS_MULTIPROC_DIR" in os.environ


@worker_ready.connect
def serve_worker_metrics(**_: Any) -> None:
    """Serve this worker's metrics on CELERY_METRICS_PORT (unset: not served)."""
    if settings.CELERY_METRICS_PORT is None:
        return
    registry = REGISTRY
    if _multiprocess():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    start_http_server(settings.CELERY_METRICS_PORT, registry=registry)


@worker_process_shutdown.connect
def _forget_pool_process(pid: int, **_: Any) -> None:
    if _multiprocess():
        multiprocess.mark_process_dead(pid)
