"""Comments on reviews and lists: text limits, one level of replies, who edits and deletes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.exceptions import Conflict
from social import comments
from social.models import Block, Comment
from social.targets import list_target, review_target
from tests.factories import ReviewFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


@pytest.fixture
def review(alice):
    return ReviewFactory(user=alice, text="A review")


def _on(user, review):
    return review_target(viewer=user, review_id=review.pk)


def _messages(error: ValidationError) -> dict:
    return error.value.message_dict


def test_a_comment_is_stripped_and_kept(bob, review):
    comment = comments.comment_add(user=bob, target=_on(bob, review), text="  Nice one!  ")
    assert (comment.text, comment.review_id, comment.parent_id, comment.edited_at) == (
        "Nice one!",
        review.pk,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "A comment cannot be empty."),
        ("   \n ", "A comment cannot be empty."),
        ("x" * 2001, "A comment is at most 2000 characters."),
        (42, "A comment cannot be empty."),
    ],
)
def test_an_empty_or_too_long_comment_is_refused(bob, review, text, message):
    with pytest.raises(ValidationError) as error:
        comments.comment_add(user=bob, target=_on(bob, review), text=text)
    assert _messages(error) == {"text": [message]}
    assert Comment.objects.count() == 0


def test_2000_characters_are_allowed(bob, review):
    assert len(comments.comment_add(user=bob, target=_on(bob, review), text="x" * 2000).text) == 2000


def test_a_reply_attaches_to_a_top_comment_and_a_reply_to_a_reply_is_refused(alice, bob, review):
    top = comments.comment_add(user=bob, target=_on(bob, review), text="Top")
    reply = comments.comment_add(user=alice, target=_on(alice, review), text="Reply", parent_id=top.pk)
    assert reply.parent_id == top.pk
    with pytest.raises(ValidationError) as error:
        comments.comment_add(user=bob, target=_on(bob, review), text="Deeper", parent_id=reply.pk)
    assert _messages(error) == {"parent": ["Replies are one level deep: reply to the top comment."]}


def test_a_parent_on_another_target_is_refused(alice, bob, review):
    elsewhere = comments.comment_add(user=bob, target=_on(bob, ReviewFactory(user=alice)), text="Elsewhere")
    with pytest.raises(ValidationError) as error:
        comments.comment_add(user=bob, target=_on(bob, review), text="Reply", parent_id=elsewhere.pk)
    assert _messages(error) == {"parent": ["No such comment on this review or list."]}


def test_a_top_comment_takes_at_most_max_replies(alice, bob, review, monkeypatch):
    monkeypatch.setattr(comments, "MAX_REPLIES", 2)
    top = comments.comment_add(user=bob, target=_on(bob, review), text="Top")
    for _ in range(2):
        comments.comment_add(user=alice, target=_on(alice, review), text="Reply", parent_id=top.pk)
    with pytest.raises(Conflict):
        comments.comment_add(user=alice, target=_on(alice, review), text="One more", parent_id=top.pk)


def test_more_than_ten_mentions_are_refused(bob, review):
    text = " ".join(f"@user{i}" for i in range(11))
    with pytest.raises(ValidationError) as error:
        comments.comment_add(user=bob, target=_on(bob, review), text=text)
    assert _messages(error) == {"text": ["A comment mentions at most 10 users."]}


def test_its_author_edits_a_comment_and_nobody_else_does(alice, bob, review):
    comment = comments.comment_add(user=bob, target=_on(bob, review), text="First")
    edited = comments.comment_edit(user=bob, comment_id=comment.pk, text=" Second ")
    assert (edited.text, edited.edited_at is not None) == ("Second", True)
    with pytest.raises(PermissionDenied):
        comments.comment_edit(user=alice, comment_id=comment.pk, text="Hijacked")
    assert Comment.objects.get().text == "Second"


@pytest.mark.parametrize(
    ("who", "allowed"), [("author", True), ("owner", True), ("staff", True), ("stranger", False)]
)
def test_who_may_delete_a_comment(alice, bob, who, allowed):
    movie_list = list_with_movies(alice, 1, visibility="public")
    comment = comments.comment_add(user=bob, target=list_target(viewer=bob, list_id=movie_list.pk), text="Hi")
    deleter = {
        "author": bob,
        "owner": alice,
        "staff": UserFactory(is_staff=True),
        "stranger": UserFactory(),
    }[who]
    if allowed:
        comments.comment_delete(user=deleter, comment_id=comment.pk)
    else:
        with pytest.raises(PermissionDenied):
            comments.comment_delete(user=deleter, comment_id=comment.pk)
    assert Comment.objects.exists() is not allowed


def test_deleting_a_top_comment_deletes_its_replies(alice, bob, review):
    top = comments.comment_add(user=bob, target=_on(bob, review), text="Top")
    comments.comment_add(user=alice, target=_on(alice, review), text="Reply", parent_id=top.pk)
    comments.comment_delete(user=bob, comment_id=top.pk)
    assert Comment.objects.count() == 0


def test_the_owner_deletes_a_comment_by_a_user_they_blocked_and_others_see_it_as_missing(alice, bob, review):
    comment = comments.comment_add(user=bob, target=_on(bob, review), text="Rude")
    carol = UserFactory()
    Block.objects.create(blocker=carol, blocked=bob)
    with pytest.raises(Comment.DoesNotExist):
        comments.comment_delete(user=carol, comment_id=comment.pk)
    Block.objects.create(blocker=alice, blocked=bob)
    comments.comment_delete(user=alice, comment_id=comment.pk)
    assert not Comment.objects.exists()


def test_a_page_of_comments_leaves_out_users_with_a_block_with_the_reader(alice, bob, review):
    carol = UserFactory(username="carol")
    top = comments.comment_add(user=bob, target=_on(bob, review), text="Top")
    comments.comment_add(user=carol, target=_on(carol, review), text="Carol's reply", parent_id=top.pk)
    comments.comment_add(user=carol, target=_on(carol, review), text="Carol's own")
    Block.objects.create(blocker=alice, blocked=carol)
    page = list(
        comments.comments_on(viewer=alice, target=_on(alice, review)).order_by(*comments.COMMENT_ORDER)
    )
    assert [(c.text, [r.text for r in c.replies.all()]) for c in page] == [("Top", [])]
