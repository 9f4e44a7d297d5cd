"""GraphQL ``AvailabilityFilter``: the availability filter's input, shared by every movie list
that takes it; checked by engagement.availability_filter (the messages live there)."""

from enum import Enum
from typing import Annotated

import strawberry

from catalog import availability
from engagement.availability_filter import AvailabilityFilter, availability_filter
from graphql_schema.context import Info

Monetization = strawberry.enum(
    Enum("Monetization", {kind.upper(): kind for kind in availability.MONETIZATIONS}),
    description="How an offer lets people watch: subscription (FLATRATE), FREE, ADS, RENT or BUY.",
)


@strawberry.input(
    name="AvailabilityFilter",
    description="Where the movies can be watched; every condition given must hold.",
)
class AvailabilityFilterInput:
    region: str | None = strawberry.field(
        default=None,
        description="Available in this region (ISO 3166-1 alpha-2, e.g. US); with providers or monetization "
        "and no region: your region (DEFAULT_REGION when anonymous).",
    )
    providers: list[int] | None = strawberry.field(
        default=None,
        description=f"On one of these watch provider ids (at most {availability.MAX_FILTER_PROVIDERS}).",
    )
    monetization: list[Monetization] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Offered as one of these (any)."
    )
    on_my_services: bool | None = strawberry.field(
        default=None,
        description="Available in your region on your saved services (signed-in readers; not with region or "
        "providers).",
    )


# The argument every list taking the filter declares: ``availability: AvailabilityArgument = None``.
AvailabilityArgument = Annotated[
    AvailabilityFilterInput | None,
    strawberry.argument(description="Only movies available where this says (the availability filter)."),
]


def availability_arguments(given: AvailabilityFilterInput) -> dict:
    """The availability arguments ``given`` names, as engagement.availability_filter takes them."""
    asked = {
        name: getattr(given, name)
        for name in ("region", "providers", "monetization", "on_my_services")
        if getattr(given, name) is not None
    }
    if "monetization" in asked:
        asked["monetization"] = [kind.value for kind in asked["monetization"]]
    return asked


def checked_filter(info: Info, given: AvailabilityFilterInput | None) -> AvailabilityFilter | None:
    """The checked filter ``given`` asks for as the reader reads it (BAD_USER_INPUT when bad)."""
    if given is None:
        return None
    return availability_filter(info.context.user, **availability_arguments(given))
