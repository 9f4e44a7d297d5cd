"""One JSON error body for every REST failure under ``/api/`` (drf-standardized-errors' shape).

``{"type": "validation_error" | "client_error" | "server_error",
"errors": [{"code": "...", "detail": "...", "attr": "field" | null}]}``: DRF views answer it
through ``ExceptionHandler``; what Django or a middleware refuses before a view runs builds it
with ``error_response``, so both read the same.
"""

from dataclasses import asdict

from django.conf import settings
from django.core.exceptions import DisallowedHost, ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from drf_standardized_errors.handler import ExceptionHandler as StandardizedExceptionHandler
from drf_standardized_errors.types import CLIENT_ERROR, SERVER_ERROR, Error, ErrorResponse
from rest_framework import exceptions, status
from rest_framework_simplejwt.exceptions import AuthenticationFailed as TokenAuthenticationFailed

from common.exceptions import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    RequestTimedOut,
    ResyncRequired,
    TooManyAttempts,
    UpstreamUnavailable,
)

SERVER_ERROR_DETAIL = "Internal server error."


def error_body(status_code: int, code: str, detail: str) -> dict:
    """The error body for one error that names no field, built as the handler's formatter builds it."""
    kind = SERVER_ERROR if status_code >= 500 else CLIENT_ERROR
    return asdict(ErrorResponse(kind, [Error(code, detail, None)]))


def error_response(status_code: int, code: str, detail: str, *, wait: float | None = None) -> JsonResponse:
    """A JSON error answer built outside DRF's views; ``wait`` becomes ``Retry-After``."""
    response = JsonResponse(error_body(status_code, code, detail), status=status_code)
    if wait is not None:
        response["Retry-After"] = str(int(wait))
    return response


def _api_error(message: str, status_code: int, code: str) -> exceptions.APIException:
    error = exceptions.APIException(message, code=code)
    error.status_code = status_code
    return error


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, Conflict):
        return _api_error(exc.message, status.HTTP_409_CONFLICT, "conflict")
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, TooManyAttempts):
        error = exceptions.Throttled(detail=exc.message, code="too_many_attempts")
        error.wait = settings.AXES_COOLOFF_TIME.total_seconds()
        return error
    if isinstance(exc, AuthenticationFailed):
        return exceptions.AuthenticationFailed(exc.message)
    if isinstance(exc, TokenAuthenticationFailed):
        # simplejwt's body (detail, code, messages) read as one error: its detail and code.
        detail = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
        error = exceptions.AuthenticationFailed(str(detail["detail"]), code=str(detail.get("code", "")))
        error.status_code = exc.status_code
        return error
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)  # the domain's reason, else DRF's
    if isinstance(exc, ObjectDoesNotExist):
        return exceptions.NotFound(exc.message if isinstance(exc, DomainError) else None)
    if isinstance(exc, ResyncRequired):
        return _api_error(exc.message, status.HTTP_410_GONE, "resync_required")
    if isinstance(exc, UpstreamUnavailable | RequestTimedOut):
        return _api_error(exc.message, status.HTTP_503_SERVICE_UNAVAILABLE, "service_unavailable")
    return exc


class ExceptionHandler(StandardizedExceptionHandler):
    """drf-standardized-errors' handler, after mapping domain and Django errors to API errors."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        return super().convert_known_exceptions(_translate(exc))

    def convert_unhandled_exceptions(self, exc: Exception) -> exceptions.APIException:
        """A bug reads as the 500 Django's handler500 gives, never the exception's text."""
        if isinstance(exc, exceptions.APIException):
            return exc
        return exceptions.APIException(SERVER_ERROR_DETAIL, code="error")

    def should_not_handle(self, exc: Exception) -> bool:
        """A body past its limit is left to Django and the middleware that answer it (400, 413)."""
        return isinstance(exc, RequestDataTooBig) or super().should_not_handle(exc)

    def report_exception(self, exc: exceptions.APIException, response) -> None:
        """Only a 500 is a bug worth a traceback; a 503 (upstream down) is an expected answer."""
        if exc.status_code == status.HTTP_500_INTERNAL_SERVER_ERROR:
            super().report_exception(exc, response)


def bad_request(request, exception=None) -> JsonResponse:
    """JSON 400 for a request Django refuses before any view; a bad Host header is never echoed."""
    if isinstance(exception, DisallowedHost):
        return error_response(400, "invalid_host", "Invalid Host header.")
    return error_response(400, "bad_request", "Bad request.")


def not_found(request, exception=None) -> JsonResponse:
    """JSON 404 for any unknown URL."""
    return error_response(404, "not_found", "Not found.")


def server_error(request) -> JsonResponse:
    """JSON 500 (always a bug; logged by Django)."""
    return error_response(500, "error", SERVER_ERROR_DETAIL)
