"""Where to watch, stored: TMDb's watch providers (JustWatch data) into the local catalog.

A movie's offers arrive in its detail call (``append_to_response=...,watch/providers``) and
replace what was stored for it in one transaction: an offer or region TMDb no longer lists
is removed. Each replacement records when it happened (``Movie.watch_providers_fetched_at``,
the age readers are shown) and, when offers changed, sends ``offers_changed`` once committed.
The provider and region lists are upserted whenever TMDb's are fetched, so checks of a
user's region and providers work offline.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from catalog import availability
from catalog.availability import Provider
from catalog.models import Movie, MovieOffer, MovieWatchLink, WatchProvider, WatchRegion
from catalog.signals import offers_changed
from catalog.tmdb import TmdbError, api
from catalog.tmdb.normalize import ProviderData, RegionData, RegionOffersData

# (region, provider_id, monetization): one offer of a movie.
OfferKey = tuple[str, int, str]


@dataclass(frozen=True)
class OffersChange:
    """What one refresh changed in a movie's offers."""

    tmdb_id: int
    added: frozenset[OfferKey]
    removed: frozenset[OfferKey]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def providers_upsert(*, providers: Iterable[ProviderData], full_list: bool = False) -> None:
    """Create or update providers by TMDb id; ``full_list`` (TMDb's provider list) also sets their
    per-region order, which the providers named in a movie's offers do not carry."""
    wanted = {p["provider_id"]: p for p in providers}
    fields = ["name", "logo_path", "display_priority"] + (["display_priorities"] if full_list else [])
    rows = [
        WatchProvider(
            provider_id=pid,
            name=p["name"],
            logo_path=p["logo_path"],
            display_priority=p["display_priority"],
            display_priorities=p["display_priorities"],
        )
        for pid, p in wanted.items()
    ]
    WatchProvider.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["provider_id"], update_fields=fields
    )


def regions_upsert(*, regions: Iterable[RegionData]) -> None:
    """Create or update TMDb's watch regions by code."""
    WatchRegion.objects.bulk_create(
        [
            WatchRegion(code=r["code"], english_name=r["english_name"], native_name=r["native_name"])
            for r in regions
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["english_name", "native_name"],
    )


def _full_providers_upsert(providers: list[ProviderData]) -> None:
    providers_upsert(providers=providers, full_list=True)


def _regions_store(regions: list[RegionData]) -> None:
    regions_upsert(regions=regions)


def provider_list_sync() -> bool:
    """Store TMDb's provider list when it is not cached (fetched at most once a TTL); False when
    TMDb cannot answer (what is stored stays)."""
    try:
        api.watch_provider_list(on_fresh=_full_providers_upsert)
    except TmdbError:
        return False
    return True


def region_list_sync() -> bool:
    """Store TMDb's region list when it is not cached; False when TMDb cannot answer."""
    try:
        api.watch_region_list(on_fresh=_regions_store)
    except TmdbError:
        return False
    return True


def provider_list_fetch(*, region: str | None = None) -> list[Provider]:
    """The provider list (refreshed from TMDb once a TTL when a key is set), for ``region`` when
    given (ValidationError when it is not a known region)."""
    if settings.TMDB_API_KEY:
        provider_list_sync()
        region_list_sync()
    code = None if region is None else availability.region_check(region)
    return availability.provider_list(region=code)


def region_list_fetch() -> QuerySet[WatchRegion]:
    """The region list (refreshed from TMDb once a TTL when a key is set)."""
    if settings.TMDB_API_KEY:
        region_list_sync()
    return availability.region_list()


@transaction.atomic
def offers_replace(*, tmdb_id: int, regions: dict[str, RegionOffersData]) -> OffersChange:
    """Make a stored movie's offers and links exactly TMDb's ``regions``; what changed.

    The movie row is locked, so two refreshes of one movie apply one after the other.
    """
    movie = Movie.objects.select_for_update().only("tmdb_id").get(tmdb_id=tmdb_id)
    offers = {
        (code, o["provider"]["provider_id"], o["monetization"]): o
        for code, region in regions.items()
        for o in region["offers"]
    }
    providers_upsert(providers=[o["provider"] for o in offers.values()])
    current = set(MovieOffer.objects.filter(movie=movie).values_list("region", "provider_id", "monetization"))
    added, removed = offers.keys() - current, current - offers.keys()
    if removed:
        gone = Q()
        for region, provider_id, monetization in removed:
            gone |= Q(region=region, provider_id=provider_id, monetization=monetization)
        MovieOffer.objects.filter(gone, movie=movie).delete()
    MovieOffer.objects.bulk_create(
        [
            MovieOffer(
                movie=movie,
                region=region,
                provider_id=provider_id,
                monetization=monetization,
                display_priority=offers[(region, provider_id, monetization)]["display_priority"],
            )
            for region, provider_id, monetization in added
        ]
    )
    MovieWatchLink.objects.filter(movie=movie).exclude(region__in=regions).delete()
    MovieWatchLink.objects.bulk_create(
        [MovieWatchLink(movie=movie, region=code, link=region["link"]) for code, region in regions.items()],
        update_conflicts=True,
        unique_fields=["movie", "region"],
        update_fields=["link"],
    )
    Movie.objects.filter(tmdb_id=tmdb_id).update(watch_providers_fetched_at=timezone.now())
    change = OffersChange(tmdb_id=tmdb_id, added=frozenset(added), removed=frozenset(removed))
    if change:
        transaction.on_commit(
            lambda: offers_changed.send(
                sender=MovieOffer, tmdb_id=tmdb_id, added=change.added, removed=change.removed
            )
        )
    return change
