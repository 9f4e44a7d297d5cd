"""Record the feed activities of reviews, plays, lists and list entries written before the feed."""

from django.core.management.base import BaseCommand

from social import activity


class Command(BaseCommand):
    help = (
        "Record the missing feed activities of existing reviews, ratings, diary plays, lists and list "
        "entries (idempotent: rows already recorded are left alone)."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Recorded {activity.backfill()} activities.")
