"""Data migrations of engagement, run forward from the state before them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import UserFactory

BEFORE_BACKFILL = [
    ("catalog", "0010_movie_rating_half_star_counts"),
    ("engagement", "0005_review_half_stars"),
]
WITH_BACKFILL = [("engagement", "0006_backfill_movie_rating_half_star_counts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_half_star_counts_are_filled_from_the_reviews_already_stored_and_going_back_is_harmless():
    apps = _migrate(BEFORE_BACKFILL)
    Movie, Review = apps.get_model("catalog", "Movie"), apps.get_model("engagement", "Review")
    users = [UserFactory().pk for _ in range(3)]  # accounts is not migrated back
    for tmdb_id in (603, 949, 862):
        Movie.objects.create(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}")
    for user, tmdb_id, rating in [
        (users[0], 603, "4.5"),
        (users[1], 603, "4.5"),
        (users[2], 603, "1.0"),
        (users[0], 949, "4.5"),
        (users[1], 949, "4.5"),
        (users[2], 949, "1.0"),
        (users[0], 862, "3.0"),
    ]:
        Review.objects.create(user_id=user, movie_id=tmdb_id, rating=Decimal(rating))
    Movie.objects.create(tmdb_id=11, title="Unrated")

    apps = _migrate(WITH_BACKFILL)
    Movie = apps.get_model("catalog", "Movie")
    columns = ["rated_1_0_count", "rated_3_0_count", "rated_4_5_count", "rated_5_0_count"]
    assert sorted(Movie.objects.values_list("tmdb_id", *columns)) == [
        (11, 0, 0, 0, 0),
        (603, 1, 0, 2, 0),
        (862, 0, 1, 0, 0),
        (949, 1, 0, 2, 0),
    ]

    Movie = _migrate(BEFORE_BACKFILL).get_model("catalog", "Movie")  # the reverse is a no-op
    assert Movie.objects.get(tmdb_id=603).rated_4_5_count == 2
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
