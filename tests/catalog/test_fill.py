"""fill_from_tmdb: the demo movies filled from TMDb details, resumably, at a steady pace."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from catalog import fill
from catalog.models import Movie, TmdbFillRun
from common.exceptions import QueueUnavailable
from tests.catalog.tmdb_mock import INVALID_KEY, RATE_LIMITED, matrix_detail, movie_result
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

SERVER_ERROR = {"success": False, "status_code": 11, "status_message": "Internal error."}


@pytest.fixture
def demo_movies(settings, monkeypatch) -> list[int]:
    """Three MovieLens movies as seed_demo leaves them: title and year, nothing else."""
    settings.TMDB_FILL_REQUESTS_PER_SECOND = 1000.0
    settings.TMDB_FILL_PROGRESS_EVERY = 2
    monkeypatch.setattr(fill, "_sleep", lambda seconds: None)
    MovieRefFactory(tmdb_id=603, movielens_id=2571, title="The Matrix", year=1999)
    MovieRefFactory(tmdb_id=604, movielens_id=6365, title="The Matrix Reloaded", year=2003)
    MovieRefFactory(tmdb_id=605, movielens_id=6934, title="The Matrix Revolutions", year=2003)
    return [603, 604, 605]


def _detail(tmdb_id: int, title: str) -> dict:
    released = {604: "2003-05-15", 605: "2003-11-05"}[tmdb_id]
    return {**matrix_detail(), **movie_result(tmdb_id, title, release_date=released), "runtime": 138}


def _fill() -> str:
    out = io.StringIO()
    call_command("fill_from_tmdb", stdout=out)
    return out.getvalue()


def test_fill_from_tmdb_fills_every_demo_movie_and_reports_progress(tmdb, demo_movies):
    tmdb.get("/movie/603", json=matrix_detail())
    tmdb.get("/movie/604", json=_detail(604, "The Matrix Reloaded"))
    tmdb.get("/movie/605", json=_detail(605, "The Matrix Revolutions"))

    out = _fill()

    matrix = Movie.objects.get(tmdb_id=603)
    assert (matrix.overview, matrix.runtime, matrix.language) == ("Overview of The Matrix.", 136, "en")
    assert (matrix.release_date, matrix.year) == (datetime.date(1999, 3, 30), 1999)
    assert matrix.poster_url == "https://image.tmdb.org/t/p/w500/poster603.jpg"
    assert [c.person.name for c in matrix.cast_members.all()] == [
        "Keanu Reeves",
        "Laurence Fishburne",
        "Carrie-Anne Moss",
    ]
    assert matrix.crew_members.filter(role="Director").count() == 2
    assert [v["key"] for v in matrix.videos] == ["vKQi3bBA1y8"]
    assert Movie.objects.get(tmdb_id=605).release_date == datetime.date(2003, 11, 5)
    assert out.splitlines() == [
        "TMDb fill: 2/3 movies (2 filled, 0 unknown)",
        "TMDb fill: 3/3 movies (3 filled, 0 unknown)",
        "TMDb fill done: 3 movies filled, 0 unknown to TMDb.",
    ]
    run = TmdbFillRun.objects.get()
    assert (run.status, run.total, run.filled, run.missing) == ("done", 3, 3, 0)


def test_a_stopped_fill_resumes_with_the_movies_it_did_not_fill(tmdb, demo_movies, settings):
    settings.TMDB_MAX_ATTEMPTS = 2
    tmdb.get("/movie/603", json=matrix_detail())
    tmdb.get("/movie/604", status=500, json=SERVER_ERROR)
    tmdb.get("/movie/604", status=500, json=SERVER_ERROR)

    with pytest.raises(CommandError, match=r"Stopped after 1 of 3 movies: TMDb is unavailable .*run again"):
        _fill()

    assert TmdbFillRun.objects.get().status == "stopped"
    tmdb.get("/movie/604", json=_detail(604, "The Matrix Reloaded"))
    tmdb.get("/movie/605", json=_detail(605, "The Matrix Revolutions"))

    _fill()

    assert [tmdb.calls_to(f"/movie/{i}") for i in demo_movies] == [1, 3, 1]
    assert Movie.objects.filter(tmdb_synced_at__isnull=True).count() == 0
    latest = TmdbFillRun.objects.first()
    assert (latest.status, latest.total, latest.filled) == ("done", 2, 2)


def test_movies_synced_recently_are_skipped_and_stale_ones_refilled(tmdb, demo_movies, settings):
    settings.TMDB_FILL_FRESH_DAYS = 30
    Movie.objects.filter(tmdb_id=603).update(tmdb_synced_at=timezone.now() - datetime.timedelta(days=1))
    Movie.objects.filter(tmdb_id=604).update(tmdb_synced_at=timezone.now() - datetime.timedelta(days=31))
    tmdb.get("/movie/604", json=_detail(604, "The Matrix Reloaded"))
    tmdb.get("/movie/605", json=_detail(605, "The Matrix Revolutions"))

    _fill()

    assert [tmdb.calls_to(f"/movie/{i}") for i in demo_movies] == [0, 1, 1]


def test_a_refused_key_stops_the_fill_at_once(tmdb, demo_movies):
    tmdb.get("/movie/603", status=401, json=INVALID_KEY)

    with pytest.raises(
        CommandError, match=r"Stopped after 0 of 3 movies: TMDb refused the API key \(HTTP 401\)"
    ):
        _fill()

    assert tmdb.calls_to("/movie/603") == 1
    assert tmdb.calls_to("/movie/604") == 0
    assert Movie.objects.get(tmdb_id=603).overview == ""
    run = TmdbFillRun.objects.get()
    assert (run.status, run.filled) == ("stopped", 0)
    assert run.finished_at is not None


def test_a_rate_limited_request_waits_for_retry_after_then_goes_on(tmdb, demo_movies):
    tmdb.get("/movie/603", status=429, json=RATE_LIMITED, headers={"Retry-After": "3"})
    tmdb.get("/movie/603", json=matrix_detail())
    tmdb.get("/movie/604", json=_detail(604, "The Matrix Reloaded"))
    tmdb.get("/movie/605", json=_detail(605, "The Matrix Revolutions"))

    _fill()

    assert tmdb.sleeps == [3.0]
    assert TmdbFillRun.objects.get().filled == 3


def test_a_movie_tmdb_does_not_know_is_counted_and_the_rest_filled(tmdb, demo_movies):
    tmdb.get("/movie/603", json=matrix_detail())
    tmdb.get(
        "/movie/604",
        status=404,
        json={"success": False, "status_code": 34, "status_message": "Not found."},
    )
    tmdb.get("/movie/605", json=_detail(605, "The Matrix Revolutions"))

    out = _fill()

    assert "TMDb fill done: 2 movies filled, 1 unknown to TMDb." in out


def test_without_a_key_the_fill_refuses_and_the_queue_option_says_how(settings, demo_movies):
    settings.TMDB_API_KEY = ""

    with pytest.raises(CommandError, match="TMDB_API_KEY is not set"):
        _fill()
    out = io.StringIO()
    call_command("fill_from_tmdb", "--queue", stdout=out)

    assert out.getvalue() == (
        "Demo catalog: set TMDB_API_KEY and run `python manage.py fill_from_tmdb` to add TMDb's details.\n"
    )
    assert not TmdbFillRun.objects.exists()


def test_queue_prints_the_command_without_a_worker_and_queues_with_one(settings, monkeypatch):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    queued = []
    monkeypatch.setattr(
        "catalog.management.commands.fill_from_tmdb.enqueue", lambda task: queued.append(task.name)
    )
    eager, worker = io.StringIO(), io.StringIO()

    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("fill_from_tmdb", "--queue", stdout=eager)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    call_command("fill_from_tmdb", "--queue", stdout=worker)

    assert "run `python manage.py fill_from_tmdb`" in eager.getvalue()
    assert queued == ["catalog.tasks.fill_from_tmdb"]
    assert "in the background" in worker.getvalue()


def test_queue_without_a_reachable_broker_says_to_run_the_command(settings, monkeypatch):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def unreachable(task):
        raise QueueUnavailable

    monkeypatch.setattr("catalog.management.commands.fill_from_tmdb.enqueue", unreachable)

    with pytest.raises(
        CommandError, match=r"The job queue is unreachable: run `python manage\.py fill_from_tmdb`"
    ):
        call_command("fill_from_tmdb", "--queue", stdout=io.StringIO())
