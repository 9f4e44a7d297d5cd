"""Concurrent likes on PostgreSQL: counts stay exact, and each like is recorded and told once."""

import pytest
from django.conf import settings

from notifications.models import Notification
from social import likes
from social.models import Activity, Like
from social.targets import review_target
from tests.engagement.test_concurrency import _race
from tests.factories import ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serializes writers; needs PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_racing_likes_of_one_review_count_each_liker_once():
    review = ReviewFactory(user=UserFactory())
    likers = [UserFactory() for _ in range(6)]
    targets = {user.pk: review_target(viewer=user, review_id=review.pk) for user in likers}

    def like(user):
        return lambda: likes.like(user=user, target=targets[user.pk])

    results, errors = _race([like(user) for user in likers for _ in range(3)])

    assert errors == []
    assert all(state.liked for state in results)
    assert Like.objects.filter(review=review).count() == 6
    assert likes.like(user=likers[0], target=targets[likers[0].pk]).like_count == 6
    assert Activity.objects.filter(verb="like", liked_review=review).count() == 6
    assert Notification.objects.filter(kind="like", recipient=review.user).count() == 6


@pytest.mark.django_db(transaction=True)
def test_racing_likes_and_unlikes_leave_a_count_that_matches_the_rows():
    review = ReviewFactory(user=UserFactory())
    users = [UserFactory() for _ in range(4)]
    targets = {user.pk: review_target(viewer=user, review_id=review.pk) for user in users}
    calls = []
    for user in users:
        calls += [lambda u=user: likes.like(user=u, target=targets[u.pk])] * 2
        calls += [lambda u=user: likes.unlike(user=u, target=targets[u.pk])] * 2

    _, errors = _race(calls)

    assert errors == []
    liked = Like.objects.filter(review=review).count()
    assert Activity.objects.filter(verb="like", liked_review=review).count() == liked
    assert likes.unlike(user=UserFactory(), target=targets[users[0].pk]).like_count == liked
