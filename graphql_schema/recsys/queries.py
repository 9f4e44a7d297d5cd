"""GraphQL queries of the recsys domain."""

from collections.abc import Iterator
from contextlib import contextmanager

import strawberry
import strawberry_django
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from graphql import GraphQLError, get_named_type
from strawberry.types import Info
from strawberry_django.optimizer import _generate_selection_resolve_info, _get_selections, optimize

from catalog.models import Movie
from graphql_schema.catalog.types import MovieType
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
        self, info: Info, time_range: TimeRange = TimeRange.WEEK, limit: int = DEFAULT_LIMIT
    ) -> list[MovieType]:
        try:
            return recsys_services.trending_movies(
                time_range=time_range.value, limit=limit, user=info.context.request.user
            )
        except ValidationError as error:
            raise GraphQLError(" ".join(error.messages)) from error

    @strawberry.field(
        description="The signed-in user's recommendations, best first, each with its reasons "
        f"(limit 1 to {settings.MAX_PAGE_SIZE}). Signed-in users only.",
        extensions=policy_extensions("recommendations", quiet=False),
    )
    def recommendations(
        self, info: Info, strategy: Strategy = Strategy.HYBRID, limit: int = recsys_services.DEFAULT_LIMIT
    ) -> list[RecommendationType]:
        user = info.context.request.user
        with _as_graphql_error():
            result = recsys_services.user_recommendations(user=user, strategy=strategy.value, limit=limit)
        movies = _optimized_nested(result.movies, info, "movie")
        return [
            RecommendationType(movie=r.movie, score=r.score, reasons=r.reasons) for r in result.items(movies)
        ]

    @strawberry_django.field(
        description="Movies for someone who liked this one: collaborative and content neighbours "
        "blended. An unknown tmdbId is an error."
    )
    def item_recommendations(
        self, info: Info, tmdb_id: int, limit: int = recsys_services.DEFAULT_LIMIT
    ) -> list[MovieType]:
        with _as_graphql_error():
            return selectors.item_recommendations(
                tmdb_id=tmdb_id, limit=limit, user=info.context.request.user
            )

    @strawberry_django.field(
        description="Movies similar to this one: TMDb's similar list merged with local content "
        "neighbours. An unknown tmdbId is an error.",
        extensions=policy_extensions("similar"),
    )
    def similar(
        self, info: Info, tmdb_id: int, limit: int = recsys_services.DEFAULT_LIMIT
    ) -> list[MovieType]:
        with _as_graphql_error():
            return recsys_services.similar_movies_fetch(
                tmdb_id=tmdb_id, limit=limit, user=info.context.request.user
            )


@contextmanager
def _as_graphql_error() -> Iterator[None]:
    """Field errors as one readable GraphQL error message."""
    try:
        yield
    except ValidationError as error:
        raise GraphQLError(" ".join(error.messages)) from error


def _optimized_nested(movies: QuerySet[Movie], info: Info, field: str) -> QuerySet[Movie]:
    """``movies`` shaped by the optimizer for the selection under ``field`` of this field's items.

    strawberry-django optimizes QuerySets returned for a Movie list; here the movies sit one
    level down (Recommendation.movie), so the sub-selection is handed to it explicitly.
    """
    raw = info._raw_info
    parent = get_named_type(raw.return_type)
    nodes = [
        node for nodes in _get_selections(raw, parent).values() for node in nodes if node.name.value == field
    ]
    if not nodes:
        return movies
    movie_type = get_named_type(parent.fields[field].type)
    return optimize(movies, _generate_selection_resolve_info(raw, nodes, movie_type, parent))
