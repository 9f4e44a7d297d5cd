"""Run the precompute jobs now, in this process: recommendations and trending."""

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
            self.stdout.write("Recommendations already precomputed; skipped.")
        else:
            result = generate_recommendations.apply(kwargs={"in_process": True}).get()
            self.stdout.write(f"Recommendations: {result}")
        self.stdout.write(f"Trending: {generate_daily_trending.apply().get()}")
