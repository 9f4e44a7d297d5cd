"""A recommendation run on a real Celery worker over the Redis broker: the run's task fans out one
task per batch, the worker takes them from the queue, and the last one switches readers; a run
whose worker died is resumed by the watchdog, sent to the worker like beat sends it.

Runs where the suite's broker is Redis (REDIS_URL set, as in CI); skipped on the embedded
default, where tests/recsys/test_runs.py runs the same batches eagerly.
"""

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from config.celery import app as celery_app
from recsys import runs, services, tasks
from recsys.models import RecommendationRun, UserRecommendations

WAIT_SECONDS = 60


@pytest.fixture
def real_worker(settings, worker_signals) -> Iterator[None]:
    """A worker thread consuming a queue of this test's own, with tasks sent to the broker (the
    receivers its boot connects are dropped afterwards)."""
    if not celery_app.conf.broker_url.startswith("redis://"):
        pytest.skip("needs the Redis broker (REDIS_URL)")
    settings.RECSYS = {**settings.RECSYS, "BATCH_SIZE": 3}
    queue = f"test-runs-{uuid.uuid4().hex}"
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        with start_worker(celery_app, perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            yield
    finally:
        celery_app.conf.update(saved)
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)


def _wait_for(run_id: int) -> RecommendationRun:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        run = RecommendationRun.objects.defer("artefact").get(pk=run_id)
        if run.status in (RecommendationRun.Status.DONE, RecommendationRun.Status.FAILED):
            return run
        time.sleep(0.2)
    pytest.fail(f"run {run_id} did not finish within {WAIT_SECONDS} s: {run.status}")


@pytest.mark.django_db(transaction=True)
def test_a_run_fans_out_over_a_real_worker_and_switches_readers(toy_fan, fans, real_worker):
    run, _ = runs.run_request()

    tasks.generate_recommendations.delay(run_id=run.pk)

    run = _wait_for(run.pk)
    assert run.status == RecommendationRun.Status.DONE, run.error
    assert (run.batches_total, run.batches_done, run.users_done) == (3, 3, 8)
    assert UserRecommendations.objects.filter(run=run).count() == 8
    assert runs.current_run_id() == run.pk
    top = services.user_recommendations(user=toy_fan, limit=1).entries[0]
    assert top["reasons"][0] == "because you liked Toy Story"


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_died_is_resumed_by_the_watchdog_on_a_real_worker(
    toy_fan, fans, real_worker, settings
):
    run, _ = runs.run_request()
    runs.run_prepare(run_id=run.pk)  # fitted and split, then its worker was killed: no batch was sent
    silent_since = timezone.now() - timedelta(seconds=settings.RECSYS["RUN_STALE_SECONDS"] + 1)
    RecommendationRun.objects.filter(pk=run.pk).update(heartbeat_at=silent_since)

    tasks.watch_runs.delay()  # beat's watchdog, taken by the worker like any task

    run = _wait_for(run.pk)
    assert run.status == RecommendationRun.Status.DONE, run.error
    assert (run.batches_total, run.batches_done, run.users_done) == (3, 3, 8)
    assert runs.current_run_id() == run.pk
    assert RecommendationRun.objects.count() == 1
