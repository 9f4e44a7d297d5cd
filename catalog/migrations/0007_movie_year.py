"""Movie.year, and demo release dates that were only a year made honest.

The MovieLens import used to store a year-only title as 1 January of that year. A movie
imported from MovieLens (movielens_id set) whose date is 1 January and that TMDb never
synced (tmdb_synced_at empty) keeps the year and loses the date; every other movie's year
comes from its release date.
"""

from django.db import migrations, models
from django.db.models.functions import ExtractYear

import catalog.fields


def fill_years(apps, schema_editor) -> None:
    Movie = apps.get_model("catalog", "Movie")
    Movie.objects.filter(release_date__isnull=False).update(year=ExtractYear("release_date"))
    Movie.objects.filter(
        movielens_id__isnull=False,
        tmdb_synced_at__isnull=True,
        release_date__month=1,
        release_date__day=1,
    ).update(release_date=None)


def restore_dates(apps, schema_editor) -> None:
    Movie = apps.get_model("catalog", "Movie")
    for movie in Movie.objects.filter(release_date__isnull=True, year__isnull=False).only("id", "year"):
        Movie.objects.filter(pk=movie.pk).update(release_date=f"{movie.year:04d}-01-01")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_movie_rating_sum_half_stars"),
    ]

    operations = [
        migrations.AddField(
            model_name="movie",
            name="year",
            field=catalog.fields.ReleaseYearField(
                blank=True, help_text="The release year (release_date's when set).", null=True
            ),
        ),
        migrations.AlterField(
            model_name="movie",
            name="release_date",
            field=models.DateField(blank=True, help_text="Empty when only the year is known.", null=True),
        ),
        migrations.AddIndex(
            model_name="movie",
            index=models.Index(fields=["year"], name="catalog_mov_year_7056e6_idx"),
        ),
        migrations.RunPython(fill_years, restore_dates),
    ]
