"""Full-text GIN index on movie title + overview (PostgreSQL only; a no-op on SQLite).

The indexed expression must stay identical to catalog.selectors.SEARCH_VECTOR so the
planner uses the index for searches.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from catalog.migrations._postgres import AddIndexOnPostgres

INDEX = GinIndex(
    SearchVector("title", weight="A", config="english") + SearchVector("overview", weight="B", config="english"),
    name="catalog_movie_search_gin",
)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [AddIndexOnPostgres("movie", INDEX)]
