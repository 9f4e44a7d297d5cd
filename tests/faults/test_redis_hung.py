"""Redis hung (accepts, never answers): a few calls time out, then its circuit opens and the
in-process fallbacks serve without calling it again."""

import pytest
from prometheus_client import REGISTRY
from redis.connection import AbstractConnection

from common.redis_breaker import breaker_for_url, open_breakers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_hung")]

TRENDING = "/api/movies/trending/?time_range=week&limit=3"


@pytest.fixture
def hung_calls(monkeypatch, hung_listener) -> list[str]:
    """Each connection opened to, and each command sent to, the hung server."""
    calls: list[str] = []
    real_connect, real_send = AbstractConnection.connect, AbstractConnection.send_packed_command

    def connect(self) -> None:
        if getattr(self, "port", None) == hung_listener:
            calls.append("connect")
        real_connect(self)

    def send(self, command, check_health: bool = True) -> None:
        if getattr(self, "port", None) == hung_listener:
            calls.append("send")
        real_send(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "connect", connect)
    monkeypatch.setattr(AbstractConnection, "send_packed_command", send)
    return calls


def _open_the_circuit(api_client, settings) -> None:
    for _ in range(settings.REDIS_BREAKER_FAILURES):
        assert api_client.get(TRENDING).status_code == 200
        if open_breakers():
            return
    raise AssertionError("the circuit did not open")


def test_once_the_circuit_opens_requests_make_no_redis_calls(
    api_client, gql, catalog, settings, hung_calls, hung_listener
):
    _open_the_circuit(api_client, settings)
    hung_calls.clear()

    rest = api_client.get(TRENDING)
    graphql = gql("{ trending(timeRange: DAY, limit: 2) { title } }")
    health = api_client.get("/health/")

    assert [movie["title"] for movie in rest.json()["results"]] == ["Inception", "The Matrix", "Toy Story"]
    assert graphql == {"data": {"trending": [{"title": "Inception"}, {"title": "The Matrix"}]}}
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["redis"] == f"circuit open: 127.0.0.1:{hung_listener}"
    assert hung_calls == []
    server = {"server": f"127.0.0.1:{hung_listener}"}
    assert REGISTRY.get_sample_value("moviverse_redis_breaker_open", server) == 1


def test_the_login_lockout_counts_in_the_process_while_the_circuit_is_open(
    api_client, user, settings, hung_calls
):
    settings.AXES_FAILURE_LIMIT = 3
    _open_the_circuit(api_client, settings)
    hung_calls.clear()
    body = {"email": user.email, "password": "wrong"}

    codes = [api_client.post("/api/auth/login/", body, format="json").status_code for _ in range(3)]

    assert codes == [401, 401, 429]
    assert hung_calls == []


def test_after_the_reset_window_one_trial_call_is_let_through(api_client, settings, hung_calls, redis_hung):
    _open_the_circuit(api_client, settings)
    server = breaker_for_url(redis_hung)
    server._open_until = 0.0  # the reset window has passed
    hung_calls.clear()

    api_client.get("/health/live/")  # touches nothing
    assert hung_calls == []
    api_client.get(TRENDING)

    # The trial timed out: the circuit is open again after that one call.
    assert hung_calls == ["connect", "send"]
    assert server.is_open
