"""Celery application: configured from Django settings (CELERY_* names), tasks autodiscovered."""

import os

from celery import Celery

import common.task_metrics  # noqa: F401  (connects task metrics and the worker's metrics server)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("moviverse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
