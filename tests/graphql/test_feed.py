"""GraphQL feed: wiring to social.feed, the item shape, bad input, cost, throttle, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from social.models import Activity, PrivacySettings
from tests.feed_world import feed_world

pytestmark = pytest.mark.django_db
NODE = (
    "verb createdAt rating excerpt actor { username avatarUrl } "
    "movie { tmdbId title genres { name } } list { name }"
)
FEED = (
    "query($t: [ActivityVerb!], $n: Int, $a: String) { feed(types: $t, first: $n, after: $a) { "
    f"edges {{ node {{ {NODE} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
)


def _token(user) -> str:
    return token_pair_for(user).access


@pytest.fixture
def world():
    return feed_world()


def _verbs(body: dict) -> list[str]:
    assert "errors" not in body, body
    return [edge["node"]["verb"] for edge in body["data"]["feed"]["edges"]]


def test_the_feed_shows_followees_items_with_their_movie_and_list(gql, world):
    body = gql(FEED, token=_token(world["reader"]))
    assert sorted(_verbs(body)) == ["LIST_CREATED", "LIST_ENTRY_ADDED", "RATING", "REVIEW"]
    assert "SECRET" not in str(body)
    nodes = {edge["node"]["verb"]: edge["node"] for edge in body["data"]["feed"]["edges"]}
    review = nodes["REVIEW"]
    assert (review["actor"]["username"], review["rating"], review["excerpt"]) == (
        "alice",
        4.5,
        "Worth the wait.",
    )
    assert review["movie"]["tmdbId"] and review["list"] is None
    assert (nodes["LIST_CREATED"]["movie"], nodes["LIST_CREATED"]["list"]) == (None, {"name": "Heists"})


def test_types_filter_and_cursors_bound_to_them(gql, world):
    token = _token(world["reader"])
    first = gql(FEED, {"t": ["REVIEW", "RATING"], "n": 1}, token)
    assert _verbs(first) == ["RATING"]
    cursor = first["data"]["feed"]["pageInfo"]["endCursor"]
    assert _verbs(gql(FEED, {"t": ["RATING", "REVIEW"], "n": 1, "a": cursor}, token)) == ["REVIEW"]
    other = gql(FEED, {"t": ["PLAY"], "a": cursor}, token)
    assert other["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_setting_changed_to_private_hides_old_items_at_once(gql, world):
    token = _token(world["reader"])
    assert len(_verbs(gql(FEED, token=token))) == 4
    PrivacySettings.objects.create(user=world["alice"], ratings="private")
    assert sorted(_verbs(gql(FEED, token=token))) == ["LIST_CREATED", "LIST_ENTRY_ADDED"]


def test_a_stranger_reads_an_empty_feed_and_anonymous_is_refused(gql, world):
    assert _verbs(gql(FEED, token=_token(world["stranger"]))) == []
    anonymous = gql(FEED)
    assert anonymous["data"] is None and anonymous["errors"][0]["extensions"]["code"] == "FORBIDDEN", (
        anonymous
    )


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"t": ["LOL"]}, "BAD_USER_INPUT"),
        ({"a": "not-a-cursor"}, "BAD_USER_INPUT"),
        ({"n": 0}, "BAD_USER_INPUT"),
        ({"n": 101}, "BAD_USER_INPUT"),
    ],
)
def test_bad_input_is_an_error_with_a_code_and_changes_nothing(gql, world, variables, code):
    before = Activity.objects.count()
    body = gql(FEED, variables, _token(world["reader"]))
    assert body["errors"][0]["extensions"]["code"] == code, body
    assert Activity.objects.count() == before


def test_the_feed_is_priced_by_its_page_and_weight(gql_with_cost, world):
    body = gql_with_cost(
        "query { feed(first: 10) { edges { node { verb } } } }", token=_token(world["reader"])
    )
    assert body["extensions"]["cost"]["requested"] == 10 * 3 + 5


def test_the_feed_is_throttled(gql, world, throttle_rates, frozen_clock):
    throttle_rates(feed_user="2/min", feed_ip="1000/min")
    token = _token(world["reader"])
    answers = [gql(FEED, token=token) for _ in range(3)]
    assert [a.get("errors", [{}])[0].get("extensions", {}).get("code") for a in answers] == [
        None,
        None,
        "THROTTLED",
    ]


@pytest.mark.parametrize("count", [1, 8])
def test_a_page_costs_the_same_queries_for_1_or_8_movies(gql, count):
    world = feed_world(count=count)
    token = _token(world["reader"])
    with CaptureQueriesContext(connection) as queries:
        body = gql(FEED, {"n": 50}, token)
    assert len(_verbs(body)) == 3 * count + 1
    # the page with its actors, lists and movies; the movies' genres
    assert len(queries) == 2, [q["sql"][:60] for q in queries.captured_queries]
