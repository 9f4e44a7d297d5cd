"""GraphQL movie night: groupPicks, movieNight and the invite mutations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from recsys import tasks
from recsys.models import MovieNight, MovieNightMember, RecommendationCache
from tests.factories import ReviewFactory, UserFactory
from tests.recsys.movie_night_setup import crime_fan, night_of

pytestmark = pytest.mark.django_db

PICKS = """
query ($members: [String!]!, $limit: Int, $filter: GroupPicksFilter) {
  groupPicks(members: $members, limit: $limit, filter: $filter) {
    score reasons fits { username fit } movie { tmdbId title genres { name } }
  }
}
"""
NIGHT = "query ($code: String!) { movieNight(code: $code) { code members } }"
CREATE = """
mutation {
  createMovieNight {
    ... on MovieNight { code members expiresAt }
    ... on OperationInfo { messages { kind message } }
  }
}
"""
JOIN = """
mutation ($code: String!) {
  joinMovieNight(code: $code) {
    ... on MovieNight { members }
    ... on OperationInfo { messages { field message code } }
  }
}
"""
LEAVE = "mutation ($code: String!) { leaveMovieNight(code: $code) { ... on MessagePayload { message } } }"


def _token(user) -> str:
    return token_pair_for(user).access


@pytest.fixture
def friend(toy_fan, movies):
    fan = crime_fan(movies)
    night_of(toy_fan, fan)
    tasks.generate_recommendations()
    return fan


def test_group_picks(gql, toy_fan, friend, access_token):
    body = gql(PICKS, {"members": [friend.username], "limit": 10}, token=access_token)

    assert "errors" not in body
    picks = body["data"]["groupPicks"]
    assert {pick["movie"]["tmdbId"] for pick in picks} == {863, 12, 23168, 680}
    assert [fit["username"] for fit in picks[0]["fits"]] == [toy_fan.username, "crimefan"]


def test_group_picks_are_the_same_when_stored_item_rows_are_damaged(gql, friend, access_token):
    asked = {"members": [friend.username], "limit": 10}
    expected = gql(PICKS, asked, token=access_token)["data"]["groupPicks"]
    RecommendationCache.objects.filter(key__startswith="recsys:item:").update(scores=b"damaged")

    body = gql(PICKS, asked, token=access_token)

    assert "errors" not in body
    assert body["data"]["groupPicks"] == expected
    assert [pick["movie"]["tmdbId"] for pick in expected] == [23168, 863, 680, 12]


def test_group_picks_filtered_by_genre(gql, friend, access_token):
    body = gql(PICKS, {"members": [friend.username], "filter": {"genres": ["crime"]}}, token=access_token)

    assert {pick["movie"]["tmdbId"] for pick in body["data"]["groupPicks"]} == {23168, 680}


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"members": []}, "members"),
        ({"members": ["nobody"]}, "members"),
        ({"members": ["crimefan"], "limit": 0}, "limit"),
        ({"members": ["crimefan"], "filter": {"runtimeMin": 90, "runtimeMax": 60}}, "runtime_max"),
        ({"members": ["crimefan"], "filter": {"genres": ["nope"]}}, "genres"),
        (
            {"members": ["crimefan"], "filter": {"onMembersServices": True, "region": "US"}},
            "on_members_services",
        ),
        ({"members": ["crimefan"], "filter": {"onMembersServices": True}}, "on_members_services"),
    ],
)
def test_bad_input_is_bad_user_input(gql, friend, access_token, variables, field):
    body = gql(PICKS, variables, token=access_token)

    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert field in error["message"]


def test_anonymous_callers_are_refused(gql, friend):
    body = gql(PICKS, {"members": [friend.username]})

    assert body["errors"][0]["message"] == "Sign in to pick movies with your group."


def test_create_join_see_and_leave(gql, user, other_user):
    created = gql(CREATE, token=_token(user))["data"]["createMovieNight"]
    code = created["code"]

    joined = gql(JOIN, {"code": code}, token=_token(other_user))["data"]["joinMovieNight"]
    seen = gql(NIGHT, {"code": code}, token=_token(other_user))["data"]["movieNight"]
    left = gql(LEAVE, {"code": code}, token=_token(other_user))["data"]["leaveMovieNight"]

    assert created["members"] == [user.username]
    assert joined == {"members": [user.username, other_user.username]}
    assert seen == {"code": code, "members": [user.username, other_user.username]}
    assert left == {"message": "You left the movie night."}
    assert list(MovieNightMember.objects.values_list("user_id", flat=True)) == [user.pk]


def test_a_bad_code_joins_nothing(gql, user, other_user):
    night_of(user)

    body = gql(JOIN, {"code": "guessed-code"}, token=_token(other_user))

    assert body["data"]["joinMovieNight"] == {
        "messages": [
            {"field": "code", "message": "This invite code is unknown or has expired.", "code": None}
        ]
    }
    assert MovieNightMember.objects.count() == 1


def test_strangers_cannot_see_a_nights_members(gql, user, other_user):
    night = night_of(user)

    body = gql(NIGHT, {"code": night.code}, token=_token(other_user))

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_anonymous_cannot_create(gql):
    body = gql(CREATE)

    assert body["data"]["createMovieNight"] == {
        "messages": [{"kind": "PERMISSION", "message": "Sign in to do this."}]
    }
    assert MovieNight.objects.count() == 0


@pytest.mark.usefixtures("uncached_payloads")
def test_queries_do_not_grow_with_the_group_or_the_picks(gql, movies, fans):
    me = UserFactory()
    others = [UserFactory() for _ in range(4)]
    for member, liked in zip([me, *others], [862, 949, 23168, 13, 680], strict=True):
        ReviewFactory(user=member, movie=movies[liked], rating=5)
    night_of(me, *others)
    tasks.generate_recommendations()
    token = _token(me)
    counts = []
    for size, limit in ((1, 1), (4, 2)):
        with CaptureQueriesContext(connection) as queries:
            body = gql(PICKS, {"members": [o.username for o in others[:size]], "limit": limit}, token=token)
        assert len(body["data"]["groupPicks"]) == limit
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_group_picks_cost_is_its_weight_plus_its_page(gql_with_cost, friend, access_token):
    query = """query ($members: [String!]!) {
      groupPicks(members: $members, limit: 10) { score fits { fit } movie { title } }
    }"""

    body = gql_with_cost(query, {"members": [friend.username]}, token=access_token)

    # 25 for the ranking, then 10 picks of 1 + 10 fits (1 each) + a movie (1).
    assert body["extensions"]["cost"]["requested"] == 25 + 10 * (1 + 10 + 1)
