"""Recsys reads: precomputed lists, returned as QuerySets the GraphQL optimizer can shape."""

from itertools import zip_longest

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from catalog import services as catalog_services
from catalog.models import Movie
from catalog.selectors import movies_by_tmdb_ids
from engagement.selectors import not_interested_tmdb_ids
from recsys import trending
from recsys.models import RecommendationCache


def _without_dismissed(tmdb_ids: list[int], user, limit: int) -> list[int]:
    """The first ``limit`` of ``tmdb_ids`` that ``user`` (possibly anonymous) did not dismiss."""
    dismissed = not_interested_tmdb_ids(user=user) if user is not None else set()
    return [tmdb_id for tmdb_id in tmdb_ids if tmdb_id not in dismissed][:limit]


def trending_movies(*, time_range: str, limit: int, user=None) -> QuerySet[Movie]:
    """The window's top ``limit`` trending movies, best first, without those ``user`` dismissed.

    The list is precomputed (computed and stored on a miss); a reader whose dismissals leave
    it short gets the ranking continued past it (trending.trending_ids). Genres are
    prefetched because every movie shape shows them.
    """
    dismissed = not_interested_tmdb_ids(user=user) if user is not None else set()
    tmdb_ids = trending.trending_ids(time_range=time_range, limit=limit, exclude=dismissed)
    return movies_by_tmdb_ids(tmdb_ids=tmdb_ids).prefetch_related("genres")


# --- Recommendations ---------------------------------------------------------
# Item rows are written by recsys.services.recommendations_refresh (see its docstring).

ITEM_KEY_PREFIX = "recsys:item:"


def item_key(tmdb_id: int) -> str:
    """Key of a movie's stored neighbour rows (a RecommendationCache row without user)."""
    return f"{ITEM_KEY_PREFIX}{tmdb_id}"


def validate_limit(limit: int) -> None:
    """Raise ValidationError unless 1 <= limit <= MAX_PAGE_SIZE (every recommendation list)."""
    if not 1 <= limit <= settings.MAX_PAGE_SIZE:
        raise ValidationError({"limit": [f"limit must be between 1 and {settings.MAX_PAGE_SIZE}."]})


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


def item_recommendations(*, tmdb_id: int, limit: int, user=None) -> QuerySet[Movie]:
    """Movies to recommend to someone who liked this one: collaborative and content neighbours blended.

    Movies ``user`` dismissed are left out. Raises Movie.DoesNotExist for a movie not in the
    local catalog, ValidationError for a bad limit.
    """
    validate_limit(limit)
    tmdb_ids = _without_dismissed(_stored_neighbours(tmdb_id, "related"), user, limit)
    return movies_by_tmdb_ids(tmdb_ids=tmdb_ids).prefetch_related("genres")


def similar_movies(*, tmdb_id: int, limit: int, user=None) -> QuerySet[Movie]:
    """TMDb's similar movies interleaved with local content neighbours (TMDb first), self excluded.

    Without TMDb (no key, or down) only the local neighbours; movies ``user`` dismissed are
    left out. Raises Movie.DoesNotExist for a movie not in the local catalog, ValidationError
    for a bad limit.
    """
    validate_limit(limit)
    local = _stored_neighbours(tmdb_id, "similar")
    remote = catalog_services.tmdb_similar_ids(tmdb_id=tmdb_id)
    merged = [t for pair in zip_longest(remote, local) for t in pair if t is not None and t != tmdb_id]
    tmdb_ids = _without_dismissed(list(dict.fromkeys(merged)), user, limit)
    return movies_by_tmdb_ids(tmdb_ids=tmdb_ids).prefetch_related("genres")
