"""Catalog background jobs."""

import logging

from celery import shared_task

from catalog import fill, sync
from catalog.models import Movie
from catalog.tmdb import TmdbNotConfigured, TmdbUnavailable

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(TmdbUnavailable,), retry_backoff=30, retry_backoff_max=600, max_retries=5, acks_late=True
)
def sync_tmdb_movie(tmdb_id: int) -> bool:
    """Refresh one movie from TMDb (details, credits, videos); False when TMDb has no such movie.

    Idempotent; retried with backoff while TMDb is unavailable. Without TMDB_API_KEY it does nothing.
    """
    try:
        sync.movie_sync(tmdb_id=tmdb_id, force=True)
    except TmdbNotConfigured:
        logger.info("tmdb.sync_skipped_no_key", extra={"tmdb_id": tmdb_id})
        return False
    except Movie.DoesNotExist:
        logger.info("tmdb.sync_unknown_movie", extra={"tmdb_id": tmdb_id})
        return False
    return True


# heavy: a whole-catalog job that never runs inside a web request (common/queue.py).
@shared_task(heavy=True, acks_late=True)
def fill_from_tmdb() -> int:
    """Fill the demo movies from TMDb (catalog.fill); the id of the TmdbFillRun row. Resumable."""
    run = fill.fill_run(
        progress=lambda run: logger.info(
            "tmdb.fill_progress",
            extra={"run_id": run.pk, "done": run.filled + run.missing, "total": run.total},
        )
    )
    return run.pk
