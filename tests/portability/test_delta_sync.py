"""Delta sync in the domain: last changes per collection, changes and tombstones since a time."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.exceptions import ResyncRequired
from engagement import services
from engagement.models import FavoriteMovie
from portability.models import SyncTombstone
from portability.sync import changes_since, last_activities
from portability.tasks import prune_sync_tombstones
from tests.factories import MovieRefFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
COLLECTIONS = [
    pytest.param("favorites", services.favorite_add, services.favorite_remove, id="favorites"),
    pytest.param("watchlist", services.watchlist_add, services.watchlist_remove, id="watchlist"),
]


def _at(minutes: int) -> datetime.datetime:
    return START + datetime.timedelta(minutes=minutes)


@pytest.mark.parametrize(("collection", "add", "remove"), COLLECTIONS)
def test_create_remove_then_updated_since_answers_new_rows_and_tombstones(collection, add, remove):
    user = UserFactory()
    for tmdb_id in (1, 2, 3):
        MovieRefFactory(tmdb_id=tmdb_id)
    with time_machine.travel(_at(0), tick=False):
        add(user=user, tmdb_id=1)
        add(user=user, tmdb_id=2)
    with time_machine.travel(_at(5), tick=False):
        add(user=user, tmdb_id=3)
        remove(user=user, tmdb_id=1)

    with time_machine.travel(_at(10), tick=False):
        changes = changes_since(user, collection, _at(1))
        assert [row.movie_id for row in changes.changed] == [3]
        assert changes.removed == [1]
        assert last_activities(user)[collection] == _at(5)
        nothing = changes_since(user, collection, _at(5))
        assert (list(nothing.changed), nothing.removed) == ([], [])


@pytest.mark.parametrize(("collection", "add", "remove"), COLLECTIONS)
def test_a_removal_alone_moves_the_last_activity(collection, add, remove):
    user = UserFactory()
    MovieRefFactory(tmdb_id=7)
    with time_machine.travel(_at(0), tick=False):
        add(user=user, tmdb_id=7)
    with time_machine.travel(_at(3), tick=False):
        remove(user=user, tmdb_id=7)
    assert last_activities(user)[collection] == _at(3)


def test_untouched_collections_have_no_last_activity_and_others_rows_do_not_count():
    user, other = UserFactory(), UserFactory()
    MovieRefFactory(tmdb_id=9)
    services.favorite_add(user=other, tmdb_id=9)
    services.favorite_remove(user=other, tmdb_id=9)
    assert last_activities(user) == {"favorites": None, "watchlist": None}
    assert changes_since(user, "favorites", timezone.now() - datetime.timedelta(days=1)).removed == []


def test_last_activities_costs_three_queries_when_nothing_changed():
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        last_activities(user)
    assert len(queries) == 3


def test_a_since_older_than_the_tombstones_kept_asks_for_a_full_resync(settings):
    settings.SYNC_TOMBSTONE_KEEP_DAYS = 30
    user = UserFactory()
    with pytest.raises(ResyncRequired):
        changes_since(user, "favorites", timezone.now() - datetime.timedelta(days=31))
    assert changes_since(user, "favorites", timezone.now() - datetime.timedelta(days=29)).removed == []


def test_a_since_in_the_future_is_refused():
    with pytest.raises(ValidationError) as refused:
        changes_since(UserFactory(), "watchlist", timezone.now() + datetime.timedelta(minutes=1))
    assert "updated_since" in refused.value.message_dict


def test_a_failed_removal_leaves_no_tombstone():
    user = UserFactory()
    with pytest.raises(FavoriteMovie.DoesNotExist):
        services.favorite_remove(user=user, tmdb_id=42)
    assert not SyncTombstone.objects.exists()


def test_the_daily_prune_deletes_only_tombstones_past_their_keeping(settings):
    settings.SYNC_TOMBSTONE_KEEP_DAYS = 30
    user = UserFactory()
    now = timezone.now()
    for days in (31, 29):
        SyncTombstone.objects.create(
            user=user, collection="favorites", key=days, removed_at=now - datetime.timedelta(days=days)
        )
    assert prune_sync_tombstones.delay().get() == 1
    assert list(SyncTombstone.objects.values_list("key", flat=True)) == [29]
    entry = settings.CELERY_BEAT_SCHEDULE["prune-sync-tombstones"]
    assert entry["task"] == "portability.tasks.prune_sync_tombstones"


def test_more_removals_than_an_answer_holds_asks_for_a_full_resync(monkeypatch):
    monkeypatch.setattr("portability.sync.MAX_REMOVED", 2)
    user = UserFactory()
    since = timezone.now() - datetime.timedelta(minutes=1)
    for key in (1, 2, 3):
        SyncTombstone.objects.create(user=user, collection="watchlist", key=key, removed_at=timezone.now())
    with pytest.raises(ResyncRequired):
        changes_since(user, "watchlist", since)
