"""GraphQL queries of the recsys domain."""

import strawberry
import strawberry_django
from django.conf import settings

from graphql_schema.catalog.availability_filter import AvailabilityArgument, checked_filter
from graphql_schema.catalog.types import MovieType
from graphql_schema.context import Info
from graphql_schema.policy import policy_extensions
from graphql_schema.recsys.types import RecommendationType, Strategy, TimeRange
from recsys import selectors
from recsys import services as recsys_services
from recsys.trending import DEFAULT_LIMIT


@strawberry.type
class RecsysQuery:
    @strawberry_django.field(
        description=f"Trending movies of the window, best first (limit 1 to {settings.MAX_PAGE_SIZE}).",
        extensions=policy_extensions("trending"),
    )
    def trending(
        self,
        info: Info,
        time_range: TimeRange = TimeRange.WEEK,
        limit: int = DEFAULT_LIMIT,
        availability: AvailabilityArgument = None,
    ) -> list[MovieType]:
        return recsys_services.trending_movies(
            time_range=time_range.value,
            limit=limit,
            user=info.context.user,
            available=checked_filter(info, availability),
        )

    @strawberry.field(
        description="The signed-in user's recommendations, best first, each with its reasons "
        f"(limit 1 to {settings.MAX_PAGE_SIZE}). Signed-in users only.",
        extensions=policy_extensions("recommendations", quiet=False),
    )
    def recommendations(
        self,
        info: Info,
        strategy: Strategy = Strategy.HYBRID,
        limit: int = recsys_services.DEFAULT_LIMIT,
        availability: AvailabilityArgument = None,
    ) -> list[RecommendationType]:
        result = recsys_services.user_recommendations(
            user=info.context.user,
            strategy=strategy.value,
            limit=limit,
            available=checked_filter(info, availability),
        )
        batch = tuple(entry["tmdb_id"] for entry in result.entries)
        return [
            RecommendationType(
                tmdb_id=entry["tmdb_id"], batch=batch, score=entry["score"], reasons=entry["reasons"]
            )
            for entry in result.entries
        ]

    @strawberry_django.field(
        description="Movies for someone who liked this one: collaborative and content neighbours "
        "blended. An unknown tmdbId is an error."
    )
    def item_recommendations(
        self,
        info: Info,
        tmdb_id: int,
        limit: int = recsys_services.DEFAULT_LIMIT,
        availability: AvailabilityArgument = None,
    ) -> list[MovieType]:
        return selectors.item_recommendations(
            tmdb_id=tmdb_id, limit=limit, user=info.context.user, available=checked_filter(info, availability)
        )

    @strawberry_django.field(
        description="Movies similar to this one: TMDb's similar list merged with local content "
        "neighbours. An unknown tmdbId is an error.",
        extensions=policy_extensions("similar"),
    )
    def similar(
        self,
        info: Info,
        tmdb_id: int,
        limit: int = recsys_services.DEFAULT_LIMIT,
        availability: AvailabilityArgument = None,
    ) -> list[MovieType]:
        return recsys_services.similar_movies_fetch(
            tmdb_id=tmdb_id, limit=limit, user=info.context.user, available=checked_filter(info, availability)
        )
