"""Request context: the Bearer token decides the user; anything invalid is anonymous."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken

from accounts.authentication import VersionedJWTAuthentication

_jwt = VersionedJWTAuthentication()


def bearer_user(request: HttpRequest):
    """The active user of a valid, unrevoked ``Authorization: Bearer`` access token, else AnonymousUser."""
    try:
        result = _jwt.authenticate(request)
    except (InvalidToken, AuthenticationFailed):
        return AnonymousUser()
    return result[0] if result else AnonymousUser()
