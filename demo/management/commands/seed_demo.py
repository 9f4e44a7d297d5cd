"""Loads the bundled demo catalog (derived from MovieLens ml-latest-small; research/non-commercial use)."""

import time

from django.core.management.base import BaseCommand

from demo import movielens


class Command(BaseCommand):
    help = (
        "Load the demo catalog derived from MovieLens ml-latest-small (movies, genres, tags, 610 demo "
        "users and their ratings). Idempotent. MovieLens data is for research and non-commercial use."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        stats = movielens.load(movielens.read_packed())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalog: {stats.movies_created} movies, {stats.genres_created} genres, "
                f"{stats.keywords_created} keywords, {stats.users_created} users, "
                f"{stats.reviews_created} reviews created; {stats.movies_rerated} rating totals updated "
                f"({time.perf_counter() - started:.1f}s)."
            )
        )
