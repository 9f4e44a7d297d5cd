"""Bearer-token authentication shared by REST and GraphQL: simplejwt plus the token version."""

import structlog
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.tokens import Token

from accounts.tokens import token_is_current


class VersionedJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication that also refuses tokens retired by ``User.token_version``.

    The version is read from the user row simplejwt loads anyway, so the check costs no query.
    """

    def get_user(self, validated_token: Token):
        user = super().get_user(validated_token)
        if not token_is_current(validated_token.payload, user):
            raise AuthenticationFailed("Token has been revoked.", code="token_revoked")
        # The request's log lines name the token's user from here on (django-structlog only
        # sees session users before the view runs).
        structlog.contextvars.bind_contextvars(user_id=str(user.pk))
        return user
