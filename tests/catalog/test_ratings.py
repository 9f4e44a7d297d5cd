"""The half-star columns of Movie and the F() moves every rating writer applies."""

from decimal import Decimal

import pytest

from catalog.models import Movie
from catalog.ratings import RATING_COLUMNS, rating_column, rating_moves
from tests.factories import MovieRefFactory


@pytest.mark.parametrize(
    ("rating", "column"),
    [
        (1, "rated_1_0_count"),
        (Decimal("1.5"), "rated_1_5_count"),
        (4.5, "rated_4_5_count"),
        (5, "rated_5_0_count"),
    ],
)
def test_each_half_star_has_a_readable_column(rating, column):
    assert rating_column(rating) == column


@pytest.mark.parametrize("rating", [0, Decimal("0.5"), Decimal("4.3"), 5.5, 6])
def test_a_rating_off_the_scale_has_no_column(rating):
    with pytest.raises(ValueError, match="is not a half star from 1 to 5"):
        rating_column(rating)


def test_every_column_is_a_movie_field():
    assert len(RATING_COLUMNS) == 9
    assert {field.name for field in Movie._meta.get_fields()} >= set(RATING_COLUMNS)


@pytest.mark.django_db
def test_moves_add_change_and_remove_one_rating_at_a_time():
    MovieRefFactory(tmdb_id=603)
    movies = Movie.objects.filter(tmdb_id=603)

    movies.update(**rating_moves(added=Decimal("4.0")))
    movies.update(**rating_moves(added=Decimal("4.0"), removed=Decimal("4.0")))
    movies.update(**rating_moves(added=Decimal("4.5"), removed=Decimal("4.0")))
    movies.update(**rating_moves(added=Decimal("2.0")))
    movies.update(**rating_moves(removed=Decimal("2.0")))

    movie = movies.get()
    assert (movie.rating_sum, movie.rating_count) == (Decimal("4.5"), 1)
    assert [count for _, count in movie.rating_histogram] == [0, 0, 0, 0, 0, 0, 0, 1, 0]
