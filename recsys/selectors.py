"""Recsys reads of stored lists, returned as QuerySets the GraphQL optimizer can shape.

Reads that may compute and store on a miss (trending, a user's recommendations) and reads
that refresh from TMDb first (similar movies) are services (recsys.services).
"""

from collections.abc import Iterable, Sequence
from datetime import timedelta
from itertools import zip_longest
from typing import NamedTuple

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Movie
from catalog.selectors import movies_by_tmdb_ids
from common.paging import validate_limit
from engagement.availability_filter import AvailabilityFilter
from engagement.models import DiaryEntry
from engagement.selectors import dismissed_movie_ids, not_interested_tmdb_ids
from recsys import loaders, trending
from recsys.models import RecommendationCache, RecommendationRun, TrendingCache
from recsys.precomputed import POPULAR_KEY, item_key, trending_key
from social.friends import liked_by_followees


def _fresh_payloads(model: type[Model], keys: Sequence[str]) -> list | None:
    """The payloads of ``keys``' ``model`` rows, or None unless every one is stored and within its TTL."""
    now = timezone.now()
    rows = model.objects.filter(key__in=keys).values_list("last_updated", "ttl", "payload")
    payloads = [payload for updated, ttl, payload in rows if updated + timedelta(seconds=ttl) > now]
    return payloads if len(payloads) == len(keys) else None


def missing_precomputes() -> list[str]:
    """The precompute jobs whose output is not stored (or has expired): "trending", "recommendations".

    Recommendations are missing until a run has finished (its switch writes the popular row),
    or when the stored model was fitted on an empty catalog; trending while a window has no
    fresh list.
    """
    missing = []
    if (
        _fresh_payloads(TrendingCache, [trending_key(time_range) for time_range in trending.TIME_RANGES])
        is None
    ):
        missing.append("trending")
    popular = _fresh_payloads(RecommendationCache, [POPULAR_KEY])
    done = RecommendationRun.objects.filter(status=RecommendationRun.Status.DONE).exists()
    if not done or not popular or not popular[0]:
        missing.append("recommendations")
    return missing


def recommendation_runs() -> QuerySet[RecommendationRun]:
    """Recommendation runs, newest first (without their stored artefacts)."""
    return RecommendationRun.objects.defer("artefact").order_by("-id")


def without_dismissed(
    tmdb_ids: Sequence[int], user, limit: int, available: AvailabilityFilter | None = None
) -> list[int]:
    """The first ``limit`` of ``tmdb_ids`` that ``user`` (possibly anonymous) did not dismiss [and
    ``available`` lets through: one query over the whole list, so its later ids fill the places
    of the ones left out]."""
    dismissed = not_interested_tmdb_ids(user=user) if user is not None else set()
    kept = [tmdb_id for tmdb_id in tmdb_ids if tmdb_id not in dismissed]
    return (available.keep(kept) if available is not None else kept)[:limit]


class Cited(NamedTuple):
    """What a recommendation read needs of a listed or cited movie, for one reader."""

    title: str
    dismissed: bool  # by the reader
    rewatched: bool  # the reader played it twice or more
    own_list: str | None  # the name of a list the reader owns and put it on (the oldest such list)
    friends_liked: int  # how many people the reader follows liked it (social.friends)


def recommendation_titles(*, user, tmdb_ids: Sequence[int], cited: Iterable[int]) -> dict[int, Cited]:
    """Those of ``tmdb_ids`` and ``cited`` still in the catalog, as ``Cited`` for the reader ``user``.

    Only the reader's own diary and lists are read: no other user's list name can appear; of
    the people the reader follows only a count, through the privacy rule. One query.
    """
    user_id = user.pk
    dismissed = ExpressionWrapper(
        Q(tmdb_id__in=dismissed_movie_ids(user_id=user_id)), output_field=BooleanField()
    )
    plays = (
        DiaryEntry.objects.filter(user_id=user_id, movie_id=OuterRef("tmdb_id"))
        .order_by()
        .values("movie_id")
        .annotate(plays=Count("pk"))
        .values("plays")
    )
    own_list = (
        loaders.own_list_entries([user_id])
        .filter(movie_id=OuterRef("tmdb_id"))
        .order_by("list__created_at", "list_id")
        .values("list__name")[:1]
    )
    rows = (
        Movie.objects.filter(tmdb_id__in={*tmdb_ids, *cited})
        .annotate(
            dismissed=dismissed,
            reader_plays=Coalesce(Subquery(plays, output_field=IntegerField()), 0),
            reader_list=Subquery(own_list),
            friends_liked=liked_by_followees(user),
        )
        .values_list("tmdb_id", "title", "dismissed", "reader_plays", "reader_list", "friends_liked")
    )
    return {
        tmdb_id: Cited(title, is_dismissed, plays > 1, own_list, friends)
        for tmdb_id, title, is_dismissed, plays, own_list, friends in rows
    }


def movies_in_order(*, tmdb_ids: Sequence[int]) -> QuerySet[Movie]:
    """These movies in order, with genres prefetched (every movie shape shows them)."""
    return movies_by_tmdb_ids(tmdb_ids=tmdb_ids).prefetch_related("genres")


def _stored_neighbours(tmdb_id: int, field: str) -> list[int]:
    """A movie's stored ``related`` or ``similar`` list; Movie.DoesNotExist for an unknown movie.

    Without a stored row (a movie newer than the last run), movies sharing the most genres
    with it, most popular first, stand in.
    """
    payload = (
        RecommendationCache.objects.filter(key=item_key(tmdb_id)).values_list("payload", flat=True).first()
    )
    if payload and payload[field]:
        return payload[field]
    if not Movie.objects.filter(tmdb_id=tmdb_id).exists():
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.")
    shared = (
        Movie.objects.filter(genres__movies__tmdb_id=tmdb_id)
        .exclude(tmdb_id=tmdb_id)
        .annotate(shared=Count("genres"))
        .order_by("-shared", "-popularity_score", "tmdb_id")
    )
    return list(shared.values_list("tmdb_id", flat=True)[: settings.MAX_PAGE_SIZE])


def item_recommendations(
    *, tmdb_id: int, limit: int, user=None, available: AvailabilityFilter | None = None
) -> QuerySet[Movie]:
    """Movies to recommend to someone who liked this one: collaborative and content neighbours blended.

    Movies ``user`` dismissed are left out [and those ``available`` does not let through]. Raises
    Movie.DoesNotExist for a movie not in the local catalog, ValidationError for a bad limit.
    """
    validate_limit(limit)
    neighbours = _stored_neighbours(tmdb_id, "related")
    return movies_in_order(tmdb_ids=without_dismissed(neighbours, user, limit, available))


def similar_movies(
    *,
    tmdb_id: int,
    limit: int,
    user=None,
    remote: Sequence[int] = (),
    available: AvailabilityFilter | None = None,
) -> QuerySet[Movie]:
    """TMDb's similar movies (``remote``) interleaved with local content neighbours, self excluded.

    Movies ``user`` dismissed are left out [and those ``available`` does not let through]. Raises
    Movie.DoesNotExist for a movie not in the local catalog, ValidationError for a bad limit.
    """
    validate_limit(limit)
    local = _stored_neighbours(tmdb_id, "similar")
    merged = [t for pair in zip_longest(remote, local) for t in pair if t is not None and t != tmdb_id]
    return movies_in_order(tmdb_ids=without_dismissed(list(dict.fromkeys(merged)), user, limit, available))
