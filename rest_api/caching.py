"""Rendered REST answers reused through the shared payload cache."""

from collections.abc import Callable

from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from common import payload_cache


def cached_response(request: Request, build: Callable[[], dict]) -> HttpResponse:
    """A JSON answer of ``build()``'s data, reused (already rendered) while nothing it shows has changed.

    The key is the absolute URL (so page links stay right) and the reader. Errors raised by
    ``build`` propagate and are never cached. Throttles have already run by the time a view
    handler calls this, so a cached answer spends them like any other.
    """
    user_id = request.user.pk if request.user.is_authenticated else None
    body = payload_cache.cached(
        user_id=user_id,
        parts=["rest", request.build_absolute_uri()],
        build=lambda: JSONRenderer().render(build()),
    )
    return HttpResponse(body, content_type="application/json")
