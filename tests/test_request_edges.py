"""Requests refused before any view still answer the API's JSON error shape: a Host header
outside ALLOWED_HOSTS (400) and an API URL over ``API_MAX_URL_BYTES`` (414)."""

import logging
from collections.abc import Iterator

import pytest

from tests.errors import messages

pytestmark = pytest.mark.django_db

EVIL_HOST = "evil.example"


@pytest.fixture
def logged() -> Iterator[list[str]]:
    """Every line our log handlers (on the root logger) would write while the test runs."""
    lines: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: lines.append(f"{record.getMessage()} {record.__dict__}")
    logging.getLogger().addHandler(handler)
    yield lines
    logging.getLogger().removeHandler(handler)


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/movies/trending/"), ("post", "/graphql/"), ("get", "/admin/login/")],
)
def test_a_bad_host_is_a_json_400_that_never_repeats_it(client, logged, method, path):
    response = getattr(client, method)(path, HTTP_HOST=EVIL_HOST)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert messages(response) == {None: ["Invalid Host header."]}
    assert EVIL_HOST not in response.content.decode()
    assert [line for line in logged if EVIL_HOST in line] == []


def test_a_bad_host_changes_nothing(client, django_assert_num_queries):
    body = {"email": "neo@example.com", "username": "neo", "password": "follow-the-white-rabbit"}
    with django_assert_num_queries(0):
        response = client.post(
            "/api/auth/register/", body, content_type="application/json", HTTP_HOST=EVIL_HOST
        )
    assert response.status_code == 400


def test_an_api_url_over_the_limit_is_a_json_414_before_any_query(
    client, settings, django_assert_num_queries
):
    settings.API_MAX_URL_BYTES = 4096
    base = "/api/movies/search/?q="
    at_limit = base + "a" * (4096 - len(base))
    with django_assert_num_queries(0):
        over = client.get(at_limit + "a")
    assert over.status_code == 414
    assert messages(over) == {None: ["The URL is longer than 4096 bytes."]}
    assert client.get(at_limit).status_code != 414


def test_a_graphql_get_over_the_limit_is_a_json_414(client, settings):
    settings.API_MAX_URL_BYTES = 100
    response = client.get("/graphql/", {"query": "{ genres { name } }" + " " * 100})
    assert response.status_code == 414
    assert messages(response) == {None: ["The URL is longer than 100 bytes."]}


def test_the_limit_counts_encoded_bytes(client, settings):
    settings.API_MAX_URL_BYTES = 100
    base = "/api/movies/search/?q="
    # 26 letters of two bytes each are 156 percent-encoded characters.
    response = client.get(base + "ж" * 26)
    assert response.status_code == 414
