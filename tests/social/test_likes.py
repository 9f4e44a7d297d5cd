"""Likes of reviews and lists: idempotent, counted from rows, only by readers of the target."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from engagement.models import MovieList, Review
from social import likes, reactions
from social.feed import feed
from social.models import Activity, Block, Follow, Like, PrivacySettings
from social.targets import list_target, review_target
from tests.factories import ReviewFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


def test_liking_twice_keeps_one_like_and_unliking_twice_does_nothing(alice, bob):
    target = review_target(viewer=bob, review_id=ReviewFactory(user=alice).pk)
    assert likes.like(user=bob, target=target).like_count == 1
    state = likes.like(user=bob, target=target)
    assert (state.liked, state.like_count) == (True, 1)
    assert likes.unlike(user=bob, target=target).like_count == 0
    state = likes.unlike(user=bob, target=target)
    assert (state.liked, state.like_count) == (False, 0)
    assert Like.objects.count() == 0


def test_counts_and_liked_by_me_are_read_with_the_rows(alice, bob):
    liked, other = ReviewFactory(user=alice), ReviewFactory(user=alice)
    likes.like(user=bob, target=review_target(viewer=bob, review_id=liked.pk))
    likes.like(user=alice, target=review_target(viewer=alice, review_id=liked.pk))
    rows = {r.pk: r for r in reactions.with_reactions(Review.objects.all(), viewer=bob)}
    assert reactions.like_count(rows[liked.pk]) == 2
    assert reactions.liked_by_viewer(rows[liked.pk], viewer=bob) is True
    assert (reactions.like_count(rows[other.pk]), reactions.liked_by_viewer(rows[other.pk], viewer=bob)) == (
        0,
        False,
    )
    anonymous = reactions.with_reactions(Review.objects.filter(pk=liked.pk), viewer=AnonymousUser()).get()
    assert reactions.liked_by_viewer(anonymous, viewer=AnonymousUser()) is False


def test_a_like_of_a_review_reaches_the_likers_followers_feed_and_an_unlike_withdraws_it(alice, bob):
    reader = UserFactory()
    Follow.objects.create(follower=reader, followee=bob, status=Follow.Status.ACCEPTED)
    review = ReviewFactory(user=alice)
    target = review_target(viewer=bob, review_id=review.pk)
    likes.like(user=bob, target=target)
    liked = [(a.verb, a.movie_id) for a in feed(viewer=reader) if a.liked_review_id == review.pk]
    assert liked == [("like", review.movie_id)]
    likes.unlike(user=bob, target=target)
    assert not Activity.objects.filter(liked_review=review).exists()


def test_a_liked_review_leaves_the_feed_of_a_reader_it_is_hidden_from(alice, bob):
    reader = UserFactory()
    Follow.objects.create(follower=reader, followee=bob, status=Follow.Status.ACCEPTED)
    review = ReviewFactory(user=alice)
    likes.like(user=bob, target=review_target(viewer=bob, review_id=review.pk))
    Block.objects.create(blocker=alice, blocked=reader)
    assert [a for a in feed(viewer=reader) if a.liked_review_id == review.pk] == []


def test_a_list_like_is_recorded_once_for_the_feed(alice, bob):
    movie_list = list_with_movies(alice, 1, visibility="public")
    target = list_target(viewer=bob, list_id=movie_list.pk)
    likes.like(user=bob, target=target)
    likes.like(user=bob, target=target)
    assert Activity.objects.filter(actor=bob, verb="like", movie_list=movie_list).count() == 1


def _hide(alice, bob, hidden: str) -> None:
    if hidden == "followers only":
        PrivacySettings.objects.create(user=alice, ratings="followers", lists="followers")
    elif hidden == "blocked":
        Block.objects.create(blocker=alice, blocked=bob)
    elif hidden == "blocker":
        Block.objects.create(blocker=bob, blocked=alice)


@pytest.mark.parametrize("hidden", ["followers only", "blocked", "blocker"])
def test_a_review_or_list_the_reader_may_not_read_is_not_found(alice, bob, hidden):
    review, movie_list = ReviewFactory(user=alice), list_with_movies(alice, 1, visibility="public")
    _hide(alice, bob, hidden)
    with pytest.raises(Review.DoesNotExist):
        review_target(viewer=bob, review_id=review.pk)
    with pytest.raises(MovieList.DoesNotExist):
        list_target(viewer=bob, list_id=movie_list.pk)


def test_a_private_list_and_malformed_ids_are_not_found(alice, bob):
    with pytest.raises(MovieList.DoesNotExist):
        list_target(viewer=bob, list_id=list_with_movies(alice, 1, visibility="private").pk)
    with pytest.raises(Review.DoesNotExist):
        review_target(viewer=bob, review_id="not-a-uuid")
    with pytest.raises(Review.DoesNotExist):
        review_target(viewer=bob, review_id=uuid.uuid4())


def test_likers_leave_out_users_with_a_block_with_the_reader(alice, bob):
    review = ReviewFactory(user=alice)
    carol = UserFactory(username="carol")
    for user in (bob, carol):
        likes.like(user=user, target=review_target(viewer=user, review_id=review.pk))
    Block.objects.create(blocker=carol, blocked=alice)
    shown = likes.likers(viewer=alice, target=review_target(viewer=alice, review_id=review.pk))
    assert [like.user.username for like in shown] == ["bob"]
