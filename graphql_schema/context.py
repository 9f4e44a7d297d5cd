"""The typed request context: the Bearer token decides the user; none at all is anonymous."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from strawberry.django.context import StrawberryDjangoContext
from strawberry.types import Info as StrawberryInfo

from accounts.authentication import VersionedJWTAuthentication
from graphql_schema.dataloaders import Loaders

_jwt = VersionedJWTAuthentication()


REFUSED_BEARER = "Token is invalid, expired or revoked."


class InvalidBearer(Exception):
    """A Bearer token was sent and is invalid, expired, forged or revoked (UNAUTHENTICATED)."""


def bearer_user(request: HttpRequest):
    """The active user of the request's ``Authorization: Bearer`` access token; AnonymousUser
    when none is sent. Raises InvalidBearer for a token that does not authenticate."""
    try:
        result = _jwt.authenticate(request)
    except (InvalidToken, AuthenticationFailed) as error:
        raise InvalidBearer(REFUSED_BEARER) from error
    return result[0] if result else AnonymousUser()


@dataclass
class Context(StrawberryDjangoContext):
    """What every resolver gets: the request, its user and the request's loaders."""

    user: AbstractBaseUser | AnonymousUser = field(default_factory=AnonymousUser)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.user)


# The ``info`` of a resolver in this schema.
Info = StrawberryInfo[Context, None]
