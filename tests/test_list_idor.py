"""IDOR sweep: every list operation of both surfaces, aimed at another user's private list and at an
unlisted one by its id, by a signed-in stranger and by an anonymous reader: nothing leaks, nothing
changes. A private list's share token reads nothing either, and a user's page of lists shows a
stranger their public lists only."""

import json

import pytest
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from engagement.models import ListCollaborator, MovieList, MovieListEntry
from tests.factories import MovieRefFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db

SECRET = "SECRET-LIST"
SECRET_NOTE = "SECRET-NOTE"

REST = [
    ("get", "/api/lists/{id}/", None),
    ("patch", "/api/lists/{id}/", {"name": "taken"}),
    ("delete", "/api/lists/{id}/", None),
    ("post", "/api/lists/{id}/share-token/", None),
    ("post", "/api/lists/{id}/leave/", None),
    ("get", "/api/lists/{id}/entries/", None),
    ("post", "/api/lists/{id}/entries/", {"tmdb_id": "{spare}"}),
    ("patch", "/api/lists/{id}/entries/{tmdb_id}/", {"note": "mine", "position": 0}),
    ("delete", "/api/lists/{id}/entries/{tmdb_id}/", None),
    ("post", "/api/lists/{id}/collaborators/{stranger}/", None),
    ("delete", "/api/lists/{id}/collaborators/{collaborator}/", None),
]
GRAPHQL = {
    "movieList": "query($id: ID!) { movieList(id: $id) { name entries { edges { node { note } } } } }",
    "updateList": 'mutation($id: ID!) { updateList(listId: $id, name: "taken") { ...Refused } }',
    "deleteList": "mutation($id: ID!) { deleteList(listId: $id) { ...Refused } }",
    "regenerateShareLink": "mutation($id: ID!) { regenerateShareLink(listId: $id) { ...Refused } }",
    "leaveList": "mutation($id: ID!) { leaveList(listId: $id) { ...Refused } }",
    "addListEntry": "mutation($id: ID!, $spare: Int!) { addListEntry(listId: $id, tmdbId: $spare) "
    "{ ...Refused } }",
    "removeListEntry": "mutation($id: ID!, $m: Int!) { removeListEntry(listId: $id, tmdbId: $m) "
    "{ ...Refused } }",
    "updateListEntry": 'mutation($id: ID!, $m: Int!) { updateListEntry(listId: $id, tmdbId: $m, note: "x") '
    "{ ...Refused } }",
    "moveListEntry": "mutation($id: ID!, $m: Int!) { moveListEntry(listId: $id, tmdbId: $m, position: 0) "
    "{ ...Refused } }",
    "inviteCollaborator": "mutation($id: ID!, $s: String!) { inviteCollaborator(listId: $id, username: $s) "
    "{ ...Refused } }",
    "removeCollaborator": "mutation($id: ID!, $c: String!) { removeCollaborator(listId: $id, username: $c) "
    "{ ...Refused } }",
}
MISSING = "MovieList matching query does not exist."
REFUSED = " fragment Refused on OperationInfo { messages { message } }"


@pytest.fixture
def world():
    owner, collaborator, stranger = UserFactory(), UserFactory(), UserFactory()
    targets = {}
    for visibility in ("private", "unlisted"):
        movie_list = list_with_movies(owner, 2, visibility=visibility, name=f"{SECRET}-{visibility}")
        MovieListEntry.objects.filter(list=movie_list).update(note=SECRET_NOTE)
        ListCollaborator.objects.create(list=movie_list, user=collaborator)
        targets[visibility] = movie_list
    return {
        "owner": owner,
        "collaborator": collaborator,
        "stranger": stranger,
        "targets": targets,
        "spare": MovieRefFactory().tmdb_id,
    }


def _snapshot() -> list:
    return [
        list(MovieList.objects.order_by("pk").values()),
        list(MovieListEntry.objects.order_by("pk").values()),
        list(ListCollaborator.objects.order_by("pk").values()),
    ]


def _leaks(text: str, movie_list: MovieList) -> bool:
    return (
        SECRET in text or SECRET_NOTE in text or movie_list.share_token in text or str(movie_list.pk) in text
    )


def _sweep_rest(world, movie_list, token):
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    tmdb_id = MovieListEntry.objects.filter(list=movie_list).first().movie_id
    names = {
        "id": movie_list.pk,
        "tmdb_id": tmdb_id,
        "stranger": world["stranger"].username,
        "collaborator": world["collaborator"].username,
    }
    answers = []
    for method, path, body in REST:
        if body is not None:
            body = {key: world["spare"] if value == "{spare}" else value for key, value in body.items()}
        response = getattr(client, method)(path.format(**names), body, format="json")
        answers.append((method, path, response.status_code, response.content.decode()))
    return answers


def _sweep_graphql(world, movie_list, token, client):
    tmdb_id = MovieListEntry.objects.filter(list=movie_list).first().movie_id
    variables = {
        "id": str(movie_list.pk),
        "spare": world["spare"],
        "m": tmdb_id,
        "s": world["stranger"].username,
        "c": world["collaborator"].username,
    }
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    answers = []
    for name, query in GRAPHQL.items():
        used = {key: value for key, value in variables.items() if f"${key}" in query}
        query += REFUSED if "...Refused" in query else ""
        response = client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": used}),
            content_type="application/json",
            **headers,
        )
        answers.append((name, response.json()))
    return answers


@pytest.mark.parametrize("visibility", ["private", "unlisted"])
@pytest.mark.parametrize("signed_in", [True, False], ids=["stranger", "anonymous"])
def test_no_rest_operation_reveals_or_changes_anothers_list(world, visibility, signed_in):
    movie_list = world["targets"][visibility]
    token = token_pair_for(world["stranger"]).access if signed_in else None
    before = _snapshot()

    answers = _sweep_rest(world, movie_list, token)

    assert [(m, p, code) for m, p, code, _ in answers if code < 400] == []
    assert [(m, p) for m, p, _, text in answers if _leaks(text, movie_list)] == []
    if signed_in:  # a signed-in stranger is told "not found", exactly as for a missing list
        assert {code for _, _, code, _ in answers} == {404}
    assert _snapshot() == before


@pytest.mark.parametrize("visibility", ["private", "unlisted"])
@pytest.mark.parametrize("signed_in", [True, False], ids=["stranger", "anonymous"])
def test_no_graphql_operation_reveals_or_changes_anothers_list(client, world, visibility, signed_in):
    movie_list = world["targets"][visibility]
    token = token_pair_for(world["stranger"]).access if signed_in else None
    before = _snapshot()

    answers = _sweep_graphql(world, movie_list, token, client)

    assert [name for name, body in answers if _leaks(json.dumps(body), movie_list)] == []
    read = dict(answers)["movieList"]
    assert read["data"] == {"movieList": None}
    assert [e["extensions"]["code"] for e in read["errors"]] == ["NOT_FOUND"]
    for name, body in answers[1:]:
        [message] = body["data"][name]["messages"]
        expected = MISSING if signed_in else "Sign in to do this."
        assert message["message"] == expected, name
    assert _snapshot() == before


@pytest.mark.parametrize("signed_in", [True, False], ids=["stranger", "anonymous"])
def test_a_private_lists_share_token_reads_nothing_on_either_surface(client, world, signed_in):
    movie_list = world["targets"]["private"]
    token = token_pair_for(world["stranger"]).access if signed_in else None
    rest = APIClient()
    if token:
        rest.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    for path in (
        f"/api/lists/shared/{movie_list.share_token}/",
        f"/api/lists/shared/{movie_list.share_token}/entries/",
    ):
        response = rest.get(path)
        assert response.status_code == 404 and not _leaks(response.content.decode(), movie_list)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    query = "query($t: String!) { sharedList(token: $t) { name } }"
    body = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": {"t": movie_list.share_token}}),
        content_type="application/json",
        **headers,
    ).json()
    assert body["data"] == {"sharedList": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("signed_in", [True, False], ids=["stranger", "anonymous"])
def test_a_users_lists_show_a_stranger_nothing_but_public_lists(client, world, signed_in):
    public = list_with_movies(world["owner"], 1, visibility="public", name="Open picks")
    token = token_pair_for(world["stranger"]).access if signed_in else None
    rest = APIClient()
    if token:
        rest.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = rest.get(f"/api/users/{world['owner'].username}/lists/")
    assert [item["id"] for item in response.json()["results"]] == [str(public.pk)]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    query = "query($u: String!) { userLists(username: $u) { edges { node { id name } } } }"
    body = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": {"u": world["owner"].username}}),
        content_type="application/json",
        **headers,
    ).json()
    assert body == {
        "data": {"userLists": {"edges": [{"node": {"id": str(public.pk), "name": "Open picks"}}]}}
    } | ({"extensions": body["extensions"]})
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("hidden_by", ["lists area private", "block"])
def test_a_hidden_public_list_reads_exactly_like_a_missing_one_on_graphql(client, world, hidden_by):
    """A public list its owner's settings or block hide answers as a random or malformed id does."""
    from social.models import Block, PrivacySettings

    owner, stranger = world["owner"], world["stranger"]
    hidden = list_with_movies(owner, 1, visibility="public", name=SECRET)
    if hidden_by == "block":
        Block.objects.create(blocker=owner, blocked=stranger)
    else:
        PrivacySettings.objects.create(user=owner, lists="private")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(stranger).access}"}
    before = _snapshot()

    def answers(list_id: str) -> tuple:
        read = client.post(
            "/graphql/",
            json.dumps(
                {"query": "query($id: ID!) { movieList(id: $id) { name } }", "variables": {"id": list_id}}
            ),
            content_type="application/json",
            **headers,
        ).json()
        write = client.post(
            "/graphql/",
            json.dumps({"query": GRAPHQL["updateList"] + REFUSED, "variables": {"id": list_id}}),
            content_type="application/json",
            **headers,
        ).json()
        return read["errors"][0]["message"], read["errors"][0]["extensions"]["code"], write["data"]

    assert answers(str(hidden.pk)) == answers("00000000-0000-4000-8000-000000000000") == answers("not-a-uuid")
    assert answers("not-a-uuid")[0] == MISSING
    assert _snapshot() == before
