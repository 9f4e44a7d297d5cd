"""Rendered REST answers reused through the shared payload cache, with ETags and 304s."""

from collections.abc import Callable

from django.http import HttpResponseBase
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from common import http_caching, payload_cache


def cached_response(request: Request, build: Callable[[], dict]) -> HttpResponseBase:
    """A JSON answer of ``build()``'s data, reused (already rendered) while nothing it shows has changed.

    The key is the absolute URL (so page links stay right) and the reader. A client holding
    the current ETag gets a 304 without a body. Errors raised by ``build`` propagate and are
    never cached. Throttles have already run by the time a view handler calls this, so a
    cached answer (or a 304) spends them like any other.
    """
    signed_in = request.user.is_authenticated
    found = payload_cache.slot(
        user_id=request.user.pk if signed_in else None, parts=["rest", request.build_absolute_uri()]
    )
    if found.value is not None:
        body, etag = found.value, found.etag
    else:
        body = JSONRenderer().render(build())
        etag = payload_cache.fill(found, body)
    return http_caching.conditional(request, etag=etag, signed_in=signed_in, body=body)
