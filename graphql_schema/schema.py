"""The one GraphQL schema: per-domain query and mutation classes, guarded by limits."""

import strawberry
from django.conf import settings
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry_django.optimizer import DjangoOptimizerExtension

from graphql_schema.accounts.mutations import AccountMutation
from graphql_schema.accounts.queries import AccountQuery
from graphql_schema.catalog.mutations import CatalogMutation
from graphql_schema.catalog.queries import CatalogQuery
from graphql_schema.engagement.mutations import EngagementMutation
from graphql_schema.engagement.queries import EngagementQuery
from graphql_schema.errors import should_mask_error
from graphql_schema.recsys.mutations import RecsysMutation
from graphql_schema.recsys.queries import RecsysQuery


@strawberry.type
class Query(CatalogQuery, RecsysQuery, EngagementQuery, AccountQuery):
    pass


@strawberry.type
class Mutation(AccountMutation, CatalogMutation, EngagementMutation, RecsysMutation):
    pass


def _extensions() -> list:
    extensions = [
        DjangoOptimizerExtension,
        lambda: QueryDepthLimiter(max_depth=settings.GRAPHQL_MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=settings.GRAPHQL_MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        lambda: MaskErrors(should_mask_error=should_mask_error),
    ]
    if not settings.GRAPHQL_INTROSPECTION:
        extensions.append(DisableIntrospection)
    return extensions


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    extensions=_extensions(),
    config=StrawberryConfig(disable_field_suggestions=not settings.DEBUG),
)
