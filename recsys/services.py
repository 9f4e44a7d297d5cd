"""Recommendation writes and read-through reads: the precompute run, per-user lists, trending.

What is stored (RecommendationCache rows, keyed by recsys.precomputed, the per-user ones
mirrored in the cache):

* ``recsys:item:{tmdb_id}`` (no user): the movie's row of every scoring matrix
  (``{"score": {component: [[tmdb_id, ...], [weight, ...]]}}``), its item-based list
  (``"related"``) and its content neighbours (``"similar"``), best first;
* ``recsys:popular`` (no user): the most popular movies, ``[[tmdb_id, score], ...]``;
* ``recsys:novelty`` (no user): ``[[tmdb_id, ...], [novelty, ...]]`` of every movie whose
  novelty is below 1 (hybrid.novelty_scores; a movie left out is fully novel);
* ``user:{id}:recommendations`` (hybrid) and ``user:{id}:recommendations:{content|collab}``:
  ``[{"tmdb_id", "score", "reasons"}, ...]``, best first, TOP_N long.

A run (``recommendations_refresh``) refits every model from the database, writes the item
rows in one transaction, then each batch of users in its own transaction: a run killed
midway leaves every list whole (new or previous), and a re-run converges to the same rows.
Reads (``user_recommendations``) go cache, then a fresh row, then score that one user from
the stored item rows and store the result; no read ever refits a model. ``trending_movies``
reads trending the same way, ``similar_movies_fetch`` refreshes TMDb's similar list first.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from catalog import sync as catalog_sync
from catalog.models import Movie
from catalog.selectors import movie_detail, movies_by_tmdb_ids
from common import payload_cache
from common.paging import validate_limit
from engagement.selectors import not_interested_tmdb_ids
from recsys import loaders, precomputed, selectors, trending
from recsys.engines import hybrid
from recsys.engines.collaborative import interaction_matrix
from recsys.models import RecommendationCache
from recsys.precomputed import (
    DEFAULT_STRATEGY,
    ITEM_KEY_PREFIX,
    POPULAR_KEY,
    item_key,
    user_recommendations_key,
)

STRATEGIES = ("hybrid", "content", "collab")
DEFAULT_LIMIT = 20
POPULAR_LENGTH = 1000
NOVELTY_KEY = "recsys:novelty"
# The reason of every entry scored while no model is stored yet (a fresh deploy, before its first
# run, which a worker's start queues: recsys.tasks.queue_missing_runs).
NOT_PERSONALIZED = "popular (not personalized yet)"


@dataclass(frozen=True)
class Recommendation:
    movie: Movie
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class RecommendationList:
    """Stored entries of one list plus the (lazy) QuerySet of their movies, in order."""

    entries: list[dict]
    movies: QuerySet[Movie]

    def items(self) -> list[Recommendation]:
        """Entries joined with their movies (genres loaded)."""
        by_id = {movie.tmdb_id: movie for movie in self.movies.prefetch_related("genres")}
        return [
            Recommendation(movie=by_id[e["tmdb_id"]], score=e["score"], reasons=e["reasons"])
            for e in self.entries
            if e["tmdb_id"] in by_id
        ]


def user_recommendations_invalidate(*, user_id) -> None:
    """Drop a user's precomputed recommendations and cached answers; the next read recomputes them.

    Engagement's signals call this after every write of the user's, so it also retires the
    answers the user was served (favorite and watchlist flags, recommendations).
    """
    cache.delete_many([user_recommendations_key(user_id, strategy) for strategy in STRATEGIES])
    RecommendationCache.objects.filter(user_id=user_id).delete()
    payload_cache.bump(payload_cache.user_generation(user_id))


def user_recommendations_dismiss(*, user_id, tmdb_id: int) -> None:
    """Take a movie the user dismissed out of their stored lists at once, without rescoring them.

    A movie that was also in the user's history may be cited by reasons, so their lists are
    dropped instead and rescored (from the stored item rows) on the next read.
    """
    if tmdb_id in loaders.user_history(user_id=user_id, positive_only=True):
        user_recommendations_invalidate(user_id=user_id)
        return
    keys = [user_recommendations_key(user_id, strategy) for strategy in STRATEGIES]
    with transaction.atomic():
        for key, payload in (
            RecommendationCache.objects.select_for_update().filter(key__in=keys).values_list("key", "payload")
        ):
            kept = [entry for entry in payload if entry["tmdb_id"] != tmdb_id]
            # update() keeps last_updated: the list expires when it would have.
            RecommendationCache.objects.filter(key=key).update(payload=kept)
    cache.delete_many(keys)
    payload_cache.bump(payload_cache.user_generation(user_id))


def user_recommendations_recompute(*, user_id) -> None:
    """Score the user afresh from the stored item rows and store their lists (after a bulk change)."""
    user_recommendations_invalidate(user_id=user_id)
    _store_user_lists({user_id: _compute_user_lists(user_id)})


def _validate_strategy(strategy: str) -> None:
    if strategy not in STRATEGIES:
        raise ValidationError({"strategy": [f"strategy must be one of: {', '.join(STRATEGIES)}."]})


def _strategy_weights() -> dict[str, dict[str, float]]:
    return {s: hybrid.strategy_weights(s, settings.RECSYS["HYBRID_WEIGHTS"]) for s in STRATEGIES}


def _fit_params() -> hybrid.FitParams:
    config = settings.RECSYS
    return hybrid.FitParams(
        neighbours=config["NEIGHBOURS"],
        ease_lambda=config["EASE_LAMBDA"],
        ease_max_items=config["EASE_MAX_ITEMS"],
    )


def _fitted_components() -> list[str]:
    """The neighbour components some blend weighs (content always: little histories and "similar")."""
    config = settings.RECSYS
    weighed = {
        name
        for weights in (config["HYBRID_WEIGHTS"], config["ITEM_WEIGHTS"], *_strategy_weights().values())
        for name, weight in weights.items()
        if weight > 0
    }
    return [name for name in hybrid.NEIGHBOUR_COMPONENTS if name in weighed or name == "content"]


# --- Reasons ------------------------------------------------------------------


def _reason_text(
    reason: hybrid.Reason,
    titles: Mapping[int, str],
    genres: Mapping[int, Sequence[str]],
    liked_genres: Counter,
) -> str:
    if reason.kind == "liked":
        return f"because you liked {titles[reason.item]}"
    if reason.kind == "similar":
        return f"similar to {titles[reason.item]}"
    movie_genres = genres.get(reason.item) or []
    if movie_genres:
        best = max(movie_genres, key=lambda name: (liked_genres[name], -movie_genres.index(name)))
        return f"popular in {best}"
    return "popular on MoviVerse"


def _entries(
    ranked: hybrid.Ranked,
    user: int,
    tmdb_ids: Sequence[int],
    titles: Mapping[int, str],
    genres: Mapping[int, Sequence[str]],
    liked_genres: Counter,
) -> list[dict]:
    """One user's engine output (item indices) as stored entries (TMDb ids, readable reasons)."""
    entries = []
    rows = zip(
        ranked.items[user].tolist(),
        ranked.scores[user].tolist(),
        ranked.reason_kinds[user].tolist(),
        ranked.reason_items[user].tolist(),
        strict=True,
    )
    for item, score, kinds, seeds in rows:
        if item < 0:
            break
        reasons = [
            _reason_text(hybrid.Reason(hybrid.KINDS[kind], tmdb_ids[seed]), titles, genres, liked_genres)
            for kind, seed in zip(kinds, seeds, strict=True)
            if kind
        ]
        entries.append({"tmdb_id": tmdb_ids[item], "score": round(score, 6), "reasons": reasons})
    return entries


# --- Storage ------------------------------------------------------------------


def _store_user_lists(lists: Mapping[object, Mapping[str, list[dict]]]) -> None:
    """Write users' lists (user id -> strategy -> entries): rows in one transaction, then the cache."""
    ttl = settings.RECSYS["CACHE_TTL"]
    values = {
        user_recommendations_key(user_id, strategy): (user_id, entries)
        for user_id, by_strategy in lists.items()
        for strategy, entries in by_strategy.items()
    }
    with transaction.atomic():
        # A user deleted meanwhile is skipped rather than failing the batch.
        existing = set(get_user_model().objects.filter(pk__in=lists).values_list("pk", flat=True))
        values = {
            key: (user_id, entries) for key, (user_id, entries) in values.items() if user_id in existing
        }
        precomputed.upsert(
            RecommendationCache,
            [RecommendationCache(key=k, user_id=u, payload=e, ttl=ttl) for k, (u, e) in values.items()],
        )
    cache.set_many({key: entries for key, (_, entries) in values.items()}, ttl)


def _item_payloads(model: hybrid.ItemModel, tmdb_ids: np.ndarray) -> list[dict]:
    config = settings.RECSYS
    related = hybrid.related_items(model, config["ITEM_WEIGHTS"], config["TOP_N"])
    similar = hybrid.related_items(model, {"content": 1.0}, config["TOP_N"])
    matrices = {name: matrix.tocsr() for name, matrix in model.neighbours.items()}
    payloads = []
    for item in range(model.n_items):
        score = {}
        for name, matrix in matrices.items():
            start, stop = matrix.indptr[item], matrix.indptr[item + 1]
            score[name] = [
                tmdb_ids[matrix.indices[start:stop]].tolist(),
                np.round(matrix.data[start:stop].astype(np.float64), 6).tolist(),
            ]
        payloads.append(
            {
                "score": score,
                "related": [int(tmdb_ids[j]) for j, _ in related[item]],
                "similar": [int(tmdb_ids[j]) for j, _ in similar[item]],
            }
        )
    return payloads


def _store_item_rows(model: hybrid.ItemModel, tmdb_ids: np.ndarray) -> None:
    """Every movie's neighbour rows and the popular list, replacing the previous run's in one transaction."""
    ttl = settings.RECSYS["CACHE_TTL"]
    keys = [item_key(int(t)) for t in tmdb_ids]
    rows = [
        RecommendationCache(key=key, payload=payload, ttl=ttl)
        for key, payload in zip(keys, _item_payloads(model, tmdb_ids), strict=True)
    ]
    order = np.lexsort((tmdb_ids, -model.popularity))[:POPULAR_LENGTH]
    popular = [[int(tmdb_ids[i]), round(float(model.popularity[i]), 6)] for i in order]
    rows.append(RecommendationCache(key=POPULAR_KEY, payload=popular, ttl=ttl))
    novelty = model.novelty_vector()
    known = np.flatnonzero(novelty < 1.0)
    novel = [tmdb_ids[known].tolist(), np.round(novelty[known].astype(np.float64), 4).tolist()]
    rows.append(RecommendationCache(key=NOVELTY_KEY, payload=novel, ttl=ttl))
    current = set(keys)
    with transaction.atomic():
        stale = [
            key
            for key in RecommendationCache.objects.filter(
                user__isnull=True, key__startswith=ITEM_KEY_PREFIX
            ).values_list("key", flat=True)
            if key not in current
        ]
        for start in range(0, len(stale), 500):
            RecommendationCache.objects.filter(key__in=stale[start : start + 500]).delete()
        precomputed.upsert(RecommendationCache, rows)


# --- Precompute -----------------------------------------------------------------


def _votes_and_seen(data: loaders.Interactions, n_items: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """The users' scoring rows (votes, every dismissal at its negative strength) and what they saw.

    Seen (never recommended): every interaction and every dismissal.
    """
    shape = (data.n_users, n_items)
    votes = interaction_matrix(data.users, data.items, data.votes, shape)
    dismissed = sp.csr_matrix(
        (np.ones(len(data.dismissed_users), dtype=np.float32), (data.dismissed_users, data.dismissed_items)),
        shape=shape,
    )
    strength = settings.RECSYS["SIGNAL_WEIGHTS"]["not_interested"]
    seen = interaction_matrix(data.users, data.items, np.ones(len(data.users), dtype=np.float32), shape)
    votes = sp.csr_matrix(votes - votes.multiply(dismissed) + strength * dismissed)
    return votes, sp.csr_matrix(seen + dismissed)


def recommendations_refresh(*, batch_size: int | None = None) -> dict[str, int]:
    """Refit every model from the database and store item rows and every active user's lists.

    Idempotent; safe while requests read and write (each list is replaced whole; users who
    acted during the run are left to their next read). Returns counts.
    """
    config = settings.RECSYS
    batch_size = batch_size or config["BATCH_SIZE"]
    started_at = timezone.now()
    catalog = loaders.load_catalog()
    data = loaders.load_interactions(catalog.index())
    matrix = interaction_matrix(data.users, data.items, data.strengths, (data.n_users, len(catalog.tmdb_ids)))
    model = hybrid.fit(
        matrix, catalog.features, _fit_params(), components=_fitted_components(), prior=catalog.popularity
    )
    votes, seen = _votes_and_seen(data, len(catalog.tmdb_ids))
    _store_item_rows(model, catalog.tmdb_ids)
    tmdb_ids = catalog.tmdb_ids.tolist()
    titles = dict(zip(tmdb_ids, catalog.titles, strict=True))
    genres = dict(zip(tmdb_ids, catalog.genres, strict=True))
    strategies = _strategy_weights()
    active = np.flatnonzero(data.active)
    for start in range(0, len(active), batch_size):
        batch = active[start : start + batch_size]
        ranked = hybrid.recommend_strategies(
            model, votes[batch], strategies, config["TOP_N"], config["MIN_HISTORY"], seen=seen[batch]
        )
        # Users who acted since the data was read are skipped: their lists were invalidated
        # meanwhile, and their next read scores them afresh.
        changed = loaders.users_active_since(user_ids=[data.user_ids[u] for u in batch], since=started_at)
        lists = {}
        for offset, user in enumerate(batch.tolist()):
            user_id = data.user_ids[user]
            if user_id in changed:
                continue
            liked = Counter(g for i in matrix[user].indices for g in catalog.genres[i])
            lists[user_id] = {
                s: _entries(ranked[s], offset, tmdb_ids, titles, genres, liked) for s in STRATEGIES
            }
        _store_user_lists(lists)
    payload_cache.bump(payload_cache.RECOMMENDATIONS)
    return {"users": len(active), "movies": len(tmdb_ids)}


# --- Serving ------------------------------------------------------------------


def _popular() -> tuple[list[list], bool]:
    """The stored popular list and True, or (before any run) the catalog by popularity_score and False."""
    row = RecommendationCache.objects.filter(key=POPULAR_KEY).values_list("payload", flat=True).first()
    if row is not None:
        return row, True
    top = Movie.objects.order_by("-popularity_score", "tmdb_id").values_list("tmdb_id", "popularity_score")
    top = list(top[:POPULAR_LENGTH])
    peak = max((score for _, score in top), default=0) or 1.0
    return [[tmdb_id, score / peak] for tmdb_id, score in top], False


def _novelty(tmdb_ids: np.ndarray) -> np.ndarray:
    """Stored novelty of each of ``tmdb_ids``: 1.0 for a movie the row leaves out (or before any run)."""
    row = RecommendationCache.objects.filter(key=NOVELTY_KEY).values_list("payload", flat=True).first()
    listed = dict(zip(*row, strict=True)) if row else {}
    return np.array([listed.get(int(t), 1.0) for t in tmdb_ids], dtype=np.float32)


def _local_model(
    history: Mapping[int, float],
    item_rows: Mapping[int, dict],
    popular: list[list],
) -> tuple[hybrid.ItemModel, list[int], sp.csr_matrix, sp.csr_matrix]:
    """An ItemModel over just the movies one user can be scored on, the user's votes and seen row."""
    sources, targets, weights = {}, {}, {}
    for name in hybrid.NEIGHBOUR_COMPONENTS:
        rows = [(source, payload["score"].get(name, [[], []])) for source, payload in item_rows.items()]
        sources[name] = np.repeat([source for source, _ in rows], [len(ids) for _, (ids, _) in rows])
        targets[name] = np.fromiter((t for _, (ids, _) in rows for t in ids), dtype=np.int64)
        weights[name] = np.fromiter((w for _, (_, ws) in rows for w in ws), dtype=np.float32)
    popular_ids = np.array([tmdb_id for tmdb_id, _ in popular], dtype=np.int64)
    ids, inverse = np.unique(
        np.concatenate([np.fromiter(history, dtype=np.int64), popular_ids, *targets.values()]),
        return_inverse=True,
    )
    n = len(ids)
    neighbours = {
        name: sp.csr_matrix(
            (weights[name], (np.searchsorted(ids, sources[name]), np.searchsorted(ids, targets[name]))),
            shape=(n, n),
        )
        for name in hybrid.NEIGHBOUR_COMPONENTS
    }
    popularity = np.zeros(n, dtype=np.float32)
    popularity[inverse[len(history) : len(history) + len(popular_ids)]] = [score for _, score in popular]
    user_row = sp.csr_matrix(
        (list(history.values()), ([0] * len(history), inverse[: len(history)])),
        shape=(1, n),
        dtype=np.float32,
    )
    seen = sp.csr_matrix(
        (np.ones(len(history), dtype=np.float32), ([0] * len(history), inverse[: len(history)])), shape=(1, n)
    )
    model = hybrid.ItemModel(neighbours=neighbours, popularity=popularity, novelty=_novelty(ids))
    return model, ids.tolist(), user_row, seen


def _compute_user_lists(user_id) -> dict[str, list[dict]]:
    """Score one user from the stored item rows (no refit): every strategy's list."""
    config = settings.RECSYS
    history = loaders.user_history(user_id=user_id)
    item_rows = {
        int(key.removeprefix(ITEM_KEY_PREFIX)): payload
        for key, payload in RecommendationCache.objects.filter(
            key__in=[item_key(t) for t in history]
        ).values_list("key", "payload")
    }
    popular, fitted = _popular()
    model, ids, user_row, seen = _local_model(history, item_rows, popular)
    ranked = hybrid.recommend_strategies(
        model, user_row, _strategy_weights(), config["TOP_N"], config["MIN_HISTORY"], seen=seen
    )
    wanted = set(history) | {ids[i] for r in ranked.values() for i in r.items[0].tolist() if i >= 0}
    titles = dict(Movie.objects.filter(tmdb_id__in=wanted).values_list("tmdb_id", "title"))
    genres: dict[int, list[str]] = {}
    for tmdb_id, name in (
        Movie.genres.through.objects.filter(movie__tmdb_id__in=wanted)
        .order_by("genre__name")
        .values_list("movie__tmdb_id", "genre__name")
    ):
        genres.setdefault(tmdb_id, []).append(name)
    liked = Counter(g for t, strength in history.items() if strength > 0 for g in genres.get(t, []))
    lists = {s: _entries(ranked[s], 0, ids, titles, genres, liked) for s in STRATEGIES}
    if not fitted:  # a fresh deploy before its first run: say so rather than look personal
        lists = {s: [{**e, "reasons": [NOT_PERSONALIZED]} for e in entries] for s, entries in lists.items()}
    return lists


def _compute_and_store(user_id, strategy: str) -> list[dict]:
    """Score one user now, store every strategy's list, and return ``strategy``'s."""
    lists = _compute_user_lists(user_id)
    _store_user_lists({user_id: lists})
    return lists[strategy]


def user_recommendations(
    *, user, strategy: str = DEFAULT_STRATEGY, limit: int = DEFAULT_LIMIT
) -> RecommendationList:
    """The user's top ``limit`` recommendations: cache, then stored row, then scored now and stored.

    Movies the user dismissed never appear, even in a list stored before the dismissal, nor
    movies that have left the catalog since the list was stored.

    Raises ValidationError for an unknown strategy or a limit outside 1..MAX_PAGE_SIZE.
    """
    _validate_strategy(strategy)
    validate_limit(limit)
    key = user_recommendations_key(user.pk, strategy)
    entries = precomputed.read(RecommendationCache, key, partial(_compute_and_store, user.pk, strategy))
    kept = selectors.recommendable_ids(user_id=user.pk, tmdb_ids=[entry["tmdb_id"] for entry in entries])
    entries = [entry for entry in entries if entry["tmdb_id"] in kept][:limit]
    return RecommendationList(
        entries=entries, movies=movies_by_tmdb_ids(tmdb_ids=[e["tmdb_id"] for e in entries])
    )


def trending_movies(*, time_range: str, limit: int, user=None) -> QuerySet[Movie]:
    """The window's top ``limit`` trending movies, best first, without those ``user`` dismissed.

    The list is precomputed (computed and stored on a miss); a reader whose dismissals leave
    it short gets the ranking continued past it (trending.trending_ids).
    """
    dismissed = not_interested_tmdb_ids(user=user) if user is not None else set()
    tmdb_ids = trending.trending_ids(time_range=time_range, limit=limit, exclude=dismissed)
    return selectors.movies_in_order(tmdb_ids=tmdb_ids)


def similar_movies_fetch(*, tmdb_id: int, limit: int, user=None) -> QuerySet[Movie]:
    """``selectors.similar_movies`` after refreshing TMDb's similar list into the catalog.

    Without TMDb (no key, or down) only the local neighbours. Raises Movie.DoesNotExist for a
    movie not in the local catalog (TMDb is not asked), ValidationError for a bad limit.
    """
    validate_limit(limit)
    movie_detail(tmdb_id=tmdb_id)
    remote = catalog_sync.tmdb_similar_ids(tmdb_id=tmdb_id)
    return selectors.similar_movies(tmdb_id=tmdb_id, limit=limit, user=user, remote=remote)
