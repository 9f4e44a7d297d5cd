"""Bearer-token authentication shared by REST and GraphQL: simplejwt plus the token version.

A token's signature and type are checked once per process: the checked token is kept (up to
VALIDATED_KEPT of them) and only its expiry is checked again on later requests. Whether it was
revoked is read from the user row on every request, so logout and deactivation still take
effect at once.
"""

import structlog
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token
from rest_framework_simplejwt.utils import aware_utcnow

from accounts.tokens import token_is_current
from accounts.user_cache import cached_user
from audit.recording import actor_bind

VALIDATED_KEPT = 4096
_validated: dict[bytes, Token] = {}  # raw token -> the token simplejwt validated


class VersionedJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication that reads the user through the user cache and also refuses
    tokens retired by ``User.token_version`` or a revoked token family.

    Both stamps are on the user row, so the checks cost no query; a cached row costs none at all.
    """

    def get_validated_token(self, raw_token: bytes) -> Token:
        token = _validated.get(raw_token)
        if token is not None:
            try:
                token.check_exp(current_time=aware_utcnow())
                return token
            except TokenError:
                _validated.pop(raw_token, None)
        token = super().get_validated_token(raw_token)
        if len(_validated) >= VALIDATED_KEPT:
            _validated.clear()
        _validated[raw_token] = token
        return token

    def get_user(self, validated_token: Token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as exc:
            raise InvalidToken("Token contained no recognizable user identification") from exc
        user = cached_user(user_id)
        if user is None:
            raise AuthenticationFailed("User not found", code="user_not_found")
        if not user.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        if not token_is_current(validated_token.payload, user):
            raise AuthenticationFailed("Token has been revoked.", code="token_revoked")
        # The request's log lines name the token's user from here on (django-structlog only
        # sees session users before the view runs), and so do its recorded admin operations.
        structlog.contextvars.bind_contextvars(user_id=str(user.pk))
        actor_bind(user)
        return user
