"""Thin database loaders: catalog features and user interactions as arrays for the engines.

Interaction strengths (settings ``RECSYS["SIGNAL_WEIGHTS"]``, defaults in brackets):

* a rating (collaborative.rating_strength): ``liked`` [1.0] from 4 stars up, plus
  ``liked_per_star`` [0.0] per star above 4; ``rated`` [0.5] below 4;
* a favorite ``favorite`` [1.0], a watchlist entry ``watchlist`` [0.5], a view (signed-in
  users only) ``view`` [0.3];
* the diary, per (user, movie) over all its plays: ``play`` [0.5] (logged as watched),
  ``rewatch`` [1.0] (two or more plays), ``play_liked`` [1.0] (a play carries the heart);
* ``list`` [0.7]: the movie is on a list the user owns and the user put it there. An entry a
  collaborator added counts for nobody: it is another person's pick on the owner's list, and
  for its adder a pick for a shared list rather than for themselves.

A user's several signals on one movie keep the strongest. A movie the user dismissed ("not
interested") is the negative strength ``not_interested`` whatever else they did with it;
models are fitted on the positive signals only.

Each signal also has a vote: its strength in the user's own row when that user is scored.
It is the strength, except that a rating below 4 votes ``rated_vote`` (the movie is seen,
but does not speak for its neighbours).

Every loader runs a fixed number of queries, whatever the number of users and rows: the
diary is aggregated per (user, movie) in SQL, and rows are read in chunks.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from itertools import islice
from operator import or_

import numpy as np
from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from catalog.models import Movie
from engagement.models import (
    DiaryEntry,
    FavoriteMovie,
    MovieListEntry,
    NotInterested,
    Review,
    WatchHistory,
    WatchlistItem,
)
from recsys.engines.collaborative import rating_strength

CHUNK = 10_000


@dataclass(frozen=True)
class Catalog:
    """Every catalog movie as an item index, with what the engines and reasons need."""

    tmdb_ids: np.ndarray
    titles: list[str]
    genres: list[list[str]]
    features: list[list[str]]
    popularity: np.ndarray  # Movie.popularity_score, the tie-break prior

    def index(self) -> dict[int, int]:
        return {int(tmdb_id): pos for pos, tmdb_id in enumerate(self.tmdb_ids)}


def load_catalog() -> Catalog:
    """All movies with their content tokens: genres, keywords, cast (top 10 billed) and directors."""
    rows = list(Movie.objects.order_by("tmdb_id").values_list("tmdb_id", "title", "popularity_score"))
    position = {tmdb_id: pos for pos, (tmdb_id, _, _) in enumerate(rows)}
    genres: list[list[str]] = [[] for _ in rows]
    features: list[list[str]] = [[] for _ in rows]
    for tmdb_id, name, slug in Movie.genres.through.objects.values_list(
        "movie__tmdb_id", "genre__name", "genre__slug"
    ).iterator(chunk_size=10_000):
        genres[position[tmdb_id]].append(name)
        features[position[tmdb_id]].append(f"genre:{slug}")
    for tmdb_id, slug in Movie.keywords.through.objects.values_list(
        "movie__tmdb_id", "keyword__slug"
    ).iterator(chunk_size=10_000):
        features[position[tmdb_id]].append(f"keyword:{slug}")
    cast = Movie.cast.through.objects.filter(order__lt=10).values_list("movie__tmdb_id", "person_id")
    for tmdb_id, person_id in cast.iterator(chunk_size=10_000):
        features[position[tmdb_id]].append(f"cast:{person_id}")
    directors = Movie.crew.through.objects.filter(role="Director").values_list("movie__tmdb_id", "person_id")
    for tmdb_id, person_id in directors.iterator(chunk_size=10_000):
        features[position[tmdb_id]].append(f"director:{person_id}")
    return Catalog(
        tmdb_ids=np.array([r[0] for r in rows], dtype=np.int64),
        titles=[r[1] for r in rows],
        genres=[sorted(g) for g in genres],
        features=features,
        popularity=np.array([r[2] for r in rows], dtype=np.float64),
    )


def _of(user_ids: Sequence | None, field: str = "user_id") -> Q:
    """Rows of ``user_ids`` (``None``: of every user)."""
    return Q() if user_ids is None else Q(**{f"{field}__in": user_ids})


def _chunks(rows: QuerySet) -> Iterator[list[tuple]]:
    iterator = rows.iterator(chunk_size=CHUNK)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _rating_signals(user_ids: Sequence | None, weights) -> Iterator[tuple[object, int, float, float]]:
    """Ratings as (user id, TMDb id, strength, vote), strengths from collaborative.rating_strength."""
    liked, per_star = weights["liked"], weights["liked_per_star"]
    rows = Review.objects.filter(_of(user_ids)).values_list("user_id", "movie_id", "rating").order_by()
    for chunk in _chunks(rows):
        users, movies, ratings = zip(*chunk, strict=True)
        strengths = rating_strength(ratings, liked, weights["rated"], per_star).tolist()
        votes = rating_strength(ratings, liked, weights["rated_vote"], per_star).tolist()
        yield from zip(users, movies, strengths, votes, strict=True)


def _play_strength(plays: int, liked: bool, weights) -> float:
    """The diary's signal on one movie: a play, a rewatch (2+ plays) or a liked play, the strongest."""
    strength = weights["play"]
    if plays > 1:
        strength = max(strength, weights["rewatch"])
    if liked:
        strength = max(strength, weights["play_liked"])
    return strength


def _diary_plays(user_ids: Sequence | None) -> QuerySet:
    """(user id, TMDb id, plays, liked plays) per (user, movie) of the diary, counted in SQL."""
    return (
        DiaryEntry.objects.filter(_of(user_ids))
        .order_by()
        .values("user_id", "movie_id")
        .annotate(plays=Count("pk"), liked=Count("pk", filter=Q(liked=True)))
        .values_list("user_id", "movie_id", "plays", "liked")
    )


def own_list_entries(user_ids: Sequence | None = None) -> QuerySet[MovieListEntry]:
    """Entries the owner of their list put there: the ``list`` signal (see the module docstring)."""
    return MovieListEntry.objects.filter(_of(user_ids, "list__owner_id"), added_by_id=F("list__owner_id"))


def _signals(user_ids: Sequence | None) -> Iterable[tuple[object, int, float, float]]:
    """(user id, TMDb id, strength, vote) of every interaction of ``user_ids`` (``None``: everyone's)."""
    weights = settings.RECSYS["SIGNAL_WEIGHTS"]
    yield from _rating_signals(user_ids, weights)
    for model, name in ((FavoriteMovie, "favorite"), (WatchlistItem, "watchlist"), (WatchHistory, "view")):
        rows = (
            model.objects.filter(_of(user_ids), user__isnull=False)
            .values_list("user_id", "movie_id")
            .order_by()
        )
        for user_id, tmdb_id in rows.distinct().iterator(chunk_size=CHUNK):
            yield user_id, tmdb_id, weights[name], weights[name]
    for user_id, tmdb_id, plays, liked in _diary_plays(user_ids).iterator(chunk_size=CHUNK):
        strength = _play_strength(plays, liked > 0, weights)
        yield user_id, tmdb_id, strength, strength
    listed = own_list_entries(user_ids).values_list("list__owner_id", "movie_id").order_by().distinct()
    for user_id, tmdb_id in listed.iterator(chunk_size=CHUNK):
        yield user_id, tmdb_id, weights["list"], weights["list"]


def _dismissals(user_ids: Sequence) -> Iterable[tuple[object, int]]:
    """(user id, TMDb id) of every "not interested" of ``user_ids``."""
    rows = NotInterested.objects.filter(_of(user_ids)).values_list("user_id", "movie_id").order_by()
    return rows.iterator(chunk_size=CHUNK)


@dataclass(frozen=True)
class Interactions:
    """Every interaction as (user index, item index, strength): what the models are fitted on."""

    user_ids: list
    users: np.ndarray
    items: np.ndarray
    strengths: np.ndarray

    @property
    def n_users(self) -> int:
        return len(self.user_ids)


def load_interactions(item_index: dict[int, int]) -> Interactions:
    """Interactions of every user with a catalog movie.

    Inactive users (e.g. the demo catalog's MovieLens raters) teach the models too.
    """
    user_ids: dict[object, int] = {}
    users, items, strengths = [], [], []
    for user_id, tmdb_id, strength, _ in _signals(None):
        if tmdb_id in item_index:
            users.append(user_ids.setdefault(user_id, len(user_ids)))
            items.append(item_index[tmdb_id])
            strengths.append(strength)
    return Interactions(
        user_ids=list(user_ids),
        users=np.array(users, dtype=np.int64),
        items=np.array(items, dtype=np.int64),
        strengths=np.array(strengths, dtype=np.float32),
    )


def histories(*, user_ids: Iterable, positive_only: bool = False) -> dict[object, dict[int, float]]:
    """Each user's interactions: user id -> TMDb id -> strongest vote, a dismissal's (negative) overriding.

    Every movie a user interacted with is a key, even one whose vote is 0 (seen only); a user
    without interactions has an empty history. ``positive_only``: without the dismissals.
    """
    user_ids = list(user_ids)
    found: dict[object, dict[int, float]] = {user_id: {} for user_id in user_ids}
    for user_id, tmdb_id, _, vote in _signals(user_ids):
        history = found[user_id]
        history[tmdb_id] = max(vote, history.get(tmdb_id, vote))
    if not positive_only:
        dismissed = settings.RECSYS["SIGNAL_WEIGHTS"]["not_interested"]
        for user_id, tmdb_id in _dismissals(user_ids):
            found[user_id][tmdb_id] = dismissed
    return found


def user_history(*, user_id, positive_only: bool = False) -> dict[int, float]:
    """One user's interactions (see ``histories``)."""
    return histories(user_ids=[user_id], positive_only=positive_only)[user_id]


def interaction_count() -> int:
    """Rows of signed-in users' signals (ratings, favorites, watchlist, views, plays, own list
    entries): the catalog's size in interactions, compared across fits (recsys.runs.refit_reason).
    One query per signal."""
    return (
        Review.objects.count()
        + sum(
            model.objects.filter(user__isnull=False).count()
            for model in (FavoriteMovie, WatchlistItem, WatchHistory)
        )
        + DiaryEntry.objects.count()
        + own_list_entries().count()
    )


def interacted() -> Exists:
    """True for a user (``OuterRef("pk")``) who favorited, listed, watched, rated, played or
    dismissed a movie, or put one on a list of theirs."""
    models = (FavoriteMovie, WatchlistItem, WatchHistory, Review, NotInterested, DiaryEntry)
    return reduce(
        or_,
        (
            *(Exists(model.objects.filter(user=OuterRef("pk"))) for model in models),
            Exists(own_list_entries().filter(list__owner=OuterRef("pk"))),
        ),
    )


def users_active_since(*, user_ids: Iterable, since: datetime) -> set:
    """Those of ``user_ids`` who added a favorite, watchlist entry, view, review, play, own list
    entry or dismissal. Only what happened after ``since`` counts.
    """
    user_ids = list(user_ids)
    changed: set = set()
    for model, field in (
        (FavoriteMovie, "added_at"),
        (WatchlistItem, "added_at"),
        (WatchHistory, "watched_at"),
        (Review, "updated_at"),
        (NotInterested, "added_at"),
        (DiaryEntry, "updated_at"),
    ):
        recent = model.objects.filter(user_id__in=user_ids, **{f"{field}__gt": since})
        changed.update(recent.values_list("user_id", flat=True).distinct())
    listed = own_list_entries(user_ids).filter(added_at__gt=since)
    changed.update(listed.values_list("list__owner_id", flat=True).distinct())
    return changed
