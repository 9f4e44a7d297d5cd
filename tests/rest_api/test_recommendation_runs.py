"""Admins follow recommendation runs: GET /api/admin/recommendations/runs/(latest/) and the refresh
that starts one; run metrics at /metrics."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from recsys import runs, tasks
from recsys.models import RecommendationRun
from tests.errors import messages
from tests.faults.test_broker_down import broker_down  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

RUNS = "/api/admin/recommendations/runs/"
LATEST = "/api/admin/recommendations/runs/latest/"
REFRESH = "/api/admin/cache/refresh/"
FIELDS = {
    "id",
    "status",
    "batches_total",
    "batches_done",
    "batches_failed",
    "users_done",
    "created_at",
    "started_at",
    "finished_at",
    "model_version",
    "error",
}


def test_the_refresh_starts_a_run_and_answers_its_id_which_admins_follow(admin_client, toy_fan, fans):
    response = admin_client.post(REFRESH, {"target": "recommendations"}, format="json")

    assert response.status_code == 202
    run_id = response.json()["run_id"]
    latest = admin_client.get(LATEST)
    assert latest.status_code == 200
    body = latest.json()
    assert set(body) == FIELDS
    assert body["id"] == run_id
    assert body["status"] == "done"  # eager here: the run finished inside the request's task call
    assert (body["batches_total"], body["batches_done"], body["users_done"]) == (
        1,
        1,
        9,
    )  # the fan, seven raters and the admin
    assert body["model_version"].startswith(f"{run_id}.")
    assert body["started_at"] <= body["finished_at"]


def test_a_refresh_while_a_run_is_in_progress_answers_that_run(admin_client, toy_fan):
    active, _ = runs.run_request()

    response = admin_client.post(REFRESH, {"target": "recommendations"}, format="json")

    assert response.status_code == 202
    assert response.json()["run_id"] == active.pk
    assert RecommendationRun.objects.count() == 1


def test_a_trending_refresh_answers_no_run_id(admin_client):
    response = admin_client.post(REFRESH, {"target": "trending"}, format="json")

    assert response.status_code == 202
    assert "run_id" not in response.json()


def test_with_the_broker_down_the_refresh_answers_503_and_its_run_is_marked_failed(
    admin_client,
    toy_fan,
    broker_down,  # noqa: F811
):
    response = admin_client.post(REFRESH, {"target": "recommendations"}, format="json")

    assert response.status_code == 503
    run = RecommendationRun.objects.get()
    assert run.status == "failed" and "unreachable" in run.error
    assert runs.current_run_id() is None
    # The lock is free: the next refresh, with the broker back, starts a run.
    assert runs.run_request()[1] is True


def test_runs_are_listed_newest_first_and_paginated(admin_client, toy_fan):
    for _ in range(3):
        admin_client.post(REFRESH, {"target": "recommendations"}, format="json")

    body = admin_client.get(RUNS, {"page": 1}).json()

    assert body["count"] == 3
    ids = [run["id"] for run in body["results"]]
    assert ids == sorted(ids, reverse=True)
    assert {run["status"] for run in body["results"]} == {"done"}
    assert admin_client.get(RUNS, {"page": 99}).status_code == 404


def test_before_any_run_latest_is_404(admin_client):
    response = admin_client.get(LATEST)

    assert response.status_code == 404
    assert messages(response) == {None: ["No recommendation run yet."]}


@pytest.mark.parametrize("path", [RUNS, LATEST])
def test_only_staff_see_runs(api_client, auth_client, path):
    assert api_client.get(path).status_code == 401
    assert auth_client.get(path).status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_runs_are_read_only(admin_client, method):
    assert getattr(admin_client, method)(LATEST).status_code == 405
    assert getattr(admin_client, method)(RUNS).status_code == 405


def test_metrics_count_batches_and_time_runs(admin_client, toy_fan, fans, settings):
    settings.RECSYS = {**settings.RECSYS, "BATCH_SIZE": 3}

    def sample(text: str, name: str) -> float:
        lines = [line for line in text.splitlines() if line.startswith(name)]
        return float(lines[0].rsplit(" ", 1)[1]) if lines else 0.0

    before = Client().get("/metrics").content.decode()
    admin_client.post(REFRESH, {"target": "recommendations"}, format="json")
    after = Client().get("/metrics").content.decode()

    done = 'moviverse_recsys_batches_total{outcome="done"}'
    assert sample(after, done) - sample(before, done) == 3
    count = "moviverse_recsys_run_duration_seconds_count"
    assert sample(after, count) - sample(before, count) == 1


def _after_stale() -> time_machine.travel:
    later = timezone.now() + timedelta(seconds=settings.RECSYS["RUN_STALE_SECONDS"] + 1)
    return time_machine.travel(later, tick=False)


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, dict]]:
    """What the watchdog's take-over sends to the broker (held, as a busy queue would)."""
    held: list[tuple[str, dict]] = []
    monkeypatch.setattr("recsys.tasks.enqueue", lambda job, **kwargs: held.append((job.name, kwargs)))
    return held


def test_a_refresh_never_answers_a_run_whose_worker_died_it_resumes_it_first(admin_client, toy_fan, sent):
    run, _ = runs.run_request()
    runs.run_prepare(run_id=run.pk)  # fitted (one batch), then the worker was killed

    with _after_stale():
        response = admin_client.post(REFRESH, {"target": "recommendations"}, format="json")

    assert response.status_code == 202
    assert response.json()["run_id"] == run.pk
    assert sent == [("recsys.tasks.recommend_batch", {"run_id": run.pk, "number": 0})]
    assert RecommendationRun.objects.count() == 1
    tasks.recommend_batch(**sent[0][1])  # a worker takes the batch sent again
    run.refresh_from_db()
    assert run.status == "done"


def test_a_refresh_replaces_a_run_that_died_before_its_fit_and_answers_the_new_one(
    admin_client, toy_fan, sent
):
    lost, _ = runs.run_request()  # queued, and the broker lost its message

    with _after_stale():
        response = admin_client.post(REFRESH, {"target": "recommendations"}, format="json")

    assert response.status_code == 202
    fresh = RecommendationRun.objects.get(pk=response.json()["run_id"])
    assert fresh.pk != lost.pk and fresh.status == "pending"
    assert sent == [("recsys.tasks.generate_recommendations", {"run_id": fresh.pk})]
    assert RecommendationRun.objects.count() == 2
    lost.refresh_from_db()
    assert lost.status == "failed" and lost.error.startswith("abandoned: no heartbeat")


def test_thirty_trending_refreshes_queue_one_job_until_it_starts(admin_client, monkeypatch):
    queued: list[str] = []
    monkeypatch.setattr("recsys.admin_jobs.enqueue", lambda job, **kwargs: queued.append(job.name))

    answers = {
        admin_client.post(REFRESH, {"target": "trending"}, format="json").status_code for _ in range(30)
    }

    assert answers == {202}
    assert queued == ["recsys.tasks.generate_daily_trending"]
    tasks.generate_daily_trending()  # the queued job starts: later requests may see newer data
    admin_client.post(REFRESH, {"target": "trending"}, format="json")
    assert queued == ["recsys.tasks.generate_daily_trending"] * 2


def test_a_trending_refresh_refused_with_the_broker_down_does_not_block_the_next(
    admin_client,
    broker_down,  # noqa: F811
    monkeypatch,
):
    assert admin_client.post(REFRESH, {"target": "trending"}, format="json").status_code == 503

    queued: list[str] = []
    monkeypatch.setattr("recsys.admin_jobs.enqueue", lambda job, **kwargs: queued.append(job.name))
    assert admin_client.post(REFRESH, {"target": "trending"}, format="json").status_code == 202
    assert queued == ["recsys.tasks.generate_daily_trending"]


def test_metrics_count_runs_the_watchdog_took_over(admin_client, toy_fan):
    def sample(action: str) -> float:
        text = Client().get("/metrics").content.decode()
        name = f'moviverse_recsys_runs_recovered_total{{action="{action}"}}'
        lines = [line for line in text.splitlines() if line.startswith(name)]
        return float(lines[0].rsplit(" ", 1)[1]) if lines else 0.0

    before = sample("restarted")
    runs.run_request()  # lost

    with _after_stale():
        tasks.watch_runs()

    assert sample("restarted") - before == 1


def test_with_the_broker_down_a_refresh_replacing_a_dead_run_answers_503_and_leaves_no_live_run(
    admin_client,
    toy_fan,
    broker_down,  # noqa: F811
):
    lost, _ = runs.run_request()

    with _after_stale():
        response = admin_client.post(REFRESH, {"target": "recommendations"}, format="json")

    assert response.status_code == 503
    assert list(RecommendationRun.objects.order_by("pk").values_list("status", flat=True)) == [
        "failed",
        "failed",
    ]
    assert RecommendationRun.objects.get(pk=lost.pk).error.startswith("abandoned: no heartbeat")
    assert runs.run_request()[1] is True  # the next refresh, with the broker back, starts a run
