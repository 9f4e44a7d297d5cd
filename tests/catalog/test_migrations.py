"""Data migrations of the catalog, run forward from the state before them; the year they fill."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog import models as catalog_models

BEFORE_YEAR = [("catalog", "0006_movie_rating_sum_half_stars")]
WITH_YEAR = [("catalog", "0007_movie_year")]


@pytest.mark.django_db(transaction=True)
def test_year_only_demo_dates_become_a_year_and_real_dates_stay():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_YEAR)
    Movie = executor.loader.project_state(BEFORE_YEAR).apps.get_model("catalog", "Movie")
    synced = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)
    rows = {
        1: {"movielens_id": 1, "release_date": datetime.date(1995, 1, 1)},  # MovieLens year only
        2: {"movielens_id": 2, "release_date": datetime.date(1999, 3, 30)},  # a real date
        3: {"movielens_id": 3, "release_date": datetime.date(2000, 1, 1), "tmdb_synced_at": synced},
        4: {"release_date": datetime.date(2001, 1, 1)},  # from TMDb lists, not MovieLens
        5: {"movielens_id": 5, "release_date": None},
    }
    for tmdb_id, fields in rows.items():
        Movie.objects.create(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}", **fields)

    executor = MigrationExecutor(connection)
    executor.migrate(WITH_YEAR)
    Movie = executor.loader.project_state(WITH_YEAR).apps.get_model("catalog", "Movie")

    assert dict(Movie.objects.values_list("tmdb_id", "year")) == {1: 1995, 2: 1999, 3: 2000, 4: 2001, 5: None}
    assert dict(Movie.objects.values_list("tmdb_id", "release_date")) == {
        1: None,
        2: datetime.date(1999, 3, 30),
        3: datetime.date(2000, 1, 1),
        4: datetime.date(2001, 1, 1),
        5: None,
    }
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_year_follows_a_release_date_given_as_text_or_as_a_date():
    as_text = catalog_models.Movie.objects.create(tmdb_id=1, title="The Matrix", release_date="1999-03-31")
    as_date = catalog_models.Movie.objects.create(
        tmdb_id=2, title="Alien", release_date=datetime.date(1979, 5, 25)
    )
    year_only = catalog_models.Movie.objects.create(tmdb_id=3, title="Toy Story", year=1995)

    assert [(m.year, m.release_date) for m in catalog_models.Movie.objects.order_by("tmdb_id")] == [
        (1999, datetime.date(1999, 3, 31)),
        (1979, datetime.date(1979, 5, 25)),
        (1995, None),
    ]
    assert (as_text.year, as_date.year, year_only.year) == (1999, 1979, 1995)
