"""Rate limits per scope, in pairs: one per client address and one per signed-in user.

An operation's scope is declared once (api_policy.operations): a REST view spends it through
``spend`` (rest_api.operations), a GraphQL field through ``refusal``. Each request of a scope
spends from ``<scope>_ip`` (always, signed in or not, so rotating accounts or tokens does not
escape it) and from ``<scope>_user`` (signed-in requests only, following an account across
addresses); rates live in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]. Both surfaces count in the
same sliding logs of the limits store (common/limits.py), so they share counters and keep
limiting when Redis is down. All the logs a request spends from, and the cached answer it may
be served, are one round trip to Redis.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from common import limits
from common.cache import Counter, Guard, Window
from common.client_ip import client_ip
from common.dev_mode import RELAXED_SCOPES, relaxed_for


class _ScopedPairThrottle(ScopedRateThrottle):
    """A DRF throttle spending from the ``<scope>_<kind>`` rate and sliding log."""

    kind = ""
    cache_format = "throttle:%(scope)s:%(ident)s"

    def __init__(self) -> None:
        self._wait: float | None = None

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def identity(self, request: Request) -> object | None:
        """Who this throttle counts the request against; None leaves it unthrottled."""
        raise NotImplementedError

    def window(self, request: Request, scope: str) -> Window | None:
        """The sliding log ``request`` spends from in ``scope``; None when it is not limited
        (nor is a loopback client's sign-in in development mode: common.dev_mode)."""
        if scope in RELAXED_SCOPES and relaxed_for(request):
            return None
        name = f"{scope}_{self.kind}"
        # Read per request rather than from the class-level copy DRF takes at import, so
        # overridden settings apply at once.
        try:
            rate = api_settings.DEFAULT_THROTTLE_RATES[name]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for the '{name}' scope") from None
        identity = self.identity(request)
        if rate is None or identity is None:
            return None
        limit, period = self.parse_rate(rate)
        return Window(key=self.cache_format % {"scope": name, "ident": identity}, limit=limit, period=period)

    def allow_request(self, request: Request, view: Any) -> bool:
        scope = getattr(view, "throttle_scope", None)
        window = self.window(request, scope) if scope else None
        self._wait = None if window is None else limits.spend([window]).waits[0]
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait


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
_PREPAID = "_throttles_prepaid"


@dataclass(frozen=True)
class Spending:
    """A request's throttles spent: the first refusal (None when all allowed), the new values of
    the counters added with them (None when refused) and the cache values read with them;
    ``stale`` when the spend's guard did not hold, so nothing was spent or read."""

    refused: Throttled | None
    counts: list[int] | None
    found: dict[str, Any]
    stale: bool = False


def spend(
    request: Request,
    scopes: Iterable[str],
    *,
    counters: Sequence[Counter] = (),
    read: Sequence[str] = (),
    guard: Guard | None = None,
) -> Spending:
    """Spend one request of each scope from each of its throttles; when all allow, add to
    ``counters`` (e.g. points budgets); read ``read`` keys of the default cache: one round trip.
    With a ``guard`` all of it happens only if the guard holds (see common.cache.Guard).

    Mirrors DRF's ``APIView.check_throttles``: every throttle is consulted and the longest
    wait of a scope wins. A scope refused once stays refused for the rest of the request
    without spending again (a GraphQL operation may ask for several fields of one scope, or be
    checked twice); a spend ``prepay`` recorded is used up instead of spending again.
    """
    refused: dict[str, Throttled] | None = getattr(request, "_throttle_refusals", None)
    if refused is None:
        refused = request._throttle_refusals = {}
    known = [refused[scope] for scope in scopes if scope in refused]
    prepaid: list[str] = getattr(request, _PREPAID, [])
    scopes = [scope for scope in scopes if scope not in refused]
    used = [scope for scope in scopes if scope in prepaid]
    scopes = [scope for scope in scopes if scope not in used]
    spent: list[tuple[str, Window]] = []
    for scope in scopes:
        spent += [(scope, w) for throttle in SCOPED_THROTTLES if (w := throttle().window(request, scope))]
    if not spent and not read and guard is None and (known or not counters):
        _use_up(prepaid, used)
        return Spending(refused=known[0] if known else None, counts=None if known else [], found={})
    outcome = limits.spend([window for _, window in spent], () if known else counters, read=read, guard=guard)
    if outcome.stale:
        return Spending(refused=None, counts=None, found={}, stale=True)
    _use_up(prepaid, used)
    for scope in scopes:
        waits = [wait for (name, _), wait in zip(spent, outcome.waits, strict=True) if name == scope and wait]
        if waits:
            refused[scope] = Throttled(wait=max(waits))
            known.append(refused[scope])
    return Spending(
        refused=known[0] if known else None, counts=None if known else outcome.counts, found=outcome.found
    )


def _use_up(prepaid: list[str], used: list[str]) -> None:
    for scope in used:
        prepaid.remove(scope)


def prepay(request: Request, scopes: Iterable[str]) -> None:
    """Record that ``scopes`` were spent (and allowed) ahead of the work that spends them, so
    that work's ``spend`` of each of them takes nothing more."""
    setattr(request, _PREPAID, [*getattr(request, _PREPAID, []), *scopes])


def refusal(request: Request, scope: str) -> Throttled | None:
    """Spend one request of ``scope``: None when every throttle allows it, else the 429 error."""
    return spend(request, [scope]).refused
