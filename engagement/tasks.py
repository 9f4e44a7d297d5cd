"""Engagement background jobs."""

from celery import shared_task

from engagement import history_job


@shared_task(acks_late=True)
def import_history(import_id: str) -> str:
    """Run one pending history import (idempotent: a job already claimed is left alone); its status."""
    return history_job.history_import_run(import_id=import_id).status
