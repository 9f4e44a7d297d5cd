"""Concurrent writes on PostgreSQL: one row per double add, exact aggregates under many ratings."""

import datetime
import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection

from catalog.models import Movie
from catalog.ratings import RATING_VALUES
from common.exceptions import Conflict
from engagement import services
from engagement.history_job import history_import_run
from engagement.models import FavoriteMovie, HistoryImport, Review, WatchHistory
from tests.catalog.tmdb_mock import matrix_detail, tmdb  # noqa: F401
from tests.factories import MovieRefFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serializes writers; needs PostgreSQL"),
]


def _race(calls: list[Callable[[], object]]) -> tuple[list, list[BaseException]]:
    """Run the calls in threads released together; return their results and errors."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_favorite_makes_one_row():
    user = UserFactory()
    MovieRefFactory(tmdb_id=603)
    results, errors = _race([lambda: services.favorite_add(user=user, tmdb_id=603)] * 8)
    assert errors == []
    assert sorted(created for _, created in results) == [False] * 7 + [True]
    assert len({favorite.pk for favorite, _ in results}) == 1
    assert FavoriteMovie.objects.filter(user=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_favorite_of_an_unknown_movie_makes_one_movie(tmdb):  # noqa: F811
    tmdb.get("/movie/27205", json=matrix_detail(id=27205, title="Inception"))
    users = [UserFactory() for _ in range(6)]
    calls = [(lambda u=u: services.favorite_add(user=u, tmdb_id=27205)) for u in users]
    _results, errors = _race(calls)
    assert errors == []
    assert Movie.objects.filter(tmdb_id=27205).count() == 1
    assert FavoriteMovie.objects.filter(movie_id=27205).count() == 6


@pytest.mark.django_db(transaction=True)
def test_many_concurrent_ratings_keep_exact_aggregates():
    MovieRefFactory(tmdb_id=603)
    users = [UserFactory() for _ in range(12)]
    ratings = [(i % 5) + 1 for i in range(12)]
    calls = [
        (lambda u=u, r=r: services.review_create(user=u, tmdb_id=603, rating=r))
        for u, r in zip(users, ratings, strict=True)
    ]
    reviews, errors = _race(calls)
    assert errors == []

    updates = [
        (lambda review=review: services.review_update(user=review.user, review_id=review.pk, rating=5))
        for review in reviews[:6]
    ]
    deletes = [
        (lambda review=review: services.review_delete(user=review.user, review_id=review.pk))
        for review in reviews[6:9]
    ]
    _, errors = _race(updates + deletes)
    assert errors == []

    movie = Movie.objects.get(tmdb_id=603)
    remaining = list(Review.objects.filter(movie_id=603).values_list("rating", flat=True))
    assert len(remaining) == 9
    assert (movie.rating_sum, movie.rating_count) == (sum(remaining), 9)
    assert movie.rating_histogram == [(value, remaining.count(value)) for value in RATING_VALUES]


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_reviews_leave_one_and_a_clean_error():
    user = UserFactory()
    MovieRefFactory(tmdb_id=603)
    results, errors = _race([lambda: services.review_create(user=user, tmdb_id=603, rating=4)] * 5)
    assert len(results) == 1
    assert [(type(e), e.message) for e in errors] == [
        (Conflict, "You have already reviewed this movie; edit that review instead.")
    ] * 4
    movie = Movie.objects.get(tmdb_id=603)
    assert (movie.rating_sum, movie.rating_count, movie.rated_4_0_count) == (4, 1, 1)


LETTERBOXD_DIARY = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "2024-01-06,The Matrix,1999,https://boxd.it/a,4,,,2024-01-05\n"
    "2024-01-07,Heat,1995,https://boxd.it/b,5,,,2024-01-06\n"
)


@pytest.mark.django_db(transaction=True)
def test_six_identical_imports_in_parallel_all_finish_and_add_each_row_once():
    user = UserFactory()
    MovieRefFactory(tmdb_id=603, title="The Matrix", release_date=datetime.date(1999, 3, 31))
    MovieRefFactory(tmdb_id=949, title="Heat", release_date=datetime.date(1995, 12, 15))
    jobs = [
        HistoryImport.objects.create(
            user=user, source="letterboxd", kind="diary", file_name="diary.csv", content=LETTERBOXD_DIARY
        )
        for _ in range(6)
    ]

    results, errors = _race([(lambda job=job: history_import_run(import_id=job.pk)) for job in jobs])

    assert errors == []
    assert [job.status for job in results] == ["done"] * 6
    created = [job.created for job in results]
    assert sum(c["reviews"] for c in created) == Review.objects.filter(user=user).count() == 2
    assert sum(c["history"] for c in created) == WatchHistory.objects.filter(user=user).count() == 2
    assert sorted(Movie.objects.values_list("tmdb_id", "rating_sum", "rating_count")) == [
        (603, 4, 1),
        (949, 5, 1),
    ]
