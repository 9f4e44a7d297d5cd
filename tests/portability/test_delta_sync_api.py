"""Delta sync on both surfaces: last activities, updated_since with tombstones, and bad input."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tokens import token_pair_for
from engagement import services
from portability.models import SyncTombstone
from tests.errors import UNAUTHENTICATED, codes
from tests.factories import MovieRefFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
LAST = "{ me { lastActivities { favorites watchlist } } }"
CHANGES = """query($since: DateTime!) {
  me {
    favorites(updatedSince: $since) { results { movie { tmdbId } } }
    watchlist(updatedSince: $since) { results { movie { tmdbId } } }
    removedFavorites: removedSince(collection: FAVORITES, updatedSince: $since)
    removedWatchlist: removedSince(collection: WATCHLIST, updatedSince: $since)
  }
}"""
REMOVED = "query($since: DateTime!) { me { removedSince(collection: FAVORITES, updatedSince: $since) } }"


def _at(minutes: int) -> datetime.datetime:
    return START + datetime.timedelta(minutes=minutes)


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def history(user):
    """Favorites 1 and 2 and watchlist 1 at minute 0; at minute 5 favorite 3 added, favorite 1 removed."""
    for tmdb_id in (1, 2, 3):
        MovieRefFactory(tmdb_id=tmdb_id)
    with time_machine.travel(_at(0), tick=False):
        services.favorite_add(user=user, tmdb_id=1)
        services.favorite_add(user=user, tmdb_id=2)
        services.watchlist_add(user=user, tmdb_id=1)
    with time_machine.travel(_at(5), tick=False):
        services.favorite_add(user=user, tmdb_id=3)
        services.favorite_remove(user=user, tmdb_id=1)


@pytest.fixture
def later():
    with time_machine.travel(_at(60), tick=False):
        yield


def test_rest_last_activities_then_updated_since_answers_changes_and_tombstones(
    api_client, user, history, later
):
    api_client.force_authenticate(user)
    auth_client = api_client
    assert auth_client.get("/api/sync/last-activities/").json() == {
        "favorites": "2026-03-01T12:05:00Z",
        "watchlist": "2026-03-01T12:00:00Z",
    }
    favorites = auth_client.get("/api/user/favorites/", {"updated_since": _iso(_at(1))}).json()
    assert [row["tmdb_id"] for row in favorites["results"]] == [3]
    assert favorites["removed"] == [1]
    watchlist = auth_client.get("/api/user/watchlist/", {"updated_since": _iso(_at(1))}).json()
    assert (watchlist["results"], watchlist["removed"]) == ([], [])
    assert "removed" not in auth_client.get("/api/user/favorites/").json()


def test_graphql_last_activities_then_updated_since_answers_changes_and_tombstones(gql, user, history, later):
    token = token_pair_for(user).access
    assert gql(LAST, token=token) == {
        "data": {
            "me": {
                "lastActivities": {
                    "favorites": "2026-03-01T12:05:00+00:00",
                    "watchlist": "2026-03-01T12:00:00+00:00",
                }
            }
        }
    }
    me = gql(CHANGES, {"since": _iso(_at(1))}, token=token)["data"]["me"]
    assert me == {
        "favorites": {"results": [{"movie": {"tmdbId": 3}}]},
        "watchlist": {"results": []},
        "removedFavorites": [1],
        "removedWatchlist": [],
    }


def test_last_activities_with_nothing_changed_costs_three_queries(auth_client, user):
    with CaptureQueriesContext(connection) as queries:
        response = auth_client.get("/api/sync/last-activities/")
    assert response.json() == {"favorites": None, "watchlist": None}
    # The newest favorite, the newest watchlist entry, the newest removal per collection; the
    # signed-in user's row comes from process memory (trusted up to 1 s, docs/security.md).
    assert len(queries) == 3


def test_strangers_see_only_their_own_changes(api_client, history, later):
    stranger = UserFactory()
    api_client.force_authenticate(stranger)
    assert api_client.get("/api/sync/last-activities/").json() == {"favorites": None, "watchlist": None}
    answer = api_client.get("/api/user/favorites/", {"updated_since": _iso(_at(1))}).json()
    assert (answer["results"], answer["removed"]) == ([], [])


@pytest.mark.parametrize(
    "since",
    ["yesterday", "2026-13-01T00:00:00Z", "2026-03-01T12:00:00+99:00", "x" * 300, "2026-03-01T13:30:00Z"],
)
def test_rest_refuses_malformed_or_future_times_with_400_and_changes_nothing(
    api_client, user, history, later, since
):
    api_client.force_authenticate(user)
    auth_client = api_client
    response = auth_client.get("/api/user/favorites/", {"updated_since": since})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "updated_since"
    assert SyncTombstone.objects.count() == 1


def test_rest_answers_410_when_the_removals_kept_no_longer_reach_back(auth_client, settings):
    settings.SYNC_TOMBSTONE_KEEP_DAYS = 30
    old = _iso(timezone.now() - datetime.timedelta(days=31))
    for url in ("/api/user/favorites/", "/api/user/watchlist/"):
        response = auth_client.get(url, {"updated_since": old})
        assert response.status_code == 410
        assert codes(response) == ["resync_required"]


@pytest.mark.parametrize(
    ("since", "code"),
    [
        ("not a time", "BAD_USER_INPUT"),
        ("2026-03-01T12:00:00", "BAD_USER_INPUT"),  # no time zone
        ("2026-03-01T13:30:00Z", "BAD_USER_INPUT"),  # in the future
        ("2026-01-01T00:00:00Z", "RESYNC_REQUIRED"),  # older than the 30 days kept
    ],
)
def test_graphql_refuses_bad_times_with_a_code(gql, user, later, since, code):
    body = gql(REMOVED, {"since": since}, token=token_pair_for(user).access)
    assert [error["extensions"]["code"] for error in body["errors"]] == [code]


def test_graphql_refuses_a_missing_or_mistyped_argument(gql, user):
    token = token_pair_for(user).access
    missing = gql("{ me { removedSince(collection: FAVORITES) } }", token=token)
    mistyped = gql(
        '{ me { removedSince(collection: DIARY, updatedSince: "2026-03-01T12:00:00Z") } }', token=token
    )
    for body in (missing, mistyped):
        assert body["errors"][0]["extensions"]["code"]
        assert "data" not in body or body["data"] is None


def test_anonymous_and_forged_tokens_are_refused(api_client, gql):
    assert api_client.get("/api/sync/last-activities/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION="Bearer forged.token.value")
    assert api_client.get("/api/sync/last-activities/").status_code == 401
    assert gql(LAST, token="forged.token.value") == UNAUTHENTICATED
    assert gql(LAST) == {"data": {"me": None}}
