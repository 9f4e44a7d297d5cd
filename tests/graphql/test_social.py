"""GraphQL social fields: wiring to the privacy rule, the follow-request flow, bad input, costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from social.models import Block, Follow, PrivacySettings
from tests.factories import ReviewFactory, UserFactory
from tests.social_world import fill_areas

pytestmark = pytest.mark.django_db

PAGES = {
    "userDiary": "review",
    "userRatings": "text",
    "userFavorites": "tmdbId",
    "userWatchlist": "tmdbId",
}
SETTING = {
    "userDiary": "diary",
    "userRatings": "ratings",
    "userFavorites": "favorites",
    "userWatchlist": "watchlist",
}
REFUSED = " fragment Refused on OperationInfo { messages { kind message field } }"


def _token(user) -> str:
    return token_pair_for(user).access


def _page(name: str) -> str:
    node = f"{PAGES[name]} movie {{ title genres {{ name }} }}"
    return f'query {{ {name}(username: "owner", first: 50) {{ edges {{ node {{ {node} }} }} }} }}'


@pytest.fixture
def owner():
    user = UserFactory(username="owner")
    fill_areas(user)
    return user


@pytest.mark.parametrize("name", list(PAGES))
def test_each_area_connection_asks_the_rule(gql, owner, name):
    follower, stranger = UserFactory(), UserFactory()
    Follow.objects.create(follower=follower, followee=owner, status=Follow.Status.ACCEPTED)
    PrivacySettings.objects.create(user=owner, **{SETTING[name]: "followers"})
    assert len(gql(_page(name), token=_token(follower))["data"][name]["edges"]) == 1
    assert gql(_page(name), token=_token(stranger))["data"][name]["edges"] == []
    assert gql(_page(name))["data"][name]["edges"] == []


def test_the_follow_request_flow(gql, owner):
    fan = UserFactory(username="fan")
    set_private = (
        "mutation { updatePrivacy(privateAccount: true) { ... on Privacy { privateAccount diary } } }"
    )
    assert gql(set_private, token=_token(owner))["data"]["updatePrivacy"] == {
        "privateAccount": True,
        "diary": "FOLLOWERS",
    }
    follow = 'mutation { follow(username: "owner") { ... on FollowState { username status } } }'
    assert gql(follow, token=_token(fan))["data"]["follow"] == {"username": "owner", "status": "PENDING"}
    waiting = "query { me { followRequests(first: 10) { edges { node { username } } } } }"
    assert gql(waiting, token=_token(owner))["data"]["me"]["followRequests"]["edges"] == [
        {"node": {"username": "fan"}}
    ]
    approve = 'mutation { approveFollowRequest(username: "fan") { ... on Follower { username } ...Refused } }'
    assert gql(approve + REFUSED, token=_token(owner))["data"]["approveFollowRequest"] == {"username": "fan"}
    profile = 'query { profile(username: "owner") { followersCount followStatus counts { watchlist } } }'
    assert gql(profile, token=_token(fan))["data"]["profile"] == {
        "followersCount": 1,
        "followStatus": "ACCEPTED",
        "counts": {"watchlist": 1},
    }
    followers = 'query { followers(username: "owner", first: 5) { edges { node { username } } } }'
    assert gql(followers, token=_token(fan))["data"]["followers"]["edges"] == [{"node": {"username": "fan"}}]


def test_blocks_and_privacy_on_me(gql, owner):
    UserFactory(username="pest")
    block = 'mutation { block(username: "pest") { ... on BlockedUser { username } } }'
    assert gql(block, token=_token(owner))["data"]["block"] == {"username": "pest"}
    mine = (
        "query { me { privacy { diary watchlist privateAccount } "
        "blocks(first: 5) { edges { node { username } } } } }"
    )
    assert gql(mine, token=_token(owner))["data"]["me"] == {
        "privacy": {"diary": "FOLLOWERS", "watchlist": "FOLLOWERS", "privateAccount": False},
        "blocks": {"edges": [{"node": {"username": "pest"}}]},
    }
    unblock = 'mutation { unblock(username: "pest") { ... on MessagePayload { message } } }'
    assert gql(unblock, token=_token(owner))["data"]["unblock"] == {"message": "Unblocked."}
    assert not Block.objects.exists()


def test_a_private_ratings_setting_takes_reviews_off_the_movie(gql, owner):
    review = owner.reviews.get()
    ReviewFactory(movie=review.movie, text="Another view")
    PrivacySettings.objects.create(user=owner, ratings="private")
    query = (
        "query($m: Int!) { movie(tmdbId: $m) { reviews { text } } reviews(tmdbId: $m) { results { text } } }"
    )
    body = gql(query, {"m": review.movie_id})
    data = body.get("data")
    assert "errors" not in body, body
    assert data == {
        "movie": {"reviews": [{"text": "Another view"}]},
        "reviews": {"results": [{"text": "Another view"}]},
    }
    mine = gql(query, {"m": review.movie_id}, _token(owner))["data"]
    assert len(mine["reviews"]["results"]) == len(mine["movie"]["reviews"]) == 2


@pytest.mark.parametrize("name", ["follow", "unfollow", "block"])
def test_acting_on_yourself_is_a_validation_message(gql, owner, name):
    body = gql(f'mutation {{ {name}(username: "owner") {{ ...Refused }} }}' + REFUSED, token=_token(owner))
    [message] = body["data"][name]["messages"]
    assert (message["kind"], message["field"]) == ("VALIDATION", "username")
    assert not Follow.objects.exists() and not Block.objects.exists()


def test_a_stranger_cannot_act_on_someone_elses_request(gql, owner):
    fan, stranger = UserFactory(username="fan"), UserFactory()
    Follow.objects.create(follower=fan, followee=owner, status=Follow.Status.PENDING)
    for name in ("approveFollowRequest", "declineFollowRequest"):
        body = gql(
            f'mutation {{ {name}(username: "fan") {{ ...Refused }} }}' + REFUSED, token=_token(stranger)
        )
        assert body["data"][name]["messages"][0]["message"] == "No follow request from this user."
    assert Follow.objects.get().status == Follow.Status.PENDING


def test_an_unknown_user_is_not_found_and_anonymous_writes_are_refused(gql):
    body = gql('query { profile(username: "nobody") { username } }')
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    anonymous = gql('mutation { follow(username: "nobody") { ...Refused } }' + REFUSED)
    assert anonymous["data"]["follow"]["messages"][0]["kind"] == "PERMISSION"


def test_a_bad_audience_is_refused_by_the_schema(gql, owner):
    body = gql("mutation { updatePrivacy(diary: EVERYONE) { __typename } }", token=_token(owner))
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert not PrivacySettings.objects.exists()


@pytest.mark.parametrize("count", [1, 8])
def test_area_connections_cost_the_same_queries_for_1_or_8_rows(gql, count):
    owner = UserFactory(username="owner")
    fill_areas(owner, count=count)
    reader = UserFactory()
    Follow.objects.create(follower=reader, followee=owner, status=Follow.Status.ACCEPTED)
    token = _token(reader)
    spent = {}
    for name in PAGES:
        with CaptureQueriesContext(connection) as queries:
            body = gql(_page(name), token=token)
        assert len(body["data"][name]["edges"]) == count, body
        spent[name] = len(queries)
    # the owner, the standing, the page with its movies, the movies' genres [, the plays' tags]
    assert spent == {"userDiary": 5, "userRatings": 4, "userFavorites": 4, "userWatchlist": 4}


def test_social_fields_are_priced_by_their_page_sizes(gql_with_cost, owner):
    profile = gql_with_cost('query { profile(username: "owner") { username counts { diary } } }')
    assert profile["extensions"]["cost"]["requested"] == 2  # the profile and its counts
    followers = gql_with_cost(
        'query { followers(username: "owner", first: 30) { edges { node { username } } } }'
    )
    # a connection is priced by its page (first: 30): its own object, its edges and their nodes
    assert followers["extensions"]["cost"]["requested"] == 30 * 3
    write = gql_with_cost(
        'mutation { follow(username: "owner") { __typename } }', token=_token(UserFactory())
    )
    assert write["extensions"]["cost"]["requested"] == 1 + 10  # the payload and a write's weight


def test_a_burst_of_follows_is_throttled_before_it_writes(gql, throttle_rates):
    throttle_rates(social_user="2/min", social_ip="1000/min")
    token = _token(UserFactory())
    names = [UserFactory().username for _ in range(3)]
    answers = [
        gql(f'mutation {{ follow(username: "{name}") {{ __typename }} }}', token=token) for name in names
    ]
    assert [a.get("errors", [{}])[0].get("extensions", {}).get("code") for a in answers] == [
        None,
        None,
        "THROTTLED",
    ]
    assert Follow.objects.count() == 2
