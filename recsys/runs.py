"""Recommendation runs: fit once, score users in batches on any worker, switch readers at the end.

A run (RecommendationRun) goes pending -> running -> done (or failed):

1. ``run_prepare`` fits every model from the database once, stores the fitted artefact in the
   run's row (recsys.artefacts) and splits the active users into batches (RecommendationBatch,
   RECSYS["BATCH_SIZE"] users each); the task layer sends one task per batch.
2. ``batch_score`` scores one batch from the artefact and writes its users' lists under the
   run (UserRecommendations). Redone after a failure or a lost worker, it writes the same rows
   again and is counted once.
3. When the last batch is counted, ``run_finish`` switches readers in one transaction: the
   run becomes done (readers serve the latest done run's lists, ``current_run_id``) and the
   item rows (neighbours, popular, novelty) are replaced; older runs' lists are then dropped.

Until then readers keep serving the previous run's lists: a failed or abandoned run changes
nothing they see. Two runs never interleave: at most one run is running (a database
constraint), and a run with no heartbeat for RECSYS["RUN_LOCK_SECONDS"] counts as abandoned.

A run beats (``heartbeat_at``) when it starts, every third of RECSYS["RUN_STALE_SECONDS"]
while it fits, at each batch counted and at its switch. ``stale_runs_recover`` (the watchdog)
takes a run whose heartbeat is older than that as lost with its worker: one whose fit is
stored is resumed (its unscored batches are sent again), one that died before is failed as
abandoned and a new run takes its place.

Between runs, ``changed_users`` finds the users whose lists were dropped by their own
activity (or who have none yet), and ``lists_rescore`` scores them from the stored artefact,
without refitting; ``refit_reason`` says when the catalog has outgrown the fit.
"""

import logging
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from catalog.models import Movie
from common import payload_cache
from recsys import artefacts, compact, loaders, precomputed, scoring_rows
from recsys.engines import hybrid
from recsys.engines.collaborative import interaction_matrix
from recsys.metrics import BATCHES, RUN_DURATION, RUNS_RECOVERED
from recsys.models import RecommendationBatch, RecommendationCache, RecommendationRun, UserRecommendations
from recsys.precomputed import ITEM_KEY_PREFIX, POPULAR_KEY, item_key

logger = logging.getLogger(__name__)

STRATEGIES = ("hybrid", "content", "collab")
POPULAR_LENGTH = 1000
NOVELTY_KEY = "recsys:novelty"
# The id of the run readers serve ({"id": 0}: none yet), cached briefly so a switch reaches every
# process.
CURRENT_RUN_KEY = "recsys:current-run"
CURRENT_RUN_TTL = 60
Status = RecommendationRun.Status
ACTIVE = (Status.PENDING, Status.RUNNING)


# --- Configuration ------------------------------------------------------------------


def strategy_weights() -> dict[str, dict[str, float]]:
    """Each strategy's blend weights, from RECSYS["HYBRID_WEIGHTS"]."""
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
        for weights in (config["HYBRID_WEIGHTS"], config["ITEM_WEIGHTS"], *strategy_weights().values())
        for name, weight in weights.items()
        if weight > 0
    }
    return [name for name in hybrid.NEIGHBOUR_COMPONENTS if name in weighed or name == "content"]


# --- Which run readers serve ---------------------------------------------------------


def current_run_id() -> int | None:
    """The latest done run, whose lists readers serve; None before the first one."""
    return current_run_from(cache.get(CURRENT_RUN_KEY)) or None


def current_run_from(pointer: dict | None) -> int:
    """The current run id (0: none yet) from the cached pointer, read from the database if absent."""
    if pointer is None:
        pointer = {"id": _stored_current_run_id()}
        cache.set(CURRENT_RUN_KEY, pointer, CURRENT_RUN_TTL)
    return pointer["id"]


def _stored_current_run_id() -> int:
    done = RecommendationRun.objects.filter(status=Status.DONE).order_by("-finished_at", "-id")
    return done.values_list("id", flat=True).first() or 0


# --- Starting a run ------------------------------------------------------------------


def _expire_abandoned() -> None:
    """Fail runs with no heartbeat for as long as the run lock lasts (their worker is gone, and no
    watchdog took them over: beat is not running)."""
    cutoff = timezone.now() - timedelta(seconds=settings.RECSYS["RUN_LOCK_SECONDS"])
    RecommendationRun.objects.filter(status__in=ACTIVE, heartbeat_at__lt=cutoff).update(
        status=Status.FAILED, finished_at=timezone.now(), error="abandoned: no progress within the run lock"
    )


def run_request() -> tuple[RecommendationRun, bool]:
    """The run in progress, or a new pending one; True when it is new (the caller queues it)."""
    _expire_abandoned()
    with transaction.atomic():
        active = RecommendationRun.objects.select_for_update().filter(status__in=ACTIVE).first()
        if active is not None:
            return active, False
        return RecommendationRun.objects.create(), True


def run_prepare(*, run_id: int) -> list[int]:
    """Start run ``run_id``: fit and store the artefact, split users into batches (each once).

    Returns the numbers of the batches still to score (empty when the run cannot go on: it
    is finished, failed, or another run is running, which fails this one).
    """
    _expire_abandoned()
    try:
        with transaction.atomic():
            started = RecommendationRun.objects.filter(pk=run_id, status=Status.PENDING).update(
                status=Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
            )
    except IntegrityError:  # recsys_one_running_run: another run holds the lock
        RecommendationRun.objects.filter(pk=run_id, status=Status.PENDING).update(
            status=Status.FAILED, finished_at=timezone.now(), error="another run was in progress"
        )
        return []
    run = RecommendationRun.objects.defer("artefact").filter(pk=run_id).first()
    if run is None or run.status != Status.RUNNING:
        return []
    if not started and not run.model_version:
        logger.info("recsys.run_resumed", extra={"run_id": run_id})
    if not run.model_version:
        with _beating(run_id):
            _fit(run)
    return list(
        RecommendationBatch.objects.filter(run_id=run_id, status=RecommendationBatch.Status.PENDING)
        .order_by("number")
        .values_list("number", flat=True)
    )


def _beat(run_id: int) -> None:
    RecommendationRun.objects.filter(pk=run_id).update(heartbeat_at=timezone.now())


@contextmanager
def _beating(run_id: int) -> Iterator[None]:
    """Beat for run ``run_id`` from a thread, every third of the stale time, while the block runs
    (a fit is one long call); the thread closes its own database connection when it stops."""
    stop = threading.Event()
    interval = settings.RECSYS["RUN_STALE_SECONDS"] / 3

    def beat() -> None:
        try:
            while not stop.wait(interval):
                _beat(run_id)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"recsys-run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _fit(run: RecommendationRun) -> None:
    """Fit every model, store the artefact and the run's batches of active users."""
    interactions = loaders.interaction_count()  # counted first: what arrives during the fit is not in it
    catalog = loaders.load_catalog()
    data = loaders.load_interactions(catalog.index())
    matrix = interaction_matrix(data.users, data.items, data.strengths, (data.n_users, len(catalog.tmdb_ids)))
    model = hybrid.fit(
        matrix, catalog.features, _fit_params(), components=_fitted_components(), prior=catalog.popularity
    )
    artefact = artefacts.Artefact(model=model, tmdb_ids=catalog.tmdb_ids, genres=catalog.genres)
    active = get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    user_ids = list(active)
    size = settings.RECSYS["BATCH_SIZE"]
    batches = [
        RecommendationBatch(run=run, number=number, user_ids=user_ids[start : start + size])
        for number, start in enumerate(range(0, len(user_ids), size))
    ]
    version = f"{run.pk}.{timezone.now():%Y%m%dT%H%M%S}"
    with transaction.atomic():
        RecommendationBatch.objects.bulk_create(batches, ignore_conflicts=True)
        RecommendationRun.objects.filter(pk=run.pk).update(
            artefact=artefacts.dumps(artefact),
            model_version=version,
            batches_total=len(batches),
            movies_fitted=len(catalog.tmdb_ids),
            interactions_fitted=interactions,
            heartbeat_at=timezone.now(),
        )


# --- Scoring -------------------------------------------------------------------------------


def score_users(artefact: artefacts.Artefact, user_ids: Sequence) -> dict[object, dict[str, list]]:
    """Every strategy's compact lists of ``user_ids`` from a fitted artefact (no refit)."""
    config = settings.RECSYS
    found = loaders.histories(user_ids=user_ids)
    index = artefact.index
    rows, cols, votes = [], [], []
    for row, user_id in enumerate(user_ids):
        for tmdb_id, vote in found[user_id].items():
            if tmdb_id in index:
                rows.append(row)
                cols.append(index[tmdb_id])
                votes.append(vote)
    shape = (len(user_ids), artefact.model.n_items)
    vote_rows = sp.csr_matrix((np.array(votes, dtype=np.float32), (rows, cols)), shape=shape)
    seen = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
    ranked = hybrid.recommend_strategies(
        artefact.model, vote_rows, strategy_weights(), config["TOP_N"], config["MIN_HISTORY"], seen=seen
    )
    genres = artefact.genres_by_tmdb_id
    liked = [
        Counter(
            name for tmdb_id, vote in found[user_id].items() if vote > 0 for name in genres.get(tmdb_id, ())
        )
        for user_id in user_ids
    ]
    return dict(
        zip(user_ids, compact.batch_lists(ranked, artefact.tmdb_ids, artefact.genres, liked), strict=True)
    )


def store_lists(*, run_id: int, lists: Mapping[object, Mapping[str, list]]) -> None:
    """Insert or replace users' lists under a run (a user deleted meanwhile is skipped)."""
    existing = set(get_user_model().objects.filter(pk__in=list(lists)).values_list("pk", flat=True))
    UserRecommendations.objects.bulk_create(
        [
            UserRecommendations(run_id=run_id, user_id=user_id, payload=payload)
            for user_id, payload in lists.items()
            if user_id in existing
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["run", "user"],
        update_fields=["payload", "built_at"],
    )


def _score_and_store(run_id: int, user_ids: Sequence, since) -> int:
    """Score ``user_ids`` from run ``run_id``'s artefact and store their lists under it.

    Users who acted after ``since`` are skipped: their lists were dropped meanwhile, and
    their next read (or the next rescoring) scores them afresh. Returns the users stored.
    """
    changed = loaders.users_active_since(user_ids=user_ids, since=since)
    user_ids = [user_id for user_id in user_ids if user_id not in changed]
    lists = score_users(artefacts.load(run_id), user_ids) if user_ids else {}
    store_lists(run_id=run_id, lists=lists)
    return len(lists)


def batch_score(*, run_id: int, number: int) -> bool:
    """Score and store one batch of a running run; True when it was the run's last batch."""
    run = RecommendationRun.objects.defer("artefact").filter(pk=run_id, status=Status.RUNNING).first()
    batch = RecommendationBatch.objects.filter(run_id=run_id, number=number).first()
    if run is None or batch is None or batch.status != RecommendationBatch.Status.PENDING:
        return False
    to_pk = get_user_model()._meta.pk.to_python
    users = _score_and_store(run_id, [to_pk(user_id) for user_id in batch.user_ids], run.started_at)
    with transaction.atomic():
        counted = RecommendationBatch.objects.filter(
            pk=batch.pk, status=RecommendationBatch.Status.PENDING
        ).update(status=RecommendationBatch.Status.DONE)
        if counted:
            RecommendationRun.objects.filter(pk=run_id).update(
                batches_done=F("batches_done") + 1,
                users_done=F("users_done") + users,
                heartbeat_at=timezone.now(),
            )
    if not counted:
        return False
    BATCHES.labels("done").inc()
    return RecommendationRun.objects.filter(pk=run_id, batches_done=F("batches_total")).exists()


def batch_failed(*, run_id: int, number: int, error: str) -> None:
    """A batch failed for good: the run fails and readers keep the previous run's lists."""
    failed = RecommendationBatch.objects.filter(
        run_id=run_id, number=number, status=RecommendationBatch.Status.PENDING
    ).update(status=RecommendationBatch.Status.FAILED)
    if failed:
        BATCHES.labels("failed").inc()
        RecommendationRun.objects.filter(pk=run_id).update(batches_failed=F("batches_failed") + 1)
    run_fail(run_id=run_id, error=f"batch {number}: {error}")


def run_fail(*, run_id: int, error: str) -> None:
    """Mark an active run failed (readers keep the previous run's lists)."""
    RecommendationRun.objects.filter(pk=run_id, status__in=ACTIVE).update(
        status=Status.FAILED, finished_at=timezone.now(), error=error[:2000]
    )


# --- Runs that lost their worker ---------------------------------------------------------


@dataclass(frozen=True)
class Recovery:
    """A stale run taken over: ``run_id`` carries on (the same run, resumed, or a new one)."""

    stale_run_id: int
    run_id: int
    batches: list[int]  # resumed: the unscored batches, to be sent again
    restarted: bool  # True: run_id is a new run whose task must be sent


def stale_runs_recover() -> list[Recovery]:
    """Take over every active run whose heartbeat is older than RECSYS["RUN_STALE_SECONDS"].

    A run whose fit is stored is resumed: its heartbeat is renewed and its unscored batches
    returned for the caller to send (a run with every batch counted is switched to here).
    A run that died before (pending, or fitting) is failed as abandoned and a new run is
    requested in its place. Each stale run is taken over once, however many callers race.
    """
    stale_seconds = settings.RECSYS["RUN_STALE_SECONDS"]
    now = timezone.now()
    stale = RecommendationRun.objects.defer("artefact").filter(
        status__in=ACTIVE, heartbeat_at__lt=now - timedelta(seconds=stale_seconds)
    )
    recoveries = []
    for run in stale.order_by("pk"):
        claim = RecommendationRun.objects.filter(pk=run.pk, status=run.status, heartbeat_at=run.heartbeat_at)
        if run.status == Status.RUNNING and run.model_version:
            if not claim.update(heartbeat_at=now):
                continue
            numbers = list(
                RecommendationBatch.objects.filter(run_id=run.pk, status=RecommendationBatch.Status.PENDING)
                .order_by("number")
                .values_list("number", flat=True)
            )
            if not numbers:  # the worker died between the last batch and the switch
                run_finish(run_id=run.pk)
            recoveries.append(Recovery(stale_run_id=run.pk, run_id=run.pk, batches=numbers, restarted=False))
            action = "resumed"
        else:
            error = f"abandoned: no heartbeat for {stale_seconds} s before its fit was stored"
            if not claim.update(status=Status.FAILED, finished_at=now, error=error):
                continue
            new, created = run_request()
            recoveries.append(Recovery(stale_run_id=run.pk, run_id=new.pk, batches=[], restarted=created))
            action = "restarted"
        RUNS_RECOVERED.labels(action).inc()
        logger.warning(
            "recsys.run_%s", action, extra={"run_id": run.pk, "carried_on_by": recoveries[-1].run_id}
        )
    return recoveries


# --- Finishing -----------------------------------------------------------------------------


def run_finish(*, run_id: int) -> bool:
    """Switch readers to run ``run_id`` once every batch is counted; True if this call switched."""
    run = RecommendationRun.objects.defer("artefact").filter(pk=run_id).first()
    if run is None or run.status != Status.RUNNING or run.batches_done < run.batches_total:
        return False
    artefact = artefacts.load(run_id)
    finished_at = timezone.now()
    with transaction.atomic():
        switched = RecommendationRun.objects.filter(
            pk=run_id, status=Status.RUNNING, batches_done=F("batches_total")
        ).update(status=Status.DONE, finished_at=finished_at, heartbeat_at=finished_at)
        if not switched:
            return False
        _store_item_rows(artefact)
    cache.set(CURRENT_RUN_KEY, {"id": run_id}, CURRENT_RUN_TTL)
    payload_cache.bump(payload_cache.RECOMMENDATIONS)
    _prune(run_id)
    RUN_DURATION.observe((finished_at - run.started_at).total_seconds())
    return True


def _prune(current: int) -> None:
    """Drop what no reader can use any more: older runs' lists and artefacts, their batches."""
    older = RecommendationRun.objects.filter(pk__lt=current)
    UserRecommendations.objects.filter(run__in=older).delete()
    RecommendationBatch.objects.filter(run__in=older).delete()
    older.exclude(artefact=None).update(artefact=None)


def _item_payloads(model: hybrid.ItemModel, tmdb_ids: np.ndarray) -> list[tuple[dict, bytes]]:
    """Each movie's payload and its scoring rows packed (recsys.scoring_rows), the same rows."""
    config = settings.RECSYS
    related = hybrid.related_items(model, config["ITEM_WEIGHTS"], config["TOP_N"])
    similar = hybrid.related_items(model, {"content": 1.0}, config["TOP_N"])
    matrices = {name: matrix.tocsr() for name, matrix in model.neighbours.items()}
    payloads = []
    for item in range(model.n_items):
        rows = {}
        for name, matrix in matrices.items():
            start, stop = matrix.indptr[item], matrix.indptr[item + 1]
            rows[name] = (
                tmdb_ids[matrix.indices[start:stop]],
                np.round(matrix.data[start:stop].astype(np.float64), 6),
            )
        payload = {
            "score": {name: [ids.tolist(), weights.tolist()] for name, (ids, weights) in rows.items()},
            "related": [int(tmdb_ids[j]) for j, _ in related[item]],
            "similar": [int(tmdb_ids[j]) for j, _ in similar[item]],
        }
        payloads.append((payload, scoring_rows.pack(rows)))
    return payloads


def _store_item_rows(artefact: artefacts.Artefact) -> None:
    """Every movie's neighbour rows, the popular list and novelty, replacing the previous run's."""
    model, tmdb_ids = artefact.model, artefact.tmdb_ids
    ttl = settings.RECSYS["CACHE_TTL"]
    keys = [item_key(int(t)) for t in tmdb_ids]
    rows = [
        RecommendationCache(key=key, payload=payload, scores=scores, ttl=ttl)
        for key, (payload, scores) in zip(keys, _item_payloads(model, tmdb_ids), strict=True)
    ]
    order = np.lexsort((tmdb_ids, -model.popularity))[:POPULAR_LENGTH]
    popular = [[int(tmdb_ids[i]), round(float(model.popularity[i]), 6)] for i in order]
    rows.append(RecommendationCache(key=POPULAR_KEY, payload=popular, ttl=ttl))
    novelty = model.novelty_vector()
    known = np.flatnonzero(novelty < 1.0)
    novel = [tmdb_ids[known].tolist(), np.round(novelty[known].astype(np.float64), 4).tolist()]
    rows.append(RecommendationCache(key=NOVELTY_KEY, payload=novel, ttl=ttl))
    current = set(keys)
    stale = [
        key
        for key in RecommendationCache.objects.filter(key__startswith=ITEM_KEY_PREFIX).values_list(
            "key", flat=True
        )
        if key not in current
    ]
    for start in range(0, len(stale), 500):
        RecommendationCache.objects.filter(key__in=stale[start : start + 500]).delete()
    precomputed.upsert(RecommendationCache, rows)


# --- Between runs: only what changed -----------------------------------------------------------


def changed_users(*, run_id: int) -> list:
    """Active users with interactions but no list under run ``run_id``: their activity dropped it
    (recsys.services.user_recommendations_invalidate), or they joined after the run. One query."""
    listed = UserRecommendations.objects.filter(run_id=run_id, user=OuterRef("pk"))
    users = get_user_model().objects.filter(loaders.interacted(), is_active=True).exclude(Exists(listed))
    return list(users.order_by("pk").values_list("pk", flat=True))


def refit_reason() -> str | None:
    """Why the served model should be refitted now rather than at night; None when it need not be.

    While the catalog has movies: no run has finished yet, the served model was fitted on no
    movie, or the catalog has RECSYS["REFIT_GROWTH"] (a fraction) more movies or interactions
    than it was fitted on.
    """
    movies = Movie.objects.count()
    if not movies:
        return None
    fitted = (
        RecommendationRun.objects.filter(status=Status.DONE)
        .order_by("-finished_at", "-id")
        .values_list("movies_fitted", "interactions_fitted")
        .first()
    )
    if fitted is None:
        return "no model yet"
    fitted_movies, fitted_interactions = fitted
    if not fitted_movies:
        return "the model was fitted on no movie"
    growth = 1 + settings.RECSYS["REFIT_GROWTH"]
    if movies >= fitted_movies * growth:
        return f"movies grew from {fitted_movies} to {movies}"
    interactions = loaders.interaction_count()
    if interactions > fitted_interactions and interactions >= fitted_interactions * growth:
        return f"interactions grew from {fitted_interactions} to {interactions}"
    return None


def lists_rescore(*, run_id: int, user_ids: Iterable) -> int:
    """Score users from run ``run_id``'s artefact in batches and store their lists; the count stored."""
    user_ids = list(user_ids)
    size = settings.RECSYS["BATCH_SIZE"]
    stored = 0
    for start in range(0, len(user_ids), size):
        since = timezone.now()
        stored += _score_and_store(run_id, user_ids[start : start + size], since)
    return stored
