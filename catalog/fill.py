"""The demo catalog filled from TMDb: each MovieLens movie's details, credits, videos and images.

The demo movies' TMDb ids come from the MovieLens links, so each needs one detail request.
A run goes at a steady pace (TMDB_FILL_REQUESTS_PER_SECOND; the client's own retries honour a
429's Retry-After), records its progress in a TmdbFillRun row, and is resumable: movies
synced from TMDb within TMDB_FILL_FRESH_DAYS are skipped, so a run that stopped half-way is
finished by running it again. A refused key (401) or TMDb staying down stops the run cleanly.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from catalog import sync
from catalog.models import Movie, TmdbFillRun
from catalog.tmdb import TmdbUnauthorized, TmdbUnavailable

logger = logging.getLogger(__name__)


def movies_to_fill() -> QuerySet[Movie]:
    """The demo (MovieLens) movies not synced from TMDb within TMDB_FILL_FRESH_DAYS, by TMDb id."""
    fresh_since = timezone.now() - timedelta(days=settings.TMDB_FILL_FRESH_DAYS)
    return (
        Movie.objects.filter(movielens_id__isnull=False)
        .filter(Q(tmdb_synced_at__isnull=True) | Q(tmdb_synced_at__lt=fresh_since))
        .order_by("tmdb_id")
    )


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _stop(run: TmdbFillRun, note: str) -> TmdbFillRun:
    run.status, run.note, run.finished_at = TmdbFillRun.Status.STOPPED, note[:500], timezone.now()
    run.save()
    logger.warning("tmdb.fill_stopped", extra={"run_id": run.pk, "note": run.note})
    return run


def fill_run(*, progress: Callable[[TmdbFillRun], None] = lambda run: None) -> TmdbFillRun:
    """Fill every demo movie that needs it from TMDb; the finished (done or stopped) run.

    ``progress`` is called with the run every TMDB_FILL_PROGRESS_EVERY movies and at the end.
    """
    tmdb_ids = list(movies_to_fill().values_list("tmdb_id", flat=True))
    run = TmdbFillRun.objects.create(total=len(tmdb_ids))
    interval = 1 / settings.TMDB_FILL_REQUESTS_PER_SECOND
    next_at = time.monotonic()
    for done, tmdb_id in enumerate(tmdb_ids, start=1):
        _sleep(max(0.0, next_at - time.monotonic()))
        next_at = max(next_at, time.monotonic()) + interval
        try:
            sync.movie_sync(tmdb_id=tmdb_id, force=True)
            run.filled += 1
        except Movie.DoesNotExist:
            run.missing += 1
        except TmdbUnauthorized:
            return _stop(run, "TMDb refused the API key (HTTP 401): check TMDB_API_KEY, then run again.")
        except TmdbUnavailable as exc:
            return _stop(run, f"TMDb is unavailable ({exc}); run again to resume.")
        if done % settings.TMDB_FILL_PROGRESS_EVERY == 0:
            run.save()
            progress(run)
    run.status, run.finished_at = TmdbFillRun.Status.DONE, timezone.now()
    run.save()
    progress(run)
    return run
