"""Run the precompute jobs now, in this process: recommendations and trending."""

import time

from django.core.management.base import BaseCommand

from recsys.runs import current_run_id
from recsys.tasks import generate_daily_trending, generate_recommendations


class Command(BaseCommand):
    help = "Fit the recommendation models, store every active user's lists and refresh trending."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Skip the recommendation run when one has already finished.",
        )

    def handle(self, *args, if_missing: bool = False, **options) -> None:
        if if_missing and current_run_id() is not None:
            self.stdout.write("Recommendations: already precomputed; skipped.")
        else:
            self.stdout.write("Recommendations: fitting the models and scoring every active user...")
            started = time.perf_counter()
            result = generate_recommendations.apply(kwargs={"in_process": True}).get()
            self.stdout.write(
                f"Recommendations: run {result['run']}, {result['batches']} batches of users scored "
                f"({time.perf_counter() - started:.1f}s)."
            )
        started = time.perf_counter()
        counts = generate_daily_trending.apply().get()
        listed = ", ".join(f"{time_range} {count}" for time_range, count in counts.items())
        self.stdout.write(f"Trending: {listed} movies ({time.perf_counter() - started:.1f}s).")
