"""The reader's own state of movies: the one rule both API surfaces read it from.

A state is the signed-in user's marks on a movie (favorite, watchlist, "not interested"),
their rating with the id of its Review row (a bare rating is a review without text), their
diary plays of it (how many, the latest date, whether any was liked) and the ids of their lists
(owned or collaborated on) holding the movie. States are
read for a whole set of movies at once: four queries (the flags in one UNION ALL), whatever the number of
movies. A new kind of state is one more field on ``ViewerState`` and one more source.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import CharField, Count, Max, Model, Q, QuerySet, Value

from engagement.models import (
    DiaryEntry,
    FavoriteMovie,
    ListCollaborator,
    MovieList,
    MovieListEntry,
    NotInterested,
    Review,
    WatchlistItem,
)


@dataclass(frozen=True)
class ViewerState:
    """One user's state of one movie; the default is a movie they never touched."""

    is_favorite: bool = False
    in_watchlist: bool = False
    not_interested: bool = False
    rating: Decimal | None = None
    review_id: UUID | None = None
    plays: int = 0
    last_played_on: datetime.date | None = None
    liked: bool = False
    list_ids: tuple[UUID, ...] = ()


NO_STATE = ViewerState()

# ViewerState flag -> the model whose (user, movie) rows set it.
_FLAGS: dict[str, type[Model]] = {
    "is_favorite": FavoriteMovie,
    "in_watchlist": WatchlistItem,
    "not_interested": NotInterested,
}


def _rows(model: type[Model], *, user, tmdb_ids: Collection[int]) -> QuerySet:
    rows = model.objects.filter(user=user).order_by()
    return rows.filter(movie_id__in=tmdb_ids)


def _flagged(*, user, tmdb_ids: Collection[int]) -> QuerySet:
    """(TMDb id, flag) of every favorite, watchlist entry and dismissal, in one UNION ALL query."""
    sources = [
        _rows(model, user=user, tmdb_ids=tmdb_ids)
        .annotate(flag=Value(flag, output_field=CharField()))
        .values_list("movie_id", "flag")
        for flag, model in _FLAGS.items()
    ]
    return sources[0].union(*sources[1:], all=True)


def _list_entries(*, user, tmdb_ids: Collection[int]) -> QuerySet:
    """The entries of the lists ``user`` owns or collaborates on (one query, however many lists)."""
    owned = MovieList.objects.filter(owner_id=user.pk).values("pk")
    shared = ListCollaborator.objects.filter(user_id=user.pk).values("list_id")
    entries = MovieListEntry.objects.filter(Q(list_id__in=owned) | Q(list_id__in=shared)).order_by("list_id")
    return entries.filter(movie_id__in=tmdb_ids)


def viewer_states(*, user, tmdb_ids: Collection[int]) -> dict[int, ViewerState]:
    """``user``'s state of each of the movies ``tmdb_ids`` (a page) they have any state for, by TMDb id.

    Movies without state are absent (``state_of`` gives their default). Anonymous users and an
    empty ``tmdb_ids`` get {} without a query; otherwise four queries (flags, ratings, plays, lists),
    however many movies.
    """
    if not user.is_authenticated or not tmdb_ids:
        return {}
    found: dict[int, dict[str, Any]] = defaultdict(dict)  # fields of each state, built once below
    for tmdb_id, flag in _flagged(user=user, tmdb_ids=tmdb_ids):
        found[tmdb_id][flag] = True
    reviews = _rows(Review, user=user, tmdb_ids=tmdb_ids).values_list("movie_id", "pk", "rating")
    for tmdb_id, review_id, rating in reviews:
        found[tmdb_id].update(rating=rating, review_id=review_id)
    plays = (
        _rows(DiaryEntry, user=user, tmdb_ids=tmdb_ids)
        .values("movie_id")
        .annotate(plays=Count("pk"), last=Max("watched_on"), liked=Count("pk", filter=Q(liked=True)))
        .values_list("movie_id", "plays", "last", "liked")
    )
    for tmdb_id, count, last, liked in plays:
        found[tmdb_id].update(plays=count, last_played_on=last, liked=liked > 0)
    lists: dict[int, list[UUID]] = defaultdict(list)
    for tmdb_id, list_id in _list_entries(user=user, tmdb_ids=tmdb_ids).values_list("movie_id", "list_id"):
        lists[tmdb_id].append(list_id)
    for tmdb_id, list_ids in lists.items():
        found[tmdb_id]["list_ids"] = tuple(list_ids)
    return {tmdb_id: ViewerState(**fields) for tmdb_id, fields in found.items()}


def state_of(states: Mapping[int, ViewerState], tmdb_id: int) -> ViewerState:
    """The state of movie ``tmdb_id`` among ``states`` (viewer_states): the default when it has none."""
    return states.get(tmdb_id, NO_STATE)
