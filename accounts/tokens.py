"""JWT pairs issued, rotated and revoked through simplejwt (one token for REST and GraphQL).

Revocation uses one stamp: ``User.token_version``. Every token carries the value current when
it was issued in its ``ver`` claim, and a token is honoured only while that claim equals the
user's column, which the request reads with the user row anyway (accounts/authentication.py):
raising the column retires every access and refresh token of the user at once. It is raised at
logout, after a password reset or change, and when a refresh token that was already rotated is
presented again (a stolen token being replayed, or the victim after the thief; either way the
whole family, and every other session of the user, ends). Refresh tokens are also blacklisted
one by one as they rotate (simplejwt's blacklist), which is how a replay is recognized.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from common.exceptions import AuthenticationFailed

User = get_user_model()

TOKEN_VERSION_CLAIM = "ver"  # noqa: S105 (a claim name, not a secret)
REFUSED_MESSAGE = "Token is invalid, expired or revoked."


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


class RefreshTokenReplayed(TokenError):
    """A validly signed, unexpired refresh token that was already rotated or revoked."""

    def __init__(self, payload: Mapping[str, Any]) -> None:
        super().__init__("Token is blacklisted")
        self.payload = payload


class _RefreshToken(RefreshToken):
    """simplejwt's refresh token whose blacklist hit says which token was replayed."""

    def check_blacklist(self) -> None:
        try:
            super().check_blacklist()
        except TokenError as exc:
            raise RefreshTokenReplayed(self.payload) from exc


def _user_id(payload: Mapping[str, Any]) -> Any:
    return payload.get(settings.SIMPLE_JWT.get("USER_ID_CLAIM", "user_id"))


def token_is_current(payload: Mapping[str, Any], user: User) -> bool:
    """Whether a token's ``ver`` claim still matches ``user.token_version``."""
    return payload.get(TOKEN_VERSION_CLAIM) == user.token_version


def token_pair_for(user: User) -> TokenPair:
    """Issue a fresh access/refresh pair for ``user`` at its current token version."""
    refresh = _RefreshToken.for_user(user)
    refresh[TOKEN_VERSION_CLAIM] = user.token_version
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def tokens_revoke_all(*, user_id: Any, version: int | None = None) -> None:
    """Retire every token of a user by raising its token version.

    With ``version``, only when the user is still at it: a replay of a token that is already
    retired changes nothing.
    """
    users = User.objects.filter(pk=user_id)
    if version is not None:
        users = users.filter(token_version=version)
    users.update(token_version=F("token_version") + 1)


def _parse_refresh(raw: str) -> _RefreshToken:
    """A valid, current refresh token; a replayed one first retires its user's tokens."""
    try:
        return _RefreshToken(raw)
    except RefreshTokenReplayed as exc:
        version = exc.payload.get(TOKEN_VERSION_CLAIM)
        if isinstance(version, int):
            tokens_revoke_all(user_id=_user_id(exc.payload), version=version)
        raise AuthenticationFailed(REFUSED_MESSAGE) from exc
    except TokenError as exc:
        raise AuthenticationFailed(REFUSED_MESSAGE) from exc


def _token_user(token: _RefreshToken) -> User:
    user = User.objects.filter(pk=_user_id(token.payload), is_active=True).first()
    if user is None or not token_is_current(token.payload, user):
        raise AuthenticationFailed(REFUSED_MESSAGE)
    return user


def token_refresh(*, refresh: str) -> TokenPair:
    """Exchange a valid refresh token for a new pair; the old refresh token is blacklisted.

    Presenting a refresh token that was already exchanged revokes all the user's tokens.
    """
    token = _parse_refresh(refresh)
    user = _token_user(token)
    token.blacklist()
    return token_pair_for(user)


def token_revoke(*, refresh: str) -> None:
    """Logout: blacklist the refresh token and retire every token of its user."""
    token = _parse_refresh(refresh)
    user = _token_user(token)
    token.blacklist()
    tokens_revoke_all(user_id=user.pk, version=user.token_version)
