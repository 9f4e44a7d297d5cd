"""The REST side of each operation's declared policy (api_policy.operations).

A view mixes in ``DeclaredOperations`` and names, per HTTP method, the operation it serves;
the policy then sets its throttles, its sign-in requirement and whether ``answer`` keeps its
answers in the payload cache. HEAD follows GET, and OPTIONS follows GET when GET is declared.
A cacheable read's answer is looked up with its throttles, in one round trip, after
authentication and permissions: a hit is then answered without building anything. A plain GET
of JSON (rest_api.early_hits) is looked up before DRF's dispatch; anything it cannot vouch for
takes the full path, which then spends nothing twice.
"""

from collections.abc import Callable, Mapping
from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponseBase
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from api_policy import throttling
from api_policy.operations import DEFAULT, Policy, declared
from api_policy.throttling import SCOPED_THROTTLES
from common import payload_cache
from rest_api import caching, early_hits

_READS = frozenset({"GET", "HEAD"})


class DeclaredOperations:
    # Mixin of a DRF view whose operations' policies are declared in api_policy.operations. (A
    # comment, not a docstring: drf-spectacular would show a docstring as each operation's text.)

    # HTTP method -> the operation (GraphQL root field name) it serves.
    operations: ClassVar[Mapping[str, str]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        scopes = {declared(name).throttle for name in cls.operations.values()} - {None}
        if len(scopes) > 1:
            raise ImproperlyConfigured(f"{cls.__name__} serves operations of several throttle scopes.")
        if scopes:
            # The view's scope, for the throttles and the OpenAPI description of its answers.
            cls.throttle_scope = scopes.pop()

    def policy(self) -> Policy:
        """The policy of the operation the current request's method serves."""
        method = self.request.method
        if method in ("HEAD", "OPTIONS"):
            method = "GET"
        name = self.operations.get(method)
        return declared(name) if name is not None else DEFAULT

    # The slot of a cacheable read's answer, read with the throttles (``check_throttles``).
    _slot: payload_cache.Slot | None = None

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        hit = early_hits.answer(self, request)
        if hit is None:
            return super().dispatch(request, *args, **kwargs)
        self.headers = self.default_response_headers
        return self.finalize_response(request, hit)

    def get_throttles(self) -> list[BaseThrottle]:
        return [throttle() for throttle in SCOPED_THROTTLES] if self.policy().throttle else []

    def check_throttles(self, request: Request) -> None:
        policy = self.policy()
        self._slot = early_hits.missed(request)  # read already, with the throttles spent
        cacheable = policy.cacheable and request.method in _READS
        where = caching.place(request) if cacheable and self._slot is None else None
        scopes = [policy.throttle] if policy.throttle else []
        spent = throttling.spend(request, scopes, read=where.keys if where is not None else ())
        if spent.refused is not None:
            raise spent.refused
        if where is not None:
            self._slot = where.slot(spent.found)

    def get_permissions(self) -> list[BasePermission]:
        permissions = super().get_permissions()
        if self.policy().sign_in is None:
            return permissions
        others = [p for p in permissions if not isinstance(p, (AllowAny, IsAuthenticated))]
        return [IsAuthenticated(), *others]

    def answer(self, build: Callable[[], dict | list]) -> HttpResponseBase:
        """``build()``'s data as the answer, kept in the payload cache when the operation is cacheable."""
        if self.policy().cacheable:
            found = self._slot or payload_cache.read(caching.place(self.request))
            return caching.cached_response(self.request, found, build)
        return Response(build())
