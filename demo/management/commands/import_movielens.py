"""Imports a MovieLens directory (research/non-commercial data; production catalogs come from TMDb)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo import movielens


class Command(BaseCommand):
    help = (
        "Import a MovieLens directory (movies.csv, links.csv, ratings.csv, optional tags.csv) with the "
        "same code path as seed_demo; --pack FILE writes the compact demo file instead."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--pack", type=Path, help="Write the compact .jsonl.gz file instead of importing."
        )

    def handle(self, *args, directory: Path, pack: Path | None, **options) -> None:
        started = time.perf_counter()
        try:
            data = movielens.read_directory(directory)
        except (FileNotFoundError, KeyError, ValueError) as exc:
            raise CommandError(f"Not a MovieLens directory: {exc}") from exc
        if pack is not None:
            with pack.open("wb") as handle:
                movielens.write_packed(data, handle)
            self.stdout.write(
                f"Packed {len(data.movies)} movies and {len(data.ratings)} ratings into {pack}."
            )
            return
        stats = movielens.load(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"MovieLens import: {stats.movies_created} movies, {stats.genres_created} genres, "
                f"{stats.keywords_created} keywords, {stats.users_created} users, "
                f"{stats.reviews_created} reviews created; {stats.movies_rerated} rating totals updated "
                f"({time.perf_counter() - started:.1f}s)."
            )
        )
