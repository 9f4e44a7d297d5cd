"""HTTP caching headers: who may keep an answer, for how long, and 304s for unchanged ones.

Cached reads (common/payload_cache.py) carry a strong ETag, or a weak one (``weak``) where
equal answers may differ in bytes (a GraphQL answer reports each request's own cost);
``conditional`` answers a
matching ``If-None-Match`` with 304 Not Modified and no body. ``Cache-Control`` says who may
keep an answer: anonymous catalog reads are ``public`` for HTTP_CACHE_MAX_AGE seconds (then
served stale for up to HTTP_CACHE_STALE_WHILE_REVALIDATE while revalidating), a signed-in
reader's answers are ``private, no-cache`` (kept by the browser, revalidated on every use),
and ``CachePolicyMiddleware`` marks everything else that changes or reveals state ``no-store``.
``Vary: Authorization`` keeps a shared cache from handing one reader's answer to another.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

NO_STORE = "no-store"
PRIVATE = "private, no-cache"
_SAFE_METHODS = frozenset({"GET", "HEAD"})
# A longer If-None-Match is not read at all (a real client sends one tag, or a few).
_MAX_IF_NONE_MATCH = 1024


def public() -> str:
    """The Cache-Control of an anonymous catalog read."""
    return (
        f"public, max-age={settings.HTTP_CACHE_MAX_AGE}, "
        f"stale-while-revalidate={settings.HTTP_CACHE_STALE_WHILE_REVALIDATE}"
    )


def _matches(request: HttpRequest, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, as RFC 9110 asks for this header)."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header or len(header) > _MAX_IF_NONE_MATCH:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def weak(etag: str) -> str:
    """The weak form of an ETag: the answers it stands for are equivalent, not byte-identical."""
    return etag if etag.startswith("W/") else f"W/{etag}"


def mark(response: HttpResponseBase, *, etag: str, signed_in: bool) -> HttpResponseBase:
    """Give a cacheable read its ETag, Cache-Control and Vary headers."""
    response["ETag"] = etag
    response["Cache-Control"] = PRIVATE if signed_in else public()
    patch_vary_headers(response, ["Authorization"])
    return response


def conditional(request: HttpRequest, *, etag: str, signed_in: bool, body: bytes) -> HttpResponseBase:
    """304 when the client holds ``etag`` already, else the JSON ``body``; both with cache headers."""
    if _matches(request, etag):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    return mark(response, etag=etag, signed_in=signed_in)


class CachePolicyMiddleware:
    """``no-store`` on any answer that set no policy of its own and is a write or an error.

    Reads that set nothing and carry credentials are ``private, no-cache``; anonymous reads
    that set nothing are left as they are.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if request.method not in _SAFE_METHODS or response.status_code >= 400:
            response["Cache-Control"] = NO_STORE
        elif "Authorization" in request.headers:
            response["Cache-Control"] = PRIVATE
            patch_vary_headers(response, ["Authorization"])
        return response
