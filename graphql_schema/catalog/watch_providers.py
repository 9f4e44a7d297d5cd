"""Where to watch on GraphQL: the provider and region lists (``Movie.watchProviders`` is on the type)."""

import strawberry
import strawberry_django

from catalog import offers
from graphql_schema.catalog.watch_provider_types import WatchProviderType, WatchRegionType
from graphql_schema.policy import policy_extensions


@strawberry.type
class WatchProvidersQuery:
    @strawberry_django.field(
        description="Watch providers (public): those serving a region in its order when given, "
        "else every one in TMDb's order.",
        extensions=policy_extensions("watchProviders"),
    )
    def watch_providers(self, region: str | None = None) -> list[WatchProviderType]:
        return [WatchProviderType.of(p) for p in offers.provider_list_fetch(region=region)]

    @strawberry_django.field(
        description="The countries TMDb has offers for, by English name (public).",
        extensions=policy_extensions("watchRegions"),
    )
    def watch_regions(self) -> list[WatchRegionType]:
        return offers.region_list_fetch()  # type: ignore[return-value]
