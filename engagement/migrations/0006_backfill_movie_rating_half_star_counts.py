# Fills the per-half-star rating counts catalog 0010 added to Movie from the reviews already stored,
# a batch of movies at a time (one grouped count per batch; movies with the same counts share an
# UPDATE). Reversing it is a no-op: going back, catalog 0010 drops the columns.

from collections import defaultdict
from decimal import Decimal

from django.db import migrations
from django.db.models import Count

BATCH = 500  # movie ids per query, under SQLite's 999 parameters


def _column(rating) -> str:
    return f"rated_{str(Decimal(rating).quantize(Decimal('0.1'))).replace('.', '_')}_count"


def backfill(apps, schema_editor):
    Movie = apps.get_model("catalog", "Movie")
    Review = apps.get_model("engagement", "Review")
    rated = list(Review.objects.order_by("movie_id").values_list("movie_id", flat=True).distinct())
    for start in range(0, len(rated), BATCH):
        chunk = rated[start : start + BATCH]
        counts = defaultdict(dict)
        rows = (
            Review.objects.filter(movie_id__in=chunk)
            .order_by()
            .values_list("movie_id", "rating")
            .annotate(n=Count("id"))
        )
        for tmdb_id, rating, n in rows:
            counts[tmdb_id][_column(rating)] = n
        same = defaultdict(list)
        for tmdb_id, columns in counts.items():
            same[tuple(sorted(columns.items()))].append(tmdb_id)
        for columns, tmdb_ids in same.items():
            Movie.objects.filter(tmdb_id__in=tmdb_ids).update(**dict(columns))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_movie_rating_half_star_counts"),
        ("engagement", "0005_review_half_stars"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
