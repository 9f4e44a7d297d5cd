"""Discover's common filter combinations are served by indexes: no sequential scan of the movies.

PostgreSQL only: SQLite's planner neither reads these indexes the same way nor has EXPLAIN's
node names. One load of 100,000 movies (bench/discover_data.py, written by generate_series,
then ANALYZE; title search's GIN indexes, which no discover filter reads, are dropped for it
inside the test's transaction, as they cost most of the load) serves every combination, for
the one selector both surfaces page.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from bench import discover_data
from catalog.models import Genre
from engagement import discovery

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.IS_POSTGRES, reason="query plans of PostgreSQL's planner; needs PostgreSQL"
    ),
]

MOVIES = 100_000
SEQ_SCAN_OF_MOVIES = re.compile(r"Seq Scan on catalog_movie(\s|$)")


def _combinations() -> dict[str, dict]:
    genre = Genre.objects.order_by("slug").values_list("slug", flat=True).first()
    return {
        "genre, year range, by popularity": {"genres": [genre], "year_min": 1990, "year_max": 1999},
        "runtime range, vote average and count": {
            "runtime_min": 90,
            "runtime_max": 120,
            "vote_average_min": 7.5,
            "vote_count_min": 1000,
        },
        "language, by release date": {"language": "ko", "order": "release_date"},
        "rare language, by release date": {"language": "is", "order": "release_date", "direction": "asc"},
        "many votes, short, by popularity": {"vote_count_min": 25_000, "runtime_max": 80},
        "region, provider, flatrate": {"region": "US", "providers": [3], "monetization": ["flatrate"]},
        "people": {"people": [4242, 77]},
        "keywords": {"keywords": ["keyword-17", "keyword-1200"]},
        "genre, by vote average": {"genres": [genre], "order": "vote_average"},
        "by title": {"order": "title", "direction": "asc"},
    }


def test_common_combinations_never_scan_the_whole_movie_table():
    discover_data.load(MOVIES, search_indexes=False)  # dropped in the test's transaction only
    scanning = {}
    for name, asked in _combinations().items():
        found = discovery.discover(user=AnonymousUser(), **asked)
        plan = found.movies.order_by(*found.ordering)[:21].explain()
        if SEQ_SCAN_OF_MOVIES.search(plan):
            scanning[name] = plan
    assert scanning == {}
