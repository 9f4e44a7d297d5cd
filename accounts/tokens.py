"""JWT pairs issued, rotated and revoked through simplejwt (one token for REST and GraphQL)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from common.exceptions import AuthenticationFailed

User = get_user_model()


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def token_pair_for(user: User) -> TokenPair:
    """Issue a fresh access/refresh pair for ``user``."""
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _parse_refresh(raw: str) -> RefreshToken:
    try:
        return RefreshToken(raw)
    except TokenError as exc:
        raise AuthenticationFailed("Token is invalid, expired or revoked.") from exc


def token_refresh(*, refresh: str) -> TokenPair:
    """Exchange a valid refresh token for a new pair; the old refresh token is blacklisted."""
    token = _parse_refresh(refresh)
    user_id = token.payload.get(settings.SIMPLE_JWT.get("USER_ID_CLAIM", "user_id"))
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise AuthenticationFailed("Token is invalid, expired or revoked.")
    token.blacklist()
    return token_pair_for(user)


def token_revoke(*, refresh: str) -> None:
    """Blacklist a refresh token (logout)."""
    _parse_refresh(refresh).blacklist()


def tokens_revoke_all(*, user: User) -> None:
    """Blacklist every outstanding refresh token of ``user`` (after a password change)."""
    outstanding = OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
