"""Development mode (settings.DEV_MODE, set by `make run`): what it relaxes, for whom."""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest

from common.client_ip import client_ip

# Throttle scopes a loopback client does not spend from in development mode: signing in, out and
# up again while building a frontend is not an attack.
RELAXED_SCOPES = frozenset({"auth"})


def is_loopback(address: str) -> bool:
    """Whether ``address`` is 127.0.0.0/8 or ::1 (an IPv4-mapped IPv6 form included)."""
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    mapped = getattr(parsed, "ipv4_mapped", None)
    return (mapped or parsed).is_loopback


def relaxed_for(request: HttpRequest) -> bool:
    """Whether ``request`` is spared the sign-in limits: development mode and a loopback client."""
    return settings.DEV_MODE and is_loopback(client_ip(request))


def lockout_exempt(request: HttpRequest, credentials: object = None) -> bool:
    """django-axes' whitelist callable: loopback sign-ins are never locked out in development mode."""
    return relaxed_for(request)
