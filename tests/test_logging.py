"""Log lines: standard-library records come out as JSON with level, time, context, extras and tracebacks."""

import io
import json
import logging
import logging.config
from collections.abc import Callable, Iterator

import pytest
import structlog
from celery.signals import (
    after_task_publish,
    before_task_publish,
    setup_logging,
    task_prerun,
)
from django.conf import settings
from django.core.cache import cache

from catalog.models import Movie
from config.celery import TaskLogContext
from config.celery import app as celery_app

REQUIRED = {"event", "level", "timestamp", "logger"}


@pytest.fixture
def json_lines() -> Iterator[Callable[[], list[dict]]]:
    """The root logger also writes through the production JSON formatter; returns the decoded lines."""
    options = settings.LOGGING["formatters"]["json"]
    factory = options["()"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory(**{key: value for key, value in options.items() if key != "()"}))
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_stdlib_warning_carries_level_time_context_and_extras(json_lines):
    with structlog.contextvars.bound_contextvars(request_id="req-1", user_id="7"):
        logging.getLogger("moviverse.test").warning("catalog.sync_slow", extra={"k": 1, "movie": "Heat"})

    [line] = json_lines()
    assert line.keys() >= REQUIRED
    assert {
        key: line[key] for key in ("event", "level", "logger", "request_id", "user_id", "k", "movie")
    } == {
        "event": "catalog.sync_slow",
        "level": "warning",
        "logger": "moviverse.test",
        "request_id": "req-1",
        "user_id": "7",
        "k": 1,
        "movie": "Heat",
    }
    assert line["timestamp"].endswith("Z")


def test_a_stdlib_exception_carries_its_traceback_as_text(json_lines):
    try:
        raise ValueError("the import file is corrupt")
    except ValueError:
        logging.getLogger("moviverse.test").exception("history import failed", extra={"import_id": "42"})

    [line] = json_lines()
    assert line["level"] == "error"
    assert line["import_id"] == "42"
    assert line["exception"].startswith("Traceback (most recent call last):")
    assert line["exception"].rstrip().endswith("ValueError: the import file is corrupt")
    assert "<traceback object" not in json.dumps(line)


def test_a_printf_style_stdlib_line_is_rendered_with_its_arguments(json_lines):
    logging.getLogger("moviverse.test").info("broker unreachable; running %s in-process", "send_email")

    assert json_lines()[0]["event"] == "broker unreachable; running send_email in-process"


@pytest.mark.django_db(transaction=True)  # the view counter is bumped on commit, inside the request
def test_a_line_logged_during_a_signed_in_request_names_the_request_and_user(
    auth_client, user, json_lines, monkeypatch
):
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix")

    def broken_incr(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "incr", broken_incr)

    response = auth_client.post(f"/api/movies/{movie.tmdb_id}/track-view/", format="json")

    assert response.status_code == 201
    [line] = [line for line in json_lines() if line["event"] == "view counter not updated"]
    assert line["user_id"] == str(user.pk)
    assert line["request_id"]
    assert line["key"].startswith(f"movie:{movie.tmdb_id}:views:daily:")
    assert "ConnectionError: cache down" in line["exception"]


def test_workers_log_through_the_web_logging_settings(monkeypatch):
    """Celery's setup_logging signal is answered, so workers keep settings.LOGGING's JSON formatter."""
    configured: list[dict] = []
    monkeypatch.setattr(logging.config, "dictConfig", configured.append)

    answers = setup_logging.send(sender=None, loglevel="INFO", logfile=None, format="", colorize=False)

    assert answers  # Celery configures its own text logging only when no receiver answers
    assert configured == [settings.LOGGING]
    assert settings.DJANGO_STRUCTLOG_CELERY_ENABLED is True
    assert TaskLogContext in celery_app.steps["worker"]


def test_a_worker_logs_each_task_it_enqueues_once(worker_signals):
    publishing = (len(before_task_publish.receivers), len(after_task_publish.receivers))
    prerun = len(task_prerun.receivers)
    TaskLogContext(parent=None)  # what a worker does at boot
    assert (len(before_task_publish.receivers), len(after_task_publish.receivers)) == publishing
    assert len(task_prerun.receivers) == prerun + 1  # the receiver that binds task_id to a task's lines
