"""Keeping offers current: a paced run that re-reads the details (offers included) of stale movies.

A run visits movies whose offers are older than WATCH_PROVIDERS_STALE_HOURS (or were never
fetched), first those the caller puts first (the engagement job: movies on users' watchlists
and lists), then TMDb's trending movies of the week, then the oldest-fetched, at most
WATCH_PROVIDERS_REFRESH_BATCH of them at WATCH_PROVIDERS_REQUESTS_PER_SECOND (the client
retries a 429 after its Retry-After). Each movie is one detail request, whose credits and
offers are stored together (catalog.sync.detail_store). Without a key a run does nothing; a
refused key or TMDb staying down ends it early, keeping what it stored.
"""

import logging
import time
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from catalog import offers, sync
from catalog.invalidation import catalog_changed
from catalog.models import Movie
from catalog.offers import OffersChange
from catalog.tmdb import TmdbNotFound, TmdbUnavailable, api

logger = logging.getLogger(__name__)


def stale() -> Q:
    """Movies whose offers were never fetched or are older than WATCH_PROVIDERS_STALE_HOURS."""
    since = timezone.now() - timedelta(hours=settings.WATCH_PROVIDERS_STALE_HOURS)
    return Q(watch_providers_fetched_at__isnull=True) | Q(watch_providers_fetched_at__lt=since)


def _stale_ids(tmdb_ids: Sequence[int]) -> set[int]:
    return set(Movie.objects.filter(stale(), tmdb_id__in=tmdb_ids).values_list("tmdb_id", flat=True))


def refresh_order(*, first: Sequence[int], limit: int) -> list[int]:
    """Up to ``limit`` stale movies' TMDb ids: the stale ones of ``first`` in its order, then
    TMDb's trending movies, then the oldest-fetched (never fetched first)."""
    chosen: list[int] = []
    for group in (first, sync.tmdb_trending_ids(time_range="week")):
        fresh_enough = set(group) - _stale_ids(group)
        chosen += [t for t in dict.fromkeys(group) if t not in fresh_enough and t not in chosen]
    if len(chosen) < limit:
        oldest = (
            Movie.objects.filter(stale())
            .exclude(tmdb_id__in=chosen)
            .order_by(F("watch_providers_fetched_at").asc(nulls_first=True), "tmdb_id")
            .values_list("tmdb_id", flat=True)
        )
        chosen += list(oldest[: limit - len(chosen)])
    return chosen[:limit]


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _refresh_one(tmdb_id: int) -> OffersChange | None:
    """Re-read one movie's detail from TMDb (both caches skipped) and store it; its offers' change.

    TmdbUnavailable when TMDb did not answer (the client then falls back to a stale copy).
    """
    changes: list[OffersChange | None] = []
    api.movie_detail(tmdb_id, on_fresh=lambda detail: changes.append(sync.detail_store(detail)), refresh=True)
    if not changes:
        raise TmdbUnavailable(f"TMDb did not answer for movie {tmdb_id}")
    return changes[0]


def refresh_run(*, first: Sequence[int] = ()) -> list[OffersChange]:
    """Refresh the offers of the next batch of stale movies (see the module); the changes made.

    A movie TMDb no longer knows is marked fetched (with no offers) so it is not asked again soon.
    """
    if not settings.TMDB_API_KEY:
        logger.info("watch_providers.refresh_skipped_no_key")
        return []
    offers.provider_list_sync()
    offers.region_list_sync()
    changes: list[OffersChange] = []
    interval = 1 / settings.WATCH_PROVIDERS_REQUESTS_PER_SECOND
    next_at = time.monotonic()
    for tmdb_id in refresh_order(first=first, limit=settings.WATCH_PROVIDERS_REFRESH_BATCH):
        _sleep(max(0.0, next_at - time.monotonic()))
        next_at = max(next_at, time.monotonic()) + interval
        try:
            change = _refresh_one(tmdb_id)
        except TmdbNotFound:
            change = offers.offers_replace(tmdb_id=tmdb_id, regions={})
        except TmdbUnavailable as exc:
            logger.warning("watch_providers.refresh_stopped", extra={"tmdb_id": tmdb_id, "error": str(exc)})
            break
        if change:
            changes.append(change)
    if changes:
        catalog_changed()
    return changes
