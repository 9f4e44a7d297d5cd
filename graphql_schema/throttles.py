"""The REST throttle scopes applied to GraphQL fields (same rates, same counters).

Each scope is limited per client address and per signed-in user (common/throttling.py); a
throttled field answers a GraphQL error with ``extensions {code: "THROTTLED", retryAfter}``
instead of running.
"""

from contextvars import ContextVar
from typing import Any

from rest_framework.exceptions import Throttled
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.permission import BasePermission
from strawberry.types import Info

from common.throttling import refusal

# Permission instances are shared by every request, so the refusal travels from
# has_permission to on_unauthorized (called right after it) in the request's own context.
_last_refusal: ContextVar[Throttled | None] = ContextVar("last_throttle_refusal", default=None)


def _throttled_error(refused: Throttled) -> StrawberryGraphQLError:
    return StrawberryGraphQLError(
        str(refused.detail), extensions={"code": "THROTTLED", "retryAfter": refused.wait}
    )


def spend_or_refuse(info: Info, scope: str) -> None:
    """Spend one request of ``scope`` for a part of a field (e.g. a filter); raise THROTTLED when refused."""
    refused = refusal(info.context.request, scope)
    if refused is not None:
        raise _throttled_error(refused)


def throttled(scope: str) -> type[BasePermission]:
    """A permission class that spends one request of ``scope`` per resolved field."""

    class ScopeThrottle(BasePermission):
        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            refused = refusal(info.context.request, scope)
            _last_refusal.set(refused)
            return refused is None

        def on_unauthorized(self) -> None:
            raise _throttled_error(_last_refusal.get() or Throttled())

    ScopeThrottle.__name__ = f"Throttle_{scope}"
    return ScopeThrottle


AUTH = [throttled("auth")]
TMDB = [throttled("tmdb")]
SEARCH = [throttled("search")]
AUTOCOMPLETE = [throttled("autocomplete")]
TRACK_VIEW = [throttled("track_view")]
