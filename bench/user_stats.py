"""Diary statistics of a heavy user: a year in review and all time, cold and cached.

    createdb moviverse_bench_stats   # any empty or earlier bench database
    DATABASE_URL=postgres://.../moviverse_bench_stats REDIS_URL=redis://127.0.0.1:6379/N \\
        python bench/user_stats.py [--plays 10000] [--movies 2000] [--repeat 50]

Migrates, then (once per database) writes a synthetic catalog of ``--movies`` films with
runtimes, release years, 1-3 of 19 genres, ten billed actors (eight in the first ten places)
and a director, and one user with ``--plays`` diary plays over 2016-2025 (films drawn with a
power law, so many are rewatched; half rated, a third liked). Times engagement.stats in process
(cold: the user's cache generation bumped before each call, as their next write does; cached:
the same call again) and the REST answer through Django's test client (whole middleware
stack, cold and cached), and prints medians and 95th percentiles.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402 (after django.setup)
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.tokens import token_pair_for  # noqa: E402
from catalog.models import Genre, Movie, MovieCast, MovieCrew, Person  # noqa: E402
from common import payload_cache  # noqa: E402
from engagement import stats  # noqa: E402
from engagement.models import DiaryEntry  # noqa: E402

EMAIL = "stats-bench@example.com"
FIRST_TMDB_ID = 7_000_000
GENRES = 19
PEOPLE = 4000


@transaction.atomic
def _catalog(rng: random.Random, movies: int) -> list[int]:
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
def _diary(rng: random.Random, user, tmdb_ids: list[int], plays: int) -> None:
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
    DiaryEntry.objects.bulk_create(entries, batch_size=5000)


def _timed(
    call: Callable[[], object], repeat: int, before: Callable[[], object] = lambda: None
) -> list[float]:
    samples = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plays", type=int, default=10_000)
    parser.add_argument("--movies", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(0)
    user, created = get_user_model().objects.get_or_create(email=EMAIL, defaults={"username": "stats-bench"})
    if created:
        started = time.perf_counter()
        _diary(rng, user, _catalog(rng, args.movies), args.plays)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
        print(f"data written in {time.perf_counter() - started:.1f} s")
    films = Movie.objects.filter(plays__user=user).distinct().count()
    print(f"{DiaryEntry.objects.filter(user=user).count()} plays of {films} films")

    def retire() -> None:
        payload_cache.bump(payload_cache.user_generation(user.pk))

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(user).access}", "HTTP_HOST": "localhost"}

    def rest(query: dict) -> Callable[[], None]:
        def call() -> None:
            response = client.get("/api/user/stats/", query, secure=True, **headers)
            assert response.status_code == 200, response.content

        return call

    print(f"{'':<34} {'median ms':>9} {'p95 ms':>7}")
    for label, year in (("year in review (2025)", 2025), ("all time", None)):
        figures = stats.user_stats(user=user, year=year)
        print(f"{label}: {figures.plays} plays, {figures.films} films, {figures.rewatches} rewatches")
        query = {"year": year} if year else {}
        for name, call, before in (
            ("selector, cold", lambda y=year: stats.user_stats(user=user, year=y), retire),
            ("selector, cached", lambda y=year: stats.user_stats(user=user, year=y), lambda: None),
            ("REST, cold", rest(query), retire),
            ("REST, cached", rest(query), lambda: None),
        ):
            samples = _timed(call, args.repeat, before)
            p95 = statistics.quantiles(samples, n=20)[-1]
            print(f"  {name:<32} {statistics.median(samples):9.1f} {p95:7.1f}")


if __name__ == "__main__":
    main()
