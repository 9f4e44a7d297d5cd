"""Engagement selectors: owner scoping and newest-first order."""

import datetime

import pytest

from engagement import selectors
from tests.factories import (
    FavoriteFactory,
    MovieRefFactory,
    ReviewFactory,
    WatchHistoryFactory,
    WatchlistItemFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)


def _at(days: int) -> datetime.datetime:
    return DAY + datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("factory", "selector", "stamp"),
    [
        (FavoriteFactory, selectors.favorite_list, "added_at"),
        (WatchlistItemFactory, selectors.watchlist_list, "added_at"),
        (WatchHistoryFactory, selectors.history_list, "watched_at"),
        (ReviewFactory, selectors.review_list_for_user, "created_at"),
    ],
)
def test_user_lists_are_the_owners_newest_first(user, other_user, factory, selector, stamp):
    rows = [factory(user=user, movie=MovieRefFactory(tmdb_id=tmdb_id)) for tmdb_id in (1, 2, 3)]
    factory(user=other_user, movie=MovieRefFactory(tmdb_id=4))
    for days, row in zip((1, 3, 2), rows, strict=True):
        type(row).objects.filter(pk=row.pk).update(**{stamp: _at(days)})

    result = list(selector(user=user))

    assert [row.movie_id for row in result] == [2, 3, 1]
    assert [row.movie.title for row in result] == ["Movie 2", "Movie 3", "Movie 1"]


def test_movie_reviews_are_everyones_newest_first(user, other_user):
    matrix = MovieRefFactory(tmdb_id=603)
    older = ReviewFactory(user=user, movie=matrix, created_at=_at(1))
    newer = ReviewFactory(user=other_user, movie=matrix, created_at=_at(2))
    ReviewFactory(user=user, movie=MovieRefFactory(tmdb_id=550))

    assert list(selectors.review_list_for_movie(tmdb_id=603)) == [newer, older]
    assert list(selectors.review_list_for_movie(tmdb_id=999_999)) == []


def test_list_selectors_load_the_movie_in_the_same_query(user, django_assert_num_queries):
    for tmdb_id in (1, 2, 3):
        FavoriteFactory(user=user, movie=MovieRefFactory(tmdb_id=tmdb_id))
    with django_assert_num_queries(1):
        titles = [favorite.movie.title for favorite in selectors.favorite_list(user=user)]
    assert titles == ["Movie 3", "Movie 2", "Movie 1"]
