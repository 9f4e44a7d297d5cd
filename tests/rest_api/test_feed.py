"""GET /api/user/feed/: wiring to social.feed, the item shape, bad input, the throttle, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from social.models import Activity, PrivacySettings
from tests.errors import messages
from tests.feed_world import feed_world

pytestmark = pytest.mark.django_db
FEED = "/api/user/feed/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@pytest.fixture
def world():
    return feed_world()


def test_the_feed_shows_followees_items_with_their_movie_and_list(world):
    answer = _client(world["reader"]).get(FEED)
    assert answer.status_code == 200, answer.content
    items = answer.json()["results"]
    assert "SECRET" not in answer.content.decode()
    assert {item["actor"]["username"] for item in items} == {"alice"}
    assert sorted(item["verb"] for item in items) == ["list_created", "list_entry_added", "rating", "review"]
    review = next(item for item in items if item["verb"] == "review")
    assert (review["rating"], review["excerpt"], review["list"]) == (4.5, "Worth the wait.", None)
    assert review["movie"]["tmdb_id"] and "genres" in review["movie"] and review["movie"]["viewer"]
    created = next(item for item in items if item["verb"] == "list_created")
    assert (created["movie"], created["list"]["name"]) == (None, "Heists")


def test_the_type_filter_and_its_cursor(world):
    client = _client(world["reader"])
    first = client.get(FEED, {"type": ["review", "rating"], "page_size": 1}).json()
    second = client.get(first["next"]).json()
    assert [first["results"][0]["verb"], second["results"][0]["verb"]] == ["rating", "review"]  # newest first
    assert second["next"] is None
    after = first["next"].split("after=")[1]
    other = client.get(FEED, {"type": "play", "after": after})
    assert other.status_code == 400 and "after" in messages(other)


def test_a_setting_changed_to_private_hides_old_items_at_once(world):
    client = _client(world["reader"])
    assert len(client.get(FEED).json()["results"]) == 4
    PrivacySettings.objects.create(user=world["alice"], ratings="private")
    assert sorted(i["verb"] for i in client.get(FEED).json()["results"]) == [
        "list_created",
        "list_entry_added",
    ]


def test_a_stranger_reads_an_empty_feed_and_anonymous_is_refused(world):
    assert _client(world["stranger"]).get(FEED).json()["results"] == []
    assert _client().get(FEED).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [({"type": "lol"}, "type.0"), ({"after": "not-a-cursor"}, "after"), ({"page_size": 0}, "page_size")],
)
def test_bad_input_is_a_clear_400_and_changes_nothing(world, query, field):
    before = Activity.objects.count()
    answer = _client(world["reader"]).get(FEED, query)
    assert answer.status_code == 400 and field in messages(answer)
    assert Activity.objects.count() == before


def test_the_feed_is_throttled(world, throttle_rates, frozen_clock):
    throttle_rates(feed_user="2/min", feed_ip="1000/min")
    client = _client(world["reader"])
    assert [client.get(FEED).status_code for _ in range(3)] == [200, 200, 429]


def test_the_feed_is_never_cached_for_another_reader(world):
    assert _client(world["reader"]).get(FEED).json()["results"]
    assert _client(world["stranger"]).get(FEED).json()["results"] == []


@pytest.mark.parametrize("count", [1, 8])
def test_a_page_costs_the_same_queries_for_1_or_8_movies(count):
    world = feed_world(count=count)
    client = _client(world["reader"])
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(FEED, {"page_size": 50})
    assert len(answer.json()["results"]) == 3 * count + 1
    # the page with its actors, lists and movies; the movies' genres; the reader's state of them (4)
    assert len(queries) == 6, [q["sql"][:60] for q in queries.captured_queries]
