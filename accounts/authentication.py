"""Bearer-token authentication shared by REST and GraphQL: simplejwt plus the token version.

A token's signature and type are checked once per process: the checked token is kept (up to
VALIDATED_KEPT of them) and only its expiry is checked again on later requests. Whether it was
revoked is read from the user row on every request, so logout and deactivation still take
effect at once. A cached read may instead take the row this process remembers
(``remembered_user``), provided the spend of its throttles checks the row's guard in the same
round trip (accounts/user_cache.py).
"""

from dataclasses import dataclass
from typing import Any

import structlog
from django.http import HttpRequest
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token
from rest_framework_simplejwt.utils import aware_utcnow

from accounts import user_cache
from accounts.tokens import token_is_current
from audit.recording import actor_bind
from common.cache import Guard

VALIDATED_KEPT = 4096
_validated: dict[bytes, Token] = {}  # raw token -> the token simplejwt validated


class VersionedJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication that reads the user through the user cache and also refuses
    tokens retired by ``User.token_version`` or a revoked token family.

    Both stamps are on the user row, so the checks cost no query; a cached row costs none at all.
    """

    def get_validated_token(self, raw_token: bytes) -> Token:
        token = _checked(raw_token)
        if token is not None:
            return token
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
        user = user_cache.cached_user(user_id)
        refused = _refusal(validated_token.payload, user)
        if refused is not None:
            raise refused
        _bind(user)
        return user


def _refusal(payload: dict[str, Any], user: Any) -> AuthenticationFailed | None:
    """Why a token with ``payload`` does not sign ``user`` in (None: it does)."""
    if user is None:
        return AuthenticationFailed("User not found", code="user_not_found")
    if not user.is_active:
        return AuthenticationFailed("User is inactive", code="user_inactive")
    if not token_is_current(payload, user):
        return AuthenticationFailed("Token has been revoked.", code="token_revoked")
    return None


def _checked(raw_token: bytes) -> Token | None:
    """The token as validated earlier in this process, if it is and has not expired since."""
    token = _validated.get(raw_token)
    if token is None:
        return None
    try:
        token.check_exp(current_time=aware_utcnow())
    except TokenError:
        _validated.pop(raw_token, None)
        return None
    return token


def _bind(user: Any) -> None:
    # The request's log lines name the token's user from here on (django-structlog only sees
    # session users before the view runs), and so do its recorded admin operations.
    structlog.contextvars.bind_contextvars(user_id=str(user.pk))
    actor_bind(user)


@dataclass(frozen=True)
class Remembered:
    """A signed-in reader taken on trust until ``guard`` is checked (see ``remembered_user``)."""

    user: Any
    guard: Guard


_authentication = VersionedJWTAuthentication()


def remembered_user(request: HttpRequest) -> Remembered | None:
    """The user of the request's bearer token as this process last read their row, if it did.

    Only for a token whose signature this process already checked and that has not expired,
    and a remembered row under which the token is current. The caller must spend with
    ``guard`` before relying on the user, and read the row afresh (full authentication) when
    the spend answers stale. None (authenticate as usual) in every other case.
    """
    header = _authentication.get_header(request)
    try:
        raw_token = _authentication.get_raw_token(header) if header is not None else None
    except AuthenticationFailed:
        return None
    token = _checked(raw_token) if raw_token is not None else None
    user_id = token.payload.get(api_settings.USER_ID_CLAIM) if token is not None else None
    found = user_cache.remembered(user_id) if user_id is not None else None
    if found is None:
        return None
    user, guard = found
    if _refusal(token.payload, user) is not None:
        return None
    _bind(user)
    return Remembered(user=user, guard=guard)


def distrust(user: Any) -> None:
    """Undo ``remembered_user`` for a reader whose guard did not hold: this process forgets the
    row, and the request's log lines and admin records no longer name them."""
    user_cache.forget(user.pk)
    structlog.contextvars.unbind_contextvars("user_id")
    actor_bind(None)
