"""Celery application: configured from Django settings (CELERY_* names), tasks autodiscovered."""

import os

from celery import Celery
from celery.signals import worker_init

import common.task_metrics  # noqa: F401  (connects task metrics and the worker's metrics server)
from common.checks import refuse_insecure_start

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("moviverse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _refuse_insecure_start(**kwargs) -> None:
    """Workers make password reset tokens: they refuse the development key too."""
    refuse_insecure_start()
