"""The feed selector: followees' activities only, through the privacy rule, at read time."""

import datetime

import pytest
from django.utils import timezone

from common import keyset
from engagement.models import DiaryEntry
from social import activity, feed
from social.models import Activity, Block, Follow, PrivacySettings
from tests.factories import MovieRefFactory, ReviewFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db
ACCEPTED, PENDING = Follow.Status.ACCEPTED, Follow.Status.PENDING


def _follow(reader, actor, status=ACCEPTED) -> None:
    Follow.objects.create(follower=reader, followee=actor, status=status)


def _review(actor, text: str = "Seen it.") -> Activity:
    review = ReviewFactory(user=actor, text=text)
    activity.record_review(review.pk)
    return Activity.objects.get(review=review)


def _play(actor) -> Activity:
    movie = MovieRefFactory()
    now = timezone.now()
    play = DiaryEntry.objects.create(user=actor, movie=movie, watched_on=now.date(), played_at=now)
    activity.record_play(play.pk)
    return Activity.objects.get(play=play)


def _read(reader, verbs=None) -> list[tuple[str, str]]:
    return [(row.actor.username, row.verb) for row in feed.feed(viewer=reader, verbs=verbs)]


@pytest.fixture
def reader():
    return UserFactory(username="reader")


def test_only_accepted_followees_items_newest_first(reader):
    alice, pending, stranger = (UserFactory(username=name) for name in ("alice", "pending", "stranger"))
    _follow(reader, alice)
    _follow(reader, pending, PENDING)
    older = _review(alice)
    Activity.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    _play(alice)
    for actor in (pending, stranger, reader):
        _review(actor)
    assert _read(reader) == [("alice", "play"), ("alice", "review")]
    assert _read(reader, ["review"]) == [("alice", "review")]


def test_a_setting_changed_to_private_hides_old_items_at_once(reader):
    alice = UserFactory(username="alice")
    _follow(reader, alice)
    _review(alice)
    _play(alice)
    assert len(_read(reader)) == 2
    PrivacySettings.objects.create(user=alice, ratings="private")
    assert _read(reader) == [("alice", "play")]
    PrivacySettings.objects.filter(user=alice).update(ratings="public", diary="private")
    assert _read(reader) == [("alice", "review")]


def test_a_private_account_shows_its_followers_only(reader):
    """IDOR: a stranger (or a requester) never reads a private actor's items."""
    private = UserFactory(username="private")
    PrivacySettings.objects.create(user=private, private_account=True)
    _review(private)
    requester = UserFactory()
    _follow(requester, private, PENDING)
    _follow(reader, private)
    assert _read(requester) == [] and _read(UserFactory()) == []
    assert _read(reader) == [("private", "review")]


@pytest.mark.parametrize("who_blocks", ["reader", "actor"])
def test_a_block_either_way_hides_the_actor(reader, who_blocks):
    alice = UserFactory(username="alice")
    _follow(reader, alice)
    _review(alice)
    blocker, blocked = (reader, alice) if who_blocks == "reader" else (alice, reader)
    Block.objects.create(blocker=blocker, blocked=blocked)
    assert _read(reader) == []


def test_a_list_shows_only_while_the_list_itself_is_readable(reader):
    alice = UserFactory(username="alice")
    _follow(reader, alice)
    shown = list_with_movies(alice, 1, visibility="public", name="Shown")
    hidden = list_with_movies(alice, 1, visibility="private", name="Hidden")
    unlisted = list_with_movies(alice, 1, visibility="unlisted", name="By link")
    activity.backfill()
    rows = list(feed.feed(viewer=reader))
    assert {row.movie_list.name for row in rows} == {"Shown"}
    assert sorted(row.verb for row in rows) == ["list_created", "list_entry_added"]
    shown.visibility = "private"
    shown.save()
    assert _read(reader) == []
    assert len(feed.feed(viewer=alice).filter(actor=alice)) == 0  # nobody follows themselves
    assert {hidden.pk, unlisted.pk} <= set(Activity.objects.values_list("movie_list_id", flat=True))


def test_hidden_items_never_leave_a_page_short(reader):
    alice, secretive = UserFactory(username="alice"), UserFactory(username="secretive")
    _follow(reader, alice)
    _follow(reader, secretive)
    for _ in range(3):
        _review(alice)
    PrivacySettings.objects.create(user=secretive, ratings="private")
    for _ in range(5):
        _review(secretive)  # the newest items, all hidden
    page = keyset.page(feed.feed(viewer=reader), ordering=feed.FEED_ORDER, size=2)
    assert [row.actor.username for row in page.items] == ["alice", "alice"] and page.has_next


def test_likes_show_as_their_area_allows(reader):
    alice = UserFactory(username="alice")
    _follow(reader, alice)
    activity.record_like(actor_id=alice.pk, movie_id=MovieRefFactory().tmdb_id)
    activity.record_like(
        actor_id=alice.pk, list_id=list_with_movies(UserFactory(), 0, visibility="private").pk
    )
    assert _read(reader) == [("alice", "like")]  # not the like of a list the reader may not read


@pytest.mark.parametrize(
    "hidden_by", ["lists area private", "owner blocks the reader", "reader blocks the owner"]
)
def test_a_like_of_a_list_its_owner_hides_from_the_reader_is_not_shown(reader, hidden_by):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    _follow(reader, alice)
    activity.record_like(actor_id=alice.pk, list_id=list_with_movies(bob, 0, visibility="public").pk)
    assert _read(reader) == [("alice", "like")]
    if hidden_by == "lists area private":
        PrivacySettings.objects.create(user=bob, lists="private")
    else:
        blocker, blocked = (bob, reader) if hidden_by == "owner blocks the reader" else (reader, bob)
        Block.objects.create(blocker=blocker, blocked=blocked)
    assert _read(reader) == [] and _read(reader, verbs=["like"]) == []


def test_cursors_are_bound_to_the_kinds_asked():
    assert feed.feed_binding(["review", "play", "review"]) == feed.feed_binding(["play", "review"])
    assert feed.feed_binding(None) == feed.feed_binding([]) != feed.feed_binding(["play"])
