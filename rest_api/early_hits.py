"""Cached REST reads answered before DRF's dispatch.

A GET whose answer is in the payload cache then costs one Redis round trip and none of DRF's
request wrapping, negotiation and permission machinery. A signed-in reader whose row this
process remembers is taken on trust, guarded in that same round trip (accounts/user_cache.py);
else their row is read first (two round trips). The early path only answers where it can vouch
for what those steps would decide:

* the operation is a cacheable read and the view adds no permission of its own beyond the
  declared sign-in (which a signed-in reader meets);
* the answer is JSON as DRF would negotiate it: the view renders JSON only, there is no
  ``?format=``, and ``Accept`` is absent or names JSON (``application/json``, ``application/*``
  or ``*/*``) with no parameter but ``q``;
* a bearer token, if one is sent, authenticates.

Anything else, a throttle refusal and a miss go on to DRF's dispatch, which refuses or builds as
usual; the throttles spent and the slot read here are handed on, so nothing is spent or read
twice.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponseBase
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer

from accounts.authentication import distrust, remembered_user
from api_policy import throttling
from common import http_caching, payload_cache
from common.cache import Guard
from rest_api import caching

_SLOT = "_early_hit_slot"
_JSON_RANGES = frozenset({"application/json", "application/*", "*/*"})


def _json_accepted(request: HttpRequest) -> bool:
    """Whether DRF's negotiation would pick plain JSON for this request (read from META: cheap)."""
    query = request.META.get("QUERY_STRING", "")
    if ("format" in query or "%" in query) and "format" in request.GET:
        return False
    header = request.META.get("HTTP_ACCEPT", "").strip()
    if not header:
        return True
    for item in header.split(","):
        media, *params = item.split(";")
        if media.strip().lower() in _JSON_RANGES:
            return all(param.strip().lower().startswith("q=") for param in params)
    return False


def _reader(view: Any, request: HttpRequest) -> tuple[Any, Guard | None] | None:
    """The request's user, as remembered (with the guard to spend under) or as the view's
    authenticators see it; None when one of them refuses."""
    if "HTTP_AUTHORIZATION" not in request.META:
        return AnonymousUser(), None
    remembered = remembered_user(request)
    if remembered is not None:
        return remembered.user, remembered.guard
    for authenticator in view.get_authenticators():
        try:
            found = authenticator.authenticate(request)
        except APIException:
            return None
        if found is not None:
            return found[0], None
    return None


def _open_to(view: Any, user: Any) -> bool:
    """Whether the view's permissions let ``user`` in, judged without DRF's request."""
    permissions = view.get_permissions()
    if not all(isinstance(permission, (AllowAny, IsAuthenticated)) for permission in permissions):
        return False
    return user.is_authenticated or not any(isinstance(p, IsAuthenticated) for p in permissions)


def answer(view: Any, request: HttpRequest) -> HttpResponseBase | None:
    """The cached answer to ``request`` (a GET of ``view``, a DeclaredOperations view), or None.

    None means DRF's dispatch must run: the request is not one the early path vouches for, a
    throttle refused it (the refusal is recorded on the request) or the answer is not cached
    (the slot read and the throttles spent are recorded, see ``missed``).
    """
    policy = view.policy()
    renderers = view.renderer_classes
    if (
        request.method != "GET"
        or not policy.cacheable
        or len(renderers) != 1
        or not issubclass(renderers[0], JSONRenderer)
        or not _json_accepted(request)
    ):
        return None
    reader = _reader(view, request)
    if reader is None or not _open_to(view, reader[0]):
        return None
    request.user, guard = reader
    where = caching.place(request)
    scopes = [policy.throttle] if policy.throttle else []
    spent = throttling.spend(request, scopes, read=where.keys, guard=guard)
    if spent.stale:
        distrust(request.user)
        return None
    if spent.refused is not None:
        return None
    found = where.slot(spent.found)
    if found.value is None:
        setattr(request, _SLOT, found)
        throttling.prepay(request, scopes)
        return None
    return http_caching.conditional(
        request, etag=found.etag, signed_in=request.user.is_authenticated, body=found.value
    )


def missed(request: Any) -> payload_cache.Slot | None:
    """The slot the early path read and found empty for this request, if it did."""
    return getattr(request, _SLOT, None)
