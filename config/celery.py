"""Celery application: configured from Django settings (CELERY_* names), tasks autodiscovered."""

import logging.config
import os

from celery import Celery
from celery.signals import setup_logging, worker_init
from django.conf import settings
from django_structlog.celery.steps import DjangoStructLogInitStep

import common.task_metrics  # noqa: F401  (connects task metrics and the worker's metrics server)
from common.checks import refuse_insecure_start

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("moviverse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.steps["worker"].add(DjangoStructLogInitStep)


@setup_logging.connect
def _log_like_the_web(**kwargs) -> None:
    """Workers and beat log through settings.LOGGING (JSON lines), not Celery's own text format."""
    logging.config.dictConfig(settings.LOGGING)


@worker_init.connect
def _refuse_insecure_start(**kwargs) -> None:
    """Workers make password reset tokens: they refuse the development key too."""
    refuse_insecure_start()
