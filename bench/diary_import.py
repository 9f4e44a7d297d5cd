"""How long a 10,000-row Letterboxd diary takes to import (goal: under 30 s), and a second time.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/diary_import.py [--rows 10000]

Migrates, loads the demo catalog (``seed_demo``) when the database has no movies, then writes a
Letterboxd ``diary.csv`` of ``--rows`` plays (fixed seed) of catalog films by title and year:
half-star ratings or none, up to three tags of twenty, rewatches (a film logged again later), and
one row in fifty a film no catalog has. It times the whole import of a fresh user, as the upload
and the job run it (``history_import_start`` then ``history_import_run``: read, match, write in
one transaction), then the same file again (nothing to add). The bench user is deleted afterwards.
"""

import argparse
import csv
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from catalog.models import Movie  # noqa: E402
from engagement import history_import, history_job  # noqa: E402

EMAIL = "diary-bench@moviverse.local"
TAGS = [f"tag {n}" for n in range(20)]


def diary_csv(rows: int, seed: int) -> bytes:
    """A Letterboxd diary of ``rows`` plays of catalog films (see the module doc)."""
    rng = random.Random(seed)
    films = list(Movie.objects.filter(year__isnull=False).order_by("tmdb_id").values_list("title", "year"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"])
    day = datetime.date(2005, 1, 1)
    seen = set()
    for n in range(rows):
        day += datetime.timedelta(days=rng.random() < 0.4)
        title, year = ("A Film Nobody Has", 1901) if n % 50 == 49 else rng.choice(films[: rows // 2])
        rating = rng.choice(["", "0.5", "1", "2.5", "3", "3.5", "4", "4.5", "5"])
        tags = ", ".join(rng.sample(TAGS, rng.randint(0, 3)))
        rewatch = "Yes" if (title, year) in seen else ""
        seen.add((title, year))
        writer.writerow([day.isoformat(), title, year, f"https://boxd.it/{n:x}", rating, rewatch, tags, day])
    return out.getvalue().encode()


def timed_import(user, data: bytes) -> tuple[float, dict, int]:
    start = time.perf_counter()
    job = history_import.history_import_start(user=user, file_name="diary.csv", data=data)
    job = history_job.history_import_run(import_id=job.pk)
    return time.perf_counter() - start, job.created, len(job.unmatched)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=26)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Movie.objects.exists():
        call_command("seed_demo", verbosity=0)
    users = get_user_model().objects
    users.filter(email=EMAIL).delete()
    user = users.create_user(email=EMAIL, username="diary-bench", password=None)
    data = diary_csv(args.rows, args.seed)
    try:
        print(
            f"{connection.vendor}, {Movie.objects.count():,} movies, {args.rows:,} rows, {len(data):,} bytes"
        )
        for label in ("first import", "same file again"):
            seconds, created, unmatched = timed_import(user, data)
            print(f"{label}: {seconds:.2f} s; plays added {created['diary']:,}, unmatched {unmatched:,}")
    finally:
        user.delete()


if __name__ == "__main__":
    main()
