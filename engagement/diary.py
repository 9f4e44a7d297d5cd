"""The diary: plays of movies by a user, their tags, and what logging one changes.

A play happens on a date in the user's time zone (``User.time_zone``): given as a date, as
an instant with its UTC offset (stored as given, its date read in the user's zone), or
neither (now). Logging a play, in one transaction, also adds its view to the user's history,
sets the user's rating of the movie when the play is rated (through the review services, so
the movie's aggregates follow) and, once committed, tells recommendations and the user's
cached answers. Deleting a play removes its view but keeps the movie's rating. ``rewatch``
is derived on read: an earlier play of the same movie by the same user exists.
"""

import datetime
import zoneinfo
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from catalog.models import Movie
from catalog.services import movie_ensure
from engagement import services
from engagement.models import TAG_MAX_LENGTH, DiaryEntry, DiaryTag, Review, WatchHistory
from engagement.viewing import user_viewer_key

# The diary's order, newest first (the cursor pages' keys), and the tag list's.
ORDERING = ("-watched_on", "-played_at", "-pk")
TAG_ORDERING = ("slug", "pk")

MAX_TAGS_PER_PLAY = 20
MAX_TAGS_PER_USER = 1000
EARLIEST_PLAY = datetime.date(1870, 1, 1)

BOTH_WHEN = "Give watched_on or watched_at, not both."
NAIVE = "Give a date and time with its UTC offset, e.g. 2026-03-01T23:30:00+09:00."
TOO_LATE = "A play cannot be after tomorrow (in your time zone)."
TOO_EARLY = "A play cannot be before 1870."
BLANK_TAG = "A tag cannot be blank."
LONG_TAG = f"A tag is at most {TAG_MAX_LENGTH} characters."
MANY_TAGS = f"A play has at most {MAX_TAGS_PER_PLAY} tags."
TAGS_FULL = f"You have {MAX_TAGS_PER_USER} tags already: reuse one, or remove one from every play."
MONTH_NEEDS_YEAR = "Give the year of the month too."


class _Keep:
    """The value of an argument diary_update was not given: the play keeps what it has."""


KEEP: Any = _Keep()


def user_zone(user) -> zoneinfo.ZoneInfo:
    """The user's time zone (UTC when unset)."""
    return zoneinfo.ZoneInfo(user.time_zone or "UTC")


def _when(
    user, *, watched_on, watched_at, now: datetime.datetime
) -> tuple[datetime.date, datetime.datetime | None]:
    """(date in the user's zone, instant or None) of a play; ValidationError on the field given."""
    if watched_on is not None and watched_at is not None:
        raise ValidationError({"watched_at": BOTH_WHEN})
    zone = user_zone(user)
    field = "watched_on"
    if watched_at is not None:
        field = "watched_at"
        if not isinstance(watched_at, datetime.datetime) or timezone.is_naive(watched_at):
            raise ValidationError({field: NAIVE})
        if not EARLIEST_PLAY.year <= watched_at.year < datetime.MAXYEAR:
            raise ValidationError({field: TOO_EARLY if watched_at.year < EARLIEST_PLAY.year else TOO_LATE})
        day = watched_at.astimezone(zone).date()
    elif watched_on is not None:
        if not isinstance(watched_on, datetime.date) or isinstance(watched_on, datetime.datetime):
            raise ValidationError({field: "Give a date, e.g. 2026-03-01."})
        day = watched_on
    else:
        watched_at, day = now, now.astimezone(zone).date()
    if day > now.astimezone(zone).date() + datetime.timedelta(days=1):
        raise ValidationError({field: TOO_LATE})
    if day < EARLIEST_PLAY:
        raise ValidationError({field: TOO_EARLY})
    return day, watched_at


def play_view_time(user, day: datetime.date, watched_at: datetime.datetime | None, now: datetime.datetime):
    """When the play's view is recorded: its instant, else noon of its day in the user's zone (or now)."""
    if watched_at is not None:
        return watched_at
    return min(datetime.datetime.combine(day, datetime.time(12), tzinfo=user_zone(user)), now)


def _rating(rating) -> Decimal | None:
    if rating is None:
        return None
    value = services.half_stars(rating)
    if value is None:
        raise ValidationError({"rating": services.BAD_RATING})
    return value


def _review(text: str) -> str:
    """The play's review text, at most as long as a review's (the database would not refuse more)."""
    try:
        MaxLengthValidator(DiaryEntry._meta.get_field("review").max_length)(text)
    except ValidationError as error:
        raise ValidationError({"review": error.messages}) from None
    return text


def tag_slug(name: str) -> str:
    """The identity of a tag: trimmed, inner whitespace collapsed, case-folded."""
    return " ".join(name.split()).casefold()


def _tag_names(tags) -> dict[str, str]:
    """{slug: name} of the tags of one play (the first spelling of each slug); ValidationError on ``tags``."""
    if isinstance(tags, str) or not isinstance(tags, Iterable):
        raise ValidationError({"tags": "Give a list of tags."})
    names: dict[str, str] = {}
    for raw in tags:
        if not isinstance(raw, str):
            raise ValidationError({"tags": "A tag is text."})
        name = " ".join(raw.split())
        if not name:
            raise ValidationError({"tags": BLANK_TAG})
        if len(name) > TAG_MAX_LENGTH or len(name.casefold()) > TAG_MAX_LENGTH:
            raise ValidationError({"tags": LONG_TAG})
        names.setdefault(name.casefold(), name)
    if len(names) > MAX_TAGS_PER_PLAY:
        raise ValidationError({"tags": MANY_TAGS})
    return names


def _tags_set(entry: DiaryEntry, names: dict[str, str]) -> None:
    """Tag ``entry`` with exactly these tags, creating the user's new ones (at most MAX_TAGS_PER_USER)."""
    user_tags = DiaryTag.objects.filter(user_id=entry.user_id)
    known = set(user_tags.filter(slug__in=names).values_list("slug", flat=True))
    new = [
        DiaryTag(user_id=entry.user_id, name=names[slug], slug=slug) for slug in names if slug not in known
    ]
    if new:
        if user_tags.count() + len(new) > MAX_TAGS_PER_USER:
            raise ValidationError({"tags": TAGS_FULL})
        DiaryTag.objects.bulk_create(new, ignore_conflicts=True)
    entry.tags.set(user_tags.filter(slug__in=names) if names else [])


def _drop_unused_tags(user) -> None:
    DiaryTag.objects.filter(user=user, entries__isnull=True).delete()


def _rate_movie(user, movie_id: int, rating: Decimal) -> None:
    """Make ``rating`` the user's rating of the movie: a bare rating when they have none yet."""
    review = Review.objects.filter(user=user, movie_id=movie_id).only("pk", "rating").first()
    if review is None:
        services.review_create(user=user, tmdb_id=movie_id, rating=rating)
    elif review.rating != rating:
        services.review_update(user=user, review_id=review.pk, rating=rating)


@transaction.atomic
def diary_log(
    *,
    user,
    tmdb_id: int,
    watched_on: datetime.date | None = None,
    watched_at: datetime.datetime | None = None,
    rating=None,
    liked: bool = False,
    review: str = "",
    spoiler: bool = False,
    tags: Iterable[str] = (),
) -> DiaryEntry:
    """Log a play of a movie (see the module doc); returns it as diary_get reads it.

    A movie unknown locally is looked up on TMDb (movie_ensure), else Movie.DoesNotExist.
    Bad input is a ValidationError on its field, and then nothing is written.
    """
    services.check_tmdb_id(tmdb_id)
    now = timezone.now()
    day, at = _when(user, watched_on=watched_on, watched_at=watched_at, now=now)
    value = _rating(rating)
    names = _tag_names(tags)
    review = _review(review)
    movie = movie_ensure(tmdb_id=tmdb_id)
    entry = DiaryEntry(
        user=user,
        movie=movie,
        watched_on=day,
        watched_at=at,
        played_at=at or now,
        rating=value,
        liked=liked,
        review=review,
        spoiler=spoiler,
        created_at=now,
        updated_at=now,
    )
    entry.full_clean(exclude=["view"])
    entry.view = services.view_add(
        user=user,
        viewer_key=user_viewer_key(user.pk),
        movie=movie,
        watched_at=play_view_time(user, day, at, now),
    )
    entry.save()
    _tags_set(entry, names)
    if value is not None:
        _rate_movie(user, movie.tmdb_id, value)
    services.announce_interactions(DiaryEntry, user.pk)
    return diary_get(user=user, entry_id=entry.pk)


def _redate(entry: DiaryEntry, user, *, watched_on, watched_at, now: datetime.datetime) -> None:
    given_on = None if watched_on is KEEP else watched_on
    given_at = None if watched_at is KEEP else watched_at
    if given_on is None and given_at is None:
        raise ValidationError(
            {"watched_on": "Give the date (watched_on) or the instant (watched_at) of the play."}
        )
    entry.watched_on, entry.watched_at = _when(user, watched_on=given_on, watched_at=given_at, now=now)
    entry.played_at = entry.watched_at or entry.created_at
    if entry.view_id is not None:
        view_time = play_view_time(user, entry.watched_on, entry.watched_at, now)
        WatchHistory.objects.filter(pk=entry.view_id).update(watched_at=view_time)


@transaction.atomic
def diary_update(
    *,
    user,
    entry_id: UUID | str,
    watched_on=KEEP,
    watched_at=KEEP,
    rating=KEEP,
    liked=KEEP,
    review=KEEP,
    spoiler=KEEP,
    tags=KEEP,
) -> DiaryEntry:
    """Change one of ``user``'s plays; an argument not given (KEEP) keeps its value.

    A new date or instant moves the play's view too; a new rating sets the movie's rating
    (None takes the rating off the play only). Someone else's play is DiaryEntry.DoesNotExist.
    """
    entry = DiaryEntry.objects.select_for_update().get(user=user, pk=entry_id)
    now = timezone.now()
    if watched_on is not KEEP or watched_at is not KEEP:
        _redate(entry, user, watched_on=watched_on, watched_at=watched_at, now=now)
    if rating is not KEEP:
        entry.rating = _rating(rating)
    names = None if tags is KEEP else _tag_names(tags)
    if review is not KEEP:
        review = _review(review)
    for name, value in (("liked", liked), ("review", review), ("spoiler", spoiler)):
        if value is not KEEP:
            setattr(entry, name, value)
    entry.updated_at = now
    entry.full_clean(exclude=["view"])
    entry.save()
    if names is not None:
        _tags_set(entry, names)
        _drop_unused_tags(user)
    if rating is not KEEP and entry.rating is not None:
        _rate_movie(user, entry.movie_id, entry.rating)
    services.announce_interactions(DiaryEntry, user.pk)
    return diary_get(user=user, entry_id=entry.pk)


@transaction.atomic
def diary_delete(*, user, entry_id: UUID | str) -> Movie:
    """Delete one of ``user``'s plays and its view; the movie's rating stays. Returns the movie.

    Someone else's play is DiaryEntry.DoesNotExist, exactly like a missing one.
    """
    entry = DiaryEntry.objects.select_related("movie").get(user=user, pk=entry_id)
    entry.delete()
    if entry.view_id is not None:
        WatchHistory.objects.filter(pk=entry.view_id).delete()
    _drop_unused_tags(user)
    services.announce_interactions(DiaryEntry, user.pk)
    return entry.movie


def _rewatch() -> Exists:
    """Whether an earlier play (in diary order) of the same movie by the same user exists."""
    same_day = Q(watched_on=OuterRef("watched_on"))
    same_time = same_day & Q(played_at=OuterRef("played_at"))
    return Exists(
        DiaryEntry.objects.filter(user_id=OuterRef("user_id"), movie_id=OuterRef("movie_id")).filter(
            Q(watched_on__lt=OuterRef("watched_on"))
            | (same_day & Q(played_at__lt=OuterRef("played_at")))
            | (same_time & Q(pk__lt=OuterRef("pk")))
        )
    )


def _entries(*, user) -> QuerySet[DiaryEntry]:
    return (
        DiaryEntry.objects.filter(user=user)
        .annotate(rewatch=_rewatch())
        .select_related("movie")
        .prefetch_related("tags")
    )


def diary_get(*, user, entry_id: UUID | str) -> DiaryEntry:
    """One of ``user``'s plays; anyone else's is DiaryEntry.DoesNotExist, like a missing one."""
    return _entries(user=user).get(pk=entry_id)


def _month_range(year: int, month: int | None) -> tuple[datetime.date, datetime.date]:
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    start = datetime.date(year, month, 1)
    return start, (start + datetime.timedelta(days=31)).replace(day=1)


def diary_list(
    *,
    user,
    year: int | None = None,
    month: int | None = None,
    tag: str | None = None,
    rating=None,
    liked: bool | None = None,
) -> QuerySet[DiaryEntry]:
    """``user``'s plays, filtered by year (and month), tag (any spelling), exact rating and liked;
    page it in ORDERING. A filter no play can match is a ValidationError on it."""
    entries = _entries(user=user)
    if month is not None and year is None:
        raise ValidationError({"month": MONTH_NEEDS_YEAR})
    if year is not None:
        if not EARLIEST_PLAY.year <= year <= datetime.MAXYEAR - 1:
            raise ValidationError(
                {"year": f"year must be between {EARLIEST_PLAY.year} and {datetime.MAXYEAR - 1}."}
            )
        if month is not None and not 1 <= month <= 12:
            raise ValidationError({"month": "month must be between 1 and 12."})
        start, end = _month_range(year, month)
        entries = entries.filter(watched_on__gte=start, watched_on__lt=end)
    if tag is not None:
        entries = entries.filter(tags__slug=tag_slug(tag))
    if rating is not None:
        entries = entries.filter(rating=_rating(rating))
    if liked is not None:
        entries = entries.filter(liked=liked)
    return entries


def diary_tags(*, user) -> QuerySet[DiaryTag]:
    """``user``'s tags, each with ``plays`` (how many of their plays carry it); page it in TAG_ORDERING."""
    return DiaryTag.objects.filter(user=user).annotate(plays=Count("entries"))
