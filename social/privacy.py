"""Privacy is one rule: whether a viewer may read an owner's data, here and nowhere else.

An owner always reads their own data. Otherwise a block between the two, in either direction,
hides everything (the owner reads as an unknown user). Else the owner's audience for the area
decides (social.models.PrivacySettings; a user without settings has ``DEFAULTS``):

* ``public``: anyone, anonymous readers included;
* ``followers``: signed-in users whose follow the owner accepted (a pending request is not enough);
* ``private``: nobody else.

A private account reads every ``public`` area as ``followers``. ``may_read`` answers for one
owner; ``readable_by`` is the same rule as a filter on rows that point at their owner, for
batch reads (a movie's reviews, a page of anything). Lists add their own visibility on top
(``list_filter``): a public list anyone who may read the owner's lists reads, an unlisted one
only with its share token, a private one nobody else; a list's collaborators always read it.
"""

import enum
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from engagement.models import ListCollaborator, MovieList
from social.models import Audience, Block, Follow, PrivacySettings


class Area(enum.Enum):
    """A kind of a user's data another user may ask to read."""

    DIARY = "diary"
    RATINGS = "ratings"  # ratings and reviews
    LISTS = "lists"
    FAVORITES = "favorites"
    WATCHLIST = "watchlist"
    # Who follows the owner and whom they follow: public, so followers-only on a private account.
    CONNECTIONS = "connections"


# The areas a user chooses an audience for (PrivacySettings has one field each).
SETTABLE = (Area.DIARY, Area.RATINGS, Area.LISTS, Area.FAVORITES, Area.WATCHLIST)
DEFAULTS: dict[Area, str] = {
    area: PrivacySettings._meta.get_field(area.value).default for area in SETTABLE
} | {Area.CONNECTIONS: Audience.PUBLIC}
PRIVATE_ACCOUNT_DEFAULT: bool = PrivacySettings._meta.get_field("private_account").default


@dataclass(frozen=True)
class Relation:
    """What the rule needs to know about a viewer and an owner, read in one query."""

    audiences: dict[Area, str]
    private_account: bool
    following: bool  # an accepted follow of the owner by the viewer
    blocked: bool  # a block either way

    def allows(self, area: Area) -> bool:
        audience = self.audiences[area]
        if self.blocked or audience == Audience.PRIVATE:
            return False
        if audience == Audience.PUBLIC and not self.private_account:
            return True
        return self.following


def _blocking(viewer_id, owner_ref) -> Exists:
    """A block between the viewer and the owner ``owner_ref`` points at, either way."""
    return Exists(
        Block.objects.filter(
            Q(blocker_id=viewer_id, blocked_id=owner_ref) | Q(blocker_id=owner_ref, blocked_id=viewer_id)
        )
    )


def _following(viewer_id, owner_ref) -> Exists:
    return Exists(
        Follow.objects.filter(follower_id=viewer_id, followee_id=owner_ref, status=Follow.Status.ACCEPTED)
    )


def relation(*, viewer, owner_id) -> Relation | None:
    """The viewer's standing with the owner ``owner_id`` (None for an unknown owner). One query."""
    fields = [f"privacy__{area.value}" for area in SETTABLE] + ["privacy__private_account"]
    users = get_user_model().objects.filter(pk=owner_id)
    if viewer.is_authenticated:
        users = users.annotate(
            viewer_follows=_following(viewer.pk, OuterRef("pk")),
            viewer_blocked=_blocking(viewer.pk, OuterRef("pk")),
        )
        fields += ["viewer_follows", "viewer_blocked"]
    row = users.values(*fields).first()
    if row is None:
        return None
    audiences = {area: row[f"privacy__{area.value}"] or DEFAULTS[area] for area in SETTABLE}
    private_account = row["privacy__private_account"]
    return Relation(
        audiences=audiences | {Area.CONNECTIONS: Audience.PUBLIC},
        private_account=PRIVATE_ACCOUNT_DEFAULT if private_account is None else private_account,
        following=row.get("viewer_follows", False),
        blocked=row.get("viewer_blocked", False),
    )


def is_owner(viewer, owner_id) -> bool:
    return viewer.is_authenticated and viewer.pk == owner_id


def may_read(*, viewer, owner_id, area: Area) -> bool:
    """Whether ``viewer`` (a user or AnonymousUser) may read the ``area`` data of the user ``owner_id``."""
    if is_owner(viewer, owner_id):
        return True
    standing = relation(viewer=viewer, owner_id=owner_id)
    return standing is not None and standing.allows(area)


def _audience_is(prefix: str, area: Area, audience: str) -> Q:
    chosen = Q(**{f"{prefix}privacy__{area.value}": audience})
    return chosen | Q(**{f"{prefix}privacy__isnull": True}) if DEFAULTS[area] == audience else chosen


def _open_account(prefix: str) -> Q:
    open_account = Q(**{f"{prefix}privacy__private_account": False})
    return (
        open_account | Q(**{f"{prefix}privacy__isnull": True})
        if not PRIVATE_ACCOUNT_DEFAULT
        else open_account
    )


def _paths(owner: str) -> tuple[str, str]:
    """(lookup prefix of the owner's fields, the owner's id field) of ``owner`` ("pk": rows are users)."""
    return ("", "pk") if owner == "pk" else (f"{owner}__", f"{owner}_id")


def not_blocked(viewer, *, owner: str = "user") -> Q:
    """Rows whose owner has no block with ``viewer`` either way (all rows for an anonymous viewer)."""
    if not viewer.is_authenticated:
        return Q()
    _, owner_id = _paths(owner)
    return ~Q(_blocking(viewer.pk, OuterRef(owner_id)))


def readable_by(viewer, area: Area, *, owner: str = "user") -> Q:
    """``may_read`` as a filter on rows whose ``owner`` field is their owner ("pk": rows of users)."""
    prefix, owner_id = _paths(owner)
    public = _audience_is(prefix, area, Audience.PUBLIC) & _open_account(prefix)
    if not viewer.is_authenticated:
        return public
    to_followers = _audience_is(prefix, area, Audience.PUBLIC) | _audience_is(
        prefix, area, Audience.FOLLOWERS
    )
    shared = public | (to_followers & Q(_following(viewer.pk, OuterRef(owner_id))))
    return Q(**{owner_id: viewer.pk}) | (shared & not_blocked(viewer, owner=owner))


def list_filter(viewer, *, share_token: str | None = None) -> Q:
    """The lists ``viewer`` may read by their own visibility, as a filter on MovieList (with
    ``share_token``: that list too, when it is unlisted); ``may_read`` (Area.LISTS) still applies
    to anyone but the list's owner and collaborators."""
    readable = Q(visibility=MovieList.Visibility.PUBLIC)
    if share_token is not None:
        readable |= Q(visibility=MovieList.Visibility.UNLISTED, share_token=share_token)
    if viewer.is_authenticated:
        readable |= Q(owner_id=viewer.pk) | Q(Exists(collaborating(viewer)))
    return readable


def readable_lists(viewer) -> Q:
    """The lists ``viewer`` may read, as a filter on MovieList: by their own visibility, and (but
    for their collaborators) as their owner's lists area and blocks allow."""
    readable = list_filter(viewer) & readable_by(viewer, Area.LISTS, owner="owner")
    if viewer.is_authenticated:
        readable |= Q(Exists(collaborating(viewer)))
    return readable


def collaborating(viewer):
    """The collaborator row of ``viewer`` on the list an outer MovieList query reads."""
    return ListCollaborator.objects.filter(list_id=OuterRef("pk"), user_id=viewer.pk)
