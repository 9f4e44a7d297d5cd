"""One JSON error shape for every REST failure: ``{"detail": ...}`` or field errors."""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    RequestTimedOut,
    TooManyAttempts,
    UpstreamUnavailable,
)

logger = logging.getLogger(__name__)


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, Conflict):
        error = exceptions.APIException(exc.message)
        error.status_code = status.HTTP_409_CONFLICT
        return error
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, TooManyAttempts):
        error = exceptions.Throttled(detail=exc.message)
        error.wait = settings.AXES_COOLOFF_TIME.total_seconds()
        return error
    if isinstance(exc, AuthenticationFailed):
        return exceptions.AuthenticationFailed(exc.message)
    if isinstance(exc, ObjectDoesNotExist):
        return exceptions.NotFound(exc.message if isinstance(exc, DomainError) else None)
    if isinstance(exc, UpstreamUnavailable | RequestTimedOut):
        error = exceptions.APIException(exc.message)
        error.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return error
    return exc


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, after mapping domain and Django errors to API errors."""
    response = drf_exception_handler(_translate(exc), context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data}
    return response


def bad_request(request, exception=None) -> JsonResponse:
    """JSON 400 for a request Django refuses before any view; a bad Host header is never echoed."""
    detail = "Invalid Host header." if isinstance(exception, DisallowedHost) else "Bad request."
    return JsonResponse({"detail": detail}, status=400)


def not_found(request, exception=None) -> JsonResponse:
    """JSON 404 for any unknown URL."""
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request) -> JsonResponse:
    """JSON 500 (always a bug; logged by Django)."""
    return JsonResponse({"detail": "Internal server error."}, status=500)
