"""A user's services: the region they watch from and the streaming providers they have.

The region is checked against TMDb's stored region list (catalog.availability.region_check),
the providers against the stored provider list, at most USER_SERVICES_MAX_PROVIDERS of them.
Until a user saves their services, the region is read from their locale ("en-GB" -> GB) when
it names a known region, else DEFAULT_REGION. Saving retires the user's cached answers, which
may show offers in their region.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from catalog import availability
from catalog.availability import Provider
from catalog.models import WatchProvider
from common import payload_cache
from engagement.models import UserServices


@dataclass(frozen=True)
class Services:
    """What a user's services are, as both surfaces show them."""

    region: str
    providers: list[Provider]


def _locale_region(locale: str) -> str | None:
    """The region a locale names ("en-GB", "pt_BR" -> GB, BR) when it is a known one."""
    parts = locale.replace("_", "-").split("-")
    if len(parts) < 2:
        return None
    try:
        return availability.region_check(parts[-1])
    except ValidationError:
        return None


def reader_region(user) -> str:
    """The region a reader's answers default to: their saved one, else their locale's, else DEFAULT_REGION."""
    if user is None or not user.is_authenticated:
        return settings.DEFAULT_REGION
    saved = UserServices.objects.filter(user=user).values_list("region", flat=True).first()
    return saved or _locale_region(user.locale or "") or settings.DEFAULT_REGION


def region_for(user, asked: str | None) -> str:
    """The region an answer about offers is for: ``asked`` checked (ValidationError when unknown),
    else the reader's (``reader_region``)."""
    return availability.region_check(asked) if asked is not None else reader_region(user)


def user_provider_ids(user) -> list[int]:
    """TMDb ids of the providers the user has, ascending ([] for an anonymous reader)."""
    if user is None or not user.is_authenticated:
        return []
    through = UserServices.providers.through
    return sorted(through.objects.filter(userservices_id=user.pk).values_list("watchprovider_id", flat=True))


def services_by_region(users: Sequence) -> dict[str, set[int]]:
    """The providers some of ``users`` have saved, by the region each saved them for (two queries).

    Users without saved services or without providers add nothing.
    """
    through = UserServices.providers.through
    regions = dict(UserServices.objects.filter(user__in=users).values_list("user_id", "region"))
    found: dict[str, set[int]] = {}
    for owner, provider_id in through.objects.filter(userservices_id__in=regions).values_list(
        "userservices_id", "watchprovider_id"
    ):
        found.setdefault(regions[owner], set()).add(provider_id)
    return found


def user_services(*, user) -> Services:
    """The user's region and providers (by TMDb's display order)."""
    providers = WatchProvider.objects.filter(subscribers__user=user)
    return Services(
        region=reader_region(user),
        providers=[
            Provider(provider_id=p.provider_id, name=p.name, logo_url=availability.logo_url(p.logo_path))
            for p in providers
        ],
    )


def _provider_ids(provider_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(provider_ids))
    limit = settings.USER_SERVICES_MAX_PROVIDERS
    if len(wanted) > limit:
        raise ValidationError({"provider_ids": f"Name at most {limit} providers."})
    missing = availability.providers_missing(wanted)
    if missing:
        names = ", ".join(str(pid) for pid in missing[:10])
        raise ValidationError({"provider_ids": f"No watch provider with id {names}."})
    return wanted


def user_services_update(*, user, region: str, provider_ids: Sequence[int]) -> Services:
    """Replace the user's region and providers; ValidationError naming a bad region or unknown ids."""
    code = availability.region_check(region)
    wanted = _provider_ids(provider_ids)
    with transaction.atomic():
        services, _ = UserServices.objects.select_for_update().get_or_create(
            user=user, defaults={"region": code}
        )
        if services.region != code:
            services.region = code
            services.save(update_fields=["region", "updated_at"])
        services.providers.set(wanted)
        transaction.on_commit(lambda: payload_cache.bump(payload_cache.user_generation(user.pk)))
    return user_services(user=user)
