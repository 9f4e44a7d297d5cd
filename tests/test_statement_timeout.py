"""PostgreSQL's statement_timeout: set per process kind, and a cancelled statement is a clean time-out."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.errors import one_error

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="statement_timeout is a PostgreSQL setting"),
]


def _slow_statement(*args, **kwargs):
    """A selector whose query runs past a 50 ms statement timeout."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")
        cursor.execute("SELECT pg_sleep(2)")
    return []


def test_connections_outside_web_processes_get_the_long_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        [shown] = cursor.fetchone()

    assert shown == f"{int(settings.STATEMENT_TIMEOUT_LONG / 60)}min"


def test_web_processes_get_the_short_timeout():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup();"
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"
    )
    env = {**os.environ, "MOVIVERSE_PROCESS": "web", "STATEMENT_TIMEOUT": "3"}
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)

    assert shown.stdout.split() == ["-c", "statement_timeout=3000"]


def test_a_cancelled_statement_is_a_rest_503(client, monkeypatch):
    monkeypatch.setattr("catalog.selectors.movie_search", _slow_statement)

    response = client.get("/api/movies/search/", {"q": "matrix"})

    assert response.status_code == 503
    assert response.json() == one_error(
        "service_unavailable",
        "The request took longer than allowed and was stopped; try a narrower request.",
        kind="server_error",
    )


def test_a_cancelled_statement_is_a_graphql_timeout(client, monkeypatch):
    monkeypatch.setattr("catalog.selectors.genre_list", _slow_statement)

    response = client.post(
        "/graphql/", json.dumps({"query": "{ genres { name } }"}), content_type="application/json"
    )

    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TIMEOUT"]
