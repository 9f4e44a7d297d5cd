"""The availability filter every movie list takes: offered in a region [on providers] [as
monetizations], or on the reader's own services.

``availability_filter`` checks what a reader asked for (one ValidationError naming every bad
argument, the messages catalog.availability.criteria_check gives discover) and gives a
catalog.availability.AvailabilityFilter, or None when nothing was asked. ``on_my_services`` needs a signed-in
reader with saved services and goes without region and providers; providers or a monetization
asked without a region are for the reader's region (``reader_region``: DEFAULT_REGION when
anonymous). An answer filtered by ``on_my_services`` depends on who asked: it needs a signed-in
reader, whose answers the payload cache keeps under their own key (common/payload_cache.py).
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError

from catalog import availability
from catalog.availability import AvailabilityFilter
from engagement.user_services import reader_region, user_provider_ids

SIGN_IN_FOR_SERVICES = "Sign in to see what is on your services."
SERVICES_OR_PROVIDERS = "on_my_services uses your region and services: leave region and providers out."
NO_SERVICES = "You have no services saved: choose them first (your services: region and providers)."


def reader_errors(user, *, on_my_services: bool, region: str | None, providers: Sequence[int] | None) -> dict:
    """A message by argument when ``on_my_services`` cannot be read for ``user`` as asked."""
    if on_my_services and not user.is_authenticated:
        return {"on_my_services": SIGN_IN_FOR_SERVICES}
    if on_my_services and (region is not None or providers):
        return {"on_my_services": SERVICES_OR_PROVIDERS}
    return {}


def reader_criteria(
    user,
    *,
    on_my_services: bool,
    region: str | None,
    providers: Sequence[int] | None,
    monetization: Sequence[str] | None,
) -> dict:
    """The region, providers and monetization a request stands for, as ``user`` reads it (see the
    module's text); unchecked but for the reader's services (a ValidationError without any)."""
    if on_my_services:
        own = user_provider_ids(user)
        if not own:
            raise ValidationError({"on_my_services": NO_SERVICES})
        return {"region": reader_region(user), "providers": own, "monetization": monetization}
    if region is None and (providers or monetization):
        region = reader_region(user)
    return {"region": region, "providers": providers, "monetization": monetization}


def availability_filter(
    user,
    *,
    region: str | None = None,
    providers: Sequence[int] | None = None,
    monetization: Sequence[str] | None = None,
    on_my_services: bool = False,
) -> AvailabilityFilter | None:
    """The checked filter ``user`` asked for, None when they asked for none; a ValidationError
    naming every bad argument."""
    errors = reader_errors(user, on_my_services=on_my_services, region=region, providers=providers)
    if errors:
        raise ValidationError(errors)
    asked = reader_criteria(
        user, on_my_services=on_my_services, region=region, providers=providers, monetization=monetization
    )
    # Saved services were checked when saved (up to USER_SERVICES_MAX_PROVIDERS, more than a
    # filter may name): only what the request itself names is checked here.
    saved = tuple(sorted(set(asked.pop("providers")))) if on_my_services else None
    (code, provider_ids, monetizations), problems = availability.criteria_check(
        providers=None if on_my_services else asked.pop("providers"), **asked
    )
    if problems:
        raise ValidationError(problems)
    if code is None:
        return None
    return AvailabilityFilter(region=code, providers=saved or provider_ids, monetization=monetizations)
