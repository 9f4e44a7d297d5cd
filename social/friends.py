"""What the people a reader follows think of movies, as each one's privacy lets the reader read it.

``friends_ratings``: per movie, the mean and count of the ratings of the reader's accepted
followees whose ratings area the reader may read (social.privacy), and the newest of them by
name; two queries for any number of movies. ``liked_by_followees``: how many of those followees
liked a movie (a rating of LIKED_RATING or more, their ratings readable; or a liked diary play,
their diary readable), as a subquery a recommendation read annotates its movies with.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from catalog.models import Movie
from engagement.models import DiaryEntry, Review
from social.models import Follow
from social.privacy import Area, readable_by

PEOPLE_SHOWN = 20  # the newest ratings named per movie; mean and count cover them all
LIKED_RATING = 4


@dataclass(frozen=True)
class FriendRating:
    username: str
    avatar_url: str
    rating: Decimal


@dataclass(frozen=True)
class FriendsRatings:
    """The ratings of a movie by the people a reader follows, as far as the reader may read them."""

    tmdb_id: int
    count: int = 0
    mean: float | None = None
    people: list[FriendRating] = field(default_factory=list)


def _followees(viewer):
    return Follow.objects.filter(follower_id=viewer.pk, status=Follow.Status.ACCEPTED).values("followee_id")


def _readable_ratings(viewer, tmdb_ids: Collection[int]) -> QuerySet[Review]:
    return Review.objects.filter(
        readable_by(viewer, Area.RATINGS), movie_id__in=tmdb_ids, user_id__in=_followees(viewer)
    )


def friends_ratings(*, viewer, tmdb_ids: Collection[int]) -> dict[int, FriendsRatings]:
    """``FriendsRatings`` of each of ``tmdb_ids`` for a signed-in ``viewer`` (empty ones for movies
    no followee's readable rating touches). Two queries, whatever the number of movies."""
    tmdb_ids = set(tmdb_ids)
    found = {tmdb_id: FriendsRatings(tmdb_id=tmdb_id) for tmdb_id in tmdb_ids}
    if not tmdb_ids:
        return found
    totals = (
        _readable_ratings(viewer, tmdb_ids)
        .order_by()
        .values("movie_id")
        .annotate(count=Count("pk"), mean=Avg("rating"))
    )
    newest = (
        _readable_ratings(viewer, tmdb_ids)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("movie_id"), order_by=[F("created_at").desc(), F("pk").desc()]
            )
        )
        .filter(rank__lte=PEOPLE_SHOWN)
        .order_by("movie_id", "rank")
        .values_list("movie_id", "user__username", "user__avatar_url", "rating")
    )
    people: dict[int, list[FriendRating]] = {}
    for tmdb_id, username, avatar_url, rating in newest:
        people.setdefault(tmdb_id, []).append(FriendRating(username, avatar_url, rating))
    for row in totals:
        tmdb_id = row["movie_id"]
        found[tmdb_id] = FriendsRatings(
            tmdb_id=tmdb_id,
            count=row["count"],
            mean=round(float(row["mean"]), 2),
            people=people.get(tmdb_id, []),
        )
    return found


def friends_on_movie(*, viewer, tmdb_id: int) -> FriendsRatings:
    """``friends_ratings`` of one movie of the local catalog (else Movie.DoesNotExist)."""
    if not Movie.objects.filter(tmdb_id=tmdb_id).exists():
        raise Movie.DoesNotExist
    return friends_ratings(viewer=viewer, tmdb_ids=[tmdb_id])[tmdb_id]


def liked_by_followees(viewer, *, movie: str = "tmdb_id") -> Coalesce:
    """How many of ``viewer``'s followees liked the movie whose TMDb id the outer query's
    ``movie`` field holds (see the module's text), as an integer expression."""
    liked_rating = Review.objects.filter(
        user_id=OuterRef("pk"), movie_id=OuterRef(OuterRef(movie)), rating__gte=LIKED_RATING
    )
    liked_play = DiaryEntry.objects.filter(
        user_id=OuterRef("pk"), movie_id=OuterRef(OuterRef(movie)), liked=True
    )
    people = (
        get_user_model()
        .objects.filter(pk__in=_followees(viewer))
        .filter(
            (readable_by(viewer, Area.RATINGS, owner="pk") & Q(Exists(liked_rating)))
            | (readable_by(viewer, Area.DIARY, owner="pk") & Q(Exists(liked_play)))
        )
    )
    counted = people.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
