"""Making notifications: from a refresh's new offers and from the release job, never from a read.

Both steps are set-based: one query finds every recipient, and the rows are inserted in
batches ignoring conflicts with the once-per-event constraint (``Notification.dedupe_key``), so
repeating a step, or two workers running it at once, makes each notification at most once.
"""

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import CharField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from catalog.models import Monetization, WatchProvider
from catalog.offers import OfferKey
from engagement.models import UserServices, WatchlistItem
from notifications.models import Kind, Notification

# Offers that let a subscriber watch at no extra cost: what "available on your service" means.
# Rent and buy are for sale to anyone, so they tell a subscriber nothing new.
STREAMING = (Monetization.FLATRATE, Monetization.FREE, Monetization.ADS)
BATCH = 1000


def availability_key(tmdb_id: int, region: str, provider_id: int) -> str:
    return f"{Kind.AVAILABLE_ON_SERVICE}:{tmdb_id}:{region}:{provider_id}"


def released_key(tmdb_id: int) -> str:
    return f"{Kind.RELEASED}:{tmdb_id}"


def _insert(rows: Iterator[Notification]) -> int:
    """Insert ``rows`` in batches, skipping those a recipient has already; how many were offered."""
    offered = 0
    batch: list[Notification] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            Notification.objects.bulk_create(batch, ignore_conflicts=True)
            offered += len(batch)
            batch = []
    if batch:
        Notification.objects.bulk_create(batch, ignore_conflicts=True)
        offered += len(batch)
    return offered


def _streaming_offers(added: frozenset[OfferKey] | set[OfferKey]) -> dict[tuple[str, int], str]:
    """{(region, provider_id): monetization} of the stream-like offers among ``added`` (the first
    of STREAMING's order when a provider has several)."""
    found: dict[tuple[str, int], str] = {}
    for monetization in STREAMING:
        for region, provider_id, offered in added:
            if offered == monetization:
                found.setdefault((region, provider_id), monetization)
    return found


def availability_notify(*, tmdb_id: int, added: Iterable[OfferKey]) -> int:
    """Tell each user with the movie on their watchlist whose services (region and providers)
    include a provider that now streams it there; how many notifications were offered."""
    offers = _streaming_offers(set(added))
    if not offers:
        return 0
    regions = {region for region, _ in offers}
    provider_ids = {provider_id for _, provider_id in offers}
    names = dict(
        WatchProvider.objects.filter(provider_id__in=provider_ids).values_list("provider_id", "name")
    )
    through = UserServices.providers.through
    subscribers = (
        through.objects.filter(
            watchprovider_id__in=provider_ids,
            userservices__region__in=regions,
            userservices__user__watchlist__movie_id=tmdb_id,
        )
        .values_list("userservices_id", "userservices__region", "watchprovider_id")
        .order_by()
    )
    now = timezone.now()

    def rows() -> Iterator[Notification]:
        for user_id, region, provider_id in subscribers.iterator(chunk_size=BATCH):
            monetization = offers.get((region, provider_id))
            if monetization is None:
                continue
            yield Notification(
                recipient_id=user_id,
                kind=Kind.AVAILABLE_ON_SERVICE,
                movie_id=tmdb_id,
                payload={
                    "provider_id": provider_id,
                    "provider_name": names.get(provider_id, ""),
                    "region": region,
                    "monetization": monetization,
                },
                dedupe_key=availability_key(tmdb_id, region, provider_id),
                created_at=now,
            )

    return _insert(rows())


def released_notify(*, today: datetime.date, window_days: int) -> int:
    """Tell each user whose watchlist held a movie before its release date, released in the
    ``window_days`` up to ``today``, that it is out (once); how many notifications were offered."""
    told = Notification.objects.filter(
        recipient_id=OuterRef("user_id"),
        dedupe_key=Concat(Value(f"{Kind.RELEASED}:"), Cast(OuterRef("movie_id"), CharField())),
    )
    waiting = (
        WatchlistItem.objects.filter(
            movie__release_date__gt=today - datetime.timedelta(days=window_days),
            movie__release_date__lte=today,
            added_at__date__lte=F("movie__release_date"),
        )
        .exclude(Exists(told))
        .values_list("user_id", "movie_id", "movie__release_date")
        .order_by()
    )
    now = timezone.now()
    rows = (
        Notification(
            recipient_id=user_id,
            kind=Kind.RELEASED,
            movie_id=tmdb_id,
            payload={"release_date": released.isoformat()},
            dedupe_key=released_key(tmdb_id),
            created_at=now,
        )
        for user_id, tmdb_id, released in waiting.iterator(chunk_size=BATCH)
    )
    return _insert(rows)
