"""Reads of user lists and interactions; every read is scoped to its owner."""

from django.db.models import QuerySet

from engagement.models import FavoriteMovie, WatchlistItem


def favorite_tmdb_ids(*, user) -> set[int]:
    """TMDb ids of the movies ``user`` has favorited (empty for anonymous users)."""
    if not user.is_authenticated:
        return set()
    return set(FavoriteMovie.objects.filter(user=user).values_list("movie_id", flat=True))


def watchlist_tmdb_ids(*, user) -> set[int]:
    """TMDb ids of the movies on ``user``'s watchlist (empty for anonymous users)."""
    if not user.is_authenticated:
        return set()
    return set(WatchlistItem.objects.filter(user=user).values_list("movie_id", flat=True))


def favorite_list(*, user) -> QuerySet[FavoriteMovie]:
    """The user's favorites, newest first."""
    return FavoriteMovie.objects.filter(user=user).select_related("movie").order_by("-added_at")
