"""GraphQL lists: reads and writes for owner, collaborator, stranger and anonymous; bad input; cost;
query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from engagement.models import ListCollaborator, MovieList, MovieListEntry
from tests.factories import MovieRefFactory, UserFactory, list_with_movies, movie_with_credits

pytestmark = pytest.mark.django_db

INFO = "fragment Info on OperationInfo { messages { kind field message } }"
READ = "query($id: ID!) { movieList(id: $id) { name shareToken } }"
SHARED = "query($t: String!) { sharedList(token: $t) { name } }"
ADD = (
    "mutation($id: ID!, $m: Int!) { addListEntry(listId: $id, tmdbId: $m) "
    "{ ... on MovieListEntry { position tmdbId } ...Info } } " + INFO
)
MOVE = (
    "mutation($id: ID!, $m: Int!, $p: Int, $b: Int, $a: Int) { moveListEntry(listId: $id, tmdbId: $m, "
    "position: $p, before: $b, after: $a) { ... on MovieListEntry { position } ...Info } } " + INFO
)
ENTRIES = """query($id: ID!, $first: Int, $after: String) { movieList(id: $id) {
  entries(first: $first, after: $after) {
    edges { cursor node { position note tmdbId movie { title genres { name } directors { name } } } }
    pageInfo { hasNextPage endCursor } } } }"""

READS = {  # reader -> visibility -> (by id, by share token)
    "owner": {"public": (True, True), "unlisted": (True, True), "private": (True, True)},
    "collaborator": {"public": (True, True), "unlisted": (True, True), "private": (True, True)},
    "stranger": {"public": (True, True), "unlisted": (False, True), "private": (False, False)},
    "anonymous": {"public": (True, True), "unlisted": (False, True), "private": (False, False)},
}


@pytest.fixture
def people():
    return {
        "owner": UserFactory(),
        "collaborator": UserFactory(),
        "stranger": UserFactory(),
        "anonymous": None,
    }


def _token(user) -> str | None:
    return token_pair_for(user).access if user is not None else None


def _shared(people, visibility: str, count: int = 3) -> MovieList:
    movie_list = list_with_movies(people["owner"], count, visibility=visibility)
    ListCollaborator.objects.create(list=movie_list, user=people["collaborator"])
    return movie_list


def _order(movie_list) -> list[int]:
    return list(
        MovieListEntry.objects.filter(list=movie_list).order_by("position").values_list("movie_id", flat=True)
    )


@pytest.mark.parametrize("reader", list(READS))
@pytest.mark.parametrize("visibility", ["public", "unlisted", "private"])
def test_each_reader_reads_a_list_as_its_visibility_allows(gql, people, reader, visibility):
    movie_list = _shared(people, visibility)
    token = _token(people[reader])
    by_id = gql(READ, {"id": str(movie_list.pk)}, token)
    by_token = gql(SHARED, {"t": movie_list.share_token}, token)
    expected_id, expected_token = READS[reader][visibility]
    assert (by_id["data"]["movieList"] is not None) == expected_id
    assert (by_token["data"]["sharedList"] is not None) == expected_token
    for body, readable in ((by_id, expected_id), (by_token, expected_token)):
        assert [e["extensions"]["code"] for e in body.get("errors", [])] == (
            [] if readable else ["NOT_FOUND"]
        )
    if expected_id:
        shown = by_id["data"]["movieList"]["shareToken"]
        assert shown == (movie_list.share_token if reader == "owner" else None)


@pytest.mark.parametrize(
    ("reader", "kind"),
    [("owner", None), ("collaborator", None), ("stranger", "PERMISSION"), ("anonymous", "PERMISSION")],
)
def test_only_the_owner_and_collaborators_add_to_a_public_list(gql, people, reader, kind):
    movie_list = _shared(people, "public")
    spare = MovieRefFactory()
    body = gql(ADD, {"id": str(movie_list.pk), "m": spare.tmdb_id}, _token(people[reader]))["data"][
        "addListEntry"
    ]
    if kind is None:
        assert body == {"position": 3, "tmdbId": spare.tmdb_id}
    else:
        assert [m["kind"] for m in body["messages"]] == [kind]
    assert (spare.tmdb_id in _order(movie_list)) == (kind is None)


def test_moves_by_position_and_next_to_another(gql, user):
    movie_list = list_with_movies(user, 4)
    ids = _order(movie_list)
    token = _token(user)
    moved = gql(MOVE, {"id": str(movie_list.pk), "m": ids[3], "p": 0}, token)["data"]["moveListEntry"]
    assert moved == {"position": 0}
    gql(MOVE, {"id": str(movie_list.pk), "m": ids[0], "a": ids[2]}, token)
    assert _order(movie_list) == [ids[3], ids[1], ids[2], ids[0]]


@pytest.mark.parametrize(
    ("variables", "field", "message"),
    [
        ({"p": 7}, "position", "A position on this list is from 0 to 2."),
        ({}, "position", "Give exactly one of position, before or after."),
        ({"b": 42}, "before", "No such movie on this list."),
    ],
)
def test_a_bad_move_is_a_validation_message_and_moves_nothing(gql, user, variables, field, message):
    movie_list = list_with_movies(user, 3)
    ids = _order(movie_list)
    body = gql(MOVE, {"id": str(movie_list.pk), "m": ids[0], **variables}, _token(user))
    assert body["data"]["moveListEntry"] == {
        "messages": [{"kind": "VALIDATION", "field": field, "message": message}]
    }
    assert _order(movie_list) == ids


def test_create_update_invite_and_delete(gql, user, other_user):
    token = _token(user)
    created = gql(
        'mutation { createList(name: "Noir", visibility: UNLISTED, ranked: true) '
        "{ ... on MovieList { id name visibility ranked entryCount owner } } }",
        token=token,
    )["data"]["createList"]
    assert {k: v for k, v in created.items() if k != "id"} == {
        "name": "Noir",
        "visibility": "UNLISTED",
        "ranked": True,
        "entryCount": 0,
        "owner": user.username,
    }
    list_id = created["id"]
    renamed = gql(
        'mutation($id: ID!) { updateList(listId: $id, name: "Neo-noir", visibility: PUBLIC) '
        "{ ... on MovieList { name visibility } } }",
        {"id": list_id},
        token,
    )
    assert renamed["data"]["updateList"] == {"name": "Neo-noir", "visibility": "PUBLIC"}
    invited = gql(
        "mutation($id: ID!, $u: String!) { inviteCollaborator(listId: $id, username: $u) "
        "{ ... on ListCollaborator { username } ...Info } } " + INFO,
        {"id": list_id, "u": other_user.username},
        token,
    )
    assert invited["data"]["inviteCollaborator"] == {"username": other_user.username}
    mine = gql(
        "{ me { lists { edges { node { id collaborators { username } } } } } }", token=_token(other_user)
    )
    assert mine["data"]["me"]["lists"]["edges"] == [
        {"node": {"id": list_id, "collaborators": [{"username": other_user.username}]}}
    ]
    deleted = gql(
        "mutation($id: ID!) { deleteList(listId: $id) { ... on MessagePayload { message } ...Info } } "
        + INFO,
        {"id": list_id},
        token,
    )
    assert deleted["data"]["deleteList"] == {"message": "List deleted."}
    assert not MovieList.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ('name: ""', "name"),
        (f'name: "{"n" * 101}"', "name"),
        (f'name: "ok", description: "{"d" * 2001}"', "description"),
    ],
)
def test_bad_list_settings_are_validation_messages_and_create_nothing(gql, user, arguments, field):
    body = gql(f"mutation {{ createList({arguments}) {{ ...Info }} }} " + INFO, token=_token(user))
    [message] = body["data"]["createList"]["messages"]
    assert (message["kind"], message["field"]) == ("VALIDATION", field)
    assert not MovieList.objects.exists()


def test_a_bad_list_id_or_unknown_user_is_not_found(gql, user):
    assert gql(READ, {"id": "not-a-uuid"})["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = gql('{ userLists(username: "nobody-here") { edges { node { id } } } }')
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_entries_page_by_cursor(gql, user):
    movie_list = list_with_movies(user, 5, visibility="public")
    first = gql(ENTRIES, {"id": str(movie_list.pk), "first": 2})["data"]["movieList"]["entries"]
    after = first["pageInfo"]["endCursor"]
    second = gql(ENTRIES, {"id": str(movie_list.pk), "first": 2, "after": after})["data"]["movieList"][
        "entries"
    ]
    assert [e["node"]["position"] for e in first["edges"] + second["edges"]] == [0, 1, 2, 3]
    bad = gql(ENTRIES, {"id": str(movie_list.pk), "first": 101})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_an_entries_page_is_priced_by_its_size(gql_with_cost, user):
    movie_list = list_with_movies(user, 1, visibility="public")
    query = (
        "query($id: ID!) { movieList(id: $id) { entries(first: 50) { edges { node { movie { title } } } } } }"
    )
    # movieList 1, then first: 50 multiplies the connection with what each edge holds (edge, node, movie)
    assert gql_with_cost(query, {"id": str(movie_list.pk)})["extensions"]["cost"]["requested"] == 1 + 50 * 4


@pytest.mark.parametrize("count", [5, 50])
def test_an_entries_page_with_movies_costs_the_same_queries_for_5_or_50(gql, user, count):
    movie_list = list_with_movies(user, 0, visibility="public")
    MovieListEntry.objects.bulk_create(
        MovieListEntry(list=movie_list, movie=movie_with_credits(tmdb_id=700_000 + i), position=i)
        for i in range(count)
    )
    with CaptureQueriesContext(connection) as queries:
        body = gql(ENTRIES, {"id": str(movie_list.pk), "first": 50})
    assert len(body["data"]["movieList"]["entries"]["edges"]) == count
    # the list, the reader's standing with its owner (the privacy rule), the page with its movies,
    # their genres, their directors
    assert len(queries) == 5


def test_a_movies_viewer_state_names_the_readers_lists_holding_it(gql, user, other_user):
    movie_list = list_with_movies(user, 1)
    tmdb_id = _order(movie_list)[0]
    query = "query($m: Int!) { movie(tmdbId: $m) { viewerState { listIds } } }"
    mine = gql(query, {"m": tmdb_id}, _token(user))["data"]["movie"]["viewerState"]
    assert mine == {"listIds": [str(movie_list.pk)]}
    assert gql(query, {"m": tmdb_id}, _token(other_user))["data"]["movie"]["viewerState"] == {"listIds": []}


LISTS_WITH_ENTRIES = """query($u: String!, $first: Int, $after: String) { userLists(username: $u, first: 20) {
  edges { node { name entries(first: $first, after: $after) {
    edges { node { position tmdbId movie { title genres { name } directors { name } } } }
    pageInfo { hasNextPage hasPreviousPage endCursor } } } } } }"""
MY_LISTS_WITH_ENTRIES = """{ me { lists(first: 20) { edges { node { name
  entries(first: 2) { edges { node { position movie { title } } } pageInfo { hasNextPage } } } } } } }"""


def _lists_read(gql, query: str, variables: dict, token: str | None = None) -> tuple[list, int]:
    with CaptureQueriesContext(connection) as queries:
        body = gql(query, variables, token)
    assert "errors" not in body, body
    root = body["data"]["userLists"] if "userLists" in body["data"] else body["data"]["me"]["lists"]
    return [edge["node"] for edge in root["edges"]], len(queries)


ONE_LIST_ENTRIES = """query($id: ID!, $after: String) { movieList(id: $id) {
  entries(first: 2, after: $after) { edges { node { position } }
  pageInfo { hasNextPage hasPreviousPage } } } }"""


@pytest.mark.parametrize("variables", [{"first": 2}, {"first": 3}])
def test_a_page_of_lists_with_their_entries_costs_the_same_queries_for_2_or_10_lists(gql, user, variables):
    def listed(count: int) -> tuple[list, int]:
        MovieList.objects.filter(owner=user).delete()
        for i in range(count):
            list_with_movies(user, 4, visibility="public", name=f"List {i}")
        return _lists_read(gql, LISTS_WITH_ENTRIES, {"u": user.username, **variables})

    few, few_queries = listed(2)
    many, many_queries = listed(10)

    assert len(few) == 2
    assert len(many) == 10
    assert few_queries == many_queries


def test_each_list_of_a_page_gets_its_own_entries_page_and_cursor(gql, user):
    first = list_with_movies(user, 3, visibility="public", name="First")
    second = list_with_movies(user, 5, visibility="public", name="Second")
    list_with_movies(user, 0, visibility="public", name="Empty")
    nodes, _ = _lists_read(gql, LISTS_WITH_ENTRIES, {"u": user.username, "first": 2})
    by_name = {node["name"]: node["entries"] for node in nodes}

    assert [e["node"]["tmdbId"] for e in by_name["First"]["edges"]] == _order(first)[:2]
    assert [e["node"]["tmdbId"] for e in by_name["Second"]["edges"]] == _order(second)[:2]
    assert by_name["Empty"]["edges"] == []
    assert by_name["First"]["pageInfo"]["hasNextPage"] is True
    assert by_name["Empty"]["pageInfo"]["hasNextPage"] is False

    after = by_name["Second"]["pageInfo"]["endCursor"]
    following = gql(ONE_LIST_ENTRIES, {"id": str(second.pk), "after": after})["data"]["movieList"]["entries"]
    assert [e["node"]["position"] for e in following["edges"]] == [2, 3]
    assert following["pageInfo"]["hasNextPage"] is True
    assert following["pageInfo"]["hasPreviousPage"] is True

    # A cursor continues its own list only: given to every list of a page, the others refuse it.
    refused = gql(LISTS_WITH_ENTRIES, {"u": user.username, "first": 2, "after": after})
    assert {error["extensions"]["code"] for error in refused["errors"]} == {"BAD_USER_INPUT"}


def test_your_lists_with_their_entries_cost_the_same_queries_for_2_or_10_lists(gql, user):
    token = _token(user)

    def listed(count: int) -> tuple[list, int]:
        MovieList.objects.filter(owner=user).delete()
        for i in range(count):
            list_with_movies(user, 3, name=f"List {i}")
        return _lists_read(gql, MY_LISTS_WITH_ENTRIES, {}, token)

    few, few_queries = listed(2)
    many, many_queries = listed(10)

    assert [len(node["entries"]["edges"]) for node in many] == [2] * 10
    assert len(few) == 2
    assert few_queries == many_queries


def test_a_bad_entries_cursor_under_a_page_of_lists_is_bad_user_input(gql, user):
    list_with_movies(user, 2, visibility="public")
    body = gql(LISTS_WITH_ENTRIES, {"u": user.username, "first": 2, "after": "not-a-cursor"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
