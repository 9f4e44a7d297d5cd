"""GraphQL "not interested": markNotInterested, unmarkNotInterested, me { notInterested }, isNotInterested."""

import pytest

from accounts.tokens import token_pair_for
from engagement.models import NotInterested
from recsys import tasks
from tests.errors import UNAUTHENTICATED
from tests.factories import MovieRefFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

INFO = "fragment Info on OperationInfo { messages { kind field message } }"
MARK = (
    """
mutation($tmdbId: Int!) {
  markNotInterested(tmdbId: $tmdbId) {
    ... on NotInterested { tmdbId movie { title isNotInterested } }
    ...Info
  }
}"""
    + INFO
)
UNMARK = (
    """
mutation($tmdbId: Int!) {
  unmarkNotInterested(tmdbId: $tmdbId) { ... on Movie { tmdbId isNotInterested } ...Info }
}"""
    + INFO
)
MINE = """
query($limit: Int) {
  me { notInterested(pagination: {limit: $limit}) { totalCount results { tmdbId movie { title } } } }
}"""


@pytest.fixture
def matrix():
    return MovieRefFactory(tmdb_id=603, title="The Matrix")


def test_mark_is_idempotent_and_flags_the_movie(gql, user, access_token, matrix):
    first = gql(MARK, {"tmdbId": 603}, token=access_token)["data"]
    again = gql(MARK, {"tmdbId": 603}, token=access_token)["data"]

    expected = {"tmdbId": 603, "movie": {"title": "The Matrix", "isNotInterested": True}}
    assert first == again == {"markNotInterested": expected}
    assert NotInterested.objects.filter(user=user).count() == 1


def test_unmark_then_unmark_again_is_an_error(gql, user, access_token, matrix):
    NotInterested.objects.create(user=user, movie=matrix)

    first = gql(UNMARK, {"tmdbId": 603}, token=access_token)["data"]
    again = gql(UNMARK, {"tmdbId": 603}, token=access_token)["data"]

    assert first == {"unmarkNotInterested": {"tmdbId": 603, "isNotInterested": False}}
    assert again["unmarkNotInterested"]["messages"] == [
        {"kind": "ERROR", "field": None, "message": "NotInterested matching query does not exist."}
    ]


def test_nobody_unmarks_or_sees_another_user_s_dismissal(gql, other_user, access_token, matrix):
    NotInterested.objects.create(user=other_user, movie=matrix)

    data = gql(UNMARK, {"tmdbId": 603}, token=access_token)["data"]
    mine = gql(MINE, token=access_token)["data"]["me"]["notInterested"]
    movie = gql("{ movie(tmdbId: 603) { isNotInterested } }", token=access_token)["data"]

    assert data["unmarkNotInterested"]["messages"][0]["kind"] == "ERROR"
    assert mine == {"totalCount": 0, "results": []}
    assert movie == {"movie": {"isNotInterested": False}}
    assert NotInterested.objects.filter(user=other_user).count() == 1


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"tmdbId": 0},
            {"kind": "VALIDATION", "field": "tmdbId", "message": "A TMDb id is a positive integer."},
        ),
        ({"tmdbId": 27205}, {"kind": "ERROR", "field": None, "message": "No movie with TMDb id 27205."}),
    ],
)
def test_bad_or_unknown_ids_are_errors_and_nothing_is_written(gql, access_token, variables, message):
    data = gql(MARK, variables, token=access_token)["data"]

    assert data == {"markNotInterested": {"messages": [message]}}
    assert not NotInterested.objects.exists()


def test_wrongly_typed_id_is_refused_before_running(gql, access_token):
    result = gql(MARK, {"tmdbId": "603"}, token=access_token)

    assert result["data"] is None
    assert result["errors"][0]["message"] == (
        "Variable '$tmdbId' has invalid value: Int cannot represent non-integer value: '603'"
    )


def test_a_bad_token_is_unauthenticated(gql, matrix):
    assert gql(MARK, {"tmdbId": 603}, token="garbage") == UNAUTHENTICATED


def test_anonymous_callers_must_sign_in(gql, matrix):
    data = gql(MARK, {"tmdbId": 603})["data"]

    assert data == {
        "markNotInterested": {
            "messages": [
                {"kind": "PERMISSION", "field": "markNotInterested", "message": "Sign in to do this."}
            ]
        }
    }
    assert not NotInterested.objects.exists()


def test_my_list_is_newest_first_and_capped(gql, user, access_token, settings):
    for tmdb_id in (1, 2, 3, 4):
        NotInterested.objects.create(user=user, movie=MovieRefFactory(tmdb_id=tmdb_id))
    settings.MAX_PAGE_SIZE = 3

    page = gql(MINE, {"limit": 3}, token=access_token)["data"]["me"]["notInterested"]
    too_many = gql(MINE, {"limit": 1000}, token=access_token)

    assert page["totalCount"] == 4
    assert [row["tmdbId"] for row in page["results"]] == [4, 3, 2]
    assert {e["message"] for e in too_many["errors"]} == {"pagination.limit: must be between 0 and 3."}


@pytest.mark.usefixtures("uncached_payloads")
@pytest.mark.parametrize("count", [1, 5])
def test_my_list_costs_the_same_queries_for_1_or_n(gql, user, access_token, count, django_assert_num_queries):
    for tmdb_id in range(1, count + 1):
        NotInterested.objects.create(user=user, movie=MovieRefFactory(tmdb_id=tmdb_id))

    with django_assert_num_queries(2):  # count, page with movies (the user comes from the user cache)
        page = gql(MINE, token=access_token)["data"]["me"]["notInterested"]

    assert page["totalCount"] == count


def test_a_dismissed_recommendation_is_gone_from_the_next_answer(
    gql, user, access_token, django_capture_on_commit_callbacks
):
    liked, neighbour = MovieRefFactory(tmdb_id=1), MovieRefFactory(tmdb_id=2)
    for fan in [UserFactory() for _ in range(3)]:
        ReviewFactory(user=fan, movie=liked, rating=5)
        ReviewFactory(user=fan, movie=neighbour, rating=5)
    ReviewFactory(user=user, movie=liked, rating=5)
    tasks.generate_recommendations()
    query = "{ recommendations(limit: 5) { movie { tmdbId } } }"
    assert gql(query, token=access_token)["data"]["recommendations"][0] == {"movie": {"tmdbId": 2}}

    with django_capture_on_commit_callbacks(execute=True):
        gql(MARK, {"tmdbId": 2}, token=access_token)

    shown = [r["movie"]["tmdbId"] for r in gql(query, token=access_token)["data"]["recommendations"]]
    assert 2 not in shown
    other = token_pair_for(UserFactory()).access
    assert gql("{ itemRecommendations(tmdbId: 1) { tmdbId } }", token=other)["data"] == {
        "itemRecommendations": [{"tmdbId": 2}]
    }
    assert gql("{ itemRecommendations(tmdbId: 1) { tmdbId } }", token=access_token)["data"] == {
        "itemRecommendations": []
    }
