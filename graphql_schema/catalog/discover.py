"""GraphQL ``discover``: filters and order as inputs, one engagement.discovery call, a Relay connection."""

import datetime
from enum import Enum

import strawberry
from strawberry import relay

from catalog import discover as catalog_discover
from catalog.selectors import MAX_YEAR, MIN_YEAR
from engagement import discovery
from graphql_schema.catalog.availability_filter import AvailabilityFilterInput, availability_arguments
from graphql_schema.catalog.types import MovieType
from graphql_schema.connections import connection
from graphql_schema.context import Info
from graphql_schema.policy import policy_extensions

GenresMatch = strawberry.enum(
    Enum("GenresMatch", {match.upper(): match for match in catalog_discover.GENRE_MATCHES}),
    description="ANY: a movie with one of the genres; ALL: with every one.",
)
DiscoverOrderField = strawberry.enum(
    Enum("DiscoverOrderField", {order.upper(): order for order in catalog_discover.ORDERS}),
    description="RATING is our users' average; SHUFFLE a stable pseudo-random order for a seed.",
)
Direction = strawberry.enum(
    Enum("Direction", {direction.upper(): direction for direction in catalog_discover.DIRECTIONS}),
    description="Ascending or descending.",
)
_MAX = catalog_discover.MAX_LIST


@strawberry.input(
    name="DiscoverFilter", description="Every condition given must hold; ranges include their ends."
)
class DiscoverFilter(AvailabilityFilterInput):
    genres: list[str] | None = strawberry.field(default=None, description=f"Genre slugs (at most {_MAX}).")
    genres_match: GenresMatch | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="How genres combine: ANY (default) or ALL."
    )
    exclude_genres: list[str] | None = strawberry.field(default=None, description="Genre slugs to leave out.")
    year_min: int | None = strawberry.field(default=None, description=f"{MIN_YEAR} to {MAX_YEAR}.")
    year_max: int | None = strawberry.field(default=None, description=f"{MIN_YEAR} to {MAX_YEAR}.")
    release_from: datetime.date | None = strawberry.field(
        default=None, description="Released on or after (not with a year range)."
    )
    release_to: datetime.date | None = strawberry.field(default=None, description="Released on or before.")
    runtime_min: int | None = strawberry.field(default=None, description="Minutes.")
    runtime_max: int | None = strawberry.field(default=None, description="Minutes.")
    rating_min: float | None = strawberry.field(default=None, description="Our users' average rating (0-5).")
    rating_max: float | None = strawberry.field(default=None, description="Our users' average rating (0-5).")
    vote_average_min: float | None = strawberry.field(default=None, description="TMDb's vote average (0-10).")
    vote_average_max: float | None = strawberry.field(default=None, description="TMDb's vote average (0-10).")
    vote_count_min: int | None = strawberry.field(default=None, description="TMDb's vote count, at least.")
    language: str | None = strawberry.field(default=None, description="Original language, ISO 639-1 (en).")
    people: list[int] | None = strawberry.field(
        default=None, description=f"TMDb person ids in cast or crew (any; at most {_MAX})."
    )
    keywords: list[str] | None = strawberry.field(
        default=None, description=f"Keyword slugs (any; at most {_MAX})."
    )
    hide_seen: bool | None = strawberry.field(
        default=None, description="Leave out what you have seen, rated or dismissed (signed-in readers)."
    )


@strawberry.input(name="DiscoverOrder", description="The order; ties are broken by TMDb id.")
class DiscoverOrder:
    field: DiscoverOrderField = DiscoverOrderField.POPULARITY  # type: ignore[valid-type,attr-defined]
    direction: Direction | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Default: ASC for TITLE and SHUFFLE, else DESC."
    )
    seed: int | None = strawberry.field(default=None, description="SHUFFLE's seed (0 to 2147483647).")


def _arguments(filter: DiscoverFilter | None, order_by: DiscoverOrder | None) -> dict:
    asked = {name: value for name, value in vars(filter).items() if value is not None} if filter else {}
    if "genres_match" in asked:
        asked["genres_match"] = asked["genres_match"].value
    if filter is not None:
        asked |= availability_arguments(filter)
    if order_by is not None:
        asked["order"] = order_by.field.value
        if order_by.direction is not None:
            asked["direction"] = order_by.direction.value
        asked["seed"] = order_by.seed
    return asked


@strawberry.type
class DiscoverQuery:
    @strawberry.field(
        description="Discover movies in the local catalog by every filter, in one order "
        "(first/after forward, last/before backward; cursors belong to the query that gave them out).",
        extensions=policy_extensions("discover"),
    )
    def discover(
        self,
        info: Info,
        filter: DiscoverFilter | None = None,
        order_by: DiscoverOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[MovieType]:
        found = discovery.discover(user=info.context.user, **_arguments(filter, order_by))
        return connection(
            found.movies,
            info,
            ordering=found.ordering,
            first=first,
            after=after,
            last=last,
            before=before,
            binding=found.binding,
            keys_first=True,
        )
