"""Per-request loaders: each loads once per request, whatever the number of movies asking.

The schema is served under WSGI, where strawberry's async DataLoader is unavailable;
relations are batched by the strawberry-django optimizer, and these memoized sync loaders
batch the rest: the viewer's own lists (one query per request each) and the movies of
lists the optimizer cannot see (recommendations: one query per list, shaped by the
optimizer for the fields asked of its movies).
"""

from collections.abc import Sequence
from functools import cached_property

from strawberry.types import Info
from strawberry_django.optimizer import optimize

from catalog.models import Movie
from catalog.selectors import movies_by_tmdb_ids
from engagement import selectors as engagement_selectors


class MovieByTmdbId:
    """Movies by TMDb id, loaded a whole list at a time for each place they are asked for."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[tuple[str, ...], tuple[int, ...]], dict[int, Movie]] = {}

    def load(self, tmdb_id: int, *, batch: Sequence[int], info: Info) -> Movie:
        """The movie ``tmdb_id``; the first call for ``batch`` at this place loads the whole batch.

        ``batch`` holds ids of existing movies only (the service checked them).
        """
        place = tuple(key for key in info.path.as_list() if isinstance(key, str))  # list indexes dropped
        key = (place, tuple(batch))
        if key not in self._loaded:
            movies = optimize(movies_by_tmdb_ids(tmdb_ids=batch), info)
            self._loaded[key] = {movie.tmdb_id: movie for movie in movies}
        return self._loaded[key][tmdb_id]


class Loaders:
    """The request's loaders: movies by TMDb id and the signed-in viewer's lists as id sets."""

    def __init__(self, user) -> None:
        self.user = user
        self.movie_by_tmdb_id = MovieByTmdbId()

    @cached_property
    def favorite_ids(self) -> set[int]:
        return engagement_selectors.favorite_tmdb_ids(user=self.user)

    @cached_property
    def watchlist_ids(self) -> set[int]:
        return engagement_selectors.watchlist_tmdb_ids(user=self.user)

    @cached_property
    def not_interested_ids(self) -> set[int]:
        return engagement_selectors.not_interested_tmdb_ids(user=self.user)
