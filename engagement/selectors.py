"""Reads of user lists and interactions; every read is scoped to its owner."""

from django.db.models import QuerySet

from engagement.availability_filter import AvailabilityFilter
from engagement.models import (
    FavoriteMovie,
    HistoryImport,
    NotInterested,
    Review,
    WatchHistory,
    WatchlistItem,
)


def not_interested_tmdb_ids(*, user) -> set[int]:
    """TMDb ids of the movies ``user`` dismissed (empty for anonymous users)."""
    if not user.is_authenticated:
        return set()
    return dismissed_tmdb_ids(user_id=user.pk)


def dismissed_tmdb_ids(*, user_id) -> set[int]:
    """TMDb ids of the movies the user with this id dismissed."""
    return set(dismissed_movie_ids(user_id=user_id))


def dismissed_movie_ids(*, user_id) -> QuerySet:
    """The TMDb ids the user with this id dismissed, as a QuerySet (usable as a subquery)."""
    return NotInterested.objects.filter(user_id=user_id).values_list("movie_id", flat=True)


def not_interested_list(*, user) -> QuerySet[NotInterested]:
    """The movies the user dismissed, newest first."""
    return NotInterested.objects.filter(user=user).select_related("movie").order_by("-added_at", "-pk")


def history_import_get(*, user, import_id) -> HistoryImport:
    """One of ``user``'s imports; anyone else's is HistoryImport.DoesNotExist, like a missing one."""
    return HistoryImport.objects.defer("content").get(user=user, pk=import_id)


def favorite_list(*, user) -> QuerySet[FavoriteMovie]:
    """The user's favorites, newest first."""
    return FavoriteMovie.objects.filter(user=user).select_related("movie").order_by("-added_at", "-pk")


def watchlist_list(*, user, available: AvailabilityFilter | None = None) -> QuerySet[WatchlistItem]:
    """The user's watchlist, newest first [only what ``available`` lets through]."""
    items = WatchlistItem.objects.filter(user=user)
    if available is not None:
        items = items.filter(available.condition(movie="movie_id"))
    return items.select_related("movie").order_by("-added_at", "-pk")


def history_list(*, user) -> QuerySet[WatchHistory]:
    """The user's view events, newest first."""
    return WatchHistory.objects.filter(user=user).select_related("movie").order_by("-watched_at", "-pk")


def reviews_or_ratings(reviews: QuerySet[Review], *, include_ratings: bool = False) -> QuerySet[Review]:
    """Reviews with text only (the default), or with the bare ratings (no text) too."""
    return reviews if include_ratings else reviews.exclude(text="")


def review_list_for_movie(*, tmdb_id: int, include_ratings: bool = False) -> QuerySet[Review]:
    """Everyone's reviews of a movie, newest first (empty for an unknown movie); see reviews_or_ratings."""
    reviews = Review.objects.filter(movie_id=tmdb_id).select_related("movie", "user")
    return reviews_or_ratings(reviews, include_ratings=include_ratings).order_by("-created_at", "-pk")


def review_list_for_user(*, user, include_ratings: bool = False) -> QuerySet[Review]:
    """The user's own reviews, newest first; see reviews_or_ratings."""
    reviews = Review.objects.filter(user=user).select_related("movie", "user")
    return reviews_or_ratings(reviews, include_ratings=include_ratings).order_by("-created_at", "-pk")
