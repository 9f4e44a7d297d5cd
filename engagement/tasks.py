"""Engagement background jobs."""

from celery import shared_task
from django.conf import settings

from engagement import history_job, offers_job


@shared_task(acks_late=True)
def import_history(import_id: str) -> str:
    """Run one pending history import (idempotent: a job already claimed is left alone); its status."""
    return history_job.history_import_run(import_id=import_id).status


@shared_task
def prune_history_imports() -> int:
    """Delete history imports finished HISTORY_IMPORT_KEEP_DAYS ago or more; how many went."""
    return history_job.history_import_prune(keep_days=settings.HISTORY_IMPORT_KEEP_DAYS)


@shared_task
def refresh_watch_providers() -> int:
    """Refresh the offers of the next batch of stale movies (engagement.offers_job); how many changed.

    Does nothing without TMDB_API_KEY.
    """
    return len(offers_job.offers_refresh_run())
