"""Rendered REST answers reused through the shared payload cache, with ETags and 304s."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from common import http_caching, payload_cache


def place(request: HttpRequest) -> payload_cache.Place:
    """Where the answer to this GET lives: the absolute URL (so page links stay right) and the reader."""
    user = request.user
    return payload_cache.place(
        user_id=user.pk if user.is_authenticated else None, parts=["rest", request.build_absolute_uri()]
    )


def cached_response(
    request: Request, found: payload_cache.Slot, build: Callable[[], dict | list]
) -> HttpResponseBase:
    """A JSON answer of ``build()``'s data, reused (already rendered) while nothing it shows has changed.

    ``found`` is the answer's slot (``place``), read with the throttles in one round trip
    (rest_api.operations), so a cached answer (or a 304) spends them like any other. A client
    holding the current ETag gets a 304 without a body. Errors raised by ``build`` propagate
    and are never cached.
    """
    if found.value is not None:
        body, etag = found.value, found.etag
    else:
        body = JSONRenderer().render(build())
        etag = payload_cache.fill(found, body)
    return http_caching.conditional(request, etag=etag, signed_in=request.user.is_authenticated, body=body)
