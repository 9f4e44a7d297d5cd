"""The client's IP address, trusting X-Forwarded-For only as far as NUM_PROXIES says."""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_ip(request: HttpRequest) -> str:
    """The client address: REMOTE_ADDR without proxies, else the address NUM_PROXIES hops back."""
    if not settings.NUM_PROXIES:
        return request.META.get("REMOTE_ADDR", "")
    ip, _routable = get_client_ip(request, proxy_count=settings.NUM_PROXIES, proxy_order="right-most")
    return ip or request.META.get("REMOTE_ADDR", "")
