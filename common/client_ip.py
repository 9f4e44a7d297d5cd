"""The client's IP address, trusting X-Forwarded-For only as far as NUM_PROXIES says."""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_ip(request: HttpRequest) -> str:
    """The client address: REMOTE_ADDR without proxies, else the address NUM_PROXIES hops back.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the client is the
    NUM_PROXIES-th entry from the right (as DRF's ``get_ident`` reads it); entries further left
    are the client's own claims and are ignored, and so are the other forwarding headers.
    Worked out once per request (the request log, throttles and budgets all ask).
    """
    http_request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    known: str | None = getattr(http_request, "_client_ip", None)
    if known is None:
        known = http_request._client_ip = _address(http_request)
    return known


def _address(request: HttpRequest) -> str:
    if not settings.NUM_PROXIES:
        return request.META.get("REMOTE_ADDR", "")
    ip, _routable = get_client_ip(
        request,
        proxy_count=settings.NUM_PROXIES - 1,  # ipware counts the proxies listed after the client
        strict=False,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
    )
    return ip or request.META.get("REMOTE_ADDR", "")
