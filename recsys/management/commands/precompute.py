"""Run the precompute jobs now, in this process: recommendations and trending."""

from django.core.management.base import BaseCommand

from recsys.models import RecommendationCache
from recsys.precomputed import POPULAR_KEY
from recsys.tasks import generate_daily_trending, generate_recommendations


class Command(BaseCommand):
    help = "Fit the recommendation models, store every active user's lists and refresh trending."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Skip the recommendation fit when a fitted model is already stored.",
        )

    def handle(self, *args, if_missing: bool = False, **options) -> None:
        if if_missing and RecommendationCache.objects.filter(key=POPULAR_KEY).exists():
            self.stdout.write("Recommendations already precomputed; skipped.")
        else:
            self.stdout.write(f"Recommendations: {generate_recommendations.apply().get()}")
        self.stdout.write(f"Trending: {generate_daily_trending.apply().get()}")
