"""Recommendation runs fan out: fitted once, scored in batches, switched to when the last batch lands.

Tasks run eagerly here (tests/conftest.py), so every batch runs in-process through the same
code a worker runs; tests/recsys/test_run_worker.py runs one on a real worker.
"""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from engagement import services as engagement_services
from recsys import artefacts, runs, services, tasks
from recsys.engines import hybrid
from recsys.models import RecommendationBatch, RecommendationRun, UserRecommendations

pytestmark = pytest.mark.django_db
Status = RecommendationRun.Status


@pytest.fixture
def small_batches(settings) -> int:
    settings.RECSYS = {**settings.RECSYS, "BATCH_SIZE": 3}
    return 3


@pytest.fixture
def fits(monkeypatch) -> list[int]:
    """Counts model fits."""
    calls: list[int] = []
    real = hybrid.fit

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hybrid, "fit", counted)
    return calls


@pytest.fixture
def as_in_production() -> Iterator[None]:
    """Eager tasks as the embedded default runs them: a task's error is recorded, not raised to the
    caller, so a retry runs again in-process (the suite otherwise raises every error at once)."""
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


@pytest.fixture
def everyone(toy_fan, fans) -> list:
    """Every active user of the taste catalog: the signed-in fan and seven raters."""
    return [toy_fan, *fans]


def _latest() -> RecommendationRun:
    return RecommendationRun.objects.latest("id")


def _lists(user, run: RecommendationRun) -> dict:
    return UserRecommendations.objects.get(user=user, run=run).payload


def _hybrid_ids(user) -> list[int]:
    return [entry["tmdb_id"] for entry in services.user_recommendations(user=user, limit=50).entries]


def test_a_run_fits_once_and_scores_every_active_user_in_batches(everyone, small_batches, fits):
    result = tasks.generate_recommendations()

    run = _latest()
    assert result == {"run": run.pk, "batches": 3}
    assert len(fits) == 1
    assert run.status == Status.DONE
    assert (run.batches_total, run.batches_done, run.batches_failed, run.users_done) == (3, 3, 0, 8)
    assert run.started_at <= run.finished_at
    assert run.model_version.startswith(f"{run.pk}.")
    assert set(UserRecommendations.objects.filter(run=run).values_list("user_id", flat=True)) == {
        user.pk for user in everyone
    }
    assert runs.current_run_id() == run.pk
    top = services.user_recommendations(user=everyone[0], limit=3).entries[0]
    assert top["tmdb_id"] == 863 and top["reasons"][0] == "because you liked Toy Story"


def test_stored_lists_are_compact_ids_scores_and_reason_codes(everyone):
    tasks.generate_recommendations()

    lists = _lists(everyone[0], _latest())
    assert set(lists) == {"hybrid", "content", "collab"}
    ids, scores, codes = lists["hybrid"]
    assert ids[0] == 863 and codes[0][0] == "l862"  # Toy Story 2, because you liked Toy Story
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(code, str) and len(code) <= 12 for reasons in codes for code in reasons)


def test_a_batch_delivered_twice_is_scored_again_but_counted_once(everyone, small_batches):
    run, _ = runs.run_request()
    numbers = runs.run_prepare(run_id=run.pk)

    assert runs.batch_score(run_id=run.pk, number=numbers[0]) is False
    assert runs.batch_score(run_id=run.pk, number=numbers[0]) is False  # redelivered: already counted

    run.refresh_from_db()
    assert (run.batches_done, run.users_done, run.status) == (1, 3, Status.RUNNING)


def test_readers_keep_the_previous_run_until_the_last_batch_switches_them(everyone, small_batches, movies):
    tasks.generate_recommendations()
    first = _latest()
    fan = everyone[0]
    before = _hybrid_ids(fan)
    # The next run sees a changed taste: the fan also loved Heat's companions.
    UserRecommendations.objects.filter(user=fan, run=first).update(
        payload={"hybrid": [[680], [1.0], [["p"]]], "content": [[], [], []], "collab": [[], [], []]}
    )
    services.user_recommendations_invalidate(user_id=fan.pk)
    tasks.generate_recommendations()  # rescored here: the list is whole again
    second = _latest()

    third, _ = runs.run_request()
    numbers = runs.run_prepare(run_id=third.pk)
    for number in numbers[:-1]:
        runs.batch_score(run_id=third.pk, number=number)
    UserRecommendations.objects.filter(run=third).update(
        payload={"hybrid": [[23168], [1.0], [["p"]]], "content": [[], [], []], "collab": [[], [], []]}
    )

    assert runs.current_run_id() == second.pk
    assert _hybrid_ids(fan) == before  # the run in progress is invisible

    assert runs.batch_score(run_id=third.pk, number=numbers[-1]) is True
    assert runs.run_finish(run_id=third.pk) is True
    assert runs.current_run_id() == third.pk
    assert not UserRecommendations.objects.filter(run__in=[first, second]).exists()  # pruned
    assert RecommendationRun.objects.get(pk=second.pk).artefact is None


def test_a_batch_that_fails_once_is_retried_and_the_run_completes(
    everyone, small_batches, monkeypatch, as_in_production
):
    real = runs.score_users
    failures: list[int] = []

    def flaky(artefact, user_ids):
        if not failures:
            failures.append(1)
            raise ConnectionError("database went away")
        return real(artefact, user_ids)

    monkeypatch.setattr(runs, "score_users", flaky)
    tasks.generate_recommendations()

    run = _latest()
    assert failures == [1]
    assert (run.status, run.batches_done, run.batches_failed, run.users_done) == (Status.DONE, 3, 0, 8)


def test_a_batch_failing_for_good_fails_the_run_and_readers_keep_the_previous_lists(
    everyone, small_batches, monkeypatch, as_in_production
):
    tasks.generate_recommendations()
    first = _latest()
    before = _hybrid_ids(everyone[0])
    real = runs.score_users

    def broken(artefact, user_ids):
        raise ValueError("corrupt artefact")

    monkeypatch.setattr(runs, "score_users", broken)
    tasks.generate_recommendations()  # every retry fails too

    failed = _latest()
    assert failed.status == Status.FAILED and failed.batches_failed == 1
    assert "corrupt artefact" in failed.error
    assert runs.current_run_id() == first.pk
    assert _hybrid_ids(everyone[0]) == before
    # The lock is free again: the next run starts.
    monkeypatch.setattr(runs, "score_users", real)
    tasks.generate_recommendations()
    assert _latest().status == Status.DONE


def test_a_run_redelivered_after_its_worker_died_resumes_without_refitting(everyone, small_batches, fits):
    run, _ = runs.run_request()
    numbers = runs.run_prepare(run_id=run.pk)
    runs.batch_score(run_id=run.pk, number=numbers[0])  # then the worker died

    result = tasks.generate_recommendations(run_id=run.pk)  # the broker hands the run out again

    run.refresh_from_db()
    assert len(fits) == 1
    assert result == {"run": run.pk, "batches": 2}  # only the unscored batches are sent
    assert (run.status, run.batches_done, run.users_done) == (Status.DONE, 3, 8)


def test_two_runs_never_interleave(everyone):
    first, created = runs.run_request()
    again, created_again = runs.run_request()
    assert created and not created_again and again.pk == first.pk  # one run at a time

    runs.run_prepare(run_id=first.pk)
    second = RecommendationRun.objects.create()  # e.g. queued by hand meanwhile
    assert runs.run_prepare(run_id=second.pk) == []
    second.refresh_from_db()
    assert second.status == Status.FAILED and "another run" in second.error


def test_a_run_whose_worker_vanished_is_abandoned_after_the_lock_expires(everyone, settings):
    stuck, _ = runs.run_request()
    runs.run_prepare(run_id=stuck.pk)
    expired = timezone.now() - timedelta(seconds=settings.RECSYS["RUN_LOCK_SECONDS"] + 1)
    RecommendationRun.objects.filter(pk=stuck.pk).update(heartbeat_at=expired)

    fresh, created = runs.run_request()

    stuck.refresh_from_db()
    assert created and fresh.pk != stuck.pk
    assert stuck.status == Status.FAILED and "abandoned" in stuck.error


def test_rescoring_between_runs_picks_up_exactly_the_users_whose_lists_were_dropped(
    everyone, movies, fits, django_capture_on_commit_callbacks
):
    tasks.generate_recommendations()
    run = _latest()
    fan, untouched = everyone[0], everyone[1]
    built = UserRecommendations.objects.get(user=untouched, run=run).built_at
    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.favorite_add(user=fan, tmdb_id=23168)
    assert not UserRecommendations.objects.filter(user=fan).exists()  # dropped by the write

    assert runs.changed_users(run_id=run.pk) == [fan.pk]
    assert tasks.rescore_changed_users() == {"users": 1, "refit": 0}

    assert len(fits) == 1  # no refit
    assert 23168 not in _lists(fan, run)["hybrid"][0]  # now in the history, never recommended
    assert UserRecommendations.objects.get(user=untouched, run=run).built_at == built
    assert runs.changed_users(run_id=run.pk) == []


def test_rescoring_before_the_first_run_starts_it(everyone):
    assert tasks.rescore_changed_users() == {"users": 0, "refit": 1}  # eager: the run is done here

    run = _latest()
    assert run.status == Status.DONE and runs.current_run_id() == run.pk
    assert UserRecommendations.objects.filter(run=run).count() == 8


def test_rescoring_with_an_empty_catalog_does_nothing(user):
    assert tasks.rescore_changed_users() == {"users": 0, "refit": 0}
    assert not RecommendationRun.objects.exists()


def test_a_run_with_no_active_user_switches_at_once(movies):
    assert tasks.generate_recommendations()["batches"] == 0
    run = _latest()
    assert (run.status, run.batches_total) == (Status.DONE, 0)
    assert runs.current_run_id() == run.pk


def test_the_artefact_round_trips_without_pickle(everyone):
    tasks.generate_recommendations()
    run = _latest()
    artefact = artefacts.load(run.pk)

    again = artefacts.loads(artefacts.dumps(artefact))
    assert again.tmdb_ids.tolist() == artefact.tmdb_ids.tolist()
    assert again.genres == artefact.genres
    for name, matrix in artefact.model.neighbours.items():
        assert (again.model.neighbours[name] != matrix).nnz == 0
    assert len(bytes(RecommendationRun.objects.get(pk=run.pk).artefact)) < 20_000


def test_a_batch_of_a_run_that_is_gone_or_failed_is_dropped(everyone, small_batches):
    run, _ = runs.run_request()
    runs.run_prepare(run_id=run.pk)
    runs.run_fail(run_id=run.pk, error="stopped by hand")

    assert runs.batch_score(run_id=run.pk, number=0) is False
    assert runs.batch_score(run_id=run.pk + 99, number=0) is False
    assert not UserRecommendations.objects.exists()
    assert RecommendationBatch.objects.filter(run=run, status="pending").count() == 3
