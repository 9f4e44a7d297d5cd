"""Account queries."""

import strawberry
from strawberry.types import Info

from graphql_schema.accounts.types import UserType


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in user, or null when anonymous.")
    def me(self, info: Info) -> UserType | None:
        user = info.context.request.user
        return user if user.is_authenticated else None
