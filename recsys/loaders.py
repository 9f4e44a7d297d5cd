"""Thin database loaders: catalog features and user interactions as arrays for the engines.

Interaction strengths (settings ``RECSYS["SIGNAL_WEIGHTS"]``): a rating >= 4 is ``liked``,
a lower one ``rated``; a favorite, a watchlist entry and a view (signed-in users only)
have their own strength. A user's several signals on one movie keep the strongest. A movie
the user dismissed ("not interested") is the negative strength ``not_interested`` whatever
else they did with it; models are fitted on the positive signals only.

Each signal also has a vote: its strength in the user's own row when that user is scored.
It is the strength, except that a rating below 4 votes ``rated_vote`` (the movie is seen,
but does not speak for its neighbours).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

import numpy as np
from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from catalog.models import Movie
from engagement.models import FavoriteMovie, NotInterested, Review, WatchHistory, WatchlistItem
from recsys.engines.collaborative import LIKED_RATING


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


def _signals(user_filter: Q) -> Iterable[tuple[object, int, float, float]]:
    """(user id, TMDb id, strength, vote) of every interaction matching ``user_filter``."""
    weights = settings.RECSYS["SIGNAL_WEIGHTS"]
    reviews = Review.objects.filter(user_filter).values_list("user_id", "movie_id", "rating").order_by()
    for user_id, tmdb_id, rating in reviews.iterator(chunk_size=10_000):
        if rating >= LIKED_RATING:
            yield user_id, tmdb_id, weights["liked"], weights["liked"]
        else:
            yield user_id, tmdb_id, weights["rated"], weights["rated_vote"]
    for model, name in ((FavoriteMovie, "favorite"), (WatchlistItem, "watchlist"), (WatchHistory, "view")):
        rows = (
            model.objects.filter(user_filter, user__isnull=False)
            .values_list("user_id", "movie_id")
            .order_by()
        )
        for user_id, tmdb_id in rows.distinct().iterator(chunk_size=10_000):
            yield user_id, tmdb_id, weights[name], weights[name]


def _dismissals(user_filter: Q) -> Iterable[tuple[object, int]]:
    """(user id, TMDb id) of every "not interested" matching ``user_filter``."""
    rows = NotInterested.objects.filter(user_filter).values_list("user_id", "movie_id").order_by()
    return rows.iterator(chunk_size=10_000)


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
    for user_id, tmdb_id, strength, _ in _signals(Q()):
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
    user_filter = Q(user_id__in=user_ids)
    for user_id, tmdb_id, _, vote in _signals(user_filter):
        history = found[user_id]
        history[tmdb_id] = max(vote, history.get(tmdb_id, vote))
    if not positive_only:
        dismissed = settings.RECSYS["SIGNAL_WEIGHTS"]["not_interested"]
        for user_id, tmdb_id in _dismissals(user_filter):
            found[user_id][tmdb_id] = dismissed
    return found


def user_history(*, user_id, positive_only: bool = False) -> dict[int, float]:
    """One user's interactions (see ``histories``)."""
    return histories(user_ids=[user_id], positive_only=positive_only)[user_id]


def interaction_count() -> int:
    """Rows of signed-in users' signals (ratings, favorites, watchlist, views): the catalog's size in
    interactions, compared across fits (recsys.runs.refit_reason). One query per signal."""
    return Review.objects.count() + sum(
        model.objects.filter(user__isnull=False).count()
        for model in (FavoriteMovie, WatchlistItem, WatchHistory)
    )


def interacted() -> Exists:
    """True for a user (``OuterRef("pk")``) who favorited, listed, watched, rated or dismissed a movie."""
    models = (FavoriteMovie, WatchlistItem, WatchHistory, Review, NotInterested)
    return reduce(or_, (Exists(model.objects.filter(user=OuterRef("pk"))) for model in models))


def users_active_since(*, user_ids: Iterable, since: datetime) -> set:
    """Those of ``user_ids`` who added a favorite, watchlist entry, view, review or dismissal.

    Only what happened after ``since`` counts.
    """
    user_ids = list(user_ids)
    changed: set = set()
    for model, field in (
        (FavoriteMovie, "added_at"),
        (WatchlistItem, "added_at"),
        (WatchHistory, "watched_at"),
        (Review, "updated_at"),
        (NotInterested, "added_at"),
    ):
        recent = model.objects.filter(user_id__in=user_ids, **{f"{field}__gt": since})
        changed.update(recent.values_list("user_id", flat=True).distinct())
    return changed
