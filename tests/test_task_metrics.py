"""Prometheus metrics of Celery tasks: outcomes and durations, at /metrics and on a worker's own port."""

import urllib.request

import prometheus_client
import pytest
from celery.signals import worker_ready
from prometheus_client import REGISTRY

from common import task_metrics
from common.tasks import cleanup_media
from config.celery import app as celery_app

pytestmark = pytest.mark.django_db  # failed runs are kept in the database

RUNS = "moviverse_celery_tasks_total"
DURATIONS = "moviverse_celery_task_duration_seconds_count"
FAILS = "tests.test_task_metrics.fails"
FLAKY = "tests.test_task_metrics.flaky"
CLEANUP = "common.tasks.cleanup_media"
OUTCOMES = ("success", "failure", "retry")


@celery_app.task(name=FAILS)
def fails() -> None:
    raise ValueError("the import file is corrupt")


flaky_runs: list[int] = []


@celery_app.task(name=FLAKY, bind=True, max_retries=1)
def flaky(self) -> str:
    """Fails its first run, then succeeds; records each run's retry number."""
    flaky_runs.append(self.request.retries)
    if self.request.retries == 0:
        raise self.retry(countdown=0)
    return "done"


@pytest.fixture(autouse=True)
def _errors_stay_in_the_task(monkeypatch):
    """As in the embedded default: an eager task's error is its outcome, not raised at the caller."""
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)


def sample(name: str, **labels: str) -> float:
    """The current value of a series (0 when it has not been written yet)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def counts(task: str) -> dict[str, float]:
    values = {outcome: sample(RUNS, task=task, outcome=outcome) for outcome in OUTCOMES}
    values["timed"] = sample(DURATIONS, task=task)
    return values


def moved(task: str, before: dict[str, float]) -> dict[str, float]:
    after = counts(task)
    return {key: after[key] - before[key] for key in before}


def test_a_task_that_succeeds_is_counted_as_success_and_timed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    before = counts(CLEANUP)

    assert cleanup_media.delay().get() == 0

    assert moved(CLEANUP, before) == {"success": 1, "failure": 0, "retry": 0, "timed": 1}


def test_a_task_that_raises_is_counted_as_failure_and_timed():
    before = counts(FAILS)

    result = fails.delay()

    assert result.failed()
    assert isinstance(result.result, ValueError)
    assert moved(FAILS, before) == {"success": 0, "failure": 1, "retry": 0, "timed": 1}


def test_a_retried_task_counts_the_retry_and_the_final_success():
    before = counts(FLAKY)
    flaky_runs.clear()

    flaky.delay()

    assert flaky_runs == [0, 1]
    assert moved(FLAKY, before) == {"success": 1, "failure": 0, "retry": 1, "timed": 2}


def test_eager_task_outcomes_are_on_the_web_metrics_page(client):
    fails.delay()

    body = client.get("/metrics").content.decode()

    assert f'moviverse_celery_tasks_total{{outcome="failure",task="{FAILS}"}}' in body
    assert f'moviverse_celery_task_duration_seconds_bucket{{le="1.0",task="{FAILS}"}}' in body


@pytest.fixture
def started_servers(monkeypatch) -> list:
    """The metrics servers a worker start opens, shut down after the test."""
    servers: list = []

    def start(*args, **kwargs):
        servers.append(prometheus_client.start_http_server(*args, **kwargs))
        return servers[-1]

    monkeypatch.setattr(task_metrics, "start_http_server", start)
    yield servers
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_worker_serves_nothing_unless_a_metrics_port_is_set(settings, started_servers):
    settings.CELERY_METRICS_PORT = None

    worker_ready.send(sender=None)

    assert started_servers == []


def test_a_worker_serves_its_task_metrics_on_the_metrics_port(settings, started_servers):
    settings.CELERY_METRICS_PORT = 0  # any free port
    fails.delay()

    worker_ready.send(sender=None)

    [(server, _thread)] = started_servers
    with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/metrics", timeout=5) as response:
        body = response.read().decode()
    assert f'moviverse_celery_tasks_total{{outcome="failure",task="{FAILS}"}}' in body
