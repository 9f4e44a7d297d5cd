"""The client address trusts X-Forwarded-For exactly as far as NUM_PROXIES says."""

import pytest
from django.test import RequestFactory

from common.client_ip import client_ip


@pytest.mark.parametrize(
    ("num_proxies", "forwarded_for", "expected"),
    [
        pytest.param(0, None, "127.0.0.1", id="no-proxy"),
        pytest.param(0, "203.0.113.9", "127.0.0.1", id="no-proxy-ignores-forged-header"),
        pytest.param(1, None, "127.0.0.1", id="proxy-without-header"),
        pytest.param(1, "203.0.113.9", "203.0.113.9", id="one-proxy"),
        pytest.param(1, "10.0.0.1", "10.0.0.1", id="one-proxy-private-client"),
        pytest.param(1, "198.51.100.1, 198.51.100.2, 203.0.113.9", "203.0.113.9", id="one-proxy-forged"),
        pytest.param(2, "203.0.113.9, 192.0.2.1", "203.0.113.9", id="two-proxies"),
        pytest.param(2, "198.51.100.1, 203.0.113.9, 192.0.2.1", "203.0.113.9", id="two-proxies-forged"),
        pytest.param(2, "203.0.113.9", "127.0.0.1", id="shorter-chain-than-proxies"),
        pytest.param(1, "not-an-address", "127.0.0.1", id="garbage"),
    ],
)
def test_client_address(settings, num_proxies, forwarded_for, expected):
    settings.NUM_PROXIES = num_proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}

    assert client_ip(RequestFactory().get("/", **headers)) == expected


def test_other_forwarding_headers_are_not_trusted(settings):
    settings.NUM_PROXIES = 1
    request = RequestFactory().get("/", HTTP_X_REAL_IP="198.51.100.1", HTTP_CLIENT_IP="198.51.100.2")

    assert client_ip(request) == "127.0.0.1"
