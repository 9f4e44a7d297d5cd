"""Per-request loaders: each loads once per request, whatever the number of movies asking.

The schema is served under WSGI, where strawberry's async DataLoader is unavailable;
relations are batched by the strawberry-django optimizer, and these memoized sync loaders
batch the rest: the viewer's own state of movies (one set of queries per request) and the movies of
lists the optimizer cannot see (recommendations: one query per list, shaped by the
optimizer for the fields asked of its movies).
"""

from collections.abc import Sequence
from functools import cached_property

from strawberry.types import Info
from strawberry_django.optimizer import optimize

from catalog.models import Movie
from catalog.selectors import movies_by_tmdb_ids
from engagement.viewer_state import ViewerState, viewer_states


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
    """The request's loaders: movies by TMDb id and the signed-in viewer's state of movies."""

    def __init__(self, user) -> None:
        self.user = user
        self.movie_by_tmdb_id = MovieByTmdbId()

    @cached_property
    def viewer_states(self) -> dict[int, ViewerState]:
        """The viewer's state of every movie they touched, read once per request ({} when anonymous)."""
        return viewer_states(user=self.user, tmdb_ids=None)

    def forget_viewer_states(self) -> None:
        """Drop the state read so far: a write of this request changes it (mutations run in turn)."""
        self.__dict__.pop("viewer_states", None)
