"""A user's diary in figures: a year's statistics (a completed year's is its year in review) or all time's.

Every figure is an SQL aggregate over the user's plays (``DiaryEntry``) of the period, in
eight queries whatever the number of plays: one scan for the totals (plays, films, liked,
minutes, ratings, weekdays and a year's months), then genres, directors, actors, decades, the
distinct days played (the streak is found in Python over those days only), the highest-rated
films, and either the films played before the year (its rewatches) or, for all time, the plays
by year.

Answers are kept in the shared cache per user (common/payload_cache.personal_place): the
user's own writes retire them at once and nobody else's do. A completed year is kept
REVIEW_TTL seconds (a day), the current one and all time STATS_TTL: that bounds the catalog
changes (runtimes, genres, credits) no generation tracks.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from catalog.models import Genre, Person
from catalog.ratings import RATING_VALUES
from common import payload_cache
from engagement.diary import EARLIEST_PLAY, user_zone
from engagement.models import DiaryEntry

TOP = 10  # genres, directors, actors and highest-rated films listed
TOP_BILLED = 10  # an actor counts when billed in a movie's first TOP_BILLED places (cast order)
DIRECTOR = "Director"
STATS_TTL = 10 * 60
REVIEW_TTL = 24 * 60 * 60
WEEKDAYS = range(1, 8)  # ISO: Monday is 1
MONTHS = range(1, 13)

T = TypeVar("T")


@dataclass(frozen=True)
class PeriodCount:
    """Plays in one month (1-12), weekday (1 Monday .. 7 Sunday), year or decade (e.g. 1990)."""

    period: int
    plays: int


@dataclass(frozen=True)
class RatingCount:
    rating: Decimal
    count: int


@dataclass(frozen=True)
class GenreCount:
    name: str
    slug: str
    plays: int


@dataclass(frozen=True)
class PersonCount:
    name: str
    tmdb_id: int | None
    plays: int


@dataclass(frozen=True)
class Streak:
    """The most consecutive days with a play (the latest such run); 0 days and no dates without plays."""

    days: int
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True)
class RatedFilm:
    """A rated film of the period: the best rating its plays of the period gave, its latest play in it."""

    tmdb_id: int
    title: str
    rating: Decimal
    last_played_on: datetime.date


@dataclass(frozen=True)
class UserStats:
    year: int | None
    completed: bool
    films: int
    plays: int
    rewatches: int
    liked: int
    hours: Decimal
    plays_without_runtime: int
    by_month: list[PeriodCount]
    by_year: list[PeriodCount]
    by_weekday: list[PeriodCount]
    ratings: list[RatingCount]
    genres: list[GenreCount]
    directors: list[PersonCount]
    actors: list[PersonCount]
    decades: list[PeriodCount]
    streak: Streak
    highest_rated: list[RatedFilm]


def current_year(user) -> int:
    """The year it is now in the user's time zone."""
    return timezone.now().astimezone(user_zone(user)).year


def check_year(user, year: int | None) -> None:
    """ValidationError on ``year`` unless it is None or from 1870 to next year (in the user's zone)."""
    last = current_year(user) + 1
    if year is not None and not EARLIEST_PLAY.year <= year <= last:
        raise ValidationError({"year": f"year must be between {EARLIEST_PLAY.year} and {last}."})


def _period(prefix: str, user, year: int | None) -> Q:
    """The user's plays of the period, seen from a model ``prefix`` away from DiaryEntry."""
    where = Q(**{f"{prefix}user": user})
    if year is not None:
        where &= Q(**{f"{prefix}watched_on__gte": datetime.date(year, 1, 1)})
        where &= Q(**{f"{prefix}watched_on__lt": datetime.date(year + 1, 1, 1)})
    return where


def _totals(plays: QuerySet[DiaryEntry], year: int | None) -> dict[str, int | None]:
    """One scan: counts, minutes, the rating histogram, weekdays and (with a year) months."""
    counts = {
        "plays": Count("pk"),
        "films": Count("movie", distinct=True),
        "liked": Count("pk", filter=Q(liked=True)),
        "minutes": Sum("movie__runtime"),
        "no_runtime": Count("pk", filter=Q(movie__runtime__isnull=True)),
    }
    counts |= {f"rated_{value}": Count("pk", filter=Q(rating=value)) for value in RATING_VALUES}
    counts |= {f"weekday_{day}": Count("pk", filter=Q(watched_on__iso_week_day=day)) for day in WEEKDAYS}
    if year is not None:
        counts |= {f"month_{month}": Count("pk", filter=Q(watched_on__month=month)) for month in MONTHS}
    return plays.aggregate(**counts)


def _rewatches(user, plays: QuerySet[DiaryEntry], totals: dict, year: int | None) -> int:
    """Plays with an earlier play of the same film: every play but each film's first one ever."""
    if year is None:
        return totals["plays"] - totals["films"]
    seen_before = (
        DiaryEntry.objects.filter(user=user, watched_on__lt=datetime.date(year, 1, 1))
        .filter(movie__in=plays.values("movie"))
        .values("movie")
        .distinct()
        .count()
    )
    return totals["plays"] - totals["films"] + seen_before


def _by_year(plays: QuerySet[DiaryEntry]) -> list[PeriodCount]:
    rows = plays.annotate(period=ExtractYear("watched_on")).values("period").annotate(n=Count("pk"))
    return [PeriodCount(period=row["period"], plays=row["n"]) for row in rows.order_by("period")]


def _genres(user, year: int | None) -> list[GenreCount]:
    rows = (
        Genre.objects.filter(_period("movies__plays__", user, year))
        .annotate(n=Count("movies__plays", distinct=True))
        .order_by("-n", "name", "pk")[:TOP]
    )
    return [GenreCount(name=genre.name, slug=genre.slug, plays=genre.n) for genre in rows]


def _people(where: Q, plays: str) -> list[PersonCount]:
    rows = (
        Person.objects.filter(where)
        .annotate(n=Count(plays, distinct=True))
        .order_by("-n", "name", "pk")
        .values_list("name", "tmdb_id", "n")[:TOP]
    )
    return [PersonCount(name=name, tmdb_id=tmdb_id, plays=n) for name, tmdb_id, n in rows]


def _directors(user, year: int | None) -> list[PersonCount]:
    where = Q(crew_roles__role=DIRECTOR) & _period("crew_roles__movie__plays__", user, year)
    return _people(where, "crew_roles__movie__plays")


def _actors(user, year: int | None) -> list[PersonCount]:
    where = Q(cast_roles__order__lt=TOP_BILLED) & _period("cast_roles__movie__plays__", user, year)
    return _people(where, "cast_roles__movie__plays")


def _decades(plays: QuerySet[DiaryEntry]) -> list[PeriodCount]:
    rows = (
        plays.filter(movie__year__isnull=False)
        .annotate(period=F("movie__year") / 10 * 10)
        .values("period")
        .annotate(n=Count("pk"))
        .order_by("-n", "period")
    )
    return [PeriodCount(period=row["period"], plays=row["n"]) for row in rows]


def longest_streak(days: list[datetime.date]) -> Streak:
    """The longest run of consecutive ``days`` (distinct, ascending); the latest of equal runs."""
    best = Streak(days=0, start=None, end=None)
    start = previous = None
    for day in days:
        if previous is None or day - previous != datetime.timedelta(days=1):
            start = day
        previous = day
        length = (day - start).days + 1
        if length >= best.days:
            best = Streak(days=length, start=start, end=day)
    return best


def _streak(plays: QuerySet[DiaryEntry]) -> Streak:
    days = plays.order_by("watched_on").values_list("watched_on", flat=True).distinct()
    return longest_streak(list(days))


def _highest_rated(plays: QuerySet[DiaryEntry]) -> list[RatedFilm]:
    rows = (
        plays.values("movie_id", "movie__title")
        .annotate(best=Max("rating"), last=Max("watched_on"))
        .filter(best__isnull=False)
        .order_by("-best", "-last", "movie_id")[:TOP]
    )
    return [
        RatedFilm(tmdb_id=r["movie_id"], title=r["movie__title"], rating=r["best"], last_played_on=r["last"])
        for r in rows
    ]


def _build(user, year: int | None) -> UserStats:
    plays = DiaryEntry.objects.filter(_period("", user, year)).order_by()
    totals = _totals(plays, year)
    minutes = Decimal(totals["minutes"] or 0)
    by_month = [PeriodCount(period=m, plays=totals[f"month_{m}"]) for m in MONTHS] if year else []
    return UserStats(
        year=year,
        completed=year is not None and year < current_year(user),
        films=totals["films"],
        plays=totals["plays"],
        rewatches=_rewatches(user, plays, totals, year),
        liked=totals["liked"],
        hours=(minutes / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        plays_without_runtime=totals["no_runtime"],
        by_month=by_month,
        by_year=[] if year else _by_year(plays),
        by_weekday=[PeriodCount(period=d, plays=totals[f"weekday_{d}"]) for d in WEEKDAYS],
        ratings=[RatingCount(rating=v, count=totals[f"rated_{v}"]) for v in RATING_VALUES],
        genres=_genres(user, year),
        directors=_directors(user, year),
        actors=_actors(user, year),
        decades=_decades(plays),
        streak=_streak(plays),
        highest_rated=_highest_rated(plays),
    )


def _cached(user, parts: list, timeout: int, build: Callable[[], T]) -> T:
    """``build()`` kept per user under ``parts`` until the user's next write (or ``timeout`` seconds)."""
    slot = payload_cache.read(payload_cache.personal_place(user_id=user.pk, parts=parts))
    if slot.value is not None:
        return slot.value
    value = build()
    payload_cache.fill(slot, value, timeout=timeout)
    return value


def user_stats(*, user, year: int | None = None) -> UserStats:
    """``user``'s statistics of ``year`` (None: all time); ValidationError on a year out of range."""
    check_year(user, year)
    completed = year is not None and year < current_year(user)
    timeout = REVIEW_TTL if completed else STATS_TTL
    return _cached(user, ["stats", year], timeout, lambda: _build(user, year))


def stats_years(*, user) -> list[int]:
    """The years with plays in ``user``'s diary, newest first: those before this one are years in review."""

    def build() -> list[int]:
        years = DiaryEntry.objects.filter(user=user).annotate(y=ExtractYear("watched_on"))
        return list(years.values_list("y", flat=True).distinct().order_by("-y"))

    return _cached(user, ["stats-years"], STATS_TTL, build)
