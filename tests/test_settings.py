"""Settings come from the environment: the embedded default and the production mode."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from config.celery import app as celery_app
from tests.faults.conftest import dead_redis_caches

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, django
django.setup()
from django.conf import settings
from config.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"], "broker": app.conf.broker_url,
    "eager": app.conf.task_always_eager, "email": settings.EMAIL_BACKEND, "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS, "access": settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds(),
    "refresh": settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds(), "tmdb": settings.TMDB_API_KEY,
    "sentry": bool(settings.SENTRY_DSN), "rotate": settings.SIMPLE_JWT["ROTATE_REFRESH_TOKENS"],
    "graphiql": settings.GRAPHQL_GRAPHIQL,
    "visibility": app.conf.broker_transport_options.get("visibility_timeout"),
    "folder": app.conf.broker_transport_options.get("data_folder_in"), "dev": settings.DEV_MODE,
    "cors": settings.CORS_ALLOWED_ORIGIN_REGEXES, "cors_credentials": settings.CORS_ALLOW_CREDENTIALS,
    "cache_dir": settings.CACHES["default"].get("LOCATION", ""),
}))
"""
ENV_NAMES = (
    "DATABASE_URL",
    "DATABASE_NAME",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "EMAIL_URL",
    "EMAIL_BACKEND",
    "DEBUG",
    "ALLOWED_HOSTS",
    "TMDB_API_KEY",
    "SENTRY_DSN",
    "GRAPHQL_GRAPHIQL",
    "CELERY_TASK_TIME_LIMIT",
    "RECSYS_RUN_TIME_LIMIT",
    "DEV_MODE",
    "LOCAL_STATE_DIR",
)


def _settings_with(env: dict[str, str]) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean | env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_needs_no_environment():
    s = _settings_with({})
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["cache"] == "common.cache.LocalMemoryCache"
    assert s["broker"] == "memory://"
    assert s["eager"] is True
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"
    assert s["debug"] is False
    assert s["rotate"] is True
    assert s["tmdb"] == ""
    assert s["graphiql"] is False
    assert s["dev"] is False
    assert s["cors"] == []


def test_dev_mode_on_the_embedded_default_shares_a_file_cache_and_broker(tmp_path):
    s = _settings_with({"DEV_MODE": "True", "LOCAL_STATE_DIR": str(tmp_path)})
    assert s["dev"] is True
    assert s["engine"] == "django.db.backends.sqlite3"
    assert (s["cache"], s["cache_dir"]) == ("common.cache.FileCache", str(tmp_path / "cache"))
    assert (s["broker"], s["folder"]) == ("filesystem://localhost/", str(tmp_path / "broker"))
    assert s["eager"] is False
    assert s["cors"] == [r"^http://localhost(:\d+)?$", r"^http://127\.0\.0\.1(:\d+)?$"]
    assert s["cors_credentials"] is False


def test_dev_mode_keeps_redis_when_it_is_configured():
    s = _settings_with({"DEV_MODE": "True", "REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert s["cache"] == "common.cache.RedisCache"
    assert (s["broker"], s["folder"]) == ("redis://127.0.0.1:6379/3", None)


@pytest.mark.parametrize(
    ("env", "graphiql"),
    [
        ({"DEBUG": "True"}, True),
        ({"DEBUG": "True", "GRAPHQL_GRAPHIQL": "False"}, False),
        ({"GRAPHQL_GRAPHIQL": "True"}, True),
    ],
)
def test_graphiql_follows_debug_unless_set(env, graphiql):
    assert _settings_with(env)["graphiql"] is graphiql


def test_production_mode_from_urls():
    s = _settings_with(
        {
            "DATABASE_URL": "postgres://app:secret@db.internal:5432/moviverse",
            "REDIS_URL": "redis://:pw@cache.internal:6379/0",
            "EMAIL_URL": "smtp://mailer:pw@smtp.internal:587",
            "ALLOWED_HOSTS": "api.moviverse.app,moviverse.app",
            "JWT_ACCESS_TOKEN_LIFETIME_MINUTES": "5",
            "JWT_REFRESH_TOKEN_LIFETIME_DAYS": "2",
            "TMDB_API_KEY": "k",
        }
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["name"], s["host"]) == ("moviverse", "db.internal")
    assert s["cache"] == "common.cache.RedisCache"
    assert s["broker"] == "redis://:pw@cache.internal:6379/0"
    assert s["eager"] is False
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["hosts"] == ["api.moviverse.app", "moviverse.app"]
    assert (s["access"], s["refresh"]) == (300, 2 * 86400)
    assert s["tmdb"] == "k"
    assert s["dev"] is False
    assert s["cors"] == []


def test_database_from_separate_variables():
    s = _settings_with({"DATABASE_NAME": "movies", "DATABASE_HOST": "pg.internal", "DATABASE_PORT": "6543"})
    assert (s["engine"], s["name"], s["host"]) == ("django.db.backends.postgresql", "movies", "pg.internal")


def test_sentry_only_when_dsn_is_set():
    assert _settings_with({})["sentry"] is False
    assert _settings_with({"SENTRY_DSN": "https://key@o0.ingest.sentry.io/1"})["sentry"] is True


def _our_tasks() -> list:
    celery_app.loader.import_default_modules()
    return [task for name, task in celery_app.tasks.items() if not name.startswith("celery.")]


def test_every_task_has_a_time_limit_within_the_brokers_visibility_timeout():
    """A message taken by a worker that dies comes back after the visibility timeout, and not sooner
    than the longest task or retry countdown could still be holding it (else it would run twice)."""
    visibility = celery_app.conf.broker_transport_options["visibility_timeout"]
    limits = {task.name: task.time_limit for task in _our_tasks()}
    assert limits["recsys.tasks.generate_recommendations"] == 30 * 60
    assert all(limits.values())
    assert visibility == max(limits.values()) + 60 == 31 * 60
    # Celery caps an automatic retry's countdown at retry_backoff_max, 600 s unless a task sets it.
    backoffs = [
        getattr(task, "retry_backoff_max", 600)
        for task in _our_tasks()
        if getattr(task, "retry_backoff", False)
    ]
    assert max(backoffs) <= settings.TASK_MAX_RETRY_DELAY < visibility


def test_the_visibility_timeout_follows_the_longest_time_limit():
    assert _settings_with({})["visibility"] == 31 * 60
    assert _settings_with({"RECSYS_RUN_TIME_LIMIT": "7200"})["visibility"] == 7260
    assert _settings_with({"CELERY_TASK_TIME_LIMIT": "9000"})["visibility"] == 9060


DEAD_REDIS = dead_redis_caches("redis://127.0.0.1:1/0")


@pytest.fixture
def dead_redis():
    """Point the cache at a port where nothing listens (Django rebuilds its cache handlers)."""
    with override_settings(CACHES=DEAD_REDIS):
        yield


@pytest.mark.django_db
def test_dead_redis_fails_no_request(dead_redis, api_client):
    register = api_client.post(
        "/api/auth/register/",
        {"email": "cache@example.com", "username": "cache", "password": "still-works-2026"},
        format="json",
    )
    assert register.status_code == 201
    login = api_client.post(
        "/api/auth/login/", {"email": "cache@example.com", "password": "still-works-2026"}, format="json"
    )
    assert login.status_code == 200
    health = api_client.get("/health/")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["database"] == "ok"
    assert health.json()["checks"]["cache"] != "ok"


def test_production_settings_pass_the_deploy_check():
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES} | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
        "DATABASE_URL": "postgres://app:secret@db.internal:5432/moviverse",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "ALLOWED_HOSTS": "api.moviverse.app",
        "EMAIL_URL": "smtp://mailer:pw@smtp.internal:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in (*ENV_NAMES, "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, check=False
    )


def test_the_web_entry_point_refuses_the_development_key_without_debug():
    refused = _run(["-c", "import config.wsgi"], {})
    assert refused.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is the development key while DEBUG is off" in refused.stderr
    assert _run(["-c", "import config.asgi"], {}).returncode == 1
    assert _run(["-c", "import config.wsgi"], {"DEBUG": "True"}).returncode == 0
    assert (
        _run(
            ["-c", "import config.wsgi"], {"SECRET_KEY": "a-long-random-production-secret-0123456789"}
        ).returncode
        == 0
    )


def test_the_deploy_check_names_the_development_key_and_the_console_mailer():
    result = _run(["manage.py", "check", "--deploy"], {})
    assert result.returncode == 1
    assert "moviverse.E001" in result.stderr
    assert "moviverse.W001" in result.stderr
    assert "password reset links would be printed in the logs" in result.stderr
