"""Engagement services: idempotent lists, view events, reviews and their aggregates."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Movie
from common.exceptions import Conflict
from engagement import services
from engagement.models import FavoriteMovie, Review, WatchHistory, WatchlistItem
from recsys.precomputed import user_recommendations_key
from tests.factories import MovieRefFactory, UserFactory

pytestmark = pytest.mark.django_db

LISTS = [
    pytest.param(
        services.favorite_add, services.favorite_remove, FavoriteMovie, "favorite_id", id="favorites"
    ),
    pytest.param(services.watchlist_add, services.watchlist_remove, WatchlistItem, "item_id", id="watchlist"),
]


def _movie(tmdb_id: int = 603, title: str = "The Matrix") -> Movie:
    return MovieRefFactory(tmdb_id=tmdb_id, title=title)


def _rating_state(tmdb_id: int) -> tuple[int, int, float | None]:
    movie = Movie.objects.get(tmdb_id=tmdb_id)
    return movie.rating_sum, movie.rating_count, movie.average_rating


def _histogram(tmdb_id: int) -> dict[str, int]:
    """The movie's stored half-star counts that are not zero, e.g. {"4.5": 1}."""
    return {str(value): n for value, n in Movie.objects.get(tmdb_id=tmdb_id).rating_histogram if n}


# --- favorites and watchlist --------------------------------------------------------------


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
def test_adding_twice_returns_the_same_row(user, add, remove, model, id_kwarg):
    _movie()
    first, created = add(user=user, tmdb_id=603)
    again, created_again = add(user=user, tmdb_id=603)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert model.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
def test_unknown_movie_is_not_found_and_creates_nothing(user, add, remove, model, id_kwarg):
    with pytest.raises(Movie.DoesNotExist, match=r"^No movie with TMDb id 27205\.$"):
        add(user=user, tmdb_id=27205)
    assert not model.objects.exists()
    assert not Movie.objects.filter(tmdb_id=27205).exists()


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
@pytest.mark.parametrize("tmdb_id", [0, -5, 2_147_483_648, "603", 6.03, True, None])
def test_tmdb_id_must_be_a_positive_integer(user, add, remove, model, id_kwarg, tmdb_id):
    _movie()
    with pytest.raises(ValidationError) as error:
        add(user=user, tmdb_id=tmdb_id)
    assert error.value.message_dict == {"tmdb_id": ["A TMDb id is a positive integer."]}
    assert not model.objects.exists()


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
def test_remove_by_id_and_by_movie(user, add, remove, model, id_kwarg):
    _movie()
    _movie(550, "Fight Club")
    first, _ = add(user=user, tmdb_id=603)
    add(user=user, tmdb_id=550)
    assert remove(user=user, **{id_kwarg: first.pk}).tmdb_id == 603
    assert remove(user=user, tmdb_id=550).title == "Fight Club"
    assert not model.objects.exists()


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
def test_another_users_entry_cannot_be_removed(user, other_user, add, remove, model, id_kwarg):
    _movie()
    entry, _ = add(user=other_user, tmdb_id=603)
    with pytest.raises(model.DoesNotExist):
        remove(user=user, **{id_kwarg: entry.pk})
    with pytest.raises(model.DoesNotExist):
        remove(user=user, tmdb_id=603)
    assert model.objects.filter(pk=entry.pk, user=other_user).exists()


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
@pytest.mark.parametrize("tmdb_id", [0, -1, 2**63, True])
def test_remove_by_an_id_no_movie_can_have_is_not_found(user, add, remove, model, id_kwarg, tmdb_id):
    _movie()
    entry, _ = add(user=user, tmdb_id=603)
    with pytest.raises(model.DoesNotExist):
        remove(user=user, tmdb_id=tmdb_id)
    assert list(model.objects.values_list("pk", flat=True)) == [entry.pk]


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
def test_remove_needs_exactly_one_key(user, add, remove, model, id_kwarg):
    with pytest.raises(ValidationError) as error:
        remove(user=user)
    assert error.value.messages == ["Give either the entry id or the TMDb id."]


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
def test_remove_with_a_non_uuid_id_is_a_validation_error(user, add, remove, model, id_kwarg):
    with pytest.raises(ValidationError) as error:
        remove(user=user, **{id_kwarg: "not-a-uuid"})
    assert error.value.messages == ["“not-a-uuid” is not a valid UUID."]


@pytest.mark.parametrize(("add", "remove", "model", "id_kwarg"), LISTS)
def test_list_writes_drop_cached_recommendations(
    user, add, remove, model, id_kwarg, django_capture_on_commit_callbacks
):
    _movie()
    key = user_recommendations_key(user.pk)
    cache.set(key, [{"tmdb_id": 550}])
    with django_capture_on_commit_callbacks(execute=True):
        add(user=user, tmdb_id=603)
    assert cache.get(key) is None

    cache.set(key, [{"tmdb_id": 550}])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        add(user=user, tmdb_id=603)
    assert callbacks == []
    assert cache.get(key) == [{"tmdb_id": 550}]

    with django_capture_on_commit_callbacks(execute=True):
        remove(user=user, tmdb_id=603)
    assert cache.get(key) is None


# --- views --------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 3, 14, 23, 30, tzinfo=datetime.UTC), tick=False)
def test_view_track_records_a_row_and_counts_the_day(user, django_capture_on_commit_callbacks):
    _movie()
    with django_capture_on_commit_callbacks(execute=True):
        view = services.view_track(user=user, viewer_key=f"user:{user.pk}", tmdb_id=603, progress_seconds=90)
        services.view_track(user=None, viewer_key="a" * 64, tmdb_id=603)
    assert (view.user, view.movie_id, view.progress_seconds) == (user, 603, 90)
    assert WatchHistory.objects.filter(user=None, viewer_key="a" * 64).count() == 1
    assert cache.get("movie:603:views:daily:2026-03-14") == 2
    assert cache.get("movie:603:views:daily:2026-03-15") is None


def test_view_counter_expires_after_two_days(user, django_capture_on_commit_callbacks):
    _movie()
    with (
        mock.patch.object(cache, "add", wraps=cache.add) as add,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.view_track(user=user, viewer_key=f"user:{user.pk}", tmdb_id=603)
    assert add.call_args.kwargs == {"timeout": 2 * 24 * 3600}


def test_anonymous_user_object_is_stored_as_no_user(django_capture_on_commit_callbacks):
    from django.contrib.auth.models import AnonymousUser

    _movie()
    view = services.view_track(user=AnonymousUser(), viewer_key="b" * 64, tmdb_id=603)
    assert view.user is None


def test_a_dead_cache_does_not_fail_the_view(user, django_capture_on_commit_callbacks):
    _movie()
    with (
        mock.patch.object(cache, "incr", side_effect=ConnectionError("cache down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.view_track(user=user, viewer_key=f"user:{user.pk}", tmdb_id=603)
    assert WatchHistory.objects.count() == 1


@pytest.mark.parametrize(
    ("progress", "message"),
    [
        (-1, "Ensure this value is greater than or equal to 0."),
        (86_401, "Ensure this value is less than or equal to 86400."),
        ("90", "A whole number of seconds is required."),
        (1.5, "A whole number of seconds is required."),
    ],
)
def test_progress_must_be_sane(user, progress, message):
    _movie()
    with pytest.raises(ValidationError) as error:
        services.view_track(user=user, viewer_key=f"user:{user.pk}", tmdb_id=603, progress_seconds=progress)
    assert error.value.message_dict == {"progress_seconds": [message]}
    assert not WatchHistory.objects.exists()


def test_view_of_unknown_movie_is_not_found(user):
    with pytest.raises(Movie.DoesNotExist):
        services.view_track(user=user, viewer_key=f"user:{user.pk}", tmdb_id=999_999)
    assert not WatchHistory.objects.exists()


def test_signed_in_views_drop_cached_recommendations(user, django_capture_on_commit_callbacks):
    _movie()
    cache.set(user_recommendations_key(user.pk), ["stale"])
    with django_capture_on_commit_callbacks(execute=True):
        services.view_track(user=user, viewer_key=f"user:{user.pk}", tmdb_id=603)
    assert cache.get(user_recommendations_key(user.pk)) is None


# --- reviews ------------------------------------------------------------------------------


def test_review_create_update_delete_keep_aggregates(user, other_user):
    _movie()
    mine = services.review_create(user=user, tmdb_id=603, rating=5, text="Red pill.")
    services.review_create(user=other_user, tmdb_id=603, rating=2)
    assert _rating_state(603) == (7, 2, 3.5)

    services.review_update(user=user, review_id=mine.pk, rating=3)
    assert _rating_state(603) == (5, 2, 2.5)
    assert Review.objects.get(pk=mine.pk).text == "Red pill."

    services.review_update(user=user, review_id=mine.pk, text="Blue pill.")
    assert _rating_state(603) == (5, 2, 2.5)

    movie = services.review_delete(user=user, review_id=mine.pk)
    assert (movie.rating_sum, movie.rating_count, movie.average_rating) == (2, 1, 2.0)
    assert _rating_state(603) == (2, 1, 2.0)


def test_the_histogram_follows_every_review_write(user, other_user):
    _movie()
    mine = services.review_create(user=user, tmdb_id=603, rating=4, text="Red pill.")
    services.review_create(user=other_user, tmdb_id=603, rating=4)
    assert _histogram(603) == {"4.0": 2}

    services.review_update(user=user, review_id=mine.pk, rating=4.5)
    assert _histogram(603) == {"4.0": 1, "4.5": 1}

    services.review_update(user=user, review_id=mine.pk, text="Blue pill.")
    services.review_update(user=user, review_id=mine.pk, rating=Decimal("4.5"))
    assert _histogram(603) == {"4.0": 1, "4.5": 1}

    services.review_delete(user=user, review_id=mine.pk)
    assert _histogram(603) == {"4.0": 1}
    assert Movie.objects.get(tmdb_id=603).rating_histogram == [
        (Decimal(half) / 2, 1 if half == 8 else 0) for half in range(2, 11)
    ]


def test_a_refused_review_leaves_the_histogram_alone(user):
    _movie()
    services.review_create(user=user, tmdb_id=603, rating=5)
    with pytest.raises(Conflict):
        services.review_create(user=user, tmdb_id=603, rating=1)
    with pytest.raises(ValidationError):
        services.review_create(user=UserFactory(), tmdb_id=603, rating=4.3)
    assert _histogram(603) == {"5.0": 1}


def test_the_database_refuses_a_negative_half_star_count():
    movie = _movie()
    with pytest.raises(IntegrityError), transaction.atomic():
        Movie.objects.filter(pk=movie.pk).update(rated_4_5_count=-1)
    movie.refresh_from_db()
    assert movie.rated_4_5_count == 0


def test_update_moves_updated_at_only(user):
    _movie()
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), tick=False):
        review = services.review_create(user=user, tmdb_id=603, rating=4)
    with time_machine.travel(datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC), tick=False):
        review = services.review_update(user=user, review_id=review.pk, rating=5)
    assert review.created_at == datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert review.updated_at == datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)


def test_second_review_of_a_movie_is_refused(user):
    _movie()
    services.review_create(user=user, tmdb_id=603, rating=5)
    with pytest.raises(Conflict) as error:
        services.review_create(user=user, tmdb_id=603, rating=1)
    assert error.value.message == "You have already reviewed this movie; edit that review instead."
    assert _rating_state(603) == (5, 1, 5.0)


@pytest.mark.parametrize(
    "rating",
    [0, 0.5, 5.5, 6, -1, 4.3, 4.25, 4.55, "five", "4.5", True, None, float("nan"), float("inf"), 1e300],
)
def test_rating_must_be_from_1_to_5_in_half_stars(user, rating):
    _movie()
    with pytest.raises(ValidationError) as error:
        services.review_create(user=user, tmdb_id=603, rating=rating)
    assert error.value.message_dict == {
        "rating": ["A rating is from 1 to 5 in half stars (1, 1.5, 2, ..., 5)."]
    }
    assert not Review.objects.exists()
    assert _rating_state(603) == (0, 0, None)


@pytest.mark.parametrize(
    ("rating", "stored"),
    [(4.5, Decimal("4.5")), (4, Decimal("4.0")), (Decimal("1.5"), Decimal("1.5")), (5.0, 5)],
)
def test_half_stars_and_whole_numbers_are_stored_as_half_stars(user, rating, stored):
    _movie()
    review = services.review_create(user=user, tmdb_id=603, rating=rating)
    assert Review.objects.get(pk=review.pk).rating == stored
    assert str(Review.objects.get(pk=review.pk).rating) == f"{stored:.1f}"


def test_half_star_aggregates_stay_exact(user, other_user):
    _movie()
    third = UserFactory()
    services.review_create(user=user, tmdb_id=603, rating=4.5)
    services.review_create(user=other_user, tmdb_id=603, rating=3.5)
    review = services.review_create(user=third, tmdb_id=603, rating=1.5)
    assert _rating_state(603) == (Decimal("9.5"), 3, 3.17)
    services.review_update(user=third, review_id=review.pk, rating=2)
    assert _rating_state(603) == (Decimal("10.0"), 3, 3.33)
    services.review_delete(user=third, review_id=review.pk)
    assert _rating_state(603) == (Decimal("8.0"), 2, 4.0)


def test_a_bad_half_star_update_changes_nothing(user):
    _movie()
    review = services.review_create(user=user, tmdb_id=603, rating=3.5, text="Fine.")
    with pytest.raises(ValidationError):
        services.review_update(user=user, review_id=review.pk, rating=4.3)
    assert (Review.objects.get(pk=review.pk).rating, _rating_state(603)) == (
        Decimal("3.5"),
        (Decimal("3.5"), 1, 3.5),
    )


def test_the_database_refuses_a_rating_off_the_half_stars(user):
    movie = _movie()
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(user=user, movie=movie, rating=Decimal("4.3"))
    assert not Review.objects.exists()


def test_the_database_refuses_a_negative_rating_sum():
    movie = _movie()
    with pytest.raises(IntegrityError), transaction.atomic():
        Movie.objects.filter(pk=movie.pk).update(rating_sum=Decimal("-0.5"))
    movie.refresh_from_db()
    assert movie.rating_sum == 0


def test_text_is_at_most_5000_characters(user):
    _movie()
    services.review_create(user=user, tmdb_id=603, rating=3, text="x" * 5000)
    with pytest.raises(ValidationError) as error:
        services.review_create(user=UserFactory(), tmdb_id=603, rating=3, text="x" * 5001)
    assert error.value.message_dict == {
        "text": ["Ensure this value has at most 5000 characters (it has 5001)."]
    }
    assert Review.objects.count() == 1


def test_review_of_unknown_movie_is_not_found(user):
    with pytest.raises(Movie.DoesNotExist):
        services.review_create(user=user, tmdb_id=999_999, rating=3)


def test_only_the_author_updates_a_review(user, other_user, admin_user):
    _movie()
    review = services.review_create(user=other_user, tmdb_id=603, rating=4, text="Mine.")
    for intruder in (user, admin_user):
        with pytest.raises(Review.DoesNotExist):
            services.review_update(user=intruder, review_id=review.pk, rating=1, text="Hacked.")
    review.refresh_from_db()
    assert (review.rating, review.text) == (4, "Mine.")
    assert _rating_state(603) == (4, 1, 4.0)


def test_invalid_update_changes_nothing(user):
    _movie()
    review = services.review_create(user=user, tmdb_id=603, rating=4, text="Fine.")
    with pytest.raises(ValidationError):
        services.review_update(user=user, review_id=review.pk, rating=9, text="Changed.")
    review.refresh_from_db()
    assert (review.rating, review.text) == (4, "Fine.")
    assert _rating_state(603) == (4, 1, 4.0)


def test_author_or_staff_deletes_a_review_nobody_else(user, other_user, admin_user):
    _movie()
    _movie(550, "Fight Club")
    first = services.review_create(user=other_user, tmdb_id=603, rating=4)
    second = services.review_create(user=other_user, tmdb_id=550, rating=2)
    with pytest.raises(Review.DoesNotExist):
        services.review_delete(user=user, review_id=first.pk)
    assert Review.objects.filter(pk=first.pk).exists()

    services.review_delete(user=admin_user, review_id=first.pk)
    services.review_delete(user=other_user, review_id=second.pk)
    assert not Review.objects.exists()
    assert _rating_state(603) == (0, 0, None)
    assert _rating_state(550) == (0, 0, None)


def test_unknown_review_id_is_not_found(user):
    with pytest.raises(Review.DoesNotExist):
        services.review_update(user=user, review_id="00000000-0000-0000-0000-000000000000", rating=3)


def test_review_writes_drop_the_authors_recommendations(
    user, other_user, admin_user, django_capture_on_commit_callbacks
):
    _movie()
    key = user_recommendations_key(other_user.pk)
    cache.set(key, ["stale"])
    with django_capture_on_commit_callbacks(execute=True):
        review = services.review_create(user=other_user, tmdb_id=603, rating=4)
    assert cache.get(key) is None
    cache.set(key, ["stale"])
    with django_capture_on_commit_callbacks(execute=True):
        services.review_delete(user=admin_user, review_id=review.pk)
    assert cache.get(key) is None
