"""GraphQL types of the recsys domain."""

from enum import Enum

import strawberry

from graphql_schema.catalog.types import MovieType
from recsys.services import STRATEGIES


@strawberry.enum(name="TimeRange", description="Trending window: the last 24 hours or the last 7 days.")
class TimeRange(Enum):
    DAY = "day"
    WEEK = "week"


# Values come from the service's strategy list, so the rule lives once.
Strategy = strawberry.enum(
    Enum("Strategy", {strategy.upper(): strategy for strategy in STRATEGIES}),
    name="Strategy",
    description="Recommendation strategy: hybrid blend (default), content-based only, or collaborative only.",
)


@strawberry.type(name="Recommendation")
class RecommendationType:
    movie: MovieType
    score: float = strawberry.field(description="Blend score in [0, 1]; higher is better.")
    reasons: list[str] = strawberry.field(description='Why, e.g. "because you liked Toy Story".')
