"""GraphQL types of the recsys domain."""

from enum import Enum

import strawberry

from graphql_schema.catalog.types import MovieType
from graphql_schema.context import Info
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


def _movie(root: "RecommendationType", info: Info) -> MovieType:
    # One query per list: the movies of the whole list load with the first one asked for.
    return info.context.loaders.movie_by_tmdb_id.load(root.tmdb_id, batch=root.batch, info=info)


@strawberry.type(name="Recommendation")
class RecommendationType:
    movie: MovieType = strawberry.field(resolver=_movie)
    tmdb_id: strawberry.Private[int]
    batch: strawberry.Private[tuple[int, ...]]  # the TMDb ids of the list this entry is part of
    score: float = strawberry.field(description="Blend score in [0, 1]; higher is better.")
    reasons: list[str] = strawberry.field(description='Why, e.g. "because you liked Toy Story".')
