"""A hand-computed diary for the statistics tests: 12 plays of 3 films over 2024 and 2025.

Alpha (1994, 120 min, Drama and Crime, directed by Dee; Ann and Bob billed, Extra billed 13th),
Beta (1999, 90 min, Drama, Dee; Ann) and Gamma (2010, no runtime, Comedy, Eve; Bob in two roles).

    #   date        weekday  film   rating  liked
    1   2024-12-30  Mon      Alpha  4.0     yes
    2   2024-12-31  Tue      Beta   -
    3   2025-01-01  Wed      Alpha  3.5           rewatch
    4   2025-03-03  Mon      Alpha  4.5     yes   rewatch    \
    5   2025-03-04  Tue      Beta   3.0           rewatch     | 3-day streak
    6   2025-03-05  Wed      Gamma  5.0     yes               |
    7   2025-03-05  Wed      Gamma  -             rewatch    /
    8   2025-06-14  Sat      Alpha  4.5           rewatch
    9   2025-06-15  Sun      Beta   2.0     yes   rewatch
    10  2025-08-01  Fri      Gamma  1.0           rewatch
    11  2025-12-25  Thu      Alpha  -             rewatch
    12  2025-12-31  Wed      Beta   4.5           rewatch

2025: 10 plays, 3 films, 9 rewatches, 3 liked, 4 x 120 + 3 x 90 = 750 min = 12.5 h, 3 plays of
Gamma without runtime. All time: 12 plays, 960 min = 16.0 h; 2024-12-30 .. 2025-01-01 is a 3-day
streak too, and the later of two equal runs (March) is the one shown.
"""

import datetime
from decimal import Decimal

from catalog.models import Genre, Movie, MovieCast, MovieCrew, Person
from engagement import diary
from engagement.models import DiaryEntry
from tests.factories import movie_with_credits

ALPHA, BETA, GAMMA = 701, 702, 703

PLAYS = [
    ("2024-12-30", ALPHA, 4.0, True),
    ("2024-12-31", BETA, None, False),
    ("2025-01-01", ALPHA, 3.5, False),
    ("2025-03-03", ALPHA, 4.5, True),
    ("2025-03-04", BETA, 3.0, False),
    ("2025-03-05", GAMMA, 5.0, True),
    ("2025-03-05", GAMMA, None, False),
    ("2025-06-14", ALPHA, 4.5, False),
    ("2025-06-15", BETA, 2.0, True),
    ("2025-08-01", GAMMA, 1.0, False),
    ("2025-12-25", ALPHA, None, False),
    ("2025-12-31", BETA, 4.5, False),
]


def stats_catalog() -> None:
    """The three films with their genres and credits."""
    people = {
        name: Person.objects.create(name=name, tmdb_id=n)
        for n, name in enumerate(["Ann", "Bob", "Dee", "Eve", "Extra"], 1)
    }
    genres = {
        name: Genre.objects.create(name=name, slug=name.lower()) for name in ("Drama", "Crime", "Comedy")
    }
    films = [
        (
            ALPHA,
            "Alpha",
            1994,
            120,
            ["Drama", "Crime"],
            "Dee",
            [("Ann", "A", 0), ("Bob", "B", 1), ("Extra", "X", 12)],
        ),
        (BETA, "Beta", 1999, 90, ["Drama"], "Dee", [("Ann", "A", 3)]),
        (GAMMA, "Gamma", 2010, None, ["Comedy"], "Eve", [("Bob", "B", 0), ("Bob", "B2", 1)]),
    ]
    for tmdb_id, title, year, runtime, genre_names, director, cast in films:
        movie = Movie.objects.create(
            tmdb_id=tmdb_id, title=title, release_date=datetime.date(year, 6, 1), runtime=runtime
        )
        movie.genres.set([genres[name] for name in genre_names])
        MovieCrew.objects.create(
            movie=movie, person=people[director], department="Directing", role="Director"
        )
        for name, character, order in cast:
            MovieCast.objects.create(movie=movie, person=people[name], character_name=character, order=order)


def stats_diary(user) -> None:
    """Log the twelve plays above for ``user`` (the catalog must exist)."""
    for day, tmdb_id, rating, liked in PLAYS:
        diary.diary_log(
            user=user,
            tmdb_id=tmdb_id,
            watched_on=datetime.date.fromisoformat(day),
            rating=rating,
            liked=liked,
        )


def _months(plays: dict[int, int]) -> list[dict]:
    return [{"period": month, "plays": plays.get(month, 0)} for month in range(1, 13)]


# 2025 as the REST answer reads (GraphQL: the same in camelCase).
STATS_2025 = {
    "year": 2025,
    "completed": True,
    "films": 3,
    "plays": 10,
    "rewatches": 9,
    "liked": 3,
    "hours": 12.5,
    "plays_without_runtime": 3,
    "by_month": _months({1: 1, 3: 4, 6: 2, 8: 1, 12: 2}),
    "by_year": [],
    "by_weekday": [
        {"period": day, "plays": plays} for day, plays in zip(range(1, 8), [1, 1, 4, 1, 1, 1, 1], strict=True)
    ],
    "ratings": [
        {"rating": rating, "count": count}
        for rating, count in zip(
            [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0], [1, 0, 1, 0, 1, 1, 0, 3, 1], strict=True
        )
    ],
    "genres": [
        {"name": "Drama", "slug": "drama", "plays": 7},
        {"name": "Crime", "slug": "crime", "plays": 4},
        {"name": "Comedy", "slug": "comedy", "plays": 3},
    ],
    "directors": [{"name": "Dee", "tmdb_id": 3, "plays": 7}, {"name": "Eve", "tmdb_id": 4, "plays": 3}],
    "actors": [{"name": "Ann", "tmdb_id": 1, "plays": 7}, {"name": "Bob", "tmdb_id": 2, "plays": 7}],
    "decades": [{"period": 1990, "plays": 7}, {"period": 2010, "plays": 3}],
    "streak": {"days": 3, "start": "2025-03-03", "end": "2025-03-05"},
    "highest_rated": [
        {"tmdb_id": GAMMA, "title": "Gamma", "rating": 5.0, "last_played_on": "2025-08-01"},
        {"tmdb_id": BETA, "title": "Beta", "rating": 4.5, "last_played_on": "2025-12-31"},
        {"tmdb_id": ALPHA, "title": "Alpha", "rating": 4.5, "last_played_on": "2025-12-25"},
    ],
}


def bulk_plays(user, count: int) -> None:
    """``count`` plays of 40 films with runtimes, genres and credits, written in bulk (for query counts)."""
    for tmdb_id in range(800, 840):
        if not Movie.objects.filter(tmdb_id=tmdb_id).exists():
            movie_with_credits(tmdb_id=tmdb_id)
    start = datetime.datetime(2025, 1, 1, 20, tzinfo=datetime.UTC)
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            user=user,
            movie_id=800 + n % 40,
            watched_on=(start + datetime.timedelta(days=n % 300)).date(),
            played_at=start + datetime.timedelta(days=n % 300),
            rating=Decimal(n % 9 + 2) / 2,
            liked=n % 2 == 0,
        )
        for n in range(count)
    )
