"""Request bodies above the upload limit are refused before anything reads them."""

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
