"""The diary's services and selectors: plays, time zones, rewatch, tags, and what a play changes."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from catalog.models import Movie
from engagement import diary
from engagement.models import DiaryEntry, DiaryTag, Review, WatchHistory
from engagement.receivers import movie_usage
from engagement.signals import interactions_changed
from tests.factories import MovieRefFactory, ReviewFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 5, 12, 0, tzinfo=datetime.UTC)
TOKYO_LATE = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def matrix() -> Movie:
    return MovieRefFactory(tmdb_id=603, title="The Matrix")


def _zone(user, name: str):
    user.time_zone = name
    user.save(update_fields=["time_zone"])
    return user


def _written() -> tuple[int, int, int, int]:
    return (
        DiaryEntry.objects.count(),
        WatchHistory.objects.count(),
        Review.objects.count(),
        DiaryTag.objects.count(),
    )


# --- dates and time zones -----------------------------------------------------------------


def test_a_play_at_2330_in_tokyo_lands_on_that_tokyo_date(user, matrix):
    _zone(user, "Asia/Tokyo")

    entry = diary.diary_log(user=user, tmdb_id=603, watched_at=TOKYO_LATE)

    assert entry.watched_on == datetime.date(2026, 3, 1)
    assert entry.watched_at == datetime.datetime(2026, 3, 1, 14, 30, tzinfo=datetime.UTC)


def test_the_same_instant_for_a_utc_user_is_the_same_date_at_1430(user, matrix):
    entry = diary.diary_log(user=user, tmdb_id=603, watched_at=TOKYO_LATE)

    assert entry.watched_on == datetime.date(2026, 3, 1)


def test_a_utc_afternoon_is_the_next_day_in_tokyo(user, matrix):
    _zone(user, "Asia/Tokyo")

    entry = diary.diary_log(
        user=user, tmdb_id=603, watched_at=datetime.datetime(2026, 3, 1, 16, 0, tzinfo=datetime.UTC)
    )

    assert entry.watched_on == datetime.date(2026, 3, 2)


def test_no_date_is_now_in_the_users_zone(user, matrix):
    _zone(user, "Pacific/Kiritimati")  # UTC+14: already March 6th

    entry = diary.diary_log(user=user, tmdb_id=603)

    assert (entry.watched_on, entry.watched_at) == (datetime.date(2026, 3, 6), NOW)


def test_a_date_only_play_has_no_instant_and_its_view_is_at_noon_there(user, matrix):
    _zone(user, "Asia/Tokyo")

    entry = diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 2, 14))

    assert entry.watched_at is None
    assert entry.view.watched_at == datetime.datetime(2026, 2, 14, 3, 0, tzinfo=datetime.UTC)
    assert entry.view.user == user


@pytest.mark.parametrize(
    ("when", "field", "message"),
    [
        ({"watched_on": datetime.date(2026, 3, 7)}, "watched_on", diary.TOO_LATE),
        ({"watched_on": datetime.date(1869, 12, 31)}, "watched_on", diary.TOO_EARLY),
        (
            {"watched_at": datetime.datetime(2026, 3, 7, 0, 0, tzinfo=datetime.UTC)},
            "watched_at",
            diary.TOO_LATE,
        ),
        (
            {"watched_at": datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC)},
            "watched_at",
            diary.TOO_LATE,
        ),
        (
            {"watched_at": datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC)},
            "watched_at",
            diary.TOO_EARLY,
        ),
        ({"watched_at": datetime.datetime(2026, 3, 1, 12, 0)}, "watched_at", diary.NAIVE),
        (
            {"watched_on": datetime.date(2026, 3, 1), "watched_at": TOKYO_LATE},
            "watched_at",
            diary.BOTH_WHEN,
        ),
    ],
)
def test_a_date_out_of_range_is_an_error_on_its_field_and_writes_nothing(user, matrix, when, field, message):
    with pytest.raises(ValidationError) as caught:
        diary.diary_log(user=user, tmdb_id=603, **when)

    assert caught.value.message_dict == {field: [message]}
    assert _written() == (0, 0, 0, 0)


def test_a_review_longer_than_a_reviews_text_is_refused(user, matrix):
    entry = diary.diary_log(user=user, tmdb_id=603, review="x" * 5000)

    with pytest.raises(ValidationError) as caught:
        diary.diary_update(user=user, entry_id=entry.pk, review="x" * 5001)

    assert caught.value.message_dict == {
        "review": ["Ensure this value has at most 5000 characters (it has 5001)."]
    }
    entry.refresh_from_db()
    assert len(entry.review) == 5000


def test_tomorrow_in_the_users_zone_is_allowed(user, matrix):
    entry = diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 3, 6))

    assert entry.watched_on == datetime.date(2026, 3, 6)
    assert entry.view.watched_at == NOW  # a view is never recorded in the future


# --- what a play changes --------------------------------------------------------------------


def test_a_rated_play_becomes_the_users_rating_of_the_movie(user, matrix):
    diary.diary_log(user=user, tmdb_id=603, rating=4.5, liked=True, review="Whoa.", spoiler=True)

    review = Review.objects.get(user=user, movie=matrix)
    matrix.refresh_from_db()
    assert (review.rating, review.text) == (Decimal("4.5"), "")
    assert (matrix.rating_sum, matrix.rating_count) == (Decimal("4.5"), 1)
    assert WatchHistory.objects.filter(user=user, movie=matrix).count() == 1


def test_a_new_rating_updates_the_existing_review_and_the_aggregates(user, matrix):
    ReviewFactory(user=user, movie=matrix, rating=Decimal("2.0"), text="Meh.")
    matrix.refresh_from_db()

    diary.diary_log(user=user, tmdb_id=603, rating=4)

    review = Review.objects.get(user=user, movie=matrix)
    assert (review.rating, review.text) == (Decimal("4.0"), "Meh.")
    matrix.refresh_from_db()
    assert matrix.rating_sum == Decimal("4.0")


def test_an_invalid_rating_writes_nothing(user, matrix):
    ReviewFactory(user=user, movie=matrix, rating=Decimal("2.0"))

    with pytest.raises(ValidationError) as caught:
        diary.diary_log(user=user, tmdb_id=603, rating=4.25, tags=["new"])

    assert caught.value.message_dict == {"rating": [diary.services.BAD_RATING]}
    assert _written() == (0, 0, 1, 0)
    assert Review.objects.get().rating == Decimal("2.0")


def test_a_failure_after_the_first_writes_rolls_everything_back(user, matrix, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(diary.services, "review_create", broken)

    with pytest.raises(RuntimeError):
        diary.diary_log(user=user, tmdb_id=603, rating=4, tags=["cinema"])

    assert _written() == (0, 0, 0, 0)


def test_an_unknown_movie_is_not_found_and_writes_nothing(user):
    with pytest.raises(Movie.DoesNotExist):
        diary.diary_log(user=user, tmdb_id=27205)

    assert _written() == (0, 0, 0, 0)


def test_a_play_announces_the_users_new_taste(user, matrix, django_capture_on_commit_callbacks):
    heard = []

    def listen(sender, user_id, **kwargs) -> None:
        heard.append(user_id)

    interactions_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            diary.diary_log(user=user, tmdb_id=603)
        assert heard == []  # not before the play commits
        for callback in callbacks:
            callback()
    finally:
        interactions_changed.disconnect(listen)

    assert heard == [user.pk]


# --- rewatch --------------------------------------------------------------------------------


def test_rewatch_is_an_earlier_play_of_the_same_movie(user, other_user, matrix):
    MovieRefFactory(tmdb_id=604)
    second = diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 2, 1))
    first = diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 1, 1))
    other_movie = diary.diary_log(user=user, tmdb_id=604, watched_on=datetime.date(2025, 1, 1))
    theirs = diary.diary_log(user=other_user, tmdb_id=603, watched_on=datetime.date(2026, 3, 1))

    read = {entry.pk: entry.rewatch for entry in diary.diary_list(user=user)}

    assert read == {second.pk: True, first.pk: False, other_movie.pk: False}
    assert diary.diary_get(user=other_user, entry_id=theirs.pk).rewatch is False


def test_two_plays_on_one_day_are_ordered_by_their_time(user, matrix):
    day = datetime.date(2026, 2, 1)
    evening = diary.diary_log(
        user=user, tmdb_id=603, watched_at=datetime.datetime(2026, 2, 1, 20, 0, tzinfo=datetime.UTC)
    )
    morning = diary.diary_log(
        user=user, tmdb_id=603, watched_at=datetime.datetime(2026, 2, 1, 8, 0, tzinfo=datetime.UTC)
    )

    rows = list(diary.diary_list(user=user).order_by(*diary.ORDERING))

    assert [(row.pk, row.rewatch) for row in rows] == [(evening.pk, True), (morning.pk, False)]
    assert {row.watched_on for row in rows} == {day}


def test_redating_a_play_moves_its_view_and_its_rewatch(user, matrix):
    first = diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 1, 1))
    second = diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 2, 1))

    moved = diary.diary_update(user=user, entry_id=first.pk, watched_on=datetime.date(2026, 2, 20))

    assert moved.rewatch is True
    assert diary.diary_get(user=user, entry_id=second.pk).rewatch is False
    assert WatchHistory.objects.get(pk=first.view_id).watched_at.date() == datetime.date(2026, 2, 20)


# --- update and delete ----------------------------------------------------------------------


def test_update_keeps_what_it_is_not_given(user, matrix):
    entry = diary.diary_log(user=user, tmdb_id=603, rating=3, liked=True, review="Good.", tags=["Cinema"])

    updated = diary.diary_update(user=user, entry_id=entry.pk, spoiler=True)

    assert (updated.rating, updated.liked, updated.review, updated.spoiler) == (
        Decimal("3.0"),
        True,
        "Good.",
        True,
    )
    assert [tag.name for tag in updated.tags.all()] == ["Cinema"]


def test_clearing_a_plays_rating_keeps_the_movies_rating(user, matrix):
    entry = diary.diary_log(user=user, tmdb_id=603, rating=3)

    updated = diary.diary_update(user=user, entry_id=entry.pk, rating=None)

    assert updated.rating is None
    assert Review.objects.get(user=user).rating == Decimal("3.0")


def test_delete_removes_the_play_and_its_view_but_not_the_rating(user, matrix):
    entry = diary.diary_log(user=user, tmdb_id=603, rating=5, tags=["solo"])

    movie = diary.diary_delete(user=user, entry_id=entry.pk)

    assert movie == matrix
    assert _written() == (0, 0, 1, 0)


@pytest.mark.parametrize("operation", ["get", "update", "delete"])
def test_another_users_play_is_missing(user, other_user, matrix, operation):
    entry = diary.diary_log(user=other_user, tmdb_id=603, liked=True)
    calls = {
        "get": lambda: diary.diary_get(user=user, entry_id=entry.pk),
        "update": lambda: diary.diary_update(user=user, entry_id=entry.pk, liked=False),
        "delete": lambda: diary.diary_delete(user=user, entry_id=entry.pk),
    }

    with pytest.raises(DiaryEntry.DoesNotExist):
        calls[operation]()

    entry.refresh_from_db()
    assert entry.liked is True


# --- tags -----------------------------------------------------------------------------------


def test_tags_are_trimmed_collapsed_and_one_per_case_folded_spelling(user, other_user, matrix):
    diary.diary_log(user=user, tmdb_id=603, tags=["  Late   Night ", "late night", "IMAX"])
    diary.diary_log(user=user, tmdb_id=603, tags=["LATE NIGHT"])
    diary.diary_log(user=other_user, tmdb_id=603, tags=["late night"])

    tags = {(tag.name, tag.slug, tag.plays) for tag in diary.diary_tags(user=user)}

    assert tags == {("Late Night", "late night", 2), ("IMAX", "imax", 1)}


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        (["  "], diary.BLANK_TAG),
        (["x" * 51], diary.LONG_TAG),
        (["ß" * 30], diary.LONG_TAG),  # folds to 60 characters
        ([f"tag {n}" for n in range(21)], diary.MANY_TAGS),
        ("solo", "Give a list of tags."),
        ([7], "A tag is text."),
    ],
)
def test_bad_tags_are_an_error_on_tags_and_write_nothing(user, matrix, tags, message):
    with pytest.raises(ValidationError) as caught:
        diary.diary_log(user=user, tmdb_id=603, tags=tags)

    assert caught.value.message_dict == {"tags": [message]}
    assert _written() == (0, 0, 0, 0)


def test_twenty_tags_fit_on_one_play(user, matrix):
    entry = diary.diary_log(user=user, tmdb_id=603, tags=[f"tag {n}" for n in range(20)])

    assert entry.tags.count() == 20


def test_a_user_has_at_most_a_thousand_tags(user, matrix):
    DiaryTag.objects.bulk_create(
        DiaryTag(user=user, name=f"t{n}", slug=f"t{n}") for n in range(diary.MAX_TAGS_PER_USER)
    )

    with pytest.raises(ValidationError) as caught:
        diary.diary_log(user=user, tmdb_id=603, tags=["one more"])
    entry = diary.diary_log(user=user, tmdb_id=603, tags=["T1"])  # an existing tag is no new one

    assert caught.value.message_dict == {"tags": [diary.TAGS_FULL]}
    assert [tag.slug for tag in entry.tags.all()] == ["t1"]


def test_tags_no_play_carries_any_more_are_dropped(user, matrix):
    entry = diary.diary_log(user=user, tmdb_id=603, tags=["a", "b"])

    diary.diary_update(user=user, entry_id=entry.pk, tags=["b"])

    assert list(DiaryTag.objects.values_list("slug", flat=True)) == ["b"]


# --- filters --------------------------------------------------------------------------------


def test_filters_by_year_month_tag_rating_and_liked(user, matrix):
    a = diary.diary_log(
        user=user, tmdb_id=603, watched_on=datetime.date(2025, 12, 31), rating=4, tags=["Xmas"]
    )
    b = diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 1, 1), liked=True)
    c = diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 2, 1), rating=4)

    def ids(**filters):
        return {entry.pk for entry in diary.diary_list(user=user, **filters)}

    assert ids(year=2025) == {a.pk}
    assert ids(year=2026, month=1) == {b.pk}
    assert ids(year=2025, month=12) == {a.pk}
    assert ids(tag=" XMAS ") == {a.pk}
    assert ids(rating=4) == {a.pk, c.pk}
    assert ids(liked=True) == {b.pk}
    assert ids(liked=False, year=2026) == {c.pk}


@pytest.mark.parametrize(
    ("filters", "errors"),
    [
        ({"month": 3}, {"month": [diary.MONTH_NEEDS_YEAR]}),
        ({"year": 2026, "month": 13}, {"month": ["month must be between 1 and 12."]}),
        ({"year": 1869}, {"year": ["year must be between 1870 and 9998."]}),
        ({"rating": 0.5}, {"rating": [diary.services.BAD_RATING]}),
    ],
)
def test_a_filter_out_of_range_is_an_error_on_it(user, filters, errors):
    with pytest.raises(ValidationError) as caught:
        diary.diary_list(user=user, **filters)

    assert caught.value.message_dict == errors


def test_staff_deleting_a_movie_hear_of_its_diary_plays(user, matrix):
    diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 1, 1))
    diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2026, 2, 1))

    assert movie_usage(movie=matrix) == [(2, "view", "views"), (2, "diary play", "diary plays")]
