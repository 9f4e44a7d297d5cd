"""GraphQL likes and comments on reviews and lists: the same rules as REST, with error codes."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from social.models import Comment, Like
from tests.errors import UNAUTHENTICATED
from tests.factories import ReviewFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db
REFUSED = " fragment Refused on OperationInfo { messages { kind message field } }"
LIKE_REVIEW = (
    "mutation($id: ID!) { likeReview(reviewId: $id) { ... on LikeState { liked likeCount } ...Refused } }"
    + REFUSED
)
UNLIKE_REVIEW = (
    "mutation($id: ID!) { unlikeReview(reviewId: $id) { ... on LikeState { liked likeCount } ...Refused } }"
    + REFUSED
)
COMMENT = (
    "mutation($id: ID!, $text: String!, $parent: ID) { commentOnReview(reviewId: $id, text: $text, "
    "parentId: $parent) { ... on Comment { id text parentId editedAt username } ...Refused } }" + REFUSED
)
EDIT = (
    "mutation($id: ID!, $text: String!) { editComment(id: $id, text: $text) "
    "{ ... on Comment { text editedAt } ...Refused } }" + REFUSED
)
DELETE = (
    "mutation($id: ID!) { deleteComment(id: $id) { ... on MessagePayload { message } ...Refused } }" + REFUSED
)
COMMENTS = (
    "query($id: ID!) { reviewComments(reviewId: $id, first: 20) { edges { node { text username "
    "replies { text parentId } } } } }"
)


def _token(user) -> str:
    return token_pair_for(user).access


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


@pytest.fixture
def review(alice):
    return ReviewFactory(user=alice, text="Great")


def test_like_and_unlike_a_review_are_idempotent(gql, bob, review):
    token = _token(bob)
    ids = {"id": str(review.pk)}
    assert gql(LIKE_REVIEW, ids, token)["data"]["likeReview"] == {"liked": True, "likeCount": 1}
    assert gql(LIKE_REVIEW, ids, token)["data"]["likeReview"] == {"liked": True, "likeCount": 1}
    read = gql(
        "query($t: Int!) { movie(tmdbId: $t) { reviews { likeCount commentCount likedByMe } } }",
        {"t": review.movie_id},
        token,
    )
    assert read["data"]["movie"]["reviews"] == [{"likeCount": 1, "commentCount": 0, "likedByMe": True}]
    likers = gql(
        "query($id: ID!) { reviewLikes(reviewId: $id, first: 5) { edges { node { username } } } }", ids, token
    )
    assert likers["data"]["reviewLikes"]["edges"] == [{"node": {"username": "bob"}}]
    assert gql(UNLIKE_REVIEW, ids, token)["data"]["unlikeReview"] == {"liked": False, "likeCount": 0}
    assert gql(UNLIKE_REVIEW, ids, token)["data"]["unlikeReview"] == {"liked": False, "likeCount": 0}


def test_like_a_list_shows_on_the_list(gql, alice, bob):
    movie_list = list_with_movies(alice, 1, visibility="public")
    token = _token(bob)
    liked = gql(
        "mutation($id: ID!) { likeList(listId: $id) { ... on LikeState { liked likeCount } } }",
        {"id": str(movie_list.pk)},
        token,
    )
    assert liked["data"]["likeList"] == {"liked": True, "likeCount": 1}
    read = gql(
        "query($id: ID!) { movieList(id: $id) { likeCount likedByMe } }", {"id": str(movie_list.pk)}, token
    )
    assert read["data"]["movieList"] == {"likeCount": 1, "likedByMe": True}


def test_comment_reply_edit_and_delete(gql, alice, bob, review):
    ids = {"id": str(review.pk)}
    top = gql(COMMENT, {**ids, "text": " Hello @alice "}, _token(bob))["data"]["commentOnReview"]
    assert {k: top[k] for k in ("text", "parentId", "editedAt", "username")} == {
        "text": "Hello @alice",
        "parentId": None,
        "editedAt": None,
        "username": "bob",
    }
    reply = gql(COMMENT, {**ids, "text": "Hi", "parent": top["id"]}, _token(alice))["data"]["commentOnReview"]
    assert reply["parentId"] == top["id"]
    deeper = gql(COMMENT, {**ids, "text": "No", "parent": reply["id"]}, _token(bob))["data"][
        "commentOnReview"
    ]
    assert deeper == {
        "messages": [
            {
                "kind": "VALIDATION",
                "message": "Replies are one level deep: reply to the top comment.",
                "field": "parent",
            }
        ]
    }
    edited = gql(EDIT, {"id": top["id"], "text": "Hello!"}, _token(bob))["data"]["editComment"]
    assert edited["text"] == "Hello!" and edited["editedAt"] is not None
    refused = gql(EDIT, {"id": top["id"], "text": "Mine now"}, _token(alice))["data"]["editComment"]
    assert refused["messages"][0]["kind"] == "PERMISSION"
    page = gql(COMMENTS, ids)["data"]["reviewComments"]["edges"]
    assert page == [
        {"node": {"text": "Hello!", "username": "bob", "replies": [{"text": "Hi", "parentId": top["id"]}]}}
    ]
    stranger = gql(DELETE, {"id": top["id"]}, _token(UserFactory()))["data"]["deleteComment"]
    assert stranger["messages"][0]["kind"] == "PERMISSION"
    assert gql(DELETE, {"id": top["id"]}, _token(alice))["data"]["deleteComment"] == {
        "message": "Comment deleted."
    }
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "A comment cannot be empty."),
        ("  ", "A comment cannot be empty."),
        ("x" * 2001, "A comment is at most 2000 characters."),
    ],
)
def test_bad_text_is_a_validation_message_that_writes_nothing(gql, bob, review, text, message):
    answer = gql(COMMENT, {"id": str(review.pk), "text": text}, _token(bob))
    assert answer["data"]["commentOnReview"] == {
        "messages": [{"kind": "VALIDATION", "message": message, "field": "text"}]
    }
    assert not Comment.objects.exists()


def test_wrong_types_and_missing_arguments_are_graphql_errors(gql, bob, review):
    token = _token(bob)
    wrong = gql(COMMENT, {"id": str(review.pk), "text": 42}, token)
    missing = gql('mutation { commentOnReview(reviewId: "x") { __typename } }', None, token)
    for answer in (wrong, missing):
        assert answer.get("data") is None
        assert answer["errors"][0]["extensions"]["code"]
    assert not Comment.objects.exists()


def test_an_unknown_or_malformed_review_is_not_found(gql, bob):
    for review_id in ["not-a-uuid", "00000000-0000-0000-0000-000000000000"]:
        answer = gql(LIKE_REVIEW, {"id": review_id}, _token(bob))
        assert answer["data"]["likeReview"] == {
            "messages": [{"kind": "ERROR", "message": "Review matching query does not exist.", "field": None}]
        }
        read = gql(COMMENTS, {"id": review_id})
        assert read["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert not Like.objects.exists()


def test_writes_need_a_sign_in_and_a_valid_token(gql, review):
    anonymous = gql(LIKE_REVIEW, {"id": str(review.pk)})
    assert anonymous["data"]["likeReview"]["messages"][0]["kind"] == "PERMISSION"
    assert gql(LIKE_REVIEW, {"id": str(review.pk)}, "garbage") == UNAUTHENTICATED
    assert not Like.objects.exists()


def test_a_burst_of_likes_is_throttled_before_it_writes(gql, alice, bob, throttle_rates):
    throttle_rates(social_like_user="2/min", social_like_ip="1000/min")
    token = _token(bob)
    reviews = [ReviewFactory(user=alice) for _ in range(3)]
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        answers = [gql(LIKE_REVIEW, {"id": str(r.pk)}, token) for r in reviews]
    codes = [a.get("errors", [{}])[0].get("extensions", {}).get("code") for a in answers]
    assert codes == [None, None, "THROTTLED"]
    assert Like.objects.count() == 2


def _queries(gql, query: str, variables: dict, token: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert "errors" not in gql(query, variables, token)
    return len(captured.captured_queries)


@pytest.mark.parametrize("count", [1, 6])
def test_reads_cost_the_same_queries_for_1_or_6_rows(gql, alice, count):
    review = ReviewFactory(user=alice)
    movie_list = list_with_movies(alice, 1, visibility="public")
    for _ in range(count):
        user = UserFactory()
        Like.objects.create(user=user, review=review)
        Like.objects.create(user=user, movie_list=movie_list)
        top = Comment.objects.create(author=user, movie_list=movie_list, text="Top")
        Comment.objects.create(author=alice, movie_list=movie_list, parent=top, text="Re")
        ReviewFactory(movie_id=review.movie_id)
        list_with_movies(alice, 1, visibility="public")
    token = _token(UserFactory())
    reads = {
        "likers": (
            "query($id: ID!) { reviewLikes(reviewId: $id, first: 20) { edges { node { username since } } } }",
            {"id": str(review.pk)},
        ),
        "comments": (
            "query($id: ID!) { listComments(listId: $id, first: 20) { edges { node { text username "
            "replies { text username } } } } }",
            {"id": str(movie_list.pk)},
        ),
        "movie reviews": (
            "query($t: Int!) { movie(tmdbId: $t) { reviews { likeCount commentCount likedByMe } } }",
            {"t": review.movie_id},
        ),
        "user lists": (
            'query { userLists(username: "alice", first: 20) { edges { node { likeCount commentCount '
            "likedByMe } } } }",
            {},
        ),
    }
    spent = {name: _queries(gql, query, variables, token) for name, (query, variables) in reads.items()}
    assert spent == {"likers": 2, "comments": 4, "movie reviews": 3, "user lists": 3}


def test_a_review_like_shows_in_the_likers_followers_feed(gql, bob, review):
    reader = UserFactory()
    gql('mutation { follow(username: "bob") { __typename } }', None, _token(reader))
    gql(LIKE_REVIEW, {"id": str(review.pk)}, _token(bob))
    feed = gql(
        "{ feed(types: [LIKE], first: 5) { edges { node { reviewId movie { tmdbId } } } } }",
        None,
        _token(reader),
    )
    assert feed["data"]["feed"]["edges"] == [
        {"node": {"reviewId": str(review.pk), "movie": {"tmdbId": review.movie_id}}}
    ]


def test_a_comments_page_is_priced_by_its_size_and_its_replies_cap(gql_with_cost, review):
    query = (
        "query($id: ID!) { reviewComments(reviewId: $id, first: 10) "
        "{ edges { node { text replies { text } } } } }"
    )
    # first: 10 multiplies the connection, each edge and node, and each node's replies (at most 50)
    cost = gql_with_cost(query, {"id": str(review.pk)})["extensions"]["cost"]["requested"]
    assert cost == 10 * (3 + 50)
