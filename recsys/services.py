"""Recommendation reads and the writes that follow users' activity: per-user lists, trending, similar.

Users' lists are built by runs (recsys.runs: fit once, score in batches, switch) and stored
compact (recsys.compact) in UserRecommendations under the run that built them, mirrored in the
cache under ``user:{id}:recommendations`` with that run's id. A read serves the list of the
run readers are switched to (``runs.current_run_id``): cache, then the stored row, then the
user scored now from the stored item rows (no read ever refits a model) and stored under
that run. Before the first run (or after one fitted on an empty catalog) a read scores from
the catalog's popularity and says so ("popular (not personalized yet)"): never an empty list
while the catalog has movies. A user's own activity drops their lists (``user_recommendations_invalidate``),
so their next read, or the rescoring between runs, builds them afresh. What the item rows hold:

* ``recsys:item:{tmdb_id}`` (no user): the movie's row of every scoring matrix
  (``{"score": {component: [[tmdb_id, ...], [weight, ...]]}}``, and the same rows packed in
  the row's ``scores``: recsys.scoring_rows, which scoring reads), its item-based list
  (``"related"``) and its content neighbours (``"similar"``), best first;
* ``recsys:popular`` (no user): the most popular movies, ``[[tmdb_id, score], ...]``;
* ``recsys:novelty`` (no user): ``[[tmdb_id, ...], [novelty, ...]]`` of every movie whose
  novelty is below 1 (hybrid.novelty_scores; a movie left out is fully novel).

``trending_movies`` reads trending the same way, ``similar_movies_fetch`` refreshes TMDb's
similar list first.
"""

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from catalog import sync as catalog_sync
from catalog.models import Movie
from catalog.selectors import movie_detail, movies_by_tmdb_ids
from common import payload_cache
from common.paging import validate_limit
from engagement.availability_filter import AvailabilityFilter
from engagement.selectors import not_interested_tmdb_ids
from recsys import compact, loaders, runs, scoring_rows, selectors, trending
from recsys.engines import hybrid
from recsys.models import RecommendationCache, UserRecommendations
from recsys.precomputed import (
    DEFAULT_STRATEGY,
    ITEM_KEY_PREFIX,
    POPULAR_KEY,
    item_key,
    user_recommendations_key,
)
from recsys.scoring_rows import Row

logger = logging.getLogger(__name__)

STRATEGIES = runs.STRATEGIES
DEFAULT_LIMIT = 20


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
    """Drop a user's stored lists and cached answers; their next read (or rescoring) builds them afresh.

    Engagement's signals call this after every write of the user's, so it also retires the
    answers the user was served (favorite and watchlist flags, recommendations).
    """
    cache.delete(user_recommendations_key(user_id))
    UserRecommendations.objects.filter(user_id=user_id).delete()
    payload_cache.bump(payload_cache.user_generation(user_id))


def user_recommendations_dismiss(*, user_id, tmdb_id: int) -> None:
    """Take a movie the user dismissed out of their stored lists at once, without rescoring them.

    A movie that was also in the user's history may be cited by reasons, so their lists are
    dropped instead and rescored (from the stored item rows) on the next read.
    """
    if tmdb_id in loaders.user_history(user_id=user_id, positive_only=True):
        user_recommendations_invalidate(user_id=user_id)
        return
    with transaction.atomic():
        rows = UserRecommendations.objects.select_for_update().filter(user_id=user_id)
        for pk, payload in rows.values_list("pk", "payload"):
            # update() keeps built_at: the list was fixed, not rebuilt.
            UserRecommendations.objects.filter(pk=pk).update(payload=compact.without(payload, tmdb_id))
    cache.delete(user_recommendations_key(user_id))
    payload_cache.bump(payload_cache.user_generation(user_id))


def user_recommendations_recompute(*, user_id) -> None:
    """Score the user afresh from the stored item rows and store their lists (after a bulk change)."""
    user_recommendations_invalidate(user_id=user_id)
    _store(user_id, runs.current_run_id() or 0, _compute_user_lists(user_id))


def _validate_strategy(strategy: str) -> None:
    if strategy not in STRATEGIES:
        raise ValidationError({"strategy": [f"strategy must be one of: {', '.join(STRATEGIES)}."]})


def _store(user_id, run_id: int, lists: dict[str, list]) -> None:
    """Keep a user's lists under run ``run_id`` (0: no run yet, cache only) and in the cache."""
    if run_id:
        runs.store_lists(run_id=run_id, lists={user_id: lists})
    _cache_lists(user_id, run_id, lists)


def _cache_lists(user_id, run_id: int, lists: dict[str, list]) -> None:
    """The cached copy of a user's lists, marked with the run they belong to."""
    cache.set(
        user_recommendations_key(user_id), {"run": run_id, "lists": lists}, settings.RECSYS["CACHE_TTL"]
    )


def _empty(lists: Mapping[str, list]) -> bool:
    """True when every strategy's list is empty (built before the catalog had movies)."""
    return not any(ids for ids, _, _ in lists.values())


def _stored_lists(user_id) -> dict[str, list]:
    """The user's compact lists of the run readers serve: cache, stored row, or scored now and stored.

    The cached copy and the current run id come back in one cache read. Lists with no movie at
    all (built while the catalog was empty) count as missing: they are scored again.
    """
    key = user_recommendations_key(user_id)
    found = cache.get_many([key, runs.CURRENT_RUN_KEY])
    run_id = runs.current_run_from(found.get(runs.CURRENT_RUN_KEY))
    cached = found.get(key)
    if isinstance(cached, dict) and cached.get("run") == run_id and not _empty(cached["lists"]):
        return cached["lists"]
    lists = None
    if run_id:
        lists = (
            UserRecommendations.objects.filter(run_id=run_id, user_id=user_id)
            .values_list("payload", flat=True)
            .first()
        )
    if lists is None or _empty(lists):
        lists = _compute_user_lists(user_id)
        _store(user_id, run_id, lists)
    else:
        _cache_lists(user_id, run_id, lists)
    return lists


# --- Serving ------------------------------------------------------------------


def _popular() -> tuple[list[list], bool]:
    """The stored popular list and True, or the catalog by popularity_score and False: before any
    run, or when the last one was fitted on an empty catalog (its popular list is empty)."""
    row = RecommendationCache.objects.filter(key=POPULAR_KEY).values_list("payload", flat=True).first()
    if row:
        return row, True
    top = Movie.objects.order_by("-popularity_score", "tmdb_id").values_list("tmdb_id", "popularity_score")
    top = list(top[: runs.POPULAR_LENGTH])
    peak = max((score for _, score in top), default=0) or 1.0
    return [[tmdb_id, score / peak] for tmdb_id, score in top], False


def _novelty(tmdb_ids: np.ndarray) -> np.ndarray:
    """Stored novelty of each of ``tmdb_ids``: 1.0 for a movie the row leaves out (or before any run)."""
    row = RecommendationCache.objects.filter(key=runs.NOVELTY_KEY).values_list("payload", flat=True).first()
    listed = dict(zip(*row, strict=True)) if row else {}
    return np.array([listed.get(int(t), 1.0) for t in tmdb_ids], dtype=np.float32)


def _local_model(
    histories: Sequence[Mapping[int, float]],
    item_rows: Mapping[int, dict],
    popular: list[list],
) -> tuple[hybrid.ItemModel, list[int], sp.csr_matrix, sp.csr_matrix]:
    """An ItemModel over just the movies some of ``histories``' users can be scored on (``item_rows``:
    each history movie's stored scoring rows, stored_item_rows), with one row of votes and one
    seen row per history (users x movies)."""
    sources, targets, weights = {}, {}, {}
    for name in hybrid.NEIGHBOUR_COMPONENTS:
        rows = [(source, score[name]) for source, score in item_rows.items() if name in score]
        counts = [len(ids) for _, (ids, _) in rows]
        sources[name] = np.repeat(np.array([source for source, _ in rows], dtype=np.int64), counts)
        targets[name] = np.concatenate([np.zeros(0, dtype=np.int64), *(ids for _, (ids, _) in rows)])
        weights[name] = np.concatenate([np.zeros(0, dtype=np.float32), *(ws for _, (_, ws) in rows)])
    popular_ids = np.array([tmdb_id for tmdb_id, _ in popular], dtype=np.int64)
    owners = np.repeat(np.arange(len(histories)), [len(history) for history in histories])
    voted = np.fromiter((t for history in histories for t in history), dtype=np.int64, count=len(owners))
    votes = np.fromiter((v for history in histories for v in history.values()), dtype=np.float32)
    ids, inverse = np.unique(np.concatenate([voted, popular_ids, *targets.values()]), return_inverse=True)
    n = len(ids)
    neighbours = {
        name: sp.csr_matrix(
            (weights[name], (np.searchsorted(ids, sources[name]), np.searchsorted(ids, targets[name]))),
            shape=(n, n),
        )
        for name in hybrid.NEIGHBOUR_COMPONENTS
    }
    popularity = np.zeros(n, dtype=np.float32)
    popularity[inverse[len(voted) : len(voted) + len(popular_ids)]] = [score for _, score in popular]
    shape = (len(histories), n)
    user_rows = sp.csr_matrix((votes, (owners, inverse[: len(voted)])), shape=shape, dtype=np.float32)
    seen = sp.csr_matrix(
        (np.ones(len(voted), dtype=np.float32), (owners, inverse[: len(voted)])), shape=shape
    )
    model = hybrid.ItemModel(neighbours=neighbours, popularity=popularity, novelty=_novelty(ids))
    return model, ids.tolist(), user_rows, seen


def stored_item_rows(tmdb_ids: Iterable[int], components: Iterable[str]) -> dict[int, dict[str, Row]]:
    """The stored scoring rows (``recsys:item:{tmdb_id}``'s) of those of ``tmdb_ids`` a run stored,
    each ``{component: (tmdb_ids, weights)}`` of the named ``components`` only.

    Rows come from their binary form (recsys.scoring_rows); a row without one (stored before
    it existed) or with one that does not unpack is read from its JSON ``score`` instead, the
    same figures, decoding only the named components.
    """
    names = sorted(components)
    keys = [item_key(t) for t in tmdb_ids]
    found, unpacked = {}, []
    for key, blob in RecommendationCache.objects.filter(key__in=keys).values_list("key", "scores"):
        rows = scoring_rows.unpack(blob, names)
        if rows is None:
            if blob is not None:
                logger.warning("recsys.item_row_unreadable", extra={"key": key})
            unpacked.append(key)
        else:
            found[int(key.removeprefix(ITEM_KEY_PREFIX))] = rows
    as_json = RecommendationCache.objects.filter(key__in=unpacked)
    for key, *values in as_json.values_list("key", *(f"payload__score__{name}" for name in names)):
        found[int(key.removeprefix(ITEM_KEY_PREFIX))] = {
            name: (np.asarray(value[0], dtype=np.int64), np.asarray(value[1], dtype=np.float32))
            for name, value in zip(names, values, strict=True)
            if value is not None
        }
    return found


def scoring_model(
    histories: Sequence[Mapping[int, float]], strategies: Mapping[str, Mapping[str, float]]
) -> tuple[hybrid.ItemModel, list[int], sp.csr_matrix, sp.csr_matrix, bool]:
    """What scoring users from the stored item rows for ``strategies`` (their blend weights) needs,
    with no refit: the local ItemModel, its TMDb ids, the users' votes and seen rows, and whether a
    run fitted the rows (else the catalog's popularity stands in)."""
    components = {name for weights in strategies.values() for name, w in weights.items() if w > 0}
    components = (components | {"content"}) & set(hybrid.NEIGHBOUR_COMPONENTS)  # content: little history
    item_rows = stored_item_rows({t for history in histories for t in history}, components)
    popular, fitted = _popular()
    model, ids, user_rows, seen = _local_model(histories, item_rows, popular)
    return model, ids, user_rows, seen, fitted


def _compute_user_lists(user_id) -> dict[str, list]:
    """Score one user from the stored item rows (no refit): every strategy's compact list."""
    config = settings.RECSYS
    history = loaders.user_history(user_id=user_id)
    strategies = runs.strategy_weights()
    model, ids, user_row, seen, fitted = scoring_model([history], strategies)
    ranked = hybrid.recommend_strategies(
        model, user_row, strategies, config["TOP_N"], config["MIN_HISTORY"], seen=seen
    )
    wanted = set(history) | {ids[i] for r in ranked.values() for i in r.items[0].tolist() if i >= 0}
    genres: dict[int, list[str]] = {}
    for tmdb_id, name in (
        Movie.genres.through.objects.filter(movie__tmdb_id__in=wanted)
        .order_by("genre__name")
        .values_list("movie__tmdb_id", "genre__name")
    ):
        genres.setdefault(tmdb_id, []).append(name)
    liked = Counter(g for t, vote in history.items() if vote > 0 for g in genres.get(t, []))
    # Before the first run nothing is personal: the lists say so rather than look personal.
    item_genres = [genres.get(tmdb_id, []) for tmdb_id in ids]
    return compact.batch_lists(ranked, np.array(ids), item_genres, [liked], personalized=fitted)[0]


def user_recommendations(
    *,
    user,
    strategy: str = DEFAULT_STRATEGY,
    limit: int = DEFAULT_LIMIT,
    available: AvailabilityFilter | None = None,
) -> RecommendationList:
    """The user's top ``limit`` recommendations: cache, then stored row, then scored now and stored.

    With ``available`` the whole stored list is filtered (one query) before the first ``limit``
    are taken, so later entries fill the places of those left out.

    Movies the user dismissed never appear, even in a list stored before the dismissal, nor
    movies that have left the catalog since the list was stored; reasons citing a movie that
    left are dropped.

    Raises ValidationError for an unknown strategy or a limit outside 1..MAX_PAGE_SIZE.
    """
    _validate_strategy(strategy)
    validate_limit(limit)
    rows = compact.entries(_stored_lists(user.pk), strategy)
    if available is not None:
        passing = set(available.keep([row[0] for row in rows]))
        rows = [row for row in rows if row[0] in passing]
    cited = set().union(*(compact.seed_ids(codes) for _, _, codes in rows))
    known = selectors.recommendation_titles(user=user, tmdb_ids=[r[0] for r in rows], cited=cited)
    titles = {tmdb_id: movie.title for tmdb_id, movie in known.items()}
    sources = {tmdb_id: (movie.rewatched, movie.own_list) for tmdb_id, movie in known.items()}
    entries = [
        {
            "tmdb_id": tmdb_id,
            "score": score,
            "reasons": compact.reason_texts(codes, titles, sources)
            + compact.friends_texts(known[tmdb_id].friends_liked),
        }
        for tmdb_id, score, codes in rows
        if tmdb_id in known and not known[tmdb_id].dismissed
    ][:limit]
    return RecommendationList(
        entries=entries, movies=movies_by_tmdb_ids(tmdb_ids=[e["tmdb_id"] for e in entries])
    )


def trending_movies(
    *, time_range: str, limit: int, user=None, available: AvailabilityFilter | None = None
) -> QuerySet[Movie]:
    """The window's top ``limit`` trending movies, best first, without those ``user`` dismissed
    [only those ``available`` lets through: trending.trending_ids].

    The list is precomputed (computed and stored on a miss); a reader whose dismissals leave
    it short gets the ranking continued past it (trending.trending_ids).
    """
    dismissed = not_interested_tmdb_ids(user=user) if user is not None else set()
    tmdb_ids = trending.trending_ids(
        time_range=time_range, limit=limit, exclude=dismissed, available=available
    )
    return selectors.movies_in_order(tmdb_ids=tmdb_ids)


def similar_movies_fetch(
    *, tmdb_id: int, limit: int, user=None, available: AvailabilityFilter | None = None
) -> QuerySet[Movie]:
    """``selectors.similar_movies`` after refreshing TMDb's similar list into the catalog.

    Without TMDb (no key, or down) only the local neighbours. Raises Movie.DoesNotExist for a
    movie not in the local catalog (TMDb is not asked), ValidationError for a bad limit.
    """
    validate_limit(limit)
    movie_detail(tmdb_id=tmdb_id)
    remote = catalog_sync.tmdb_similar_ids(tmdb_id=tmdb_id)
    return selectors.similar_movies(
        tmdb_id=tmdb_id, limit=limit, user=user, remote=remote, available=available
    )
