"""engagement.viewer_state: a reader's own state of movies, read in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from engagement import diary
from engagement.models import ListCollaborator, NotInterested
from engagement.viewer_state import NO_STATE, ViewerState, state_of, viewer_states
from tests.factories import (
    FavoriteFactory,
    MovieRefFactory,
    ReviewFactory,
    WatchlistItemFactory,
    list_with_movies,
)

pytestmark = pytest.mark.django_db


def test_each_movie_gets_the_readers_own_marks_and_rating(user, other_user):
    loved, listed, dismissed, untouched = (MovieRefFactory(tmdb_id=n) for n in (1, 2, 3, 4))
    FavoriteFactory(user=user, movie=loved)
    WatchlistItemFactory(user=user, movie=loved)
    review = ReviewFactory(user=user, movie=loved, rating=Decimal("4.5"), text="")
    WatchlistItemFactory(user=user, movie=listed)
    NotInterested.objects.create(user=user, movie=dismissed)
    FavoriteFactory(user=other_user, movie=untouched)
    ReviewFactory(user=other_user, movie=listed, rating=2)

    states = viewer_states(user=user, tmdb_ids=[1, 2, 3, 4])

    assert states == {
        1: ViewerState(is_favorite=True, in_watchlist=True, rating=Decimal("4.5"), review_id=review.pk),
        2: ViewerState(in_watchlist=True),
        3: ViewerState(not_interested=True),
    }
    assert state_of(states, 4) == NO_STATE == ViewerState(False, False, False, None, None, 0, None, False)
    assert viewer_states(user=user, tmdb_ids=[2]) == {2: ViewerState(in_watchlist=True)}
    assert viewer_states(user=other_user, tmdb_ids=[1, 2, 3, 4]) == {
        4: ViewerState(is_favorite=True),
        2: ViewerState(rating=Decimal("2.0"), review_id=other_user.reviews.get().pk),
    }


def test_anonymous_readers_and_empty_pages_cost_no_query(user, django_assert_num_queries):
    FavoriteFactory(user=user, movie=MovieRefFactory(tmdb_id=1))

    with django_assert_num_queries(0):
        assert viewer_states(user=AnonymousUser(), tmdb_ids=[1]) == {}
        assert viewer_states(user=user, tmdb_ids=[]) == {}


def test_the_query_count_does_not_grow_with_the_movies(user, django_assert_num_queries):
    def touch(tmdb_id: int) -> None:
        movie = MovieRefFactory(tmdb_id=tmdb_id)
        FavoriteFactory(user=user, movie=movie)
        WatchlistItemFactory(user=user, movie=movie)
        NotInterested.objects.create(user=user, movie=movie)
        ReviewFactory(user=user, movie=movie, rating=3)
        for liked in (False, True):
            diary.diary_log(
                user=user, tmdb_id=tmdb_id, watched_on=datetime.date(2026, 1, tmdb_id % 28 + 1), liked=liked
            )

    touch(1)
    ids = list(range(1, 51))
    with django_assert_num_queries(4):
        assert len(viewer_states(user=user, tmdb_ids=ids)) == 1
    for tmdb_id in range(2, 51):
        touch(tmdb_id)
    with django_assert_num_queries(4):
        states = viewer_states(user=user, tmdb_ids=ids)
    assert len(states) == 50
    review = user.reviews.get(movie_id=50)
    assert states[50] == ViewerState(
        True, True, True, Decimal("3.0"), review.pk, 2, datetime.date(2026, 1, 23), True
    )


def test_plays_count_the_readers_diary_their_latest_date_and_any_like(user, other_user):
    MovieRefFactory(tmdb_id=1)
    MovieRefFactory(tmdb_id=2)
    for day, liked in ((3, False), (9, True), (5, False)):
        diary.diary_log(user=user, tmdb_id=1, watched_on=datetime.date(2026, 1, day), liked=liked)
    diary.diary_log(user=user, tmdb_id=2, watched_on=datetime.date(2026, 2, 1))
    diary.diary_log(user=other_user, tmdb_id=2, watched_on=datetime.date(2026, 2, 2), liked=True)

    states = viewer_states(user=user, tmdb_ids=[1, 2])

    assert (states[1].plays, states[1].last_played_on, states[1].liked) == (
        3,
        datetime.date(2026, 1, 9),
        True,
    )
    assert (states[2].plays, states[2].last_played_on, states[2].liked) == (
        1,
        datetime.date(2026, 2, 1),
        False,
    )


def test_list_ids_name_the_readers_own_and_collaborated_lists_holding_the_movie(user, other_user):
    mine = list_with_movies(user, 2)
    theirs = list_with_movies(other_user, 0)
    shared = list_with_movies(other_user, 0, name="Shared")
    ListCollaborator.objects.create(list=shared, user=user)
    tmdb_id = mine.entries.get(position=0).movie_id
    for movie_list in (theirs, shared):
        movie_list.entries.create(movie_id=tmdb_id, position=0)

    states = viewer_states(user=user, tmdb_ids=[tmdb_id])

    assert set(states[tmdb_id].list_ids) == {mine.pk, shared.pk}
    assert viewer_states(user=other_user, tmdb_ids=[tmdb_id])[tmdb_id].list_ids in {
        (theirs.pk, shared.pk),
        (shared.pk, theirs.pk),
    }
