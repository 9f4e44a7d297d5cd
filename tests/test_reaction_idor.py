"""IDOR sweep of likes and comments on both surfaces: every operation on a private account's review
and list (and on the comments on them), by an anonymous reader, a stranger and a pending requester,
leaks nothing (no SECRET in any answer) and changes nothing; a user with a block either way gets
exactly the answer an unknown id gets from every operation."""

import uuid

import pytest
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from engagement.models import MovieList, Review
from notifications.models import Notification
from social.models import Activity, Block, Comment, Like, PrivacySettings
from tests.social_world import SECRET, social_world

pytestmark = pytest.mark.django_db

# (method, path) of every REST operation on a review or list ({t}: "reviews" or "lists").
REST = [
    ("get", "/api/{t}/{id}/likes/"),
    ("get", "/api/{t}/{id}/comments/"),
    ("put", "/api/{t}/{id}/like/"),
    ("delete", "/api/{t}/{id}/like/"),
    ("post", "/api/{t}/{id}/comments/"),
]
REST_ON_COMMENT = [("patch", "/api/comments/{id}/"), ("delete", "/api/comments/{id}/")]
REFUSED = " fragment Refused on OperationInfo { messages { kind message } }"
LIKE_STATE = "{ ... on LikeState { likeCount } ...Refused } }"
GRAPHQL_READS = {
    "reviews": {
        "reviewLikes": "query($id: ID!) { reviewLikes(reviewId: $id, first: 50) "
        "{ edges { node { username } } } }",
        "reviewComments": "query($id: ID!) { reviewComments(reviewId: $id, first: 50) "
        "{ edges { node { text replies { text } } } } }",
    },
    "lists": {
        "listLikes": "query($id: ID!) { listLikes(listId: $id, first: 50) { edges { node { username } } } }",
        "listComments": "query($id: ID!) { listComments(listId: $id, first: 50) "
        "{ edges { node { text replies { text } } } } }",
    },
}
GRAPHQL_WRITES = {
    "reviews": {
        "likeReview": "mutation($id: ID!) { likeReview(reviewId: $id) " + LIKE_STATE,
        "unlikeReview": "mutation($id: ID!) { unlikeReview(reviewId: $id) " + LIKE_STATE,
        "commentOnReview": 'mutation($id: ID!) { commentOnReview(reviewId: $id, text: "Hi @owner") '
        "{ ... on Comment { text } ...Refused } }",
    },
    "lists": {
        "likeList": "mutation($id: ID!) { likeList(listId: $id) " + LIKE_STATE,
        "unlikeList": "mutation($id: ID!) { unlikeList(listId: $id) " + LIKE_STATE,
        "commentOnList": 'mutation($id: ID!) { commentOnList(listId: $id, text: "Hi @owner") '
        "{ ... on Comment { text } ...Refused } }",
    },
}
GRAPHQL_ON_COMMENT = {
    "editComment": 'mutation($id: ID!) { editComment(id: $id, text: "Mine") '
    "{ ... on Comment { text } ...Refused } }",
    "deleteComment": "mutation($id: ID!) { deleteComment(id: $id) "
    "{ ... on MessagePayload { message } ...Refused } }",
}


def _snapshot() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Like, Comment, Notification, Activity, Review, MovieList)
    ]


def _rest(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


def _token(user) -> str | None:
    return token_pair_for(user).access if user is not None else None


def _targets(world) -> dict[str, uuid.UUID]:
    """The owner's review and list, each liked and commented on (SECRET) by their friend."""
    owner, friend = world["owner"], world["friend"]
    review, movie_list = Review.objects.get(user=owner), MovieList.objects.get(owner=owner)
    for target in ({"review": review}, {"movie_list": movie_list}):
        Like.objects.create(user=friend, **target)
        top = Comment.objects.create(author=friend, text="SECRET comment", **target)
        Comment.objects.create(author=owner, parent=top, text="SECRET reply", **target)
    return {"reviews": review.pk, "lists": movie_list.pk}


def _comment_ids() -> list[uuid.UUID]:
    return list(Comment.objects.values_list("pk", flat=True))


@pytest.fixture
def world(throttle_rates):
    # A sweep makes many writes a minute: room for all of them, so each answer is the rule's own.
    throttle_rates(social_like_user="1000/min", social_comment_user="1000/min", social_comment_ip="1000/min")
    return social_world(private=True)


@pytest.mark.parametrize("who", ["anonymous", "stranger", "requester"])
def test_a_private_accounts_reviews_and_lists_leak_nothing_on_rest(world, who):
    targets = _targets(world)
    client = _rest(world.get(who))
    before = _snapshot()
    answers = [
        (
            method,
            path,
            getattr(client, method)(path.format(t=kind, id=target_id), {"text": "x"}, format="json"),
        )
        for kind, target_id in targets.items()
        for method, path in REST
    ]
    answers += [
        (method, path, getattr(client, method)(path.format(id=comment_id), {"text": "x"}, format="json"))
        for comment_id in _comment_ids()
        for method, path in REST_ON_COMMENT
    ]
    assert [(m, p) for m, p, r in answers if SECRET in r.content.decode().lower()] == []
    for method, path, answer in answers:
        expected = 401 if who == "anonymous" and method != "get" else 404
        assert answer.status_code == expected, (method, path)
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["anonymous", "stranger", "requester"])
def test_a_private_accounts_reviews_and_lists_leak_nothing_on_graphql(world, who, gql):
    targets = _targets(world)
    token = _token(world.get(who))
    before = _snapshot()
    answers = {}
    for kind, target_id in targets.items():
        for name, query in GRAPHQL_READS[kind].items():
            answers[name] = gql(query, {"id": str(target_id)}, token)
            assert answers[name]["errors"][0]["extensions"]["code"] == "NOT_FOUND", name
        for name, query in GRAPHQL_WRITES[kind].items():
            answers[name] = gql(query + REFUSED, {"id": str(target_id)}, token)
            assert "messages" in answers[name]["data"][name], name
    for comment_id in _comment_ids():
        for name, query in GRAPHQL_ON_COMMENT.items():
            answers[f"{name}:{comment_id}"] = body = gql(query + REFUSED, {"id": str(comment_id)}, token)
            assert "messages" in body["data"][name], name
    assert [name for name, body in answers.items() if SECRET in str(body).lower()] == []
    assert _snapshot() == before


def test_the_accepted_follower_reads_and_likes_them(world):
    targets = _targets(world)
    client = _rest(world["friend"])
    comments = client.get(f"/api/reviews/{targets['reviews']}/comments/").json()["results"]
    assert [(c["text"], [r["text"] for r in c["replies"]]) for c in comments] == [
        ("SECRET comment", ["SECRET reply"])
    ]
    assert client.put(f"/api/lists/{targets['lists']}/like/").json() == {"liked": True, "like_count": 1}


def _open(world) -> None:
    PrivacySettings.objects.filter(user=world["owner"]).update(
        private_account=False, ratings="public", lists="public"
    )


def _block(world, direction: str) -> None:
    owner, viewer = world["owner"], world["stranger"]
    if direction == "owner blocks":
        Block.objects.create(blocker=owner, blocked=viewer)
    else:
        Block.objects.create(blocker=viewer, blocked=owner)


@pytest.mark.parametrize("direction", ["owner blocks", "viewer blocks"])
def test_a_block_either_way_answers_every_rest_operation_as_an_unknown_id(world, direction):
    targets = _targets(world)
    _open(world)
    client = _rest(world["stranger"])
    assert client.get(f"/api/reviews/{targets['reviews']}/comments/").status_code == 200  # readable unblocked
    _block(world, direction)
    before = _snapshot()
    for kind, target_id in targets.items():
        for method, path in REST:
            blocked = getattr(client, method)(
                path.format(t=kind, id=target_id), {"text": "Hi @owner"}, format="json"
            )
            unknown = getattr(client, method)(
                path.format(t=kind, id=uuid.uuid4()), {"text": "Hi"}, format="json"
            )
            assert (blocked.status_code, blocked.json()) == (404, unknown.json()), (method, path)
    for comment_id in _comment_ids():
        for method, path in REST_ON_COMMENT:
            blocked = getattr(client, method)(path.format(id=comment_id), {"text": "x"}, format="json")
            unknown = getattr(client, method)(path.format(id=uuid.uuid4()), {"text": "x"}, format="json")
            assert (blocked.status_code, blocked.json()) == (404, unknown.json()), (method, path)
    assert _snapshot() == before


@pytest.mark.parametrize("direction", ["owner blocks", "viewer blocks"])
def test_a_block_either_way_answers_every_graphql_operation_as_an_unknown_id(world, direction, gql):
    targets = _targets(world)
    _open(world)
    _block(world, direction)
    token = _token(world["stranger"])
    before = _snapshot()
    for kind, target_id in targets.items():
        for name, query in {**GRAPHQL_READS[kind], **GRAPHQL_WRITES[kind]}.items():
            text = query + REFUSED if name in GRAPHQL_WRITES[kind] else query
            blocked = gql(text, {"id": str(target_id)}, token)
            unknown = gql(text, {"id": str(uuid.uuid4())}, token)
            assert blocked == unknown, name
    for comment_id in _comment_ids():
        for name, query in GRAPHQL_ON_COMMENT.items():
            blocked = gql(query + REFUSED, {"id": str(comment_id)}, token)
            unknown = gql(query + REFUSED, {"id": str(uuid.uuid4())}, token)
            assert blocked == unknown, name
    assert _snapshot() == before


def test_a_commenter_blocked_by_the_reader_is_left_out_of_pages_and_likers(world):
    targets = _targets(world)
    _open(world)
    stranger = world["stranger"]
    Block.objects.create(blocker=stranger, blocked=world["friend"])
    client = _rest(stranger)
    comments = client.get(f"/api/lists/{targets['lists']}/comments/").json()["results"]
    likers = client.get(f"/api/lists/{targets['lists']}/likes/").json()["results"]
    assert (comments, likers) == ([], [])
