"""Where to watch, read: a movie's offers in a region, the provider and region lists, region checks
and the "available in region R on providers P as M" filter other reads build on.

Offers are TMDb's, who take them from JustWatch: wherever they are shown, JustWatch is named
(``ATTRIBUTION``). A movie's offers are read as stored, with the time they were fetched, so an
answer while TMDb is down shows the last known offers and their age. Reads of many movies
cost a fixed three queries (``movie_offers``).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet

from catalog.models import (
    MAX_TMDB_ID,
    Monetization,
    Movie,
    MovieOffer,
    MovieWatchLink,
    WatchProvider,
    WatchRegion,
)
from catalog.tmdb.normalize import REGION_CODE

LOGO_SIZE = "w92"
ATTRIBUTION_TEXT = "Streaming data by JustWatch"
ATTRIBUTION_URL = "https://www.justwatch.com/"
NOT_SET_UP = "Where to watch is not set up on this server (no TMDb key): no offers are known."
NOT_FETCHED = "This movie's offers have not been fetched from TMDb yet."
MONETIZATIONS = tuple(Monetization.values)
# Caps of what one answer lists: offers of one kind for a movie in a region, providers, regions.
MAX_OFFERS_PER_KIND = 20
MAX_PROVIDERS = 500
MAX_REGIONS = 300
# The most providers one availability filter names.
MAX_FILTER_PROVIDERS = 20


@dataclass(frozen=True)
class Attribution:
    text: str = ATTRIBUTION_TEXT
    url: str = ATTRIBUTION_URL


@dataclass(frozen=True)
class Provider:
    """A provider as answers show it."""

    provider_id: int
    name: str
    logo_url: str


@dataclass(frozen=True)
class MovieOffers:
    """A movie's offers in one region, grouped by monetization (each group in TMDb's order).

    ``available`` is False when nothing is known of the movie's offers (never fetched), and
    ``note`` says why; ``fetched_at`` is the age of what is shown.
    """

    tmdb_id: int
    region: str
    link: str = ""
    fetched_at: datetime.datetime | None = None
    offers: dict[str, list[Provider]] = field(default_factory=lambda: {m: [] for m in MONETIZATIONS})
    attribution: Attribution = Attribution()

    @property
    def available(self) -> bool:
        return self.fetched_at is not None

    @property
    def note(self) -> str:
        if self.available:
            return ""
        return NOT_FETCHED if settings.TMDB_API_KEY else NOT_SET_UP


def logo_url(logo_path: str) -> str:
    """The full URL of a TMDb logo path ("" without one)."""
    if not logo_path.startswith("/"):
        return ""
    return f"{settings.TMDB_IMAGE_BASE_URL.rstrip('/')}/{LOGO_SIZE}{logo_path}"


def _provider(row: WatchProvider) -> Provider:
    return Provider(provider_id=row.provider_id, name=row.name, logo_url=logo_url(row.logo_path))


def region_check(region: str) -> str:
    """``region`` as an upper-case ISO 3166-1 alpha-2 code a region list knows; ValidationError if not.

    TMDb's stored region list decides; before it is stored, the ISO 3166-1 list does.
    """
    code = region.strip().upper() if isinstance(region, str) else ""
    if REGION_CODE.fullmatch(code):
        stored = WatchRegion.objects.all()
        known = stored.filter(code=code).exists() or (
            not stored.exists() and pycountry.countries.get(alpha_2=code) is not None
        )
        if known:
            return code
    shown = str(region)[:20]
    raise ValidationError(
        {"region": f"“{shown}” is not a known region: give an ISO 3166-1 alpha-2 code, e.g. US or DE."}
    )


def movie_offers(*, tmdb_ids: Sequence[int], region: str) -> dict[int, MovieOffers]:
    """Each movie's offers in ``region`` (a checked code), by TMDb id; three queries for any number.

    Movies not in the catalog are left out.
    """
    fetched = dict(
        Movie.objects.filter(tmdb_id__in=tmdb_ids).values_list("tmdb_id", "watch_providers_fetched_at")
    )
    links = dict(
        MovieWatchLink.objects.filter(movie_id__in=fetched, region=region).values_list("movie_id", "link")
    )
    grouped: dict[int, dict[str, list[Provider]]] = {t: {m: [] for m in MONETIZATIONS} for t in fetched}
    rows = (
        MovieOffer.objects.filter(movie_id__in=fetched, region=region)
        .select_related("provider")
        .order_by("display_priority", "provider__name", "provider_id")
    )
    for offer in rows:
        group = grouped[offer.movie_id][offer.monetization]
        if len(group) < MAX_OFFERS_PER_KIND:
            group.append(_provider(offer.provider))
    return {
        tmdb_id: MovieOffers(
            tmdb_id=tmdb_id,
            region=region,
            link=links.get(tmdb_id, ""),
            fetched_at=fetched_at,
            offers=grouped[tmdb_id],
        )
        for tmdb_id, fetched_at in fetched.items()
    }


def provider_list(*, region: str | None = None) -> list[Provider]:
    """The stored providers, in TMDb's order for ``region`` (a checked code) and only those
    serving it when given, else TMDb's global order."""
    rows: Iterable[WatchProvider] = WatchProvider.objects.all()
    if region is not None:
        rows = sorted(
            (row for row in rows if region in row.display_priorities),
            key=lambda row: (row.display_priorities[region], row.name, row.provider_id),
        )
    return [_provider(row) for row in rows][:MAX_PROVIDERS]


def region_list() -> QuerySet[WatchRegion]:
    """The stored watch regions, by English name."""
    return WatchRegion.objects.all()[:MAX_REGIONS]


def providers_missing(provider_ids: Iterable[int]) -> list[int]:
    """The ids among ``provider_ids`` that are not stored providers, ascending."""
    wanted = set(provider_ids)
    found = set(WatchProvider.objects.filter(provider_id__in=wanted).values_list("provider_id", flat=True))
    return sorted(wanted - found)


def _offers(
    region: str, provider_ids: Iterable[int] | None, monetizations: Iterable[str] | None
) -> QuerySet[MovieOffer]:
    offers = MovieOffer.objects.filter(region=region)
    if provider_ids is not None:
        offers = offers.filter(provider_id__in=list(provider_ids))
    if monetizations is not None:
        offers = offers.filter(monetization__in=list(monetizations))
    return offers


def available_in(
    *,
    region: str,
    provider_ids: Iterable[int] | None = None,
    monetizations: Iterable[str] | None = None,
    movie: str = "tmdb_id",
) -> Exists:
    """A filter of rows whose ``movie`` field holds a TMDb id (a Movie's own by default): offered in
    ``region`` [by one of ``provider_ids``] [as one of ``monetizations``]; a semi-join on the
    (region, provider, monetization, movie) index."""
    return Exists(_offers(region, provider_ids, monetizations).filter(movie_id=OuterRef(movie)))


def offered_ids(
    tmdb_ids: Sequence[int],
    *,
    region: str,
    provider_ids: Iterable[int] | None = None,
    monetizations: Iterable[str] | None = None,
) -> list[int]:
    """The ids among ``tmdb_ids`` offered as ``available_in`` says, in their given order: one query
    for any number (for id lists computed elsewhere: TMDb pages, precomputed rankings)."""
    if not tmdb_ids:
        return []
    offers = _offers(region, provider_ids, monetizations).filter(movie_id__in=list(tmdb_ids))
    offered = set(offers.values_list("movie_id", flat=True).distinct().order_by())
    return [tmdb_id for tmdb_id in tmdb_ids if tmdb_id in offered]


@dataclass(frozen=True)
class AvailabilityFilter:
    """A checked availability filter: offered in ``region`` [by one of ``providers``] [as one of
    ``monetization``]."""

    region: str
    providers: tuple[int, ...] = ()
    monetization: tuple[str, ...] = ()

    def condition(self, movie: str = "tmdb_id") -> Exists:
        """A filter of rows whose ``movie`` field holds a TMDb id (a Movie's own by default)."""
        return available_in(
            region=self.region,
            provider_ids=self.providers or None,
            monetizations=self.monetization or None,
            movie=movie,
        )

    @property
    def binding(self) -> str:
        """The filter's identity, which the cursors of a list it filters are signed for (common/keyset.py)."""
        return f"{self.region}:{','.join(map(str, self.providers))}:{','.join(self.monetization)}"

    def keep(self, tmdb_ids: Sequence[int]) -> list[int]:
        """The ids among ``tmdb_ids`` that pass, in their order: one query for any number."""
        return offered_ids(
            tmdb_ids,
            region=self.region,
            provider_ids=self.providers or None,
            monetizations=self.monetization or None,
        )


def criteria_check(
    region: str | None, providers: Sequence[int] | None, monetization: Sequence[str] | None
) -> tuple[tuple[str | None, tuple[int, ...], tuple[str, ...]], dict[str, str]]:
    """The checked region code, provider ids and monetizations of an availability filter, and a
    message by argument for each bad one: providers must be stored ones (at most
    MAX_FILTER_PROVIDERS), monetizations known ones, the region a known one, and providers or
    monetization need a region."""
    errors: dict[str, str] = {}
    provider_ids = tuple(sorted(set(providers or ())))
    monetizations = tuple(sorted(set(monetization or ())))
    if not all(1 <= pid <= MAX_TMDB_ID for pid in provider_ids):
        errors["providers"] = "providers are TMDb provider ids (1 or more)."
    elif len(provider_ids) > MAX_FILTER_PROVIDERS:
        errors["providers"] = f"providers: name at most {MAX_FILTER_PROVIDERS}."
    elif missing := (providers_missing(provider_ids) if provider_ids else []):
        shown = ", ".join(str(pid) for pid in missing[:MAX_FILTER_PROVIDERS])
        errors["providers"] = f"providers: no watch provider with id {shown}."
    if not set(monetizations) <= set(MONETIZATIONS):
        errors["monetization"] = f"monetization is one of {', '.join(MONETIZATIONS)}."
    code = None
    if region is not None:
        try:
            code = region_check(region)
        except ValidationError as error:
            errors["region"] = " ".join(error.message_dict["region"])
    elif provider_ids or monetizations:
        errors["region"] = "Name the region the providers or monetization are for."
    return (code, provider_ids, monetizations), errors


def movies_available(
    *, region: str, provider_ids: Iterable[int] | None = None, monetizations: Iterable[str] | None = None
) -> QuerySet[Movie]:
    """Catalog movies offered in ``region`` [by ``provider_ids``] [as ``monetizations``]."""
    return Movie.objects.filter(
        available_in(region=region, provider_ids=provider_ids, monetizations=monetizations)
    )
