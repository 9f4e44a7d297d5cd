"""Activities are recorded from their sources once those commit, and go when the source goes."""

import pytest
from django.core.management import call_command

from engagement import diary, lists, services
from engagement.models import MovieList
from social import activity
from social.models import Activity
from tests.factories import MovieRefFactory, ReviewFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db


def _verbs(user) -> list[str]:
    return sorted(Activity.objects.filter(actor=user).values_list("verb", flat=True))


def test_nothing_is_recorded_before_the_write_commits(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        ReviewFactory(user=user)
    assert not Activity.objects.exists()
    for callback in callbacks:
        callback()
    assert _verbs(user) == ["review"]


def test_a_review_a_rating_a_play_a_list_and_an_entry_each_record_one(django_capture_on_commit_callbacks):
    user = UserFactory()
    movie, other = MovieRefFactory(), MovieRefFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ReviewFactory(user=user, movie=movie, text="Great fun from start to end.")
        ReviewFactory(user=user, movie=other, text="", rating=3)
        diary.diary_log(user=user, tmdb_id=movie.tmdb_id, review="Again!")
        created = lists.list_create(user=user, name="Heists", visibility="public")
        lists.list_entry_add(user=user, movie_list=created, tmdb_id=movie.tmdb_id)
    assert _verbs(user) == ["list_created", "list_entry_added", "play", "rating", "review"]
    review = Activity.objects.get(verb="review")
    assert (review.movie_id, float(review.rating), review.excerpt) == (
        movie.tmdb_id,
        4.0,
        "Great fun from start to end.",
    )
    added = Activity.objects.get(verb="list_entry_added")
    assert (added.movie_list_id, added.movie_id, added.area) == (created.pk, movie.tmdb_id, "lists")


def test_editing_a_review_updates_its_activity_in_place(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        review = ReviewFactory(user=user, text="")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_update(user=user, review_id=review.pk, rating=2, text="Second thoughts: " + "x" * 400)
    [row] = Activity.objects.filter(actor=user)
    assert row.verb == "review" and float(row.rating) == 2.0
    assert len(row.excerpt) == activity.EXCERPT_LENGTH and row.excerpt.endswith("…")


def test_deleting_the_source_deletes_its_activity(django_capture_on_commit_callbacks):
    user = UserFactory()
    movie = MovieRefFactory()
    with django_capture_on_commit_callbacks(execute=True):
        review = ReviewFactory(user=user, movie=movie)
        play = diary.diary_log(user=user, tmdb_id=movie.tmdb_id)
        created = lists.list_create(user=user, name="Soon gone", visibility="public")
        lists.list_entry_add(user=user, movie_list=created, tmdb_id=movie.tmdb_id)
    assert len(_verbs(user)) == 4
    services.review_delete(user=user, review_id=review.pk)
    diary.diary_delete(user=user, entry_id=play.pk)
    assert _verbs(user) == ["list_created", "list_entry_added"]
    lists.list_delete(user=user, movie_list=created)
    assert _verbs(user) == []


def test_a_source_deleted_before_its_callback_records_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        review = ReviewFactory(user=user)
    review.delete()
    for callback in callbacks:
        callback()
    assert not Activity.objects.exists()


def test_a_like_is_recorded_once_and_can_be_withdrawn():
    user, movie = UserFactory(), MovieRefFactory()
    movie_list = list_with_movies(UserFactory(), 1, visibility="public")
    first = activity.record_like(actor_id=user.pk, movie_id=movie.tmdb_id)
    assert activity.record_like(actor_id=user.pk, movie_id=movie.tmdb_id) == first
    on_list = activity.record_like(actor_id=user.pk, list_id=movie_list.pk)
    assert (first.area, on_list.area) == ("ratings", "lists")
    activity.forget_like(actor_id=user.pk, movie_id=movie.tmdb_id)
    assert list(Activity.objects.values_list("verb", "movie_list_id")) == [("like", movie_list.pk)]
    with pytest.raises(ValueError):
        activity.record_like(actor_id=user.pk, movie_id=movie.tmdb_id, list_id=movie_list.pk)


def test_the_backfill_command_records_what_is_missing_once(capsys):
    user = UserFactory()
    ReviewFactory(user=user)
    list_with_movies(user, 2, visibility="public")  # entries written in bulk: no receiver ran
    assert not Activity.objects.exists()
    call_command("backfill_activities")
    assert capsys.readouterr().out.strip() == "Recorded 4 activities."
    call_command("backfill_activities")
    assert capsys.readouterr().out.strip() == "Recorded 0 activities."
    assert _verbs(user) == ["list_created", "list_entry_added", "list_entry_added", "review"]
    assert MovieList.objects.count() == 1
