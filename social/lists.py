"""Reads of lists for any reader, through the privacy rule (social.privacy) and nothing else.

A list the reader may not read is MovieList.DoesNotExist, exactly like a missing one, and so
is an id that is not a UUID: nothing tells a stranger that a private list exists.
"""

import uuid
from collections.abc import Sequence

from django.db.models import Exists, Q, QuerySet

from engagement.availability_filter import AvailabilityFilter
from engagement.models import MovieList, MovieListEntry
from social.privacy import Area, collaborating, list_filter, may_read
from social.users import visible_user

MAX_SHARE_TOKEN_LENGTH = 64
# A list's entries in list order: the keyset ordering of their cursor pages (common/keyset.py).
ENTRY_ORDER = ("position", "pk")
LIST_ORDER = ("-created_at", "-pk")  # a user's lists: newest first
# As Django's own lookup says it, whether the list is missing, unreadable or its id malformed.
NO_LIST = "MovieList matching query does not exist."


def _checked_id(list_id) -> uuid.UUID:
    try:
        return list_id if isinstance(list_id, uuid.UUID) else uuid.UUID(str(list_id))
    except (ValueError, AttributeError):
        raise MovieList.DoesNotExist(NO_LIST) from None


def _readable(viewer, lists: QuerySet[MovieList]) -> MovieList:
    """The one list of ``lists``: its collaborators read it; anyone else as the owner's lists
    area allows (blocks included)."""
    if viewer.is_authenticated:
        lists = lists.annotate(viewer_collaborates=Exists(collaborating(viewer)))
    movie_list = lists.select_related("owner").first()
    if movie_list is None:
        raise MovieList.DoesNotExist(NO_LIST)
    if getattr(movie_list, "viewer_collaborates", False):
        return movie_list
    if not may_read(viewer=viewer, owner_id=movie_list.owner_id, area=Area.LISTS):
        raise MovieList.DoesNotExist(NO_LIST)
    return movie_list


def readable_list(*, viewer, list_id) -> MovieList:
    """The list ``list_id`` when ``viewer`` may read it by its id (an unlisted one: its owner and
    collaborators only); else MovieList.DoesNotExist. One query."""
    return _readable(viewer, MovieList.objects.filter(list_filter(viewer), pk=_checked_id(list_id)))


def list_by_share_token(*, viewer, token: str) -> MovieList:
    """The list a share link names, unless it is private (then only for its owner and collaborators)."""
    if not isinstance(token, str) or not 0 < len(token) <= MAX_SHARE_TOKEN_LENGTH:
        raise MovieList.DoesNotExist(NO_LIST)
    lists = MovieList.objects.filter(list_filter(viewer, share_token=token), share_token=token)
    return _readable(viewer, lists)


def lists_of(*, viewer, owner_username: str) -> QuerySet[MovieList]:
    """The lists ``owner_username`` owns that ``viewer`` may read (an unknown or blocking user:
    User.DoesNotExist)."""
    owner = visible_user(viewer=viewer, username=owner_username)
    if not may_read(viewer=viewer, owner_id=owner.pk, area=Area.LISTS):
        return MovieList.objects.none()
    return MovieList.objects.filter(list_filter(viewer), owner_id=owner.pk).select_related("owner")


def my_lists(*, user) -> QuerySet[MovieList]:
    """The lists ``user`` owns or collaborates on, newest first."""
    return MovieList.objects.filter(Q(owner_id=user.pk) | Q(Exists(collaborating(user)))).select_related(
        "owner"
    )


def list_entries(
    *, movie_list: MovieList, available: AvailabilityFilter | None = None
) -> QuerySet[MovieListEntry]:
    """The entries of a list the reader may read (as the selectors above give it), in list order
    [only what ``available`` lets through]."""
    return entries_of_lists(list_ids=[movie_list.pk], available=available)


def entries_of_lists(
    *, list_ids: Sequence, available: AvailabilityFilter | None = None
) -> QuerySet[MovieListEntry]:
    """The entries of lists the reader may read (ids of lists the selectors above gave), unordered
    [only what ``available`` lets through]."""
    entries = MovieListEntry.objects.filter(list_id__in=list_ids)
    if available is not None:
        entries = entries.filter(available.condition(movie="movie_id"))
    return entries.select_related("movie")


def entries_binding(*, list_id, available: AvailabilityFilter | None) -> str:
    """What the cursors of ``list_entries`` pages are signed for: the list and the filter, so that
    a cursor only continues the same list read through the same filter."""
    return f"entries:{list_id}:{available.binding if available is not None else '-'}"


def share_token_for(*, viewer, movie_list: MovieList) -> str | None:
    """The list's share token as ``viewer`` may see it: its owner only, else None."""
    is_owner = viewer.is_authenticated and viewer.pk == movie_list.owner_id
    return movie_list.share_token if is_owner else None


def with_collaborators(lists: QuerySet[MovieList]) -> QuerySet[MovieList]:
    """``lists`` with their collaborators' usernames read in one more query, however many lists."""
    return lists.prefetch_related("collaborators__user")
