"""History import job: matches an uploaded export's films and writes everything in one transaction.

A failure leaves nothing behind and marks the job failed with its reason. Idempotent: a film
already reviewed keeps its review, a view already recorded at the same moment is not added
again, a watchlist entry is added once; diary plays and likes follow engagement.diary_import,
lists engagement.list_import. A diary or Trakt history becomes plays (each with its view), a
ratings or watched file reviews and views. An archive's files are imported in turn, in
history_archive's order, each seeing what the one before it added. Overlapping imports of one
user both finish: their writes take the user's row lock in turn, and rows another request
added meanwhile are skipped (inserts ignore conflicts), so ``created`` counts what this job
really added. Once done, listeners of ``history_imported`` (recommendations) refresh the user's lists.
"""

import logging
from collections import Counter
from datetime import timedelta
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from catalog.models import Movie
from catalog.ratings import rating_moves
from engagement.diary_import import add_likes, add_plays
from engagement.history_archive import job_exports
from engagement.history_formats import Entry, Export, ExportError
from engagement.history_matching import chunks, find_movies
from engagement.list_import import add_list
from engagement.models import HistoryImport, Review, WatchHistory, WatchlistItem
from engagement.signals import history_imported

logger = logging.getLogger(__name__)

FAILED = "The import failed; nothing was imported. Try again later."
# A job still pending or running this long after its upload was abandoned (its worker died).
ABANDONED_AFTER = timedelta(days=1)
PLAYS = ("diary", "history")  # the kinds of export that are plays
COUNTS = ("reviews", "history", "watchlist", "diary", "likes", "lists", "list_entries")


def _inserted(model: type[Model], rows: list) -> list:
    """Insert ``rows``, skipping any a concurrent request added first; the rows really inserted."""
    model.objects.bulk_create(rows, ignore_conflicts=True)
    kept = set(model.objects.filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True))
    return [row for row in rows if row.pk in kept]


def _add_reviews(user, pairs: list[tuple[Entry, Movie]]) -> int:
    rated = {movie.tmdb_id: (entry, movie) for entry, movie in pairs if entry.rating is not None}
    reviewed = set(
        Review.objects.filter(user=user, movie_id__in=list(rated)).values_list("movie_id", flat=True)
    )
    now = timezone.now()
    new = [
        Review(
            user=user, movie=movie, rating=entry.rating, created_at=entry.watched_at or now, updated_at=now
        )
        for tmdb_id, (entry, movie) in rated.items()
        if tmdb_id not in reviewed
    ]
    new = _inserted(Review, new)
    # A user rates a movie once, so each movie moves by one rating: one update per rating value.
    by_rating: dict = {}
    for review in new:
        by_rating.setdefault(review.rating, []).append(review.movie_id)
    for rating, tmdb_ids in sorted(by_rating.items()):
        for chunk in chunks(sorted(tmdb_ids)):
            Movie.objects.filter(tmdb_id__in=chunk).update(**rating_moves(added=rating))
    return len(new)


def _add_views(user, viewer_key: str, pairs: list[tuple[Entry, Movie]]) -> int:
    """A view per dated entry not recorded yet; an undated film gets one only if never seen."""
    known = set(
        WatchHistory.objects.filter(user=user, movie_id__in={m.tmdb_id for _, m in pairs}).values_list(
            "movie_id", "watched_at"
        )
    )
    seen = {tmdb_id for tmdb_id, _ in known}
    dated = {(m.tmdb_id, e.watched_at) for e, m in pairs if e.watched_at is not None} - known
    undated = {m.tmdb_id for e, m in pairs if e.watched_at is None} - seen - {t for t, _ in dated}
    now = timezone.now()
    new = [
        WatchHistory(user=user, viewer_key=viewer_key, movie_id=tmdb_id, watched_at=when)
        for tmdb_id, when in sorted(dated) + [(tmdb_id, now) for tmdb_id in sorted(undated)]
    ]
    return len(_inserted(WatchHistory, new))


def _add_watchlist(user, pairs: list[tuple[Entry, Movie]]) -> int:
    wanted = {movie.tmdb_id for _, movie in pairs}
    listed = set(
        WatchlistItem.objects.filter(user=user, movie_id__in=wanted).values_list("movie_id", flat=True)
    )
    new = [WatchlistItem(user=user, movie_id=tmdb_id) for tmdb_id in sorted(wanted - listed)]
    return len(_inserted(WatchlistItem, new))


def _import_one(job: HistoryImport, export: Export, counts: Counter) -> list[dict]:
    """Write one export's films; returns those not imported, with why."""
    matches = find_movies(export.entries)
    pairs = [(entry, movie) for entry, (movie, _) in zip(export.entries, matches, strict=True) if movie]
    unmatched = [
        {"title": entry.title, "year": entry.year, "why": why}
        for entry, (movie, why) in zip(export.entries, matches, strict=True)
        if movie is None
    ]
    counts["matched"] += len(pairs)
    if export.kind == "list":
        lists, entries, missed = add_list(job.user, export, pairs)
        counts.update(lists=lists, list_entries=entries)
        return [{**film, "why": f"{film['why']} (list: {export.name})"} for film in unmatched] + missed
    if export.kind in PLAYS:
        counts["reviews"] += _add_reviews(job.user, pairs)
        plays = add_plays(job.user, pairs)
        counts.update(diary=plays, history=plays)
    elif export.kind == "likes":
        counts["likes"] += add_likes(job.user, pairs)
    elif export.kind == "watchlist":
        counts["watchlist"] += _add_watchlist(job.user, pairs)
    else:
        counts["reviews"] += _add_reviews(job.user, pairs)
        counts["history"] += _add_views(job.user, f"user:{job.user_id}", pairs)
    return unmatched


@transaction.atomic
def _import(job: HistoryImport) -> None:
    exports = job_exports(kind=job.kind, file_name=job.file_name, content=job.content, source=job.source)
    # One import of a user writes at a time, so each sees what the one before it added.
    get_user_model().objects.select_for_update().filter(pk=job.user_id).exists()
    counts: Counter = Counter()
    unmatched = []
    for _, export in exports:
        unmatched += _import_one(job, export, counts)
    job.created = {name: counts[name] for name in COUNTS}
    job.matched = counts["matched"]
    job.unmatched = unmatched
    job.status, job.content, job.finished_at = HistoryImport.Status.DONE, "", timezone.now()
    job.save()


def history_import_run(*, import_id: UUID | str) -> HistoryImport:
    """Run a pending import (see the module docstring); a job not pending is left alone."""
    claimed = HistoryImport.objects.filter(pk=import_id, status=HistoryImport.Status.PENDING).update(
        status=HistoryImport.Status.RUNNING
    )
    job = HistoryImport.objects.select_related("user").get(pk=import_id)
    if not claimed:
        return job
    try:
        _import(job)
    except ExportError as error:
        _fail(job, str(error))
    except Exception:
        logger.exception("history import failed", extra={"import_id": str(import_id)})
        _fail(job, FAILED)
        raise
    else:
        history_imported.send(sender=HistoryImport, user_id=job.user_id)
    return job


def _fail(job: HistoryImport, message: str) -> None:
    HistoryImport.objects.filter(pk=job.pk).update(
        status=HistoryImport.Status.FAILED, error=message, content="", finished_at=timezone.now()
    )
    job.refresh_from_db()


def history_import_prune(*, keep_days: int) -> int:
    """Delete imports that finished more than ``keep_days`` days ago, and those abandoned as long
    (still pending or running); returns how many went."""
    cutoff = timezone.now() - timedelta(days=keep_days)
    finished = Q(status__in=(HistoryImport.Status.DONE, HistoryImport.Status.FAILED), finished_at__lt=cutoff)
    abandoned = Q(
        status__in=(HistoryImport.Status.PENDING, HistoryImport.Status.RUNNING), created_at__lt=cutoff
    )
    deleted, _ = HistoryImport.objects.filter(finished | abandoned).delete()
    return deleted
