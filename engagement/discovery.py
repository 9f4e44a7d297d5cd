"""Discover for a reader: catalog.discover's filters plus what depends on who asks.

``hide_seen`` leaves out what the signed-in reader has seen (history views, diary plays),
rated or dismissed ("not interested"). Both reader options need a signed-in reader: an
anonymous request naming one is a ValidationError on it (REST 400, GraphQL BAD_USER_INPUT),
so a public answer never depends on who asked.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from catalog.discover import Discovery, discover_criteria, discover_movies
from engagement.models import DiaryEntry, NotInterested, Review, WatchHistory

SIGN_IN_TO_HIDE_SEEN = "Sign in to hide what you have seen."

# What a reader has seen, rated or dismissed: the rows hide_seen looks for.
_SEEN_MODELS = (WatchHistory, DiaryEntry, Review, NotInterested)


def _unseen_by(user) -> Q:
    condition = Q()
    for model in _SEEN_MODELS:
        condition &= ~Q(Exists(model.objects.filter(user=user, movie_id=OuterRef("tmdb_id"))))
    return condition


def discover(*, user, hide_seen: bool = False, **asked: Any) -> Discovery:
    """The movies ``asked`` for (catalog.discover.discover_criteria's arguments), without what
    ``user`` has seen when ``hide_seen``; a ValidationError naming every bad argument."""
    if hide_seen and not user.is_authenticated:
        raise ValidationError({"hide_seen": SIGN_IN_TO_HIDE_SEEN})
    criteria = discover_criteria(**asked)
    if not hide_seen:
        return discover_movies(criteria)
    return discover_movies(criteria, condition=_unseen_by(user), binding_extra=["unseen", str(user.pk)])
