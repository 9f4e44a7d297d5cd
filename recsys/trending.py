"""Trending engine: the movies people watch and rate most right now, over a day or a week.

Score of movie ``m`` over a window ``W`` (``day`` = last 24 h, ``week`` = last 7 days)::

    local(m) = VIEW_WEIGHT   * sum of decay(age) over the views of m in W
             + VIEWER_WEIGHT * number of distinct viewers of m in W
             + RATING_WEIGHT * sum of decay(age) * rating / 5 over the reviews of m created in W

    decay(age) = 0.5 ** (age_hours / HALF_LIFE_HOURS[W])

Ages are counted from the start of the event's hour, so each signal is one ``GROUP BY`` per
movie and hour. Viewers are counted by ``viewer_key`` (a user, or an anonymous viewer's hashed
key), so one person replaying a movie adds views but not viewers. The rating term is the
decayed count of recent ratings times their mean over 5: many recent good ratings weigh most.

When TMDb answers, its trending list blends in by rank (n ids, rank 0 = TMDb's first)::

    score(m) = (1 - TMDB_WEIGHT) * local(m) / max(local) + TMDB_WEIGHT * (n - rank(m)) / n

Movies are ranked by score (ties: smaller TMDb id first). When fewer than TOP_N movies have
signal (a quiet window, or the demo catalog right after seeding, whose ratings are historical),
the rest of the list is filled in all-time order: our users' rating count, then
``popularity_score``. Trending is therefore never empty while the catalog has movies.

Precomputed lists (``[{"tmdb_id", "score"}]``, best first) are kept by recsys.precomputed
under ``trending:{day|week}`` (TTL ``CACHE_TTL``); ``tmdb:trending:{day|week}`` is TMDb's own
list, cached by the TMDb client.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import TypedDict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, FloatField, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone

from catalog import sync as catalog_sync
from catalog.models import Movie
from common import payload_cache
from common.paging import validate_limit
from engagement.availability_filter import AvailabilityFilter
from engagement.models import Review, WatchHistory
from recsys import precomputed
from recsys.models import TrendingCache

TIME_RANGES = ("day", "week")
DEFAULT_TIME_RANGE = "week"
DEFAULT_LIMIT = 20
WINDOWS = {"day": timedelta(days=1), "week": timedelta(days=7)}


class Entry(TypedDict):
    """One place of a precomputed list."""

    tmdb_id: int
    score: float


def validate_request(*, time_range: str, limit: int) -> None:
    """Raise ValidationError (field errors) unless time_range is day/week and limit within 1..max."""
    if time_range not in TIME_RANGES:
        raise ValidationError({"time_range": ['time_range must be "day" or "week".']})
    validate_limit(limit)


def _decay(age: timedelta, half_life_hours: float) -> float:
    return 0.5 ** (max(age.total_seconds(), 0.0) / 3600 / half_life_hours)


def _decayed_sums(rows: Iterable[dict], now: datetime, half_life: float, value: str) -> dict[int, float]:
    sums: dict[int, float] = defaultdict(float)
    for row in rows:
        sums[row["movie_id"]] += row[value] * _decay(now - row["hour"], half_life)
    return sums


def local_scores(*, time_range: str, now: datetime) -> dict[int, float]:
    """Raw local score of every movie with views or reviews in the window (module formula)."""
    weights = settings.TRENDING
    half_life = weights["HALF_LIFE_HOURS"][time_range]
    since = now - WINDOWS[time_range]
    views = WatchHistory.objects.filter(watched_at__gt=since, watched_at__lte=now)
    reviews = Review.objects.filter(created_at__gt=since, created_at__lte=now)

    view_rows = (
        views.annotate(hour=TruncHour("watched_at"))
        .values("movie_id", "hour")
        .annotate(n=Count("id"))
        .order_by()
    )
    viewer_rows = views.values("movie_id").annotate(n=Count("viewer_key", distinct=True)).order_by()
    review_rows = (
        reviews.annotate(hour=TruncHour("created_at"))
        .values("movie_id", "hour")
        .annotate(stars=Sum("rating", output_field=FloatField()))
        .order_by()
    )

    scores: dict[int, float] = defaultdict(float)
    for movie_id, value in _decayed_sums(view_rows, now, half_life, "n").items():
        scores[movie_id] += weights["VIEW_WEIGHT"] * value
    for row in viewer_rows:
        scores[row["movie_id"]] += weights["VIEWER_WEIGHT"] * row["n"]
    for movie_id, value in _decayed_sums(review_rows, now, half_life, "stars").items():
        scores[movie_id] += weights["RATING_WEIGHT"] * value / 5
    return dict(scores)


def _blend(local: dict[int, float], tmdb_ids: list[int]) -> dict[int, float]:
    """Local scores scaled to 0..1 and blended with TMDb's rank scores (module formula)."""
    ranked_tmdb = list(dict.fromkeys(tmdb_ids))
    tmdb_weight = settings.TRENDING["TMDB_WEIGHT"] if ranked_tmdb else 0.0
    best = max(local.values(), default=0.0) or 1.0
    blended = {movie_id: (1 - tmdb_weight) * score / best for movie_id, score in local.items()}
    n = len(ranked_tmdb)
    for rank, movie_id in enumerate(ranked_tmdb):
        blended[movie_id] = blended.get(movie_id, 0.0) + tmdb_weight * (n - rank) / n
    return blended


def compute_trending(
    *,
    time_range: str,
    now: datetime | None = None,
    top_n: int | None = None,
    exclude: Collection[int] = frozenset(),
) -> list[Entry]:
    """The top ``top_n`` (default TOP_N) trending movies of the window, best first, none of ``exclude``.

    Module formula, with fallback filling.
    """
    now = now or timezone.now()
    top_n = top_n or settings.TRENDING["TOP_N"]
    tmdb_ids = catalog_sync.tmdb_trending_ids(time_range=time_range)
    known = set(Movie.objects.filter(tmdb_id__in=tmdb_ids).values_list("tmdb_id", flat=True))
    scores = _blend(local_scores(time_range=time_range, now=now), [i for i in tmdb_ids if i in known])
    kept = [item for item in scores.items() if item[0] not in exclude]
    ranked = sorted(kept, key=lambda item: (-item[1], item[0]))[:top_n]
    entries = [{"tmdb_id": movie_id, "score": round(score, 6)} for movie_id, score in ranked]
    if len(entries) < top_n:
        filler = (
            Movie.objects.exclude(tmdb_id__in=[*scores, *exclude])
            .order_by("-rating_count", "-popularity_score", "tmdb_id")
            .values_list("tmdb_id", flat=True)[: top_n - len(entries)]
        )
        entries += [{"tmdb_id": movie_id, "score": 0.0} for movie_id in filler]
    return entries


def trending_refresh(*, time_range: str, now: datetime | None = None) -> list[Entry]:
    """Compute a window's list and store it (TrendingCache row, then cache); idempotent upsert."""
    entries = compute_trending(time_range=time_range, now=now)
    key, ttl = precomputed.trending_key(time_range), settings.TRENDING["CACHE_TTL"]
    precomputed.upsert(TrendingCache, [TrendingCache(key=key, payload=entries, ttl=ttl)])
    cache.set(key, entries, ttl)
    payload_cache.bump(payload_cache.TRENDING)
    return entries


def trending_ids(
    *,
    time_range: str,
    limit: int,
    exclude: Collection[int] = frozenset(),
    available: AvailabilityFilter | None = None,
) -> list[int]:
    """TMDb ids of the window's top ``limit`` trending movies, none of ``exclude`` (a reader's dismissals).

    Read from the precomputed list: cache, then stored row, then compute and store; an empty
    list (stored while the catalog was empty) is computed and stored again. That list holds the
    first TOP_N; when ``exclude`` leaves fewer than ``limit`` of a full list, the ranking goes
    on past it, so the list is computed afresh for this reader (not stored). With ``available``
    the whole precomputed list is filtered (one query) and its first ``limit`` kept: a filtered
    answer may hold fewer than ``limit`` when fewer of the first TOP_N pass.
    """
    validate_request(time_range=time_range, limit=limit)
    key = precomputed.trending_key(time_range)
    entries = precomputed.read(TrendingCache, key, lambda: trending_refresh(time_range=time_range))
    if not entries and Movie.objects.exists():
        entries = trending_refresh(time_range=time_range)
    kept = [entry["tmdb_id"] for entry in entries if entry["tmdb_id"] not in exclude]
    if available is not None:
        return available.keep(kept)[:limit]
    if len(kept) < limit and len(entries) >= settings.TRENDING["TOP_N"]:
        fresh = compute_trending(time_range=time_range, top_n=limit, exclude=exclude)
        kept = [entry["tmdb_id"] for entry in fresh]
    return kept[:limit]
