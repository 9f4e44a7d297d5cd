"""The reason "liked by N people you follow": counted at each read, through the privacy rule.

It is not stored in the precomputed lists: every read of the stored list counts afresh, so a
followee's new rating shows at the reader's next read without a new run (on the surfaces: once
the reader's own cached answer has expired), and a new follow at once (it retires the reader's
cached answers).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagement.models import DiaryEntry
from recsys import services, tasks
from social import follows
from social.models import Follow, PrivacySettings
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db
TOY_STORY_2, THE_TOWN = 863, 23168


def _reasons(user, tmdb_id: int) -> list[str]:
    entries = services.user_recommendations(user=user, limit=100).entries
    return next(entry["reasons"] for entry in entries if entry["tmdb_id"] == tmdb_id)


def _friends(user, tmdb_id: int) -> list[str]:
    return [reason for reason in _reasons(user, tmdb_id) if reason.startswith("liked by")]


@pytest.fixture
def ranked(toy_fan, fans):
    tasks.generate_recommendations()
    return toy_fan


def _follow(reader, users, status=Follow.Status.ACCEPTED) -> None:
    for user in users:
        Follow.objects.create(follower=reader, followee=user, status=status)


def test_followees_who_rated_it_four_or_more_count(ranked, fans):
    assert _friends(ranked, TOY_STORY_2) == []
    animation_fans = fans[:4]  # each rated Toy Story 2 five stars
    _follow(ranked, animation_fans[:3])
    _follow(ranked, animation_fans[3:], Follow.Status.PENDING)  # a request is not a follow
    reasons = _reasons(ranked, TOY_STORY_2)
    assert reasons[0] == "because you liked Toy Story" and reasons[-1] == "liked by 3 people you follow"


def test_a_ratings_area_the_reader_may_not_read_does_not_count(ranked, fans):
    _follow(ranked, fans[:2])
    PrivacySettings.objects.create(user=fans[0], ratings="private")
    assert _friends(ranked, TOY_STORY_2) == ["liked by 1 person you follow"]


def test_a_liked_diary_play_counts_when_the_diary_is_readable(ranked):
    low_rater, private_diary = UserFactory(), UserFactory()
    _follow(ranked, [low_rater, private_diary])
    today = timezone.now()
    for who in (low_rater, private_diary):
        ReviewFactory(user=who, movie_id=THE_TOWN, rating=3)  # not liked by rating
        DiaryEntry.objects.create(
            user=who, movie_id=THE_TOWN, watched_on=today.date(), played_at=today, liked=True
        )
    PrivacySettings.objects.create(user=private_diary, diary="private")
    assert _friends(ranked, THE_TOWN) == ["liked by 1 person you follow"]


def test_a_followees_new_rating_shows_at_the_next_read_without_a_run(ranked):
    friend = UserFactory()
    _follow(ranked, [friend])
    assert _friends(ranked, THE_TOWN) == []
    ReviewFactory(user=friend, movie_id=THE_TOWN, rating=4)
    assert _friends(ranked, THE_TOWN) == ["liked by 1 person you follow"]


def test_the_read_costs_the_same_queries_with_or_without_followees(ranked, fans):
    services.user_recommendations(user=ranked, limit=20)  # the stored list now cached
    with CaptureQueriesContext(connection) as alone:
        services.user_recommendations(user=ranked, limit=20)
    _follow(ranked, fans)
    with CaptureQueriesContext(connection) as followed:
        services.user_recommendations(user=ranked, limit=20)
    assert len(alone) == len(followed) == 1  # titles, dismissals and friends in one query


def test_on_both_surfaces_a_new_follow_shows_at_the_next_read(
    ranked, fans, auth_client, gql, access_token, django_capture_on_commit_callbacks
):
    url = "/api/movies/recommendations/"
    query = "query { recommendations(limit: 20) { movie { tmdbId } reasons } }"

    def rest() -> list[str]:
        results = auth_client.get(url, {"limit": 20}).json()["results"]
        return next(item["reasons"] for item in results if item["movie"]["tmdb_id"] == TOY_STORY_2)

    def graphql() -> list[str]:
        body = gql(query, token=access_token)["data"]["recommendations"]
        return next(item["reasons"] for item in body if item["movie"]["tmdbId"] == TOY_STORY_2)

    assert "liked by 1 person you follow" not in rest() + graphql()  # both answers now cached
    with django_capture_on_commit_callbacks(execute=True):
        follows.follow(user=ranked, username=fans[0].username)
    assert rest()[-1] == graphql()[-1] == "liked by 1 person you follow"


def test_on_rest_a_followees_new_rating_shows_once_the_cached_answer_expires(
    ranked, auth_client, uncached_payloads
):
    friend = UserFactory()
    _follow(ranked, [friend])

    def reasons() -> list[str]:
        results = auth_client.get("/api/movies/recommendations/", {"limit": 20}).json()["results"]
        return next(item["reasons"] for item in results if item["movie"]["tmdb_id"] == THE_TOWN)

    assert "liked by 1 person you follow" not in reasons()
    ReviewFactory(user=friend, movie_id=THE_TOWN, rating=5)
    assert reasons()[-1] == "liked by 1 person you follow"
