"""A user's diary in figures: a year's statistics (a completed year's is its year in review) or all time's.

Every figure is an SQL aggregate over the user's plays (``DiaryEntry``) of the period, in a
fixed number of queries whatever the number of plays: four for all time, five for a year.
One scan of the plays counted per film, its films joined to the catalog and grouped by release
decade, counts plays, films, liked plays, ratings and minutes; plays per day (GROUP BY day: at
most 366 rows a year) are rolled up into months, weekdays and years and give the streak; genres,
directors and actors in one statement (engagement.stats_ranking); the highest-rated films; and,
for a year, the films played before it (its rewatches).

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
from django.db import connection
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from catalog.models import Movie
from catalog.ratings import RATING_VALUES
from common import payload_cache
from engagement import stats_ranking
from engagement.diary import EARLIEST_PLAY, user_zone
from engagement.models import DiaryEntry
from engagement.sql_names import column, table

TOP = 10  # genres, directors, actors and highest-rated films listed
TOP_BILLED = 10  # an actor counts when billed in a movie's first TOP_BILLED places (cast order)
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


def _period(user, year: int | None) -> QuerySet[DiaryEntry]:
    """The user's plays of the period, unordered."""
    plays = DiaryEntry.objects.filter(user=user).order_by()
    if year is None:
        return plays
    return plays.filter(
        watched_on__gte=datetime.date(year, 1, 1), watched_on__lt=datetime.date(year + 1, 1, 1)
    )


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


@dataclass(frozen=True)
class _Decades:
    """Plays per release decade, with the minutes they add up to and the plays without a runtime;
    ``totals``: plays, films, liked plays and the rating histogram of the whole period."""

    counts: list[PeriodCount]
    minutes: int
    without_runtime: int
    totals: dict[str, int]


def _decades(plays: QuerySet[DiaryEntry]) -> _Decades:
    """One scan of the plays, counted per film (plays, liked plays, plays per rating), then the
    films joined to the catalog and summed per release decade: a film has one decade and one
    runtime, so the join reads a row per film rather than per play."""
    ratings = {f"rated_{i}": Count("pk", filter=Q(rating=value)) for i, value in enumerate(RATING_VALUES)}
    per_film, params = (
        plays.values("movie_id")
        .annotate(plays=Count("pk"), liked=Count("pk", filter=Q(liked=True)), **ratings)
        .order_by()
        .query.sql_with_params()
    )
    year, runtime = column(Movie, "year"), column(Movie, "runtime")
    summed = ("plays", "liked", *ratings)
    sql = (
        f"SELECT m.{year} / 10 * 10 AS decade, COUNT(*) AS films,"  # noqa: S608
        f" SUM(m.{runtime} * p.plays) AS minutes,"
        f" SUM(CASE WHEN m.{runtime} IS NULL THEN p.plays ELSE 0 END) AS without_runtime,"
        f" {', '.join(f'SUM(p.{key})' for key in summed)}"
        f" FROM ({per_film}) p JOIN {table(Movie)} m ON m.{column(Movie, 'tmdb_id')} = p.movie_id"
        f" GROUP BY m.{year} / 10 * 10"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [
            dict(zip(("decade", "films", "minutes", "without_runtime", *summed), row, strict=True))
            for row in cursor.fetchall()
        ]
    counts = [PeriodCount(period=r["decade"], plays=int(r["plays"])) for r in rows if r["decade"] is not None]
    return _Decades(
        counts=sorted(counts, key=lambda count: (-count.plays, count.period)),
        minutes=sum(int(r["minutes"] or 0) for r in rows),
        without_runtime=sum(int(r["without_runtime"]) for r in rows),
        totals={key: sum(int(r[key]) for r in rows) for key in ("films", *summed)},
    )


def _per_day(plays: QuerySet[DiaryEntry]) -> dict[datetime.date, int]:
    """Plays per day played (at most 366 a year), oldest first."""
    # Tuples rather than dicts: all time is a row per day played (3,424 for 10,000 plays).
    return dict(plays.values_list("watched_on").annotate(n=Count("pk")).order_by("watched_on"))


def _rolled_up(
    days: dict[datetime.date, int], period: Callable[[datetime.date], int], keys
) -> list[PeriodCount]:
    """The daily counts summed per ``period`` of their day, for each of ``keys`` (zeros included)."""
    totals = dict.fromkeys(keys, 0)
    for day, n in days.items():
        totals[period(day)] += n
    return [PeriodCount(period=key, plays=n) for key, n in totals.items()]


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


def _highest_rated(plays: QuerySet[DiaryEntry]) -> list[RatedFilm]:
    """The TOP films with the best ratings; titles read for those alone (after the LIMIT, not per play)."""
    title = Movie.objects.filter(tmdb_id=OuterRef("movie_id")).order_by().values("title")[:1]
    rows = (
        plays.values("movie_id")
        .annotate(best=Max("rating"), last=Max("watched_on"))
        .filter(best__isnull=False)
        .annotate(title=Subquery(title))
        .order_by("-best", "-last", "movie_id")[:TOP]
    )
    return [
        RatedFilm(tmdb_id=r["movie_id"], title=r["title"], rating=r["best"], last_played_on=r["last"])
        for r in rows
    ]


def _people(rows: list[tuple[str, int | None, int]]) -> list[PersonCount]:
    return [PersonCount(name=name, tmdb_id=tmdb_id, plays=n) for name, tmdb_id, n in rows]


def _build(user, year: int | None) -> UserStats:
    plays = _period(user, year)
    decades = _decades(plays)
    totals = decades.totals
    days = _per_day(plays)
    years = sorted({day.year for day in days})
    ranked = stats_ranking.rankings(plays, TOP, TOP_BILLED)
    return UserStats(
        year=year,
        completed=year is not None and year < current_year(user),
        films=totals["films"],
        plays=totals["plays"],
        rewatches=_rewatches(user, plays, totals, year),
        liked=totals["liked"],
        hours=(Decimal(decades.minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        plays_without_runtime=decades.without_runtime,
        by_month=_rolled_up(days, lambda day: day.month, MONTHS) if year else [],
        by_year=[] if year else _rolled_up(days, lambda day: day.year, years),
        by_weekday=_rolled_up(days, datetime.date.isoweekday, WEEKDAYS),
        ratings=[RatingCount(rating=v, count=totals[f"rated_{i}"]) for i, v in enumerate(RATING_VALUES)],
        genres=[GenreCount(name=n, slug=s, plays=p) for n, s, p in ranked.genres],
        directors=_people(ranked.directors),
        actors=_people(ranked.actors),
        decades=decades.counts,
        streak=longest_streak(list(days)),
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
