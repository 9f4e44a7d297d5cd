"""GraphQL types of the accounts domain."""

import strawberry
import strawberry_django

from accounts.models import User


@strawberry_django.type(User, name="User")
class UserType:
    id: strawberry.ID
    email: str
    username: str
    avatar_url: str
    locale: str
    bio: str
    date_joined: strawberry.auto


@strawberry.type
class AuthPayload:
    access: str
    refresh: str


@strawberry.type
class MessagePayload:
    message: str
