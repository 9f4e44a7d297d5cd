"""Property-based fuzzing of every REST operation from its own OpenAPI schema, in-process (WSGI).

Each operation gets a bounded number of generated requests (valid and invalid), derandomized, signed
in as a regular user, as staff, and anonymously: no answer may be a 500, and every answer must be one
the schema documents, in a documented media type, with the documented body and headers.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.throttling import ScopedRateThrottle
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.tokens import token_pair_for

MAX_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# The document /api/schema/ serves, generated without a request; the cases run against the WSGI app.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
_apps: list[WSGIHandler] = []


def _current_app(environ, start_response):
    return _apps[-1](environ, start_response)


schema.app = _current_app


@pytest.fixture(autouse=True)
def _app():
    """A WSGI app built per test, so its middleware sees the test's settings (plain HTTP, no redirect)."""
    _apps.append(WSGIHandler())
    yield
    _apps.pop()


@pytest.fixture(autouse=True)
def _no_throttles(monkeypatch):
    """Throttles would turn most examples into 429s; fuzzing wants every request to reach the view."""
    monkeypatch.setattr(ScopedRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Requests go straight to the WSGI app: keep them from closing the test's database connection.

    (Django's own test client does the same around each request.)
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["user", "admin", "anonymous"])
def auth_headers(request, user, admin_user) -> dict[str, str]:
    """The caller: a regular user, staff, or nobody."""
    caller = {"user": user, "admin": admin_user, "anonymous": None}[request.param]
    return {"Authorization": f"Bearer {token_pair_for(caller).access}"} if caller else {}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_rest_operation_never_fails_and_matches_its_schema(case, auth_headers):
    case.call_and_validate(headers=auth_headers, checks=CHECKS)
