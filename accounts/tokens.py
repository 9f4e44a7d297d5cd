"""JWT pairs issued, rotated and revoked through simplejwt (one token for REST and GraphQL).

Two stamps retire tokens, both read from the user row the request loads anyway (no extra query;
accounts/authentication.py):

- ``User.token_version``: every token carries the value current when it was issued in its
  ``ver`` claim and is honoured only while it equals the column. Raising it (a password reset or
  change, accounts/models.py) retires every token of the user at once.
- ``User.revoked_token_families``: every sign-in starts a token family, the ``fam`` claim that
  its refresh token, each rotated successor and their access tokens share. Logout revokes the
  family of the refresh token it is given; so does presenting a refresh token that was already
  rotated (a stolen token being replayed, or the victim after the thief): the whole family ends,
  access tokens included, while the user's other sessions go on. An entry is kept as long as a
  refresh token of that family could still be valid (REFRESH_TOKEN_LIFETIME); past
  MAX_REVOKED_FAMILIES live entries the user's tokens are all retired instead.

Refresh tokens are also blacklisted one by one as they rotate (simplejwt's blacklist), which is
how a replay is recognized.
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken

from common.exceptions import AuthenticationFailed

User = get_user_model()

TOKEN_VERSION_CLAIM = "ver"  # noqa: S105 (a claim name, not a secret)
TOKEN_FAMILY_CLAIM = "fam"  # noqa: S105 (a claim name, not a secret)
MAX_REVOKED_FAMILIES = 100
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
    return payload.get(api_settings.USER_ID_CLAIM)


def _family(payload: Mapping[str, Any]) -> str:
    """The token family of a token; a token issued before families existed is its own."""
    return str(payload.get(TOKEN_FAMILY_CLAIM) or payload.get(api_settings.JTI_CLAIM))


def token_is_current(payload: Mapping[str, Any], user: User) -> bool:
    """Whether a token is neither retired by ``user.token_version`` nor of a revoked family."""
    return (
        payload.get(TOKEN_VERSION_CLAIM) == user.token_version
        and _family(payload) not in user.revoked_token_families
    )


def token_pair_for(user: User, *, family: str | None = None) -> TokenPair:
    """Issue an access/refresh pair for ``user`` at its current token version.

    Without ``family`` the pair starts a new family (a sign-in); a rotation passes the old one.
    """
    refresh = _RefreshToken.for_user(user)
    refresh[TOKEN_VERSION_CLAIM] = user.token_version
    refresh[TOKEN_FAMILY_CLAIM] = family or refresh[api_settings.JTI_CLAIM]
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


@transaction.atomic
def token_family_revoke(*, user_id: Any, family: str) -> None:
    """End one token family of a user: its refresh and access tokens stop working at once."""
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        return
    now = time.time()
    kept_since = now - api_settings.REFRESH_TOKEN_LIFETIME.total_seconds()
    revoked = {fam: at for fam, at in user.revoked_token_families.items() if at > kept_since}
    revoked[family] = now
    if len(revoked) > MAX_REVOKED_FAMILIES:
        revoked = {}
        user.token_version += 1
    user.revoked_token_families = revoked
    user.save(update_fields=["revoked_token_families", "token_version"])


def _parse_refresh(raw: str) -> _RefreshToken:
    """A valid, current refresh token; a replayed one first revokes its family."""
    try:
        return _RefreshToken(raw)
    except RefreshTokenReplayed as exc:
        token_family_revoke(user_id=_user_id(exc.payload), family=_family(exc.payload))
        raise AuthenticationFailed(REFUSED_MESSAGE) from exc
    except TokenError as exc:
        raise AuthenticationFailed(REFUSED_MESSAGE) from exc


def _token_user(token: _RefreshToken) -> User:
    user = User.objects.filter(pk=_user_id(token.payload), is_active=True).first()
    if user is None or not token_is_current(token.payload, user):
        raise AuthenticationFailed(REFUSED_MESSAGE)
    return user


def token_refresh(*, refresh: str) -> TokenPair:
    """Exchange a valid refresh token for a new pair of the same family; the old one is blacklisted.

    Presenting a refresh token that was already exchanged revokes its family.
    """
    token = _parse_refresh(refresh)
    user = _token_user(token)
    token.blacklist()
    return token_pair_for(user, family=_family(token.payload))


def token_revoke(*, refresh: str) -> None:
    """Logout: blacklist the refresh token and end its family (this session's tokens)."""
    token = _parse_refresh(refresh)
    user = _token_user(token)
    token.blacklist()
    token_family_revoke(user_id=user.pk, family=_family(token.payload))
