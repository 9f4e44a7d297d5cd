"""Likes, comments and mentions tell their users once each, never the actor, never across a block."""

import pytest

from notifications.models import Kind, Notification
from social import comments, likes
from social.models import Block, PrivacySettings
from social.targets import list_target, review_target
from tests.factories import ReviewFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


def _told(user) -> list[tuple[str, str]]:
    return sorted((n.kind, n.payload["username"]) for n in Notification.objects.filter(recipient=user))


def test_like_unlike_like_again_tells_the_owner_once(alice, bob, django_capture_on_commit_callbacks):
    review = ReviewFactory(user=alice)
    target = review_target(viewer=bob, review_id=review.pk)
    with django_capture_on_commit_callbacks(execute=True):
        likes.like(user=bob, target=target)
        likes.unlike(user=bob, target=target)
        likes.like(user=bob, target=target)
    told = Notification.objects.get(recipient=alice)
    assert (told.kind, told.movie_id, told.payload) == (
        Kind.LIKE,
        review.movie_id,
        {"user_id": str(bob.pk), "username": "bob", "review_id": str(review.pk)},
    )


def test_liking_your_own_list_tells_nobody(alice, django_capture_on_commit_callbacks):
    movie_list = list_with_movies(alice, 1, visibility="public")
    with django_capture_on_commit_callbacks(execute=True):
        likes.like(user=alice, target=list_target(viewer=alice, list_id=movie_list.pk))
    assert not Notification.objects.exists()


def test_a_comment_tells_the_owner_and_its_mentions_once_however_often_it_is_edited(
    alice, bob, django_capture_on_commit_callbacks
):
    carol, dave = UserFactory(username="carol"), UserFactory(username="dave")
    movie_list = list_with_movies(alice, 1, visibility="public")
    target = list_target(viewer=bob, list_id=movie_list.pk)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comments.comment_add(user=bob, target=target, text="Look @carol, @carol.")
        comments.comment_edit(user=bob, comment_id=comment.pk, text="Look @carol and @dave")
        comments.comment_edit(user=bob, comment_id=comment.pk, text="Look @carol and @dave!")
    assert _told(alice) == [("comment", "bob")]
    assert _told(carol) == [("mention", "bob")]
    assert _told(dave) == [("mention", "bob")]
    assert Notification.objects.get(recipient=dave).payload == {
        "user_id": str(bob.pk),
        "username": "bob",
        "list_id": str(movie_list.pk),
        "comment_id": str(comment.pk),
    }


def test_nobody_is_told_of_their_own_comment_or_mention(alice, django_capture_on_commit_callbacks):
    review = ReviewFactory(user=alice)
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_add(
            user=alice, target=review_target(viewer=alice, review_id=review.pk), text="Me @alice"
        )
    assert not Notification.objects.exists()


@pytest.mark.parametrize("why", ["blocks the author", "blocked by the author", "may not read it", "unknown"])
def test_a_mention_tells_nobody_who_may_not_be_told(alice, bob, why, django_capture_on_commit_callbacks):
    carol = UserFactory(username="carol")
    review = ReviewFactory(user=alice)
    if why == "blocks the author":
        Block.objects.create(blocker=carol, blocked=bob)
    elif why == "blocked by the author":
        Block.objects.create(blocker=bob, blocked=carol)
    elif why == "may not read it":
        PrivacySettings.objects.create(user=alice, ratings="private")
    target = review_target(viewer=bob if why != "may not read it" else alice, review_id=review.pk)
    author = bob if why != "may not read it" else alice
    name = "carol" if why != "unknown" else "nobody"
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_add(user=author, target=target, text=f"Hey @{name}")
    assert _told(carol) == []


def test_the_owner_is_not_told_of_a_comment_by_someone_they_blocked_later(
    alice, bob, django_capture_on_commit_callbacks
):
    review = ReviewFactory(user=alice)
    target = review_target(viewer=bob, review_id=review.pk)
    Block.objects.create(blocker=alice, blocked=bob)
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_add(user=bob, target=target, text="Sneaky")
    assert _told(alice) == []


def test_a_reply_tells_the_author_of_the_comment_it_answers_once(
    alice, bob, django_capture_on_commit_callbacks
):
    carol, dave = UserFactory(username="carol"), UserFactory(username="dave")
    review = ReviewFactory(user=alice)
    with django_capture_on_commit_callbacks(execute=True):
        top = comments.comment_add(
            user=bob, target=review_target(viewer=bob, review_id=review.pk), text="Hm."
        )
        reply = comments.comment_add(
            user=carol, target=review_target(viewer=carol, review_id=review.pk), text="Yes!", parent_id=top.pk
        )
        comments.comment_edit(user=carol, comment_id=reply.pk, text="Yes!!")
        mentioning = comments.comment_add(
            user=dave,
            target=review_target(viewer=dave, review_id=review.pk),
            text="@bob no.",
            parent_id=top.pk,
        )
        comments.comment_add(  # the review's owner answering is told as the owner, not twice
            user=bob,
            target=review_target(viewer=bob, review_id=review.pk),
            text="Me again.",
            parent_id=top.pk,
        )
    told = Notification.objects.filter(recipient=bob).order_by("created_at", "kind")
    assert [(n.kind, n.payload["username"], n.payload["comment_id"]) for n in told] == [
        (Kind.COMMENT, "carol", str(reply.pk)),
        (Kind.MENTION, "dave", str(mentioning.pk)),
    ]
    assert _told(alice) == [("comment", "bob"), ("comment", "bob"), ("comment", "carol"), ("comment", "dave")]


@pytest.mark.parametrize("why", ["blocked", "no longer reads the review"])
def test_a_reply_tells_nobody_who_may_not_be_told(alice, bob, why, django_capture_on_commit_callbacks):
    carol = UserFactory(username="carol")
    review = ReviewFactory(user=alice)
    top = comments.comment_add(user=bob, target=review_target(viewer=bob, review_id=review.pk), text="Hm.")
    target = review_target(viewer=carol, review_id=review.pk)
    if why == "blocked":
        Block.objects.create(blocker=bob, blocked=carol)
    else:
        PrivacySettings.objects.create(user=alice, ratings="private")
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_add(user=carol, target=target, text="Yes!", parent_id=top.pk)
    assert _told(bob) == []
