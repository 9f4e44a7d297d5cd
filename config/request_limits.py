"""Requests over a size limit are refused before anything reads them: bodies above the upload
limit (uploads also while they stream), and API URLs above ``API_MAX_URL_BYTES``."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from config.uploads import UploadTooLarge
from rest_api.exceptions import error_response


def too_large(limit: int) -> JsonResponse:
    """The JSON 413 every oversized body gets."""
    return error_response(413, "request_too_large", f"The request body is larger than {limit} bytes.")


BAD_CONTENT_LENGTH = "The Content-Length header must be a whole number of bytes."


def _body_limit(request: HttpRequest) -> int | None:
    """The most a body of this type may declare: multipart adds the form's allowance to the files'."""
    if request.content_type == "multipart/form-data":
        return settings.UPLOAD_MAX_BYTES + settings.UPLOAD_FORM_ALLOWANCE_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class BodySizeLimitMiddleware:
    """A JSON 413 for a body whose declared length exceeds its limit, before a byte is read (and a
    JSON 400 for a Content-Length that is not a number, which nothing after this may parse).

    Other bodies are held to ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django itself raises only when the
    body is read, as a 400, and DRF reads the stream past it); a multipart body to
    ``UPLOAD_MAX_BYTES`` plus ``UPLOAD_FORM_ALLOWANCE_BYTES``, as Django's own accounting leaves
    file parts out. A body that declares less than it carries is cut at its declared length by
    the WSGI stream, and its files are counted as they stream (config/uploads.py): an
    UploadTooLarge raised while a view reads them is answered with the same 413.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not (declared.isascii() and declared.isdigit()):
            return error_response(400, "bad_content_length", BAD_CONTENT_LENGTH)
        limit = _body_limit(request)
        if limit is not None and int(declared) > limit:
            return too_large(limit)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The 413 for files that passed the upload limit while the view read them."""
        if isinstance(exception, UploadTooLarge):
            return too_large(exception.limit)
        return None


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
            return error_response(414, "url_too_long", f"The URL is longer than {limit} bytes.")
        return self.get_response(request)
