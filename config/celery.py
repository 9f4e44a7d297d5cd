"""Celery application: configured from Django settings (CELERY_* names), tasks autodiscovered."""

import logging.config
import os

from celery import Celery
from celery.signals import after_task_publish, before_task_publish, setup_logging, worker_init
from django.conf import settings
from django_structlog.celery.steps import DjangoStructLogInitStep

import common.task_metrics  # noqa: F401  (connects task metrics and the worker's metrics server)
from common.checks import refuse_insecure_start

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("moviverse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class TaskLogContext(DjangoStructLogInitStep):
    """django-structlog's worker step (task_id and the enqueuing request's ids on a task's lines),
    less its own copy of the publish receivers: the app connected them already
    (DJANGO_STRUCTLOG_CELERY_ENABLED), and two copies log every enqueued task twice."""

    def __init__(self, parent, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        before_task_publish.disconnect(self.receiver.receiver_before_task_publish)
        after_task_publish.disconnect(self.receiver.receiver_after_task_publish)


app.steps["worker"].add(TaskLogContext)


@setup_logging.connect
def _log_like_the_web(**kwargs) -> None:
    """Workers and beat log through settings.LOGGING (JSON lines), not Celery's own text format."""
    logging.config.dictConfig(settings.LOGGING)


@worker_init.connect
def _refuse_insecure_start(**kwargs) -> None:
    """Workers make password reset tokens: they refuse the development key too."""
    refuse_insecure_start()
