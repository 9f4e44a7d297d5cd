"""REST likes and comments on reviews and lists: shapes, bad input, permissions, throttles, queries."""

import datetime
import uuid

import jwt
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tokens import token_pair_for
from social.models import Comment, Like
from tests.errors import messages
from tests.factories import ReviewFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


@pytest.fixture
def review(alice):
    return ReviewFactory(user=alice, text="Great")


def test_like_and_unlike_a_review_are_idempotent_and_show_on_the_review(alice, bob, review):
    client = _client(bob)
    path = f"/api/reviews/{review.pk}/like/"
    assert client.put(path).json() == {"liked": True, "like_count": 1}
    assert client.put(path).json() == {"liked": True, "like_count": 1}
    shown = client.get(f"/api/movies/{review.movie_id}/reviews/").json()["results"][0]
    assert (shown["like_count"], shown["comment_count"], shown["liked_by_me"]) == (1, 0, True)
    likers = client.get(f"/api/reviews/{review.pk}/likes/").json()
    assert [row["username"] for row in likers["results"]] == ["bob"]
    assert client.delete(path).json() == {"liked": False, "like_count": 0}
    assert client.delete(path).json() == {"liked": False, "like_count": 0}


def test_like_a_list_and_see_it_on_the_list(alice, bob):
    movie_list = list_with_movies(alice, 1, visibility="public")
    client = _client(bob)
    assert client.put(f"/api/lists/{movie_list.pk}/like/").json() == {"liked": True, "like_count": 1}
    shown = client.get(f"/api/lists/{movie_list.pk}/").json()
    assert (shown["like_count"], shown["liked_by_me"]) == (1, True)
    mine = _client(alice).get("/api/users/alice/lists/").json()["results"][0]
    assert (mine["like_count"], mine["liked_by_me"]) == (1, False)


def test_comment_reply_edit_and_delete_a_comment(alice, bob, review):
    client = _client(bob)
    top = client.post(f"/api/reviews/{review.pk}/comments/", {"text": " Hello "}, format="json")
    assert top.status_code == 201
    assert {key: top.json()[key] for key in ("username", "text", "parent_id", "edited_at", "replies")} == {
        "username": "bob",
        "text": "Hello",
        "parent_id": None,
        "edited_at": None,
        "replies": [],
    }
    reply = _client(alice).post(
        f"/api/reviews/{review.pk}/comments/", {"text": "Hi", "parent_id": top.json()["id"]}, format="json"
    )
    assert reply.status_code == 201
    edited = client.patch(f"/api/comments/{top.json()['id']}/", {"text": "Hello!"}, format="json")
    assert (edited.json()["text"], edited.json()["edited_at"] is not None) == ("Hello!", True)
    page = _client(None).get(f"/api/reviews/{review.pk}/comments/").json()
    assert [(c["text"], [r["text"] for r in c["replies"]]) for c in page["results"]] == [("Hello!", ["Hi"])]
    assert (
        _client(alice).get(f"/api/movies/{review.movie_id}/reviews/").json()["results"][0]["comment_count"]
        == 2
    )
    assert _client(alice).delete(f"/api/comments/{top.json()['id']}/").status_code == 204
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"text": ""}, "text", "A comment cannot be empty."),
        ({"text": "   "}, "text", "A comment cannot be empty."),
        ({"text": "x" * 2001}, "text", "A comment is at most 2000 characters."),
        ({"text": ["a"]}, "text", "Not a valid string."),
        ({}, "text", "This field is required."),
        ({"text": "Hi", "parent_id": "nope"}, "parent_id", "Must be a valid UUID."),
        ({"text": "Hi", "parent_id": str(uuid.uuid4())}, "parent", "No such comment on this review or list."),
        ({"text": " ".join(f"@u{i}" for i in range(11))}, "text", "A comment mentions at most 10 users."),
    ],
)
def test_bad_comments_are_400s_that_write_nothing(bob, review, body, field, message):
    answer = _client(bob).post(f"/api/reviews/{review.pk}/comments/", body, format="json")
    assert answer.status_code == 400
    assert messages(answer) == {field: [message]}
    assert not Comment.objects.exists()


def test_a_reply_to_a_reply_is_a_400(alice, bob, review):
    client = _client(bob)
    path = f"/api/reviews/{review.pk}/comments/"
    top = client.post(path, {"text": "Top"}, format="json").json()
    reply = client.post(path, {"text": "Reply", "parent_id": top["id"]}, format="json").json()
    answer = client.post(path, {"text": "Deeper", "parent_id": reply["id"]}, format="json")
    assert answer.status_code == 400
    assert messages(answer) == {"parent": ["Replies are one level deep: reply to the top comment."]}


def test_editing_someone_elses_comment_is_a_403_and_changes_nothing(alice, bob, review):
    comment = _client(bob).post(f"/api/reviews/{review.pk}/comments/", {"text": "Mine"}, format="json").json()
    answer = _client(alice).patch(f"/api/comments/{comment['id']}/", {"text": "Yours"}, format="json")
    assert answer.status_code == 403
    assert Comment.objects.get().text == "Mine"


@pytest.mark.parametrize(
    ("who", "status"), [("author", 204), ("owner", 204), ("staff", 204), ("stranger", 403)]
)
def test_who_may_delete_a_comment_on_a_list(alice, bob, who, status):
    movie_list = list_with_movies(alice, 1, visibility="public")
    comment = _client(bob).post(f"/api/lists/{movie_list.pk}/comments/", {"text": "Hi"}, format="json").json()
    deleter = {"author": bob, "owner": alice, "staff": UserFactory(is_staff=True), "stranger": UserFactory()}[
        who
    ]
    assert _client(deleter).delete(f"/api/comments/{comment['id']}/").status_code == status
    assert Comment.objects.exists() is (status == 403)


def test_malformed_and_unknown_ids_are_404s(bob):
    client = _client(bob)
    for method, path in [
        ("put", "/api/reviews/not-a-uuid/like/"),
        ("put", f"/api/reviews/{uuid.uuid4()}/like/"),
        ("get", f"/api/lists/{uuid.uuid4()}/comments/"),
        ("patch", f"/api/comments/{uuid.uuid4()}/"),
        ("delete", f"/api/comments/{uuid.uuid4()}/"),
    ]:
        answer = getattr(client, method)(path, {"text": "x"}, format="json")
        assert (answer.status_code, answer.json()["type"]) == (404, "client_error"), path


def _expired(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-datetime.timedelta(minutes=1))
    return str(token)


@pytest.mark.parametrize("token", ["none", "expired", "forged"])
def test_writes_need_a_valid_token(bob, review, token):
    client = APIClient()
    if token != "none":
        bearer = (
            _expired(bob)
            if token == "expired"
            else jwt.encode(
                {"token_type": "access", "user_id": str(bob.pk)},
                "a-guessed-signing-key-that-is-not-the-real-one",
                "HS256",
            )
        )
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {bearer}")
    answers = [
        client.put(f"/api/reviews/{review.pk}/like/"),
        client.post(f"/api/reviews/{review.pk}/comments/", {"text": "Hi"}, format="json"),
    ]
    assert [a.status_code for a in answers] == [401, 401]
    assert not Like.objects.exists() and not Comment.objects.exists()


def test_a_burst_of_comments_is_refused_before_it_writes(bob, review, throttle_rates):
    throttle_rates(social_comment_user="3/min", social_comment_ip="1000/min")
    client = _client(bob)
    path = f"/api/reviews/{review.pk}/comments/"
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        codes = [client.post(path, {"text": f"Spam {i}"}, format="json").status_code for i in range(4)]
        with CaptureQueriesContext(connection) as refused:
            assert client.post(path, {"text": "More"}, format="json").status_code == 429
    assert codes == [201, 201, 201, 429]
    assert Comment.objects.count() == 3
    assert not [q for q in refused.captured_queries if "social_" in q["sql"]]


def test_a_burst_of_likes_is_refused(alice, bob, throttle_rates):
    throttle_rates(social_like_user="2/min", social_like_ip="1000/min")
    reviews = [ReviewFactory(user=alice) for _ in range(3)]
    client = _client(bob)
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        codes = [client.put(f"/api/reviews/{r.pk}/like/").status_code for r in reviews]
    assert codes == [200, 200, 429]
    assert Like.objects.count() == 2


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("count", [1, 6])
def test_pages_cost_the_same_queries_for_1_or_6_rows(alice, count):
    reader = UserFactory()
    client = _client(reader)
    review = ReviewFactory(user=alice)
    movie_list = list_with_movies(alice, 1, visibility="public")
    for _ in range(count):
        user = UserFactory()
        _client(user).put(f"/api/reviews/{review.pk}/like/")
        _client(user).put(f"/api/lists/{movie_list.pk}/like/")
        top = (
            _client(user).post(f"/api/lists/{movie_list.pk}/comments/", {"text": "Top"}, format="json").json()
        )
        _client(alice).post(
            f"/api/lists/{movie_list.pk}/comments/", {"text": "Re", "parent_id": top["id"]}, format="json"
        )
        ReviewFactory(movie_id=review.movie_id)
        list_with_movies(alice, 1, visibility="public")
    pages = {
        "likers": f"/api/reviews/{review.pk}/likes/",
        "comments": f"/api/lists/{movie_list.pk}/comments/",
        "movie reviews": f"/api/movies/{review.movie_id}/reviews/",
        "user lists": "/api/users/alice/lists/",
        "user ratings": "/api/users/alice/ratings/",
    }
    assert {name: _queries(client, path) for name, path in pages.items()} == {
        "likers": 2,  # the review (the privacy rule in its query), the page
        "comments": 4,  # the list, its owner's standing, the page, the page's replies
        "movie reviews": 2,
        "user lists": 4,
        "user ratings": 3,
    }


def test_a_review_like_shows_in_the_likers_followers_feed(alice, bob, review):
    reader = UserFactory()
    _client(reader).post("/api/users/bob/follow/")
    _client(bob).put(f"/api/reviews/{review.pk}/like/")
    item = _client(reader).get("/api/user/feed/?type=like").json()["results"][0]
    assert (item["actor"]["username"], item["review_id"], item["movie"]["tmdb_id"]) == (
        "bob",
        str(review.pk),
        review.movie_id,
    )
    _client(bob).delete(f"/api/reviews/{review.pk}/like/")
    assert _client(reader).get("/api/user/feed/?type=like").json()["results"] == []


def test_a_mention_reaches_the_inbox_on_both_surfaces(
    alice, bob, review, gql, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = _client(bob).post(
            f"/api/reviews/{review.pk}/comments/", {"text": "See this @alice"}, format="json"
        )
    comment = answer.json()
    rows = _client(alice).get("/api/notifications/").json()["results"]
    assert sorted((n["kind"], n["username"], n["review_id"], n["comment_id"]) for n in rows) == [
        ("comment", "bob", str(review.pk), comment["id"]),
        ("mention", "bob", str(review.pk), comment["id"]),
    ]
    body = gql(
        "{ notifications(first: 5) { edges { node { kind reviewId listId commentId } } } }",
        None,
        token_pair_for(alice).access,
    )
    assert {edge["node"]["kind"] for edge in body["data"]["notifications"]["edges"]} == {"COMMENT", "MENTION"}
    assert {edge["node"]["commentId"] for edge in body["data"]["notifications"]["edges"]} == {comment["id"]}
