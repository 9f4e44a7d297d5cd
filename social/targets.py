"""What a like or a comment is on: a review or a list, found only when the reader may read it.

A review reads as its author's ratings area allows (social.privacy, blocks included); a list as
social.lists reads it by id. Anything else (missing, unreadable, an id that is not a UUID) is
the target model's DoesNotExist, so nothing tells a stranger that a private review or list exists.
"""

import enum
import uuid
from dataclasses import dataclass

from django.db.models import Q

from engagement.models import MovieList, Review
from social.lists import readable_list
from social.privacy import Area, readable_by

# As Django's own lookups say it, whether the row is missing or unreadable.
NO_REVIEW = "Review matching query does not exist."


class Kind(enum.Enum):
    """The kinds of things users like and comment on."""

    REVIEW = "review"
    LIST = "list"


@dataclass(frozen=True)
class Target:
    """A review or a list someone may read: its kind, id and owner."""

    kind: Kind
    id: uuid.UUID
    owner_id: object
    row: Review | MovieList

    @property
    def key(self) -> dict:
        """The foreign key of a like or comment on this target, as filter keywords."""
        return {"review_id": self.id} if self.kind is Kind.REVIEW else {"movie_list_id": self.id}


def _review_id(review_id) -> uuid.UUID:
    try:
        return review_id if isinstance(review_id, uuid.UUID) else uuid.UUID(str(review_id))
    except (ValueError, AttributeError):
        raise Review.DoesNotExist(NO_REVIEW) from None


def readable_reviews(viewer) -> Q:
    """The reviews ``viewer`` may read, as a filter on Review."""
    return readable_by(viewer, Area.RATINGS)


def review_target(*, viewer, review_id) -> Target:
    """The review ``review_id`` when ``viewer`` may read it; else Review.DoesNotExist. One query."""
    review = Review.objects.filter(readable_reviews(viewer)).get(pk=_review_id(review_id))
    return Target(kind=Kind.REVIEW, id=review.pk, owner_id=review.user_id, row=review)


def list_target(*, viewer, list_id) -> Target:
    """The list ``list_id`` when ``viewer`` may read it by its id; else MovieList.DoesNotExist, with
    the same message whether it is missing or unreadable."""
    movie_list = readable_list(viewer=viewer, list_id=list_id)
    return Target(kind=Kind.LIST, id=movie_list.pk, owner_id=movie_list.owner_id, row=movie_list)


def target_of(*, viewer, kind: Kind, target_id) -> Target:
    """The review or list ``target_id`` (by ``kind``) that ``viewer`` may read."""
    find = review_target if kind is Kind.REVIEW else list_target
    return find(viewer=viewer, **{"review_id" if kind is Kind.REVIEW else "list_id": target_id})


def readable_target(*, viewer, kind: Kind, target_id) -> Target | None:
    """``target_of``, or None when ``viewer`` may not read it."""
    try:
        return target_of(viewer=viewer, kind=kind, target_id=target_id)
    except (Review.DoesNotExist, MovieList.DoesNotExist):
        return None
