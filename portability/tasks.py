"""Portability background jobs."""

from celery import shared_task
from django.db import DatabaseError

from portability.erasure import account_erase_now
from portability.sync import tombstones_prune


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=8)
def account_erase(*, user_id: str, keep_reviews: bool) -> None:
    """Erase every row of a deleted account (portability.erasure.account_erase_now); retried until done."""
    account_erase_now(user_id=user_id, keep_reviews=keep_reviews)


@shared_task
def prune_sync_tombstones() -> int:
    """Delete delta-sync tombstones older than SYNC_TOMBSTONE_KEEP_DAYS; returns how many went."""
    return tombstones_prune()
