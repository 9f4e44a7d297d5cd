"""Request log lines name the client address the throttles trust, not a forged header."""

import pytest


def _logged_ip(client, caplog, **headers) -> str:
    with caplog.at_level("INFO", logger="django_structlog"):
        client.get("/health/live/", REMOTE_ADDR="10.1.2.3", **headers)
    [finished] = [
        r.msg for r in caplog.records if isinstance(r.msg, dict) and r.msg.get("event") == "request_finished"
    ]
    return finished["ip"]


def test_a_forged_forwarded_for_is_not_logged_as_the_client(client, caplog, settings):
    settings.NUM_PROXIES = 0

    assert _logged_ip(client, caplog, HTTP_X_FORWARDED_FOR="6.6.6.6") == "10.1.2.3"


@pytest.mark.parametrize(("forwarded", "logged"), [("6.6.6.6", "6.6.6.6"), ("7.7.7.7, 6.6.6.6", "6.6.6.6")])
def test_behind_a_trusted_proxy_the_address_it_saw_is_logged(client, caplog, settings, forwarded, logged):
    settings.NUM_PROXIES = 1

    assert _logged_ip(client, caplog, HTTP_X_FORWARDED_FOR=forwarded) == logged
