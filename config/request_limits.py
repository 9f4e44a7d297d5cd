"""Requests over a size limit are refused before anything reads them: bodies above the upload
limit, and API URLs above ``API_MAX_URL_BYTES``."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class BodySizeLimitMiddleware:
    """A JSON 413 for a body whose declared length exceeds ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

    Django itself raises only when the body is read, as a 400 (and DRF reads the stream past
    it); this answers both surfaces alike, before a byte is read. Multipart uploads keep
    Django's own accounting, which leaves file parts out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.content_type != "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return JsonResponse({"detail": f"The request body is larger than {limit} bytes."}, status=413)
        return self.get_response(request)


API_PREFIXES = ("/api/", "/graphql/")


class UrlLengthLimitMiddleware:
    """A JSON 414 for an API URL (path and query) longer than ``API_MAX_URL_BYTES``.

    gunicorn refuses a request line above its ``--limit-request-line`` (Procfile) with a plain
    text 414 before Django sees it; this limit is lower, so API clients get the JSON body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.API_MAX_URL_BYTES
        if request.path_info.startswith(API_PREFIXES) and len(request.get_full_path()) > limit:
            return JsonResponse({"detail": f"The URL is longer than {limit} bytes."}, status=414)
        return self.get_response(request)
