"""The one GraphQL schema: per-domain query and mutation classes, guarded by limits."""

import functools

import strawberry
from django.conf import settings
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry_django.optimizer import DjangoOptimizerExtension

from graphql_schema.accounts.mutations import AccountMutation
from graphql_schema.accounts.queries import AccountQuery
from graphql_schema.catalog.discover import DiscoverQuery
from graphql_schema.catalog.mutations import CatalogMutation
from graphql_schema.catalog.queries import CatalogQuery
from graphql_schema.catalog.watch_providers import WatchProvidersQuery
from graphql_schema.cost_limit import CostLimit
from graphql_schema.dataloaders import NoteMovies
from graphql_schema.deadline import RequestDeadline
from graphql_schema.engagement.diary import DiaryMutation, DiaryQuery
from graphql_schema.engagement.mutations import EngagementMutation
from graphql_schema.engagement.queries import EngagementQuery
from graphql_schema.engagement.stats import StatsQuery
from graphql_schema.engagement.user_services import UserServicesMutation
from graphql_schema.errors import QuietSchema, ValidationErrors, should_mask_error
from graphql_schema.limits import limit_rule
from graphql_schema.lists.mutations import ListMutation
from graphql_schema.lists.queries import ListQuery
from graphql_schema.notifications.queries import NotificationMutation, NotificationQuery
from graphql_schema.portability.mutations import PortabilityMutation
from graphql_schema.recsys.movie_night import MovieNightMutation, MovieNightQuery
from graphql_schema.recsys.queries import RecsysQuery
from graphql_schema.response_cache import ResponseCache
from graphql_schema.social.feed import FeedQuery
from graphql_schema.social.friends import FriendsQuery
from graphql_schema.social.mutations import SocialMutation
from graphql_schema.social.queries import SocialQuery
from graphql_schema.social.reactions import ReactionMutation, ReactionQuery


@strawberry.type
class Query(
    CatalogQuery,
    DiscoverQuery,
    WatchProvidersQuery,
    RecsysQuery,
    MovieNightQuery,
    EngagementQuery,
    DiaryQuery,
    ListQuery,
    StatsQuery,
    NotificationQuery,
    SocialQuery,
    FeedQuery,
    FriendsQuery,
    ReactionQuery,
    AccountQuery,
):
    pass


@strawberry.type
class Mutation(
    AccountMutation,
    CatalogMutation,
    EngagementMutation,
    UserServicesMutation,
    DiaryMutation,
    ListMutation,
    NotificationMutation,
    SocialMutation,
    ReactionMutation,
    MovieNightMutation,
    PortabilityMutation,
):
    pass


# Distinct query texts whose parse and validation results are kept (per process).
DOCUMENT_CACHE_SIZE = 256


# Built once per pair of limits so validation results can be cached.
_limit_rule = functools.cache(limit_rule)


def _limits() -> AddValidationRules:
    return AddValidationRules([_limit_rule(settings.GRAPHQL_MAX_DEPTH, settings.GRAPHQL_MAX_ALIASES)])


def _extensions() -> list:
    extensions = [
        DjangoOptimizerExtension,
        NoteMovies,
        _limits,
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: MaskErrors(should_mask_error=should_mask_error),
        ValidationErrors,
        CostLimit,
        RequestDeadline,
        ResponseCache,
    ]
    if not settings.GRAPHQL_INTROSPECTION:
        extensions.append(DisableIntrospection)
    return extensions


def suggestions_off(*, debug: bool, introspection: bool) -> bool:
    """'Did you mean ...' hints reveal field names: give them only while debugging with introspection on."""
    return not (debug and introspection)


schema = QuietSchema(
    query=Query,
    mutation=Mutation,
    extensions=_extensions(),
    config=StrawberryConfig(
        disable_field_suggestions=suggestions_off(
            debug=settings.DEBUG, introspection=settings.GRAPHQL_INTROSPECTION
        )
    ),
)
