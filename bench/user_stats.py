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
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402 (after django.setup)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.tokens import token_pair_for  # noqa: E402
from bench.heavy_user import catalog, diary, median_p95, timed  # noqa: E402
from catalog.models import Movie  # noqa: E402
from common import payload_cache  # noqa: E402
from engagement import stats  # noqa: E402
from engagement.models import DiaryEntry  # noqa: E402

EMAIL = "stats-bench@example.com"


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
        diary(rng, user, catalog(rng, args.movies), args.plays)
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
            median, p95 = median_p95(timed(call, args.repeat, before))
            print(f"  {name:<32} {median:9.1f} {p95:7.1f}")


if __name__ == "__main__":
    main()
