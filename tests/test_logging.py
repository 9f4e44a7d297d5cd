"""Log lines: standard-library records come out as JSON with level, time, context, extras and tracebacks."""

import io
import json
import logging
import logging.config
from collections.abc import Iterator

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


class _Lines:
    """Calling it decodes the lines written so far; ``clear`` forgets them."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def __call__(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def clear(self) -> None:
        self.stream.seek(0)
        self.stream.truncate()


@pytest.fixture
def json_lines() -> Iterator[_Lines]:
    """The root logger also writes through the production JSON formatter; returns the decoded lines."""
    options = settings.LOGGING["formatters"]["json"]
    factory = options["()"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory(**{key: value for key, value in options.items() if key != "()"}))
    root = logging.getLogger()
    root.addHandler(handler)
    yield _Lines(stream)
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


# --- request lines: one per request; client errors quiet, bugs with their traceback ---------


def _request_lines(lines: list[dict]) -> list[dict]:
    """What a request logged, without the lines of the test's own set-up."""
    return [line for line in lines if line.get("request_id")]


@pytest.mark.django_db
def test_a_request_logs_one_finished_line_with_method_path_status_duration_and_user(
    auth_client, user, json_lines
):
    response = auth_client.get("/api/auth/me/")

    assert response.status_code == 200
    [line] = _request_lines(json_lines())
    assert line["event"] == "request_finished"
    assert line["level"] == "info"
    assert (line["method"], line["path"], line["code"], line["user_id"]) == (
        "GET",
        "/api/auth/me/",
        200,
        str(user.pk),
    )
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("call", "status"),
    [
        (lambda c: c.get("/api/auth/me/"), 401),
        (lambda c: c.get("/api/movies/trending/", {"limit": "0"}), 400),
        (lambda c: c.get("/api/no-such-route/"), 404),
    ],
)
def test_a_rest_client_error_is_one_warning_line_without_a_traceback(api_client, json_lines, call, status):
    assert call(api_client).status_code == status

    [line] = _request_lines(json_lines())
    assert (line["event"], line["level"], line["code"]) == ("request_finished", "warning", status)
    assert "exception" not in line


@pytest.mark.django_db
def test_a_throttled_rest_request_is_one_warning_line(api_client, json_lines, throttle_rates):
    throttle_rates(auth_ip="1/min")
    api_client.post("/api/auth/login/", {"email": "a@example.com", "password": "x"}, format="json")
    json_lines.clear()

    response = api_client.post("/api/auth/login/", {"email": "a@example.com", "password": "x"}, format="json")

    assert response.status_code == 429
    [line] = _request_lines(json_lines())
    assert (line["level"], line["code"], "exception" in line) == ("warning", 429, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("query { recommendations { score } }", "FORBIDDEN"),
        ("query { movies(pagination: {limit: 100000}) { title } }", "BAD_USER_INPUT"),
        ("query { movie(tmdbId: 603) { nope } }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_a_graphql_client_error_is_one_info_line_without_a_traceback(gql, json_lines, query, code):
    body = gql(query)

    assert body["errors"][0]["extensions"]["code"] == code
    lines = _request_lines(json_lines())
    assert [(line["event"], line["level"]) for line in lines] == [
        ("graphql_error", "info"),
        ("request_finished", "info"),
    ]
    assert lines[0]["code"] == code
    assert not any("exception" in line for line in lines)


@pytest.mark.django_db
def test_an_unexpected_graphql_error_keeps_its_traceback_at_error(gql, json_lines, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("accounts.services.password_reset_request", boom)
    body = gql('mutation { requestPasswordReset(email: "a@example.com") { __typename } }')

    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    [error] = [line for line in _request_lines(json_lines()) if line["level"] == "error"]
    assert error["exception"].rstrip().endswith("RuntimeError: secret internals")


@pytest.mark.urls("tests.rest_api.test_errors")
def test_a_bug_in_a_rest_view_is_one_error_line_with_its_traceback(client, json_lines):
    client.raise_request_exception = False

    assert client.get("/api/boom/").status_code == 500

    [line] = _request_lines(json_lines())
    assert (line["event"], line["level"], line["code"]) == ("request_failed", "error", 500)
    assert line["exception"].rstrip().endswith("RuntimeError: a bug")
