"""Per-request loaders: batched reads whose cost does not grow with the number of movies asking.

The schema is served under WSGI, where strawberry's async DataLoader is unavailable;
relations are batched by the strawberry-django optimizer, and these memoized sync loaders
batch the rest: the viewer's own state of movies and movies' offers in a region (one set of
queries per list of movies in the answer) and the movies of lists the optimizer cannot see
(recommendations: one query per list, shaped by the optimizer for the fields asked of its movies);
and the entries of a page of lists (one query for the page, whatever the number of lists).
"""

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any

from django.db.models.signals import post_init
from strawberry.extensions import SchemaExtension
from strawberry.types import Info
from strawberry_django.optimizer import optimize

from catalog.availability import MovieOffers, movie_offers
from catalog.models import Movie
from catalog.selectors import movies_by_tmdb_ids
from engagement.user_services import region_for
from engagement.viewer_state import ViewerState, state_of, viewer_states
from social.friends import FriendsRatings, friends_ratings


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


class ViewerStates:
    """The viewer's state of the movies of this answer, read a list of movies at a time.

    Every movie the request loads from the database is noted as it is built (``watching``), and
    a list's movies are all built before any of them resolves its fields. The first movie asking
    for its state reads the states of every movie noted and not read yet (engagement.viewer_state:
    its fixed few queries), so a list costs those queries once, whatever its length, and the
    read never grows with everything the viewer ever touched.
    """

    def __init__(self, user, noted: set[int]) -> None:
        self.user = user
        self.noted = noted
        self._read: set[int] = set()
        self._states: dict[int, ViewerState] = {}

    def of(self, tmdb_id: int) -> ViewerState:
        """The viewer's state of movie ``tmdb_id`` (the default one when anonymous)."""
        if self.user.is_authenticated and tmdb_id not in self._read:
            wanted = (self.noted - self._read) | {tmdb_id}
            self._states.update(viewer_states(user=self.user, tmdb_ids=wanted))
            self._read |= wanted
        return state_of(self._states, tmdb_id)

    def forget(self) -> None:
        """Drop the states read so far: a write of this request changes them (mutations run in turn)."""
        self.noted |= self._read
        self._read.clear()
        self._states.clear()


class FriendsRatingsOf:
    """The ratings of the movies of this answer by the people the signed-in reader follows
    (social.friends), read a list of movies at a time like ``ViewerStates``: two queries per list."""

    def __init__(self, user, noted: set[int]) -> None:
        self.user = user
        self.noted = noted
        self._loaded: dict[int, FriendsRatings] = {}

    def of(self, tmdb_id: int) -> FriendsRatings:
        """Movie ``tmdb_id``'s ratings by the reader's followees; the first ask loads every noted movie."""
        if tmdb_id not in self._loaded:
            wanted = (self.noted - self._loaded.keys()) | {tmdb_id}
            self._loaded.update(friends_ratings(viewer=self.user, tmdb_ids=wanted))
        return self._loaded[tmdb_id]


class WatchOffers:
    """Movies' offers in a region, read a list of movies at a time (like ``ViewerStates``).

    A field asking without a region gets the reader's (engagement.user_services.region_for),
    read once per request; the answer is then the reader's own, and the response cache keeps a
    signed-in reader's answers apart from everyone else's.
    """

    def __init__(self, user, noted: set[int]) -> None:
        self.user = user
        self.noted = noted
        self._regions: dict[str | None, str] = {}
        self._loaded: dict[str, dict[int, MovieOffers]] = {}

    def region(self, asked: str | None) -> str:
        """The checked region ``asked`` for (ValidationError when unknown), else the reader's."""
        if asked not in self._regions:
            self._regions[asked] = region_for(self.user, asked)
        return self._regions[asked]

    def of(self, tmdb_id: int, region: str) -> MovieOffers:
        """Movie ``tmdb_id``'s offers in ``region`` (checked); the first ask loads every noted movie."""
        loaded = self._loaded.setdefault(region, {})
        if tmdb_id not in loaded:
            wanted = (self.noted - loaded.keys()) | {tmdb_id}
            found = movie_offers(tmdb_ids=list(wanted), region=region)
            loaded.update({t: found.get(t) or MovieOffers(tmdb_id=t, region=region) for t in wanted})
        return loaded[tmdb_id]


class PageSiblings:
    """Nested pages asked of every item of a page (a list's entries under ``userLists``), read for
    the whole page at once.

    The resolver of the outer page registers its items (``siblings``); the first item asking
    for its nested page at a place (list indexes dropped) with given arguments loads the pages
    of all its siblings, and the others take theirs from that load. An item no outer page
    registered (a list read by id) is a page of one.
    """

    def __init__(self) -> None:
        self._siblings: dict[Hashable, tuple[Hashable, ...]] = {}
        self._loaded: dict[tuple, dict[Hashable, Any]] = {}

    def siblings(self, keys: Iterable[Hashable]) -> None:
        """Register ``keys`` (the items' primary keys) as one page."""
        page = tuple(keys)
        self._siblings.update(dict.fromkeys(page, page))

    def load(self, key: Hashable, *, info: Info, arguments: tuple, read: Callable[[tuple], dict]) -> Any:
        """Item ``key``'s nested page; ``read(keys)`` loads the pages of ``keys`` by key."""
        batch = self._siblings.get(key, (key,))
        place = tuple(part for part in info.path.as_list() if isinstance(part, str))
        memo = (place, arguments, batch)
        if memo not in self._loaded:
            self._loaded[memo] = read(batch)
        return self._loaded[memo][key]


_noting: ContextVar[set[int] | None] = ContextVar("movies_noting", default=None)


def _note_movie(sender, instance: Movie, **kwargs) -> None:
    noted = _noting.get()
    if noted is None:  # every Movie built anywhere passes here: outside a GraphQL operation, leave
        return
    tmdb_id = instance.__dict__.get("tmdb_id")  # deferred when the query does not need it: not read
    if tmdb_id is not None:
        noted.add(tmdb_id)


post_init.connect(_note_movie, sender=Movie, dispatch_uid="graphql_viewer_states")


class NoteMovies(SchemaExtension):
    """While an operation runs, note the movies it builds for the loaders reading a list of movies
    at a time (the signed-in reader's ``ViewerStates``, anyone's ``WatchOffers``)."""

    def on_execute(self) -> Iterator[None]:
        token = _noting.set(self.execution_context.context.loaders.noted)
        try:
            yield
        finally:
            _noting.reset(token)


class Loaders:
    """The request's loaders: movies by TMDb id, the signed-in viewer's state of movies and their
    followees' ratings of them, offers, lists' entries."""

    def __init__(self, user) -> None:
        self.user = user
        self.noted: set[int] = set()  # TMDb ids of the movies this request has built
        self.movie_by_tmdb_id = MovieByTmdbId()
        self.viewer_states = ViewerStates(user, self.noted)
        self.friends_ratings = FriendsRatingsOf(user, self.noted)
        self.watch_offers = WatchOffers(user, self.noted)
        self.list_entries = PageSiblings()
