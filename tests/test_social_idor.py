"""IDOR sweep of the social operations on both surfaces: every read of a private account's areas
and every write aimed at its follows, by an anonymous reader, a stranger and a pending requester,
leaks nothing (no SECRET anywhere in any answer) and changes nothing; a user with a block either
way gets exactly the answer of an unknown username from every operation."""

import pytest
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from notifications.models import Notification
from social.models import Block, Follow, PrivacySettings
from tests.social_world import SECRET, social_world

pytestmark = pytest.mark.django_db

READS = [
    "/api/users/{u}/",
    "/api/users/{u}/diary/",
    "/api/users/{u}/ratings/?include_ratings=true",
    "/api/users/{u}/favorites/",
    "/api/users/{u}/watchlist/",
    "/api/users/{u}/lists/",
    "/api/users/{u}/followers/",
    "/api/users/{u}/following/",
]
# Writes on the owner's follows that only the owner may make: (method, path).
OWNERS_WRITES = [
    ("post", "/api/user/follow-requests/requester/"),
    ("delete", "/api/user/follow-requests/requester/"),
    ("delete", "/api/user/followers/secretfriend/"),
]
# Everything a user aims at another user by username.
AIMED = [
    *(("get", path) for path in READS),
    ("post", "/api/users/{u}/follow/"),
    ("delete", "/api/users/{u}/follow/"),
]
GRAPHQL_READS = {
    "profile": "query($u: String!) { profile(username: $u) { username bio followersCount followingCount "
    "counts { diary ratings lists favorites watchlist } } }",
    "userDiary": "query($u: String!) { userDiary(username: $u, first: 50) { edges { node { review "
    "movie { title } } } } }",
    "userRatings": "query($u: String!) { userRatings(username: $u, includeRatings: true, first: 50) "
    "{ edges { node { text } } } }",
    "userFavorites": "query($u: String!) { userFavorites(username: $u, first: 50) "
    "{ edges { node { tmdbId } } } }",
    "userWatchlist": "query($u: String!) { userWatchlist(username: $u, first: 50) "
    "{ edges { node { tmdbId } } } }",
    "userLists": "query($u: String!) { userLists(username: $u, first: 50) { edges { node { name } } } }",
    "followers": "query($u: String!) { followers(username: $u, first: 50) { edges { node { username } } } }",
    "following": "query($u: String!) { following(username: $u, first: 50) { edges { node { username } } } }",
}
GRAPHQL_AIMED_WRITES = {
    "follow": "mutation($u: String!) { follow(username: $u) { ... on FollowState { status } ...Refused } }",
    "unfollow": "mutation($u: String!) { unfollow(username: $u) "
    "{ ... on MessagePayload { message } ...Refused } }",
}
GRAPHQL_OWNERS_WRITES = {
    "approveFollowRequest": 'mutation { approveFollowRequest(username: "requester") { ...Refused } }',
    "declineFollowRequest": 'mutation { declineFollowRequest(username: "requester") { ...Refused } }',
    "removeFollower": 'mutation { removeFollower(username: "secretfriend") { ...Refused } }',
}
REFUSED = " fragment Refused on OperationInfo { messages { kind message } }"


def _snapshot() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Follow, Block, PrivacySettings, Notification)
    ]


def _rest(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


def _token(user) -> str | None:
    return token_pair_for(user).access if user is not None else None


@pytest.fixture
def world():
    return social_world(private=True)


@pytest.mark.parametrize("who", ["anonymous", "stranger", "requester"])
def test_a_private_accounts_areas_and_follows_leak_nothing_on_rest(world, who):
    client = _rest(world.get(who))
    before = _snapshot()
    answers = [(path, client.get(path.format(u="owner"))) for path in READS]
    answers += [(path, getattr(client, method)(path)) for method, path in OWNERS_WRITES]
    leaks = [(path, r.status_code) for path, r in answers if SECRET in r.content.decode().lower()]
    assert leaks == []
    assert [r.status_code for _, r in answers[: len(READS)]] == [200] * len(READS)
    expected_write = 401 if who == "anonymous" else 404
    assert {r.status_code for _, r in answers[len(READS) :]} == {expected_write}
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["anonymous", "stranger", "requester"])
def test_a_private_accounts_areas_and_follows_leak_nothing_on_graphql(world, who, gql):
    before = _snapshot()
    token = _token(world.get(who))
    answers = {name: gql(query, {"u": "owner"}, token) for name, query in GRAPHQL_READS.items()}
    answers |= {name: gql(query + REFUSED, None, token) for name, query in GRAPHQL_OWNERS_WRITES.items()}
    leaks = [name for name, body in answers.items() if SECRET in str(body).lower()]
    assert leaks == []
    assert answers["profile"]["data"]["profile"]["counts"] == dict.fromkeys(
        ["diary", "ratings", "lists", "favorites", "watchlist"]
    )
    for name in GRAPHQL_READS:
        if name != "profile":
            assert answers[name]["data"][name]["edges"] == [], name
    assert _snapshot() == before


def test_a_stranger_following_a_private_account_only_asks(world, gql):
    stranger = world["stranger"]
    answer = _rest(stranger).post("/api/users/owner/follow/")
    assert answer.json() == {"username": "owner", "status": "pending"}
    assert _rest(stranger).get("/api/users/owner/diary/").json()["results"] == []


@pytest.mark.parametrize("direction", ["owner blocks", "viewer blocks"])
def test_a_block_either_way_answers_every_rest_operation_as_an_unknown_user(world, direction):
    owner, viewer = world["owner"], world["stranger"]
    if direction == "owner blocks":
        Block.objects.create(blocker=owner, blocked=viewer)
    else:
        Block.objects.create(blocker=viewer, blocked=owner)
    client = _rest(viewer)
    before = _snapshot()
    for method, path in AIMED:
        blocked = getattr(client, method)(path.format(u="owner"))
        unknown = getattr(client, method)(path.format(u="nobody"))
        assert (blocked.status_code, blocked.json()) == (404, unknown.json()), path
    assert _snapshot() == before


@pytest.mark.parametrize("direction", ["owner blocks", "viewer blocks"])
def test_a_block_either_way_answers_every_graphql_operation_as_an_unknown_user(world, direction, gql):
    owner, viewer = world["owner"], world["stranger"]
    if direction == "owner blocks":
        Block.objects.create(blocker=owner, blocked=viewer)
    else:
        Block.objects.create(blocker=viewer, blocked=owner)
    token = _token(viewer)
    before = _snapshot()
    for name, query in {**GRAPHQL_READS, **GRAPHQL_AIMED_WRITES}.items():
        text = query + REFUSED if name in GRAPHQL_AIMED_WRITES else query
        blocked = gql(text, {"u": "owner"}, token)
        unknown = gql(text, {"u": "nobody"}, token)
        assert blocked == unknown, name
        assert SECRET not in str(blocked).lower()
    assert _snapshot() == before


def test_the_blocked_users_lists_of_others_hide_the_blocker(world):
    """Blocked by the friend, the stranger reads the owner's followers without the friend."""
    PrivacySettings.objects.filter(user=world["owner"]).update(private_account=False)
    Block.objects.create(blocker=world["friend"], blocked=world["stranger"])
    client = _rest(world["stranger"])
    assert client.get("/api/users/owner/followers/").json()["results"] == []
    assert client.get("/api/users/owner/following/").json()["results"] == []
    assert [row["username"] for row in _rest(None).get("/api/users/owner/followers/").json()["results"]] == [
        "secretfriend"
    ]
