"""Redis back after an outage: what the limits store counted in the process still holds."""

import pytest
from axes.handlers.proxy import AxesProxyHandler

from common.redis_breaker import breaker_for_url
from tests.errors import messages
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login/"


@pytest.fixture
def outage(settings):
    """Opens the circuit of the test Redis, as this process sees an outage; the test ends it by
    letting the next call through (the reset window has passed and Redis answers again)."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (the embedded default keeps counters in process memory)")
    server = breaker_for_url(settings.REDIS_URL)
    for _ in range(settings.REDIS_BREAKER_FAILURES):
        server.failed()
    # django-axes keeps the cache object it was first built with: build it on this test's.
    AxesProxyHandler.get_implementation(force=True)
    yield server
    server.succeeded()
    AxesProxyHandler.implementation = None


def test_a_lockout_counted_during_the_outage_holds_after_it(api_client, user, settings, outage):
    settings.AXES_FAILURE_LIMIT = 3
    wrong = {"email": user.email, "password": "wrong"}
    outage._open_until = 0.0
    assert api_client.post(LOGIN, wrong, format="json").status_code == 401  # counted on Redis
    for _ in range(settings.REDIS_BREAKER_FAILURES):
        outage.failed()

    # The process counts from where it stands (0) while Redis is away: two more are not yet three.
    assert [api_client.post(LOGIN, wrong, format="json").status_code for _ in range(2)] == [401, 401]
    outage._open_until = 0.0  # Redis answers again: 1 + 2 failures

    right = api_client.post(LOGIN, {"email": user.email, "password": PASSWORD}, format="json")
    assert right.status_code == 429
    assert messages(right) == {None: ["Too many failed sign-in attempts; try again later."]}
    user.refresh_from_db()
    assert user.last_login is None
