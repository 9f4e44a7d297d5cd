"""Discover for a reader: catalog.discover's filters plus what depends on who asks.

``hide_seen`` leaves out what the signed-in reader has seen (history views, diary plays),
rated or dismissed ("not interested"); ``on_my_services`` keeps what is available in their
region on their own services (engagement.user_services). Both need a signed-in reader: an
anonymous request naming one is a ValidationError on it (REST 400, GraphQL BAD_USER_INPUT),
so a public answer never depends on who asked. Providers or a monetization asked without a
region are for the reader's region (``reader_region``: DEFAULT_REGION when anonymous).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from catalog.discover import Discovery, discover_criteria, discover_movies
from engagement.models import DiaryEntry, NotInterested, Review, WatchHistory
from engagement.user_services import reader_region, user_provider_ids

SIGN_IN_TO_HIDE_SEEN = "Sign in to hide what you have seen."
SIGN_IN_FOR_SERVICES = "Sign in to see what is on your services."
SERVICES_OR_PROVIDERS = "on_my_services uses your region and services: leave region and providers out."
NO_SERVICES = "You have no services saved: choose them first (your services: region and providers)."

# What a reader has seen, rated or dismissed: the rows hide_seen looks for.
_SEEN_MODELS = (WatchHistory, DiaryEntry, Review, NotInterested)


def _unseen_by(user) -> Q:
    condition = Q()
    for model in _SEEN_MODELS:
        condition &= ~Q(Exists(model.objects.filter(user=user, movie_id=OuterRef("tmdb_id"))))
    return condition


def _reader_checks(user, *, hide_seen: bool, on_my_services: bool, asked: dict) -> None:
    errors = {}
    if hide_seen and not user.is_authenticated:
        errors["hide_seen"] = SIGN_IN_TO_HIDE_SEEN
    if on_my_services and not user.is_authenticated:
        errors["on_my_services"] = SIGN_IN_FOR_SERVICES
    elif on_my_services and (asked.get("region") is not None or asked.get("providers")):
        errors["on_my_services"] = SERVICES_OR_PROVIDERS
    if errors:
        raise ValidationError(errors)


def discover(*, user, hide_seen: bool = False, on_my_services: bool = False, **asked: Any) -> Discovery:
    """The movies ``asked`` for (catalog.discover.discover_criteria's arguments) as ``user`` reads
    them (see the module's text); a ValidationError naming every bad argument."""
    _reader_checks(user, hide_seen=hide_seen, on_my_services=on_my_services, asked=asked)
    if on_my_services:
        providers = user_provider_ids(user)
        if not providers:
            raise ValidationError({"on_my_services": NO_SERVICES})
        asked = {**asked, "region": reader_region(user), "providers": providers}
    elif asked.get("region") is None and (asked.get("providers") or asked.get("monetization")):
        asked = {**asked, "region": reader_region(user)}
    criteria = discover_criteria(**asked)
    if not hide_seen:
        return discover_movies(criteria)
    return discover_movies(criteria, condition=_unseen_by(user), binding_extra=["unseen", str(user.pk)])
