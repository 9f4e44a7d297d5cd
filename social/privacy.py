"""Privacy is one rule: whether a viewer may read an owner's data, here and nowhere else.

``may_read`` decides it for an area of a user's data; lists add their own visibility on top
(``list_filter``): the owner and the list's collaborators always read it; a public list anyone
reads, anonymous readers included; an unlisted one only with its share token; a private one
nobody else. Profiles and blocks will join ``may_read`` (and with it every area) later.
"""

import enum

from django.db.models import Exists, OuterRef, Q

from engagement.models import ListCollaborator, MovieList


class Area(enum.Enum):
    """A kind of a user's data another user may ask to read."""

    LISTS = "lists"


# Areas anyone may read of anyone (each list still asks its own visibility: list_filter).
OPEN_AREAS = frozenset(Area)


def may_read(*, viewer, owner_id, area: Area) -> bool:
    """Whether ``viewer`` (a user or AnonymousUser) may read the ``area`` data of the user ``owner_id``.

    The owner always may; so may everyone else in an area open to all (today every area: no
    profile settings or blocks yet).
    """
    is_owner = viewer.is_authenticated and viewer.pk == owner_id
    return is_owner or area in OPEN_AREAS


def list_filter(viewer, *, share_token: str | None = None) -> Q:
    """The lists ``viewer`` may read, as a filter on MovieList (with ``share_token``: that list too,
    when it is unlisted)."""
    readable = Q(visibility=MovieList.Visibility.PUBLIC)
    if share_token is not None:
        readable |= Q(visibility=MovieList.Visibility.UNLISTED, share_token=share_token)
    if viewer.is_authenticated:
        collaborating = ListCollaborator.objects.filter(list_id=OuterRef("pk"), user_id=viewer.pk)
        readable |= Q(owner_id=viewer.pk) | Q(Exists(collaborating))
    return readable
