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

from catalog.discover import DiscoverCriteria, Discovery, discover_criteria, discover_movies
from engagement.availability_filter import reader_criteria, reader_errors
from engagement.models import DiaryEntry, NotInterested, Review, WatchHistory

SIGN_IN_TO_HIDE_SEEN = "Sign in to hide what you have seen."

# What a reader has seen, rated or dismissed: the rows hide_seen looks for.
_SEEN_MODELS = (WatchHistory, DiaryEntry, Review, NotInterested)


def _unseen_by(user) -> Q:
    condition = Q()
    for model in _SEEN_MODELS:
        condition &= ~Q(Exists(model.objects.filter(user=user, movie_id=OuterRef("tmdb_id"))))
    return condition


def _reader_errors(user, *, hide_seen: bool, on_my_services: bool, asked: dict) -> dict:
    errors = reader_errors(
        user, on_my_services=on_my_services, region=asked.get("region"), providers=asked.get("providers")
    )
    if hide_seen and not user.is_authenticated:
        errors["hide_seen"] = SIGN_IN_TO_HIDE_SEEN
    return errors


def _criteria(user, *, on_my_services: bool, reader_problems: dict, asked: dict) -> DiscoverCriteria:
    """The checked criteria; one ValidationError naming the reader's problems and every bad argument."""
    problems = dict(reader_problems)
    try:
        asked |= reader_criteria(
            user,
            on_my_services=on_my_services and not problems,
            region=asked.get("region"),
            providers=asked.get("providers"),
            monetization=asked.get("monetization"),
        )
    except ValidationError as error:
        problems |= error.message_dict
    try:
        criteria = discover_criteria(**asked)
    except ValidationError as error:
        raise ValidationError(problems | error.message_dict) from None
    if problems:
        raise ValidationError(problems)
    return criteria


def discover(*, user, hide_seen: bool = False, on_my_services: bool = False, **asked: Any) -> Discovery:
    """The movies ``asked`` for (catalog.discover.discover_criteria's arguments) as ``user`` reads
    them (see the module's text); one ValidationError naming every bad argument, the reader's
    own (hide_seen, on_my_services) and the catalog's together."""
    problems = _reader_errors(user, hide_seen=hide_seen, on_my_services=on_my_services, asked=asked)
    criteria = _criteria(user, on_my_services=on_my_services, reader_problems=problems, asked=asked)
    if not hide_seen:
        return discover_movies(criteria)
    return discover_movies(criteria, condition=_unseen_by(user), binding_extra=["unseen", str(user.pk)])
