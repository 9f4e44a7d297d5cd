"""A user's services (region and streaming providers) on GraphQL: ``me { services }`` and its mutation."""

from typing import Annotated

import strawberry
import strawberry_django

from engagement import user_services
from engagement.user_services import Services
from graphql_schema.catalog.watch_provider_types import REGION, WatchProviderType
from graphql_schema.context import Info
from graphql_schema.engagement.mutations import mutation_options


@strawberry.type(name="UserServices", description="The region you watch from and the services you have.")
class UserServicesType:
    region: str = strawberry.field(description=REGION + " Movies' watchProviders default to it.")
    providers: list[WatchProviderType]

    @classmethod
    def of(cls, services: Services) -> "UserServicesType":
        """The GraphQL shape of a user's services."""
        return cls(region=services.region, providers=[WatchProviderType.of(p) for p in services.providers])


@strawberry.type
class UserServicesMutation:
    @strawberry_django.mutation(
        **mutation_options("updateServices"),
        description="Replace your region and streaming services (provider ids from watchProviders).",
    )
    def update_services(
        self,
        info: Info,
        region: Annotated[str, strawberry.argument(description=REGION)],
        provider_ids: list[int],
    ) -> UserServicesType:
        changed = user_services.user_services_update(
            user=info.context.user, region=region, provider_ids=provider_ids
        )
        return UserServicesType.of(changed)
