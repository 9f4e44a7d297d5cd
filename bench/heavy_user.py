"""What the heavy-user benchmarks share: a synthetic catalog, a diary of plays, and timing.

Import it after ``django.setup()`` (it imports models). The catalog and the plays are made
with a seeded ``random.Random``, so a database built twice holds the same data.
"""

import datetime
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from catalog.models import Genre, Movie, MovieCast, MovieCrew, Person
from engagement.models import DiaryEntry

FIRST_TMDB_ID = 7_000_000
GENRES = 19
PEOPLE = 4000


@transaction.atomic
def catalog(rng: random.Random, movies: int) -> list[int]:
    """TMDb ids of ``movies`` synthetic films with runtimes, release years, 1-3 genres, ten billed
    actors and a director; an earlier run's films are reused when the database holds them."""
    known = list(
        Movie.objects.filter(tmdb_id__gte=FIRST_TMDB_ID, tmdb_id__lt=FIRST_TMDB_ID + movies)
        .order_by("tmdb_id")
        .values_list("tmdb_id", flat=True)
    )
    if len(known) == movies:
        return known
    genres = [
        Genre.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Genre {n}"})[0]
        for n in range(GENRES)
    ]
    people = Person.objects.bulk_create(Person(name=f"Person {n}") for n in range(PEOPLE))
    films = Movie.objects.bulk_create(
        Movie(
            tmdb_id=FIRST_TMDB_ID + n,
            title=f"Film {n}",
            release_date=datetime.date(rng.randint(1930, 2025), 6, 1),
            runtime=None if n % 50 == 0 else rng.randint(75, 180),
        )
        for n in range(movies)
    )
    through = Movie.genres.through
    through.objects.bulk_create(
        through(movie_id=film.pk, genre_id=genre.pk)
        for film in films
        for genre in rng.sample(genres, rng.randint(1, 3))
    )
    cast, crew = [], []
    for film in films:
        billed = rng.sample(people, 11)
        orders = [*range(8), 10, 12]
        cast += [
            MovieCast(movie=film, person=p, character_name="Role", order=o)
            for p, o in zip(billed[:10], orders, strict=True)
        ]
        crew.append(MovieCrew(movie=film, person=billed[10], department="Directing", role="Director"))
    MovieCast.objects.bulk_create(cast, batch_size=5000)
    MovieCrew.objects.bulk_create(crew, batch_size=5000)
    return [film.tmdb_id for film in films]


@transaction.atomic
def diary(rng: random.Random, user, tmdb_ids: list[int], plays: int) -> list[DiaryEntry]:
    """``plays`` plays by ``user`` over 2016-2025 of films drawn with a power law (many rewatches),
    half rated, a third liked."""
    weights = [1 / (rank + 1) for rank in range(len(tmdb_ids))]
    first, days = datetime.date(2016, 1, 1), (datetime.date(2025, 12, 31) - datetime.date(2016, 1, 1)).days
    entries = []
    for n, tmdb_id in enumerate(rng.choices(tmdb_ids, weights=weights, k=plays)):
        day = first + datetime.timedelta(days=rng.randint(0, days))
        at = datetime.datetime.combine(day, datetime.time(20), tzinfo=datetime.UTC)
        rating = Decimal(rng.randint(2, 10)) / 2 if n % 2 else None
        entries.append(
            DiaryEntry(
                user=user, movie_id=tmdb_id, watched_on=day, played_at=at, rating=rating, liked=n % 3 == 0
            )
        )
    return DiaryEntry.objects.bulk_create(entries, batch_size=5000)


def timed(
    call: Callable[[], object], repeat: int, before: Callable[[], object] = lambda: None
) -> list[float]:
    """Milliseconds of ``repeat`` calls, ``before`` run (untimed) ahead of each."""
    samples = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def median_p95(samples: list[float]) -> tuple[float, float]:
    """The median and 95th percentile of ``samples`` (at least two)."""
    return statistics.median(samples), statistics.quantiles(samples, n=20)[-1]
