"""The REST throttle scopes applied to GraphQL fields (same rates, same counters).

DRF's ScopedRateThrottle keys by user when signed in and by client address otherwise;
a throttled field answers a GraphQL error instead of running.
"""

from types import SimpleNamespace
from typing import Any

from rest_framework.throttling import ScopedRateThrottle
from strawberry.permission import BasePermission
from strawberry.types import Info


def throttled(scope: str) -> type[BasePermission]:
    """A permission class that spends one request of ``scope``'s rate per resolved field."""

    class ScopeThrottle(BasePermission):
        message = "Request was throttled; try again later."

        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            throttle = ScopedRateThrottle()
            allowed = throttle.allow_request(info.context.request, SimpleNamespace(throttle_scope=scope))
            if not allowed:
                wait = throttle.wait()
                self.message = f"Request was throttled; try again in {int(wait or 1)} seconds."
            return allowed

    ScopeThrottle.__name__ = f"Throttle_{scope}"
    return ScopeThrottle


AUTH = [throttled("auth")]
TMDB = [throttled("tmdb")]
SEARCH = [throttled("search")]
TRACK_VIEW = [throttled("track_view")]
