"""A run whose worker died is taken over: its heartbeat stops, and the watchdog (beat, every minute)
resumes it from its stored fit or, if it died before the fit was stored, fails it and starts anew.

The worker's death is simulated: the run is stopped part-way, then the clock is moved past
RECSYS["RUN_STALE_SECONDS"]. Tasks run eagerly, so what the watchdog sends runs here.
"""

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from prometheus_client import REGISTRY

from recsys import runs, services, tasks
from recsys.engines import hybrid
from recsys.models import RecommendationRun, UserRecommendations

pytestmark = pytest.mark.django_db
Status = RecommendationRun.Status
RECOVERED = "moviverse_recsys_runs_recovered_total"


@pytest.fixture
def everyone(toy_fan, fans, settings) -> list:
    """The fan and seven raters, scored three to a batch (three batches)."""
    settings.RECSYS = {**settings.RECSYS, "BATCH_SIZE": 3}
    return [toy_fan, *fans]


@pytest.fixture
def fits(monkeypatch) -> list[int]:
    """Counts model fits."""
    calls: list[int] = []
    real = hybrid.fit
    monkeypatch.setattr(hybrid, "fit", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    return calls


def _after_stale() -> Iterator[None]:
    """The clock moved one second past the stale time (and stopped there)."""
    later = timezone.now() + timedelta(seconds=settings.RECSYS["RUN_STALE_SECONDS"] + 1)
    return time_machine.travel(later, tick=False)


def _recovered(action: str) -> float:
    return REGISTRY.get_sample_value(RECOVERED, {"action": action}) or 0.0


def test_a_run_whose_worker_died_after_its_fit_is_resumed_without_refitting(everyone, fits):
    run, _ = runs.run_request()
    numbers = runs.run_prepare(run_id=run.pk)
    runs.batch_score(run_id=run.pk, number=numbers[0])  # then the worker is killed
    resumed_before = _recovered("resumed")

    assert tasks.watch_runs() == {"resumed": [], "restarted": []}  # its heartbeat is still fresh

    with _after_stale():
        assert tasks.watch_runs() == {"resumed": [run.pk], "restarted": []}

    run.refresh_from_db()
    assert (run.status, run.batches_done, run.users_done) == (Status.DONE, 3, 8)
    assert len(fits) == 1
    assert runs.current_run_id() == run.pk
    assert UserRecommendations.objects.filter(run=run).count() == 8
    top = services.user_recommendations(user=everyone[0], limit=1).entries[0]
    assert top["reasons"][0] == "because you liked Toy Story"
    assert _recovered("resumed") - resumed_before == 1


def test_a_run_whose_worker_died_before_the_switch_is_switched_by_the_watchdog(everyone):
    run, _ = runs.run_request()
    for number in runs.run_prepare(run_id=run.pk):
        runs.batch_score(run_id=run.pk, number=number)  # the last batch is counted, then the worker dies

    with _after_stale():
        assert tasks.watch_runs() == {"resumed": [run.pk], "restarted": []}

    run.refresh_from_db()
    assert run.status == Status.DONE
    assert runs.current_run_id() == run.pk


@pytest.mark.parametrize("died", ["queued (the broker lost its message)", "fitting"])
def test_a_run_that_died_before_its_fit_was_stored_is_abandoned_and_a_new_one_runs(everyone, died):
    stuck, _ = runs.run_request()
    if died == "fitting":
        RecommendationRun.objects.filter(pk=stuck.pk).update(status=Status.RUNNING, started_at=timezone.now())
    restarted_before = _recovered("restarted")

    with _after_stale():
        assert tasks.watch_runs() == {"resumed": [], "restarted": [stuck.pk]}

    stuck.refresh_from_db()
    assert stuck.status == Status.FAILED
    assert stuck.error == "abandoned: no heartbeat for 300 s before its fit was stored"
    fresh = RecommendationRun.objects.latest("id")
    assert fresh.pk != stuck.pk and fresh.status == Status.DONE
    assert runs.current_run_id() == fresh.pk
    assert UserRecommendations.objects.filter(run=fresh).count() == 8
    assert _recovered("restarted") - restarted_before == 1


def test_the_heartbeat_moves_at_the_start_at_each_batch_and_at_the_switch(everyone):
    start = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    beats = []

    def beat_at(minute: int) -> time_machine.travel:
        return time_machine.travel(start + timedelta(minutes=minute), tick=False)

    with beat_at(0):
        run, _ = runs.run_request()
    beats.append(RecommendationRun.objects.get(pk=run.pk).heartbeat_at)
    with beat_at(1):
        numbers = runs.run_prepare(run_id=run.pk)
    beats.append(RecommendationRun.objects.get(pk=run.pk).heartbeat_at)
    for minute, number in enumerate(numbers, start=2):
        with beat_at(minute):
            runs.batch_score(run_id=run.pk, number=number)
        beats.append(RecommendationRun.objects.get(pk=run.pk).heartbeat_at)
    with beat_at(9):
        runs.run_finish(run_id=run.pk)
    beats.append(RecommendationRun.objects.get(pk=run.pk).heartbeat_at)

    assert [int((beat - start).total_seconds() // 60) for beat in beats] == [0, 1, 2, 3, 4, 9]


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the beating thread writes on its own connection")
@pytest.mark.django_db(transaction=True)
def test_a_run_keeps_beating_while_it_fits(everyone, settings, monkeypatch):
    """A fit is one long call: a thread beats for it every third of the stale time."""
    settings.RECSYS = {**settings.RECSYS, "RUN_STALE_SECONDS": 3}
    seen_beating = threading.Event()
    real = hybrid.fit

    def slow_fit(*args, **kwargs):
        # The fit waits (up to a generous bound) until the thread has beaten for it.
        started = RecommendationRun.objects.get().heartbeat_at
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not seen_beating.is_set():
            if RecommendationRun.objects.get().heartbeat_at > started:
                seen_beating.set()
            time.sleep(0.05)
        return real(*args, **kwargs)

    monkeypatch.setattr(hybrid, "fit", slow_fit)
    run, _ = runs.run_request()

    runs.run_prepare(run_id=run.pk)

    assert seen_beating.is_set()
    assert not any(thread.name.startswith("recsys-run-") for thread in threading.enumerate())


def test_run_and_batch_tasks_go_back_to_the_queue_when_their_worker_dies():
    for task in (tasks.generate_recommendations, tasks.recommend_batch):
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True)


def test_the_watchdog_is_on_beats_schedule_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["watch-recommendation-runs"]
    assert entry["task"] == tasks.watch_runs.name
    assert entry["schedule"] == timedelta(seconds=60)
