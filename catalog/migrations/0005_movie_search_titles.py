"""Normalized titles for typo-tolerant search, and trigram indexes on PostgreSQL.

``search_title`` and ``search_aliases`` are derived from the titles on every write; this
migration fills them for existing rows. PostgreSQL gets pg_trgm and GIN trigram indexes on
the title (the admin's "title contains" filter) and on both normalized columns (search).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import catalog.fields
from catalog.migrations._postgres import AddIndexOnPostgres

DERIVED = ["search_title", "search_aliases"]


def fill_search_titles(apps, schema_editor):
    movie_model = apps.get_model("catalog", "Movie")
    fields = [movie_model._meta.get_field(name) for name in DERIVED]
    batch = []
    for movie in movie_model.objects.only("id", "title", "original_title", "alternative_titles").iterator(
        chunk_size=2000
    ):
        for field in fields:
            setattr(movie, field.attname, field.derive(movie))
        batch.append(movie)
        if len(batch) == 2000:
            movie_model.objects.bulk_update(batch, DERIVED)
            batch = []
    movie_model.objects.bulk_update(batch, DERIVED)


def trigram_index(field: str, name: str) -> AddIndexOnPostgres:
    return AddIndexOnPostgres("movie", GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=name))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_unique_orderings")]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="movie",
            name="alternative_titles",
            field=models.JSONField(
                blank=True, default=list, help_text="Other titles the movie is known by (TMDb alternative_titles)."
            ),
        ),
        migrations.AddField(
            model_name="movie",
            name="search_aliases",
            field=catalog.fields.NormalizedTitlesField(
                excluding="title", sources=["original_title", "alternative_titles"]
            ),
        ),
        migrations.AddField(
            model_name="movie",
            name="search_title",
            field=catalog.fields.NormalizedTitlesField(sources=["title"]),
        ),
        migrations.RunPython(fill_search_titles, migrations.RunPython.noop),
        trigram_index("title", "catalog_movie_title_trgm"),
        trigram_index("search_title", "catalog_movie_search_title_trgm"),
        trigram_index("search_aliases", "catalog_movie_search_aliases_trgm"),
    ]
