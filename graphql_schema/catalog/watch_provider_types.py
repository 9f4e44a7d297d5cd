"""GraphQL shapes of where to watch: a movie's offers, providers and regions (catalog.availability)."""

import datetime

import strawberry
import strawberry_django

from catalog.availability import MovieOffers, Provider
from catalog.models import WatchRegion

REGION = "ISO 3166-1 alpha-2 code, e.g. US or DE."


@strawberry.type(name="WatchProvider", description="A streaming, rental or purchase service (TMDb's id).")
class WatchProviderType:
    id: int
    name: str
    logo_url: str

    @classmethod
    def of(cls, provider: Provider) -> "WatchProviderType":
        """The GraphQL shape of one provider."""
        return cls(id=provider.provider_id, name=provider.name, logo_url=provider.logo_url)


@strawberry.type(name="WatchAttribution", description="Whom offers come from: show it wherever they are.")
class WatchAttributionType:
    text: str
    url: str


@strawberry.type(
    name="MovieWatchProviders",
    description="Where a movie can be watched in one region, by kind of offer (JustWatch data via TMDb).",
)
class MovieWatchProvidersType:
    region: str = strawberry.field(description=REGION)
    link: str = strawberry.field(description="TMDb's page of the movie's offers in the region (or empty).")
    fetched_at: datetime.datetime | None = strawberry.field(
        description="When these offers were read from TMDb: their age (null when never)."
    )
    available: bool = strawberry.field(description="Whether the movie's offers are known at all.")
    note: str = strawberry.field(description="Why nothing is known, when available is false.")
    flatrate: list[WatchProviderType] = strawberry.field(description="With a subscription.")
    free: list[WatchProviderType]
    ads: list[WatchProviderType] = strawberry.field(description="Free with ads.")
    rent: list[WatchProviderType]
    buy: list[WatchProviderType]
    attribution: WatchAttributionType

    @classmethod
    def of(cls, found: MovieOffers) -> "MovieWatchProvidersType":
        """The GraphQL shape of a movie's offers in one region."""
        groups = {kind: [WatchProviderType.of(p) for p in found.offers[kind]] for kind in found.offers}
        return cls(
            region=found.region,
            link=found.link,
            fetched_at=found.fetched_at,
            available=found.available,
            note=found.note,
            attribution=WatchAttributionType(text=found.attribution.text, url=found.attribution.url),
            **groups,
        )


@strawberry_django.type(WatchRegion, name="WatchRegion", description="A country TMDb has offers for.")
class WatchRegionType:
    code: str = strawberry_django.field(description=REGION)
    english_name: str
    native_name: str
