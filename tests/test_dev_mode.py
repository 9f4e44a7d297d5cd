"""Development mode (`make run`): sign-in limits spare loopback clients and CORS admits local
frontends; with it off (production defaults) both are as strict as ever."""

import datetime

import pytest
import time_machine

from common.dev_mode import is_loopback
from tests.errors import messages
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login/"
GRAPHQL_LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { ... on AuthPayload { access } }
}"""
ELSEWHERE = "203.0.113.9"
FRONTEND = "http://localhost:5173"


@pytest.fixture(autouse=True)
def _frozen_clock():
    """Every sign-in of a test falls in one throttle window."""
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        yield


@pytest.fixture
def dev_mode(settings) -> None:
    settings.DEV_MODE = True
    settings.CORS_ALLOWED_ORIGIN_REGEXES = settings.DEV_CORS_ORIGIN_REGEXES


def sign_in(client, user, address: str = "127.0.0.1", password: str = PASSWORD) -> int:
    body = {"email": user.email, "password": password}
    return client.post(LOGIN, body, format="json", REMOTE_ADDR=address).status_code


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("", False),
        ("localhost", False),
    ],
)
def test_loopback_is_127_0_0_0_slash_8_and_ipv6_one(address, loopback):
    assert is_loopback(address) is loopback


def test_a_loopback_client_signs_in_100_times_in_dev_mode(api_client, user, dev_mode):
    assert [sign_in(api_client, user) for _ in range(100)] == [200] * 100
    assert [sign_in(api_client, user, "::1") for _ in range(30)] == [200] * 30


def test_graphql_sign_ins_from_loopback_are_not_throttled_in_dev_mode(gql, user, dev_mode):
    for _ in range(30):
        assert "access" in gql(GRAPHQL_LOGIN, {"email": user.email, "password": PASSWORD})["data"]["login"]


def test_another_address_is_still_throttled_in_dev_mode(api_client, user, dev_mode):
    statuses = [sign_in(api_client, user, ELSEWHERE) for _ in range(21)]

    assert statuses == [200] * 20 + [429]


def test_a_loopback_client_is_never_locked_out_in_dev_mode(api_client, user, dev_mode, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert [sign_in(api_client, user, password="guess") for _ in range(10)] == [401] * 10
    assert sign_in(api_client, user) == 200


def test_another_address_is_still_locked_out_in_dev_mode(api_client, user, dev_mode, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert [sign_in(api_client, user, ELSEWHERE, "guess") for _ in range(3)] == [401, 401, 429]

    locked = api_client.post(
        LOGIN, {"email": user.email, "password": PASSWORD}, format="json", REMOTE_ADDR=ELSEWHERE
    )
    assert locked.status_code == 429
    assert messages(locked)[None][0].startswith("Too many failed sign-in attempts; try again later.")


def test_without_dev_mode_loopback_sign_ins_are_throttled(api_client, user, settings):
    assert settings.DEV_MODE is False
    statuses = [sign_in(api_client, user) for _ in range(21)]

    assert statuses == [200] * 20 + [429]


def test_without_dev_mode_loopback_sign_ins_are_locked_out(api_client, user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert [sign_in(api_client, user, password="guess") for _ in range(3)] == [401, 401, 429]
    assert sign_in(api_client, user) == 429


def preflight(client, path: str):
    return client.options(
        path,
        HTTP_ORIGIN=FRONTEND,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


@pytest.mark.parametrize("path", ["/graphql/", "/api/movies/popular/"])
def test_a_local_frontend_passes_the_cors_preflight_in_dev_mode(client, dev_mode, path):
    response = preflight(client, path)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert "authorization" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_dev_mode_admits_no_other_origin(client, dev_mode):
    for origin in ("https://localhost:5173", "http://localhost.example.com", "http://evil.test"):
        response = client.options("/graphql/", HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
        assert "Access-Control-Allow-Origin" not in response, origin


@pytest.mark.parametrize("path", ["/graphql/", "/api/movies/popular/"])
def test_without_dev_mode_a_local_frontend_gets_no_cors_headers(client, settings, path):
    assert settings.CORS_ALLOWED_ORIGIN_REGEXES == []
    response = preflight(client, path)

    assert "Access-Control-Allow-Origin" not in response
