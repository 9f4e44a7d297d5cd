"""The Django admin's login behind the same throttle and lockout as the API login."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse

from api_policy.throttling import refusal
from common.exceptions import TooManyAttempts
from rest_api.exceptions import error_response


def _too_many(detail: str, wait: float | None) -> JsonResponse:
    return error_response(429, "throttled", detail, wait=wait)


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """``admin.site.login``; a POST spends the ``auth`` scope and a locked-out attempt is a 429.

    The lockout itself is django-axes' (its authentication backend refuses the attempt and
    counts the failure, keyed by e-mail and client address like the API logins).
    """
    if request.method == "POST":
        refused = refusal(request, "auth")
        if refused is not None:
            return _too_many(str(refused.detail), refused.wait)
    response = admin.site.login(request, extra_context)
    if getattr(request, "axes_locked_out", False):
        return _too_many(TooManyAttempts.default_message, settings.AXES_COOLOFF_TIME.total_seconds())
    return response
