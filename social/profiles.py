"""Reads of another user's profile and areas, each through the privacy rule (social.privacy).

An unknown user, and a user with a block either way, is User.DoesNotExist (the same 404 on
both surfaces). An area the viewer may not read is an empty page, and its count on the
profile is None. Each page is a queryset in its cursor order (``*_ORDER``).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from engagement import diary, selectors
from engagement.models import DiaryEntry, FavoriteMovie, MovieList, Review, WatchlistItem
from social.models import Block, Follow
from social.privacy import SETTABLE, Area, Relation, is_owner, list_filter, not_blocked, readable_by, relation
from social.users import visible_user

DIARY_ORDER = diary.ORDERING
RATINGS_ORDER = ("-created_at", "-pk")
ADDED_ORDER = ("-added_at", "-pk")
FOLLOW_ORDER = ("-created_at", "-pk")


@dataclass(frozen=True)
class Profile:
    """A user as a viewer sees them: counts of the areas the viewer may read (None for the rest)."""

    user: object
    private_account: bool
    followers_count: int
    following_count: int
    area_counts: dict[str, int | None]  # by Area value
    # The viewer's follow of this user: "accepted", "pending" or None (always None for its owner).
    follow_status: str | None


def _standing(viewer, owner) -> Relation:
    standing = relation(viewer=viewer, owner_id=owner.pk)
    if standing is None:  # deleted since it was found
        raise type(owner).DoesNotExist
    return standing


def _allowed(viewer, owner, standing: Relation, area: Area) -> bool:
    return is_owner(viewer, owner.pk) or standing.allows(area)


def _area_rows(viewer, owner, area: Area) -> QuerySet:
    rows = {
        Area.DIARY: DiaryEntry.objects.filter(user_id=owner.pk),
        Area.RATINGS: Review.objects.filter(user_id=owner.pk),
        Area.LISTS: MovieList.objects.filter(list_filter(viewer), owner_id=owner.pk),
        Area.FAVORITES: FavoriteMovie.objects.filter(user_id=owner.pk),
        Area.WATCHLIST: WatchlistItem.objects.filter(user_id=owner.pk),
    }
    return rows[area]


def profile(*, viewer, username: str) -> Profile:
    """``username``'s profile as ``viewer`` sees it. A few queries, whatever the user's data."""
    owner = visible_user(viewer=viewer, username=username)
    standing = _standing(viewer, owner)
    counts = {
        area.value: _area_rows(viewer, owner, area).count()
        if _allowed(viewer, owner, standing, area)
        else None
        for area in SETTABLE
    }
    follow_status = None
    if viewer.is_authenticated and viewer.pk != owner.pk:
        follow_status = (
            Follow.objects.filter(follower_id=viewer.pk, followee_id=owner.pk)
            .values_list("status", flat=True)
            .first()
        )
    return Profile(
        user=owner,
        private_account=standing.private_account,
        followers_count=Follow.objects.filter(followee_id=owner.pk, status=Follow.Status.ACCEPTED).count(),
        following_count=Follow.objects.filter(follower_id=owner.pk, status=Follow.Status.ACCEPTED).count(),
        area_counts=counts,
        follow_status=follow_status,
    )


def _readable_owner(viewer, username: str, area: Area):
    """The user ``username`` and whether ``viewer`` may read their ``area``."""
    owner = visible_user(viewer=viewer, username=username)
    if is_owner(viewer, owner.pk):
        return owner, True
    return owner, _standing(viewer, owner).allows(area)


def diary_of(*, viewer, username: str) -> QuerySet[DiaryEntry]:
    """``username``'s diary plays in DIARY_ORDER (empty when the viewer may not read them)."""
    owner, allowed = _readable_owner(viewer, username, Area.DIARY)
    return diary.diary_list(user=owner) if allowed else DiaryEntry.objects.none()


def ratings_of(*, viewer, username: str, include_ratings: bool = False) -> QuerySet[Review]:
    """``username``'s reviews (with bare ratings when asked), newest first; empty when not readable."""
    owner, allowed = _readable_owner(viewer, username, Area.RATINGS)
    if not allowed:
        return Review.objects.none()
    return selectors.review_list_for_user(user=owner, include_ratings=include_ratings)


def favorites_of(*, viewer, username: str) -> QuerySet[FavoriteMovie]:
    """``username``'s favorites, newest first; empty when not readable."""
    owner, allowed = _readable_owner(viewer, username, Area.FAVORITES)
    return selectors.favorite_list(user=owner) if allowed else FavoriteMovie.objects.none()


def watchlist_of(*, viewer, username: str) -> QuerySet[WatchlistItem]:
    """``username``'s watchlist, newest first; empty when not readable."""
    owner, allowed = _readable_owner(viewer, username, Area.WATCHLIST)
    return selectors.watchlist_list(user=owner) if allowed else WatchlistItem.objects.none()


def followers_of(*, viewer, username: str) -> QuerySet[Follow]:
    """The accepted follows of ``username`` (``follower`` is each follower), newest first, without
    users the viewer has a block with; empty when the viewer may not read the user's connections."""
    owner, allowed = _readable_owner(viewer, username, Area.CONNECTIONS)
    follows = (
        Follow.objects.filter(followee_id=owner.pk, status=Follow.Status.ACCEPTED)
        if allowed
        else Follow.objects.none()
    )
    return follows.filter(not_blocked(viewer, owner="follower")).select_related("follower")


def following_of(*, viewer, username: str) -> QuerySet[Follow]:
    """The accepted follows ``username`` made (``followee`` is each user followed); as followers_of."""
    owner, allowed = _readable_owner(viewer, username, Area.CONNECTIONS)
    follows = (
        Follow.objects.filter(follower_id=owner.pk, status=Follow.Status.ACCEPTED)
        if allowed
        else Follow.objects.none()
    )
    return follows.filter(not_blocked(viewer, owner="followee")).select_related("followee")


def follow_requests(*, user) -> QuerySet[Follow]:
    """The follow requests waiting for ``user``'s approval (``follower`` is each requester), newest first."""
    return Follow.objects.filter(followee_id=user.pk, status=Follow.Status.PENDING).select_related("follower")


def blocks_of(*, user) -> QuerySet[Block]:
    """The users ``user`` blocks (``blocked``), newest first."""
    return Block.objects.filter(blocker_id=user.pk).select_related("blocked")


def movie_reviews(reviews: QuerySet[Review], *, viewer) -> QuerySet[Review]:
    """``reviews`` (of any authors) less those whose author's ratings the viewer may not read."""
    return reviews.filter(readable_by(viewer, Area.RATINGS))


def mutual_follows(*, user) -> QuerySet:
    """Ids of the users ``user`` follows and who follow ``user`` back (both follows accepted; a
    block between two users has ended both)."""
    follows_back = Follow.objects.filter(
        follower_id=OuterRef("followee_id"), followee_id=user.pk, status=Follow.Status.ACCEPTED
    )
    return (
        Follow.objects.filter(follower_id=user.pk, status=Follow.Status.ACCEPTED)
        .filter(Exists(follows_back))
        .values_list("followee_id", flat=True)
    )
