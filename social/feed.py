"""The activity feed: what the people a user follows did, newest first, through the privacy rule.

Fan-out on read (docs/architecture.md): one statement over the activities of the accepted
followees, each row kept only when the privacy rule (social.privacy.readable_by) lets the reader
read its actor's area, a row about a list only when the reader may read that list too (its own
visibility, its owner's settings and blocks), and a like of a review only when the reader may
read that review. The rule runs in SQL at read time, so a changed setting or a new block hides
old rows at once, and a page is never short because rows were dropped after it was read.
"""

from collections.abc import Collection
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from engagement.models import MovieList, Review
from social.models import Activity, Follow
from social.privacy import Area, readable_by, readable_lists

FEED_ORDER = ("-created_at", "-pk")
# The actor's areas a feed row may belong to (social.activity records no other).
FEED_AREAS = (Area.DIARY, Area.RATINGS, Area.LISTS)
# The kinds of rows that may be about a list (a like is about a list, a review or a movie).
LIST_VERBS = {Activity.Verb.LIST_CREATED, Activity.Verb.LIST_ENTRY_ADDED, Activity.Verb.LIKE}


def _readable_actor_area(viewer) -> Q:
    return reduce(or_, (Q(area=area.value) & readable_by(viewer, area, owner="actor") for area in FEED_AREAS))


def _readable_list(viewer) -> Q:
    lists = MovieList.objects.filter(readable_lists(viewer), pk=OuterRef("movie_list_id"))
    return Q(movie_list__isnull=True) | Q(Exists(lists))


def _readable_liked_review(viewer) -> Q:
    reviews = Review.objects.filter(readable_by(viewer, Area.RATINGS), pk=OuterRef("liked_review_id"))
    return Q(liked_review__isnull=True) | Q(Exists(reviews))


def feed(*, viewer, verbs: Collection[str] | None = None) -> QuerySet[Activity]:
    """The activities of the users ``viewer`` follows (accepted follows) that ``viewer`` may read,
    of ``verbs`` only when given, with their actor, list and movie (its genres); in FEED_ORDER."""
    followed = Follow.objects.filter(follower_id=viewer.pk, status=Follow.Status.ACCEPTED)
    rows = Activity.objects.filter(actor_id__in=followed.values("followee_id"))
    if verbs:
        rows = rows.filter(verb__in=sorted(set(verbs)))
    rows = rows.filter(_readable_actor_area(viewer))
    # A filter only where its kinds are asked: a needless subquery turns a kind's page from an
    # index walk into a sort (bench/README.md, "Activity feed").
    if not verbs or set(verbs) & LIST_VERBS:
        rows = rows.filter(_readable_list(viewer))
    if not verbs or Activity.Verb.LIKE in verbs:
        rows = rows.filter(_readable_liked_review(viewer))
    return rows.select_related("actor", "movie_list", "movie").prefetch_related("movie__genres")


def feed_binding(verbs: Collection[str] | None) -> str:
    """What a feed page's cursors are signed for: the verbs asked, so a cursor continues only the
    same filter."""
    return "feed:" + ",".join(sorted(set(verbs or ())))
