"""Rate limits per scope, in pairs: one per client address and one per signed-in user.

An operation's scope is declared once (api_policy.operations): a REST view spends it through
SCOPED_THROTTLES, a GraphQL field through ``refusal``. Each request of a scope spends
from ``<scope>_ip`` (always, signed in or not, so rotating accounts or tokens does not escape
it) and from ``<scope>_user`` (signed-in requests only, following an account across
addresses); rates live in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]. Both surfaces use these
classes and the limits store (common/limits.py), so they share counters, and keep limiting
when Redis is down.
"""

from types import SimpleNamespace

from django.core.cache import BaseCache
from django.core.exceptions import ImproperlyConfigured
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from common.client_ip import client_ip
from common.limits import limits_store


class _ScopedPairThrottle(ScopedRateThrottle):
    """ScopedRateThrottle spending from the ``<scope>_<kind>`` rate and counter."""

    kind = ""

    @property
    def cache(self) -> BaseCache:
        return limits_store()

    def _name(self) -> str:
        return f"{self.scope}_{self.kind}"

    def get_rate(self) -> str | None:
        # Read per request rather than from the class-level copy DRF takes at import, so
        # overridden settings apply at once.
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self._name()]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for the '{self._name()}' scope") from None

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def identity(self, request: Request) -> object | None:
        """Who this throttle counts the request against; None leaves it unthrottled."""
        raise NotImplementedError

    def get_cache_key(self, request: Request, view: object) -> str | None:
        identity = self.identity(request)
        if identity is None:
            return None
        return self.cache_format % {"scope": self._name(), "ident": identity}


class ScopedIPRateThrottle(_ScopedPairThrottle):
    """Counts every request of the scope against the client address (see common.client_ip)."""

    kind = "ip"

    def identity(self, request: Request) -> str:
        return self.get_ident(request)


class ScopedUserRateThrottle(_ScopedPairThrottle):
    """Counts signed-in requests of the scope against the user; anonymous ones pass."""

    kind = "user"

    def identity(self, request: Request) -> object | None:
        user = getattr(request, "user", None)
        return user.pk if user is not None and user.is_authenticated else None


SCOPED_THROTTLES = (ScopedIPRateThrottle, ScopedUserRateThrottle)


def refusal(request: Request, scope: str) -> Throttled | None:
    """Spend one request of ``scope`` from each throttle; None when all allow, else the 429 error.

    Mirrors DRF's ``APIView.check_throttles``: every throttle is consulted and the longest
    wait wins, so a REST view with SCOPED_THROTTLES and this call count alike. A scope refused
    once stays refused for the rest of the request without spending again (a GraphQL operation
    may ask for several fields of one scope, or be checked twice).
    """
    refused: dict[str, Throttled] | None = getattr(request, "_throttle_refusals", None)
    if refused is None:
        refused = request._throttle_refusals = {}
    if scope in refused:
        return refused[scope]
    view = SimpleNamespace(throttle_scope=scope)
    throttles = [throttle_class() for throttle_class in SCOPED_THROTTLES]
    waits = [throttle.wait() for throttle in throttles if not throttle.allow_request(request, view)]
    if not waits:
        return None
    refused[scope] = Throttled(wait=max((wait for wait in waits if wait is not None), default=None))
    return refused[scope]
