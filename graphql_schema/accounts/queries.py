"""Account queries."""

import strawberry

from graphql_schema.accounts.types import UserType
from graphql_schema.context import Info


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in user, or null when anonymous.")
    def me(self, info: Info) -> UserType | None:
        user = info.context.user
        return user if user.is_authenticated else None
