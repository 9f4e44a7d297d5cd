"""How engagement answers the catalog's questions about its rows."""

from engagement.models import DiaryEntry, FavoriteMovie, MovieListEntry, Review, WatchHistory, WatchlistItem

# Engagement rows that go with a deleted movie: (model, singular, plural).
MOVIE_USAGE = (
    (FavoriteMovie, "favorite", "favorites"),
    (WatchlistItem, "watchlist entry", "watchlist entries"),
    (Review, "review", "reviews"),
    (WatchHistory, "view", "views"),
    (DiaryEntry, "diary play", "diary plays"),
    (MovieListEntry, "list entry", "list entries"),
)


def movie_usage(*, movie, **_) -> list[tuple[int, str, str]]:
    """Users' favorites, watchlist entries, reviews, views, diary plays and list entries of ``movie``."""
    counts = ((model.objects.filter(movie=movie).count(), one, many) for model, one, many in MOVIE_USAGE)
    return [usage for usage in counts if usage[0]]
