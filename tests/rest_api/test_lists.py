"""REST lists: reads and writes for owner, collaborator, stranger and anonymous; bad input; query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from engagement.models import ListCollaborator, MovieList, MovieListEntry
from tests.errors import messages, one_error
from tests.factories import MovieRefFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db

NOT_FOUND = one_error("not_found", "Not found.")


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@pytest.fixture
def people():
    owner, collaborator, stranger = UserFactory(), UserFactory(), UserFactory()
    return {"owner": owner, "collaborator": collaborator, "stranger": stranger, "anonymous": None}


def _shared(people, visibility: str, count: int = 3) -> MovieList:
    movie_list = list_with_movies(people["owner"], count, visibility=visibility)
    ListCollaborator.objects.create(list=movie_list, user=people["collaborator"])
    return movie_list


def _positions(movie_list) -> list[int]:
    return list(
        MovieListEntry.objects.filter(list=movie_list).order_by("position").values_list("movie_id", flat=True)
    )


READS = {  # reader -> visibility -> (by id, by share link)
    "owner": {"public": (200, 200), "unlisted": (200, 200), "private": (200, 200)},
    "collaborator": {"public": (200, 200), "unlisted": (200, 200), "private": (200, 200)},
    "stranger": {"public": (200, 200), "unlisted": (404, 200), "private": (404, 404)},
    "anonymous": {"public": (200, 200), "unlisted": (404, 200), "private": (404, 404)},
}
# reader -> status of an entry write on a public list (a stranger reads it, may not edit it)
WRITES_ON_PUBLIC = {"owner": 201, "collaborator": 201, "stranger": 403, "anonymous": 401}


@pytest.mark.parametrize("reader", list(READS))
@pytest.mark.parametrize("visibility", ["public", "unlisted", "private"])
def test_each_reader_reads_a_list_and_its_entries_as_its_visibility_allows(people, reader, visibility):
    movie_list = _shared(people, visibility)
    client = _client(people[reader])
    by_id, by_link = READS[reader][visibility]
    assert client.get(f"/api/lists/{movie_list.pk}/").status_code == by_id
    assert client.get(f"/api/lists/{movie_list.pk}/entries/").status_code == by_id
    assert client.get(f"/api/lists/shared/{movie_list.share_token}/").status_code == by_link
    assert client.get(f"/api/lists/shared/{movie_list.share_token}/entries/").status_code == by_link


@pytest.mark.parametrize("reader", list(WRITES_ON_PUBLIC))
def test_only_the_owner_and_collaborators_edit_a_public_list(people, reader):
    movie_list = _shared(people, "public")
    spare = MovieRefFactory()
    response = _client(people[reader]).post(
        f"/api/lists/{movie_list.pk}/entries/", {"tmdb_id": spare.tmdb_id}, format="json"
    )
    assert response.status_code == WRITES_ON_PUBLIC[reader]
    if reader == "stranger":
        assert response.json() == one_error(
            "permission_denied", "Only the list's owner and collaborators may edit it."
        )
    assert (spare.tmdb_id in _positions(movie_list)) == (response.status_code == 201)


def test_the_owner_sees_the_share_token_and_others_do_not(people):
    movie_list = _shared(people, "public")
    for reader, token in (("owner", movie_list.share_token), ("collaborator", None), ("anonymous", None)):
        assert _client(people[reader]).get(f"/api/lists/{movie_list.pk}/").json()["share_token"] == token


def test_a_list_reads_with_its_settings_and_collaborators(people):
    movie_list = _shared(people, "public")
    body = _client(people["stranger"]).get(f"/api/lists/{movie_list.pk}/").json()
    assert body == {
        "id": str(movie_list.pk),
        "name": "Picks",
        "description": "",
        "visibility": "public",
        "ranked": False,
        "owner": people["owner"].username,
        "entry_count": 3,
        "share_token": None,
        "collaborators": [
            {"username": people["collaborator"].username, "added_at": body["collaborators"][0]["added_at"]}
        ],
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "like_count": 0,
        "comment_count": 0,
        "liked_by_me": False,
    }


def test_create_move_note_and_remove_in_a_round_trip(user):
    client = _client(user)
    created = client.post(
        "/api/user/lists/", {"name": "Heists", "ranked": True, "visibility": "public"}, format="json"
    )
    assert created.status_code == 201
    list_id = created.json()["id"]
    movies = [MovieRefFactory() for _ in range(3)]
    for movie in movies:
        assert (
            client.post(
                f"/api/lists/{list_id}/entries/", {"tmdb_id": movie.tmdb_id}, format="json"
            ).status_code
            == 201
        )
    moved = client.patch(
        f"/api/lists/{list_id}/entries/{movies[2].tmdb_id}/",
        {"before": movies[0].tmdb_id, "note": "top"},
        format="json",
    )
    assert (moved.status_code, moved.json()["position"], moved.json()["note"]) == (200, 0, "top")
    assert client.delete(f"/api/lists/{list_id}/entries/{movies[0].tmdb_id}/").status_code == 204
    page = client.get(f"/api/lists/{list_id}/entries/").json()
    assert [(e["tmdb_id"], e["position"]) for e in page["results"]] == [
        (movies[2].tmdb_id, 0),
        (movies[1].tmdb_id, 1),
    ]
    assert client.get(f"/api/lists/{list_id}/").json()["entry_count"] == 2


def test_entries_page_by_cursor_in_list_order(user):
    movie_list = list_with_movies(user, 5)
    client = _client(user)
    first = client.get(f"/api/lists/{movie_list.pk}/entries/?page_size=2").json()
    second = client.get(first["next"]).json()
    assert [e["position"] for e in first["results"] + second["results"]] == [0, 1, 2, 3]
    assert client.get(second["previous"]).json()["results"] == first["results"]


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"name": 5.5, "visibility": "friends"}, "visibility"),
        ({"name": "ok", "description": "d" * 2001}, "description"),
        ({"name": "ok", "ranked": "maybe"}, "ranked"),
    ],
)
def test_bad_list_settings_are_a_400_naming_the_field_and_create_nothing(user, body, attr):
    response = _client(user).post("/api/user/lists/", body, format="json")
    assert response.status_code == 400
    assert attr in messages(response)
    assert not MovieList.objects.exists()


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"position": 9}, "position"),
        ({"position": "first"}, "position"),
        ({"before": 1}, "before"),
        ({"position": 0, "after": 1}, "position"),
        ({"note": "n" * 1001}, "note"),
    ],
)
def test_bad_entry_updates_are_a_400_and_change_nothing(user, body, attr):
    movie_list = list_with_movies(user, 3)
    order = _positions(movie_list)
    response = _client(user).patch(f"/api/lists/{movie_list.pk}/entries/{order[1]}/", body, format="json")
    assert response.status_code == 400
    assert list(messages(response)) == [attr]
    assert _positions(movie_list) == order
    assert set(MovieListEntry.objects.values_list("note", flat=True)) == {""}


def test_duplicates_unknown_movies_and_full_lists(user, settings):
    movie_list = list_with_movies(user, 2)
    client = _client(user)
    url = f"/api/lists/{movie_list.pk}/entries/"
    duplicate = client.post(url, {"tmdb_id": _positions(movie_list)[0]}, format="json")
    assert (duplicate.status_code, duplicate.json()) == (
        409,
        one_error("conflict", "This movie is already on the list."),
    )
    assert client.post(url, {"tmdb_id": 987654321}, format="json").status_code == 404
    settings.LIST_MAX_ENTRIES = 2
    full = client.post(url, {"tmdb_id": MovieRefFactory().tmdb_id}, format="json")
    assert (full.status_code, full.json()) == (409, one_error("conflict", "A list holds at most 2 movies."))
    assert len(_positions(movie_list)) == 2


def test_too_many_lists_is_a_409(user, settings):
    settings.LISTS_PER_USER_MAX = 1
    client = _client(user)
    assert client.post("/api/user/lists/", {"name": "one"}, format="json").status_code == 201
    refused = client.post("/api/user/lists/", {"name": "two"}, format="json")
    assert (refused.status_code, refused.json()) == (
        409,
        one_error("conflict", "A user owns at most 1 lists; delete one first."),
    )


def test_collaborators_are_invited_removed_and_leave(people):
    movie_list = list_with_movies(people["owner"], 0)
    owner, collaborator = _client(people["owner"]), _client(people["collaborator"])
    base = f"/api/lists/{movie_list.pk}"
    invited = owner.post(f"{base}/collaborators/{people['collaborator'].username}/")
    assert (invited.status_code, invited.json()["username"]) == (200, people["collaborator"].username)
    assert owner.post(f"{base}/collaborators/nobody-at-all/").status_code == 404
    self_invite = owner.post(f"{base}/collaborators/{people['owner'].username}/")
    assert self_invite.status_code == 400 and list(messages(self_invite)) == ["username"]
    assert collaborator.get(f"{base}/").status_code == 200  # private, but theirs to edit now
    assert collaborator.delete(f"{base}/collaborators/{people['collaborator'].username}/").status_code == 403
    assert collaborator.post(f"{base}/leave/").status_code == 204
    assert collaborator.get(f"{base}/").status_code == 404
    assert owner.post(f"{base}/leave/").status_code == 400
    assert not ListCollaborator.objects.exists()


def test_regenerating_the_share_link_retires_the_old_one(user):
    movie_list = list_with_movies(user, 1, visibility="unlisted")
    old = movie_list.share_token
    fresh = _client(user).post(f"/api/lists/{movie_list.pk}/share-token/").json()["share_token"]
    assert fresh != old
    assert APIClient().get(f"/api/lists/shared/{old}/").status_code == 404
    assert APIClient().get(f"/api/lists/shared/{fresh}/").status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_an_entries_page_costs_the_same_queries_for_5_or_50(user, count):
    movie_list = list_with_movies(user, count)
    client = _client(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/lists/{movie_list.pk}/entries/?page_size=50")
    assert len(response.json()["results"]) == count
    assert len(queries) == 2  # the list (the privacy rule in its WHERE), the page with its movies


@pytest.mark.parametrize("count", [1, 6])
def test_a_page_of_lists_costs_the_same_queries_for_1_or_6(people, count):
    for _ in range(count):
        _shared(people, "public")
    client = _client(people["stranger"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/users/{people['owner'].username}/lists/")
    assert len(response.json()["results"]) == count
    # the owner (blocks in its WHERE), the reader's standing with them (settings, follow, blocks),
    # the page of lists, their collaborators, those users
    assert len(queries) == 5
