"""Portability mutations: account deletion; each body is one service call."""

from typing import Annotated

import strawberry
import strawberry_django

from graphql_schema.accounts.types import MessagePayload
from graphql_schema.context import Info
from graphql_schema.policy import policy_extensions
from portability import deletion


@strawberry.type
class PortabilityMutation:
    @strawberry_django.mutation(
        handle_django_errors=True,
        extensions=policy_extensions("deleteAccount"),
        description="Delete your account after confirming your password: signed out everywhere at once, "
        "your data erased by a background job.",
    )
    def delete_account(
        self,
        info: Info,
        password: str,
        keep_reviews: Annotated[
            bool,
            strawberry.argument(
                description="Keep your reviews (text, rating, date) and comments, author anonymized."
            ),
        ],
    ) -> MessagePayload:
        deletion.account_delete(user=info.context.user, password=password, keep_reviews=keep_reviews)
        return MessagePayload(message=deletion.DELETION_STARTED)
