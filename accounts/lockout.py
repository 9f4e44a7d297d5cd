"""Who a sign-in attempt is for, as the login lockout (django-axes) counts it."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest


def lockout_username(request: HttpRequest, credentials: Mapping[str, Any] | None) -> str | None:
    """The normalized e-mail an attempt names, whichever form sent it.

    The API logins pass ``email``, the Django admin's login form ``username``: both count
    against the same (e-mail, client address) lockout.
    """
    source = credentials if credentials is not None else request.POST
    value = source.get("email") or source.get("username")
    if not isinstance(value, str):
        return None
    return value.strip().lower() or None
