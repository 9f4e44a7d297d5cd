"""Follows, follow requests, blocks and privacy settings: the services, and their notifications."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from common.exceptions import Conflict
from notifications.models import Kind, Notification
from social import follows
from social.models import Block, Follow, PrivacySettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


def _private(user) -> None:
    PrivacySettings.objects.create(user=user, private_account=True)


def _state(follower, followee) -> str | None:
    return (
        Follow.objects.filter(follower=follower, followee=followee).values_list("status", flat=True).first()
    )


def test_following_an_open_account_follows_at_once_and_twice_is_once(alice, bob):
    assert follows.follow(user=alice, username="bob").status == Follow.Status.ACCEPTED
    assert follows.follow(user=alice, username="bob").status == Follow.Status.ACCEPTED
    assert Follow.objects.count() == 1


def test_a_private_account_approves_or_declines_requests(alice, bob):
    _private(bob)
    carol = UserFactory(username="carol")
    assert follows.follow(user=alice, username="bob").status == Follow.Status.PENDING
    follows.follow(user=carol, username="bob")
    assert follows.request_approve(user=bob, username="alice").status == Follow.Status.ACCEPTED
    follows.request_decline(user=bob, username="carol")
    assert _state(alice, bob) == Follow.Status.ACCEPTED
    assert _state(carol, bob) is None


def test_unfollowing_withdraws_a_request(alice, bob):
    _private(bob)
    follows.follow(user=alice, username="bob")
    follows.unfollow(user=alice, username="bob")
    assert _state(alice, bob) is None
    with pytest.raises(follows.NoSuchRequest):
        follows.request_approve(user=bob, username="alice")


def test_a_stranger_cannot_approve_someone_elses_request(alice, bob):
    _private(bob)
    follows.follow(user=alice, username="bob")
    mallory = UserFactory(username="mallory")
    with pytest.raises(follows.NoSuchRequest):
        follows.request_approve(user=mallory, username="alice")
    with pytest.raises(follows.NoSuchRequest):
        follows.request_decline(user=mallory, username="alice")
    assert _state(alice, bob) == Follow.Status.PENDING


def test_removing_a_follower(alice, bob):
    follows.follow(user=alice, username="bob")
    follows.follower_remove(user=bob, username="alice")
    assert _state(alice, bob) is None
    with pytest.raises(follows.NotAFollower):
        follows.follower_remove(user=bob, username="alice")


def test_blocking_ends_follows_and_requests_both_ways(alice, bob):
    _private(alice)
    follows.follow(user=alice, username="bob")
    follows.follow(user=bob, username="alice")  # a request: alice is private
    follows.block(user=alice, username="bob")
    assert Follow.objects.count() == 0
    assert follows.block(user=alice, username="bob") == Block.objects.get()  # idempotent


@pytest.mark.parametrize("who_blocks", ["followee", "follower"])
def test_a_block_either_way_makes_following_look_like_an_unknown_user(alice, bob, who_blocks):
    if who_blocks == "followee":
        follows.block(user=bob, username="alice")
    else:
        follows.block(user=alice, username="bob")
    with pytest.raises(User.DoesNotExist) as blocked:
        follows.follow(user=alice, username="bob")
    with pytest.raises(User.DoesNotExist) as unknown:
        follows.follow(user=alice, username="nobody")
    assert str(blocked.value) == str(unknown.value)
    assert Follow.objects.count() == 0


def test_unblocking_lets_them_follow_again(alice, bob):
    follows.block(user=bob, username="alice")
    follows.unblock(user=bob, username="alice")
    assert follows.follow(user=alice, username="bob").status == Follow.Status.ACCEPTED


@pytest.mark.parametrize("act", [follows.follow, follows.unfollow, follows.block])
def test_nobody_acts_on_themselves(alice, act):
    with pytest.raises(ValidationError) as refused:
        act(user=alice, username="alice")
    assert "yourself" in str(refused.value)
    assert not Follow.objects.exists() and not Block.objects.exists()


def test_the_follow_limit_is_a_conflict(alice, monkeypatch):
    monkeypatch.setattr(follows, "MAX_FOLLOWING", 2)
    for name in ("u1", "u2", "u3"):
        UserFactory(username=name)
    follows.follow(user=alice, username="u1")
    follows.follow(user=alice, username="u2")
    with pytest.raises(Conflict):
        follows.follow(user=alice, username="u3")
    assert Follow.objects.filter(follower=alice).count() == 2


def test_the_block_limit_is_a_conflict(alice, monkeypatch):
    monkeypatch.setattr(follows, "MAX_BLOCKS", 1)
    UserFactory(username="u1"), UserFactory(username="u2")
    follows.block(user=alice, username="u1")
    with pytest.raises(Conflict):
        follows.block(user=alice, username="u2")


def test_opening_a_private_account_accepts_waiting_requests(alice, bob):
    _private(bob)
    follows.follow(user=alice, username="bob")
    follows.privacy_update(user=bob, private_account=False)
    assert _state(alice, bob) == Follow.Status.ACCEPTED


def test_privacy_settings_are_the_defaults_until_changed(alice):
    settings = follows.privacy_settings(user=alice)
    assert (settings.diary, settings.ratings, settings.watchlist, settings.private_account) == (
        "followers",
        "public",
        "followers",
        False,
    )
    assert not PrivacySettings.objects.exists()
    follows.privacy_update(user=alice, diary="private")
    assert PrivacySettings.objects.get().diary == "private"


def test_a_bad_audience_is_refused_and_nothing_changes(alice):
    with pytest.raises(ValidationError):
        follows.privacy_update(user=alice, diary="everyone")
    assert not PrivacySettings.objects.filter(diary="everyone").exists()


def test_a_new_follower_is_told_once_however_often_they_follow_again(
    alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            follows.follow(user=alice, username="bob")
            follows.unfollow(user=alice, username="bob")
        follows.follow(user=alice, username="bob")
    told = Notification.objects.get(recipient=bob)
    assert (told.kind, told.payload["username"]) == (Kind.NEW_FOLLOWER, "alice")


def test_a_follow_request_is_told_once_and_its_approval_tells_nobody_again(
    alice, bob, django_capture_on_commit_callbacks
):
    _private(bob)
    with django_capture_on_commit_callbacks(execute=True):
        follows.follow(user=alice, username="bob")
        follows.follow(user=alice, username="bob")
        follows.request_approve(user=bob, username="alice")
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("bob", Kind.FOLLOW_REQUEST)
    ]
