"""How engagement answers the catalog's questions about its rows."""

from engagement.models import FavoriteMovie, Review, WatchHistory, WatchlistItem

# Engagement rows that go with a deleted movie: (model, singular, plural).
MOVIE_USAGE = (
    (FavoriteMovie, "favorite", "favorites"),
    (WatchlistItem, "watchlist entry", "watchlist entries"),
    (Review, "review", "reviews"),
    (WatchHistory, "view", "views"),
)


def movie_usage(*, movie, **_) -> list[tuple[int, str, str]]:
    """Users' favorites, watchlist entries, reviews and views of ``movie`` that exist."""
    counts = ((model.objects.filter(movie=movie).count(), one, many) for model, one, many in MOVIE_USAGE)
    return [usage for usage in counts if usage[0]]
