"""Staff GraphQL mutations of movies, genres and tags: same services and rules as the REST admin."""

import uuid

import pytest
import responses

from accounts.tokens import token_pair_for
from catalog.models import Keyword, Movie
from engagement.models import FavoriteMovie
from tests.catalog.tmdb_mock import TMDB, matrix_detail, tmdb  # noqa: F401
from tests.errors import UNAUTHENTICATED
from tests.factories import FavoriteFactory
from tests.snapshots import catalog_snapshot

pytestmark = pytest.mark.django_db

INFO = "fragment Info on OperationInfo { messages { kind field message } }"
MOVIE = "tmdbId title runtime voteAverage releaseDate genres { name } "
MOVIE_CREATE = (
    "mutation($tmdbId: Int!, $input: MovieInput!) {"
    f" movieCreate(tmdbId: $tmdbId, input: $input) {{ ... on Movie {{ {MOVIE} }} ...Info }} }}" + INFO
)
MOVIE_UPDATE = (
    "mutation($tmdbId: Int!, $input: MovieInput!) {"
    f" movieUpdate(tmdbId: $tmdbId, input: $input) {{ ... on Movie {{ {MOVIE} }} ...Info }} }}" + INFO
)
MOVIE_DELETE = (
    "mutation($tmdbId: Int!, $force: Boolean! = false) {"
    " movieDelete(tmdbId: $tmdbId, force: $force) { ... on Movie { tmdbId title } ...Info } }" + INFO
)
GENRE_CREATE = (
    'mutation($name: String!, $slug: String! = "") {'
    " genreCreate(name: $name, slug: $slug) { ... on Genre { id name slug } ...Info } }" + INFO
)
GENRE_UPDATE = (
    "mutation($id: ID!, $name: String, $slug: String) {"
    " genreUpdate(id: $id, name: $name, slug: $slug) { ... on Genre { id name slug } ...Info } }" + INFO
)
GENRE_DELETE = "mutation($id: ID!) { genreDelete(id: $id) { ... on Genre { id name } ...Info } }" + INFO
TAG_CREATE = (
    'mutation($name: String!, $slug: String! = "") {'
    " tagCreate(name: $name, slug: $slug) { ... on Tag { id name slug } ...Info } }" + INFO
)
TAG_UPDATE = (
    "mutation($id: ID!, $name: String, $slug: String) {"
    " tagUpdate(id: $id, name: $name, slug: $slug) { ... on Tag { id name slug } ...Info } }" + INFO
)
TAG_DELETE = "mutation($id: ID!) { tagDelete(id: $id) { ... on Tag { id name } ...Info } }" + INFO
PUBLIC_MOVIE = "query($tmdbId: Int!) { movie(tmdbId: $tmdbId) { title genres { name } } }"
MOVIE_OVERRIDES = "query($tmdbId: Int!) { movie(tmdbId: $tmdbId) { title overview adminOverrides } }"
MOVIE_CLEAR = (
    "mutation($tmdbId: Int!, $input: MovieInput! = {}, $clear: [MovieOverrideField!]) {"
    " movieUpdate(tmdbId: $tmdbId, input: $input, clearOverrides: $clear) {"
    " ... on Movie { title adminOverrides } ...Info } }" + INFO
)
GENRES = "{ genres { name slug } }"

ACTION_ID = str(uuid.UUID(int=1))
CYBERPUNK_ID = str(uuid.UUID(int=3))
UNKNOWN_ID = "5b0f4c0e-7d3c-4f43-9a53-1d2c8f7e6a10"
# (mutation, root field, variables) for every staff mutation.
CALLS = [
    (MOVIE_CREATE, "movieCreate", {"tmdbId": 550, "input": {"title": "Fight Club"}}),
    (MOVIE_UPDATE, "movieUpdate", {"tmdbId": 603, "input": {"title": "X"}}),
    (MOVIE_DELETE, "movieDelete", {"tmdbId": 603}),
    (GENRE_CREATE, "genreCreate", {"name": "Noir"}),
    (GENRE_UPDATE, "genreUpdate", {"id": ACTION_ID, "name": "X"}),
    (GENRE_DELETE, "genreDelete", {"id": ACTION_ID}),
    (TAG_CREATE, "tagCreate", {"name": "heist"}),
    (TAG_UPDATE, "tagUpdate", {"id": CYBERPUNK_ID, "name": "X"}),
    (TAG_DELETE, "tagDelete", {"id": CYBERPUNK_ID}),
]


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    settings.TMDB_API_KEY = ""


@pytest.fixture
def staff_token(admin_user) -> str:
    return token_pair_for(admin_user).access


def _messages(*messages: tuple[str, str | None, str]) -> dict:
    return {"messages": [{"kind": kind, "field": field, "message": text} for kind, field, text in messages]}


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("mutation", "field", "variables"), CALLS)
@pytest.mark.parametrize("who", ["anonymous", "user", "forged"])
def test_non_staff_are_refused_and_nothing_changes(
    gql, staff_catalog, access_token, who, mutation, field, variables
):
    token = {"anonymous": None, "user": access_token, "forged": "not.a.token"}[who]
    before = catalog_snapshot()

    body = gql(mutation, variables, token=token)

    if who == "forged":
        assert body == UNAUTHENTICATED
    else:
        assert body["data"][field] == _messages(("PERMISSION", field, "Only staff can do this."))
    assert catalog_snapshot() == before


# --- movies ---------------------------------------------------------------------------------


def test_movie_create(gql, staff_token, staff_catalog, django_capture_on_commit_callbacks):
    variables = {
        "tmdbId": 550,
        "input": {
            "title": "Fight Club",
            "runtime": 139,
            "voteAverage": 8.4,
            "releaseDate": "1999-10-15",
            "genreIds": [ACTION_ID],
            "tagIds": [CYBERPUNK_ID],
            "imdbId": "tt0137523",
        },
    }

    with django_capture_on_commit_callbacks(execute=True):
        body = gql(MOVIE_CREATE, variables, token=staff_token)

    assert body["data"]["movieCreate"] == {
        "tmdbId": 550,
        "title": "Fight Club",
        "runtime": 139,
        "voteAverage": 8.4,
        "releaseDate": "1999-10-15",
        "genres": [{"name": "Action"}],
    }
    movie = Movie.objects.get(tmdb_id=550)
    assert (movie.imdb_id, [k.slug for k in movie.keywords.all()]) == ("tt0137523", ["cyberpunk"])
    assert gql(PUBLIC_MOVIE, {"tmdbId": 550})["data"]["movie"]["title"] == "Fight Club"


@pytest.mark.parametrize(
    ("variables", "messages"),
    [
        ({"tmdbId": 550, "input": {}}, [("title", "This field cannot be blank.")]),
        ({"tmdbId": 550, "input": {"title": None}}, [("title", "This field cannot be null.")]),
        ({"tmdbId": 550, "input": {"title": "  "}}, [("title", "This field cannot be blank.")]),
        ({"tmdbId": 603, "input": {"title": "X"}}, [("tmdbId", "A movie with TMDb id 603 already exists.")]),
        (
            {"tmdbId": -1, "input": {"title": "X"}},
            [("tmdbId", "A TMDb id is an integer from 1 to 2147483647.")],
        ),
        (
            {"tmdbId": 550, "input": {"title": "X", "runtime": -1}},
            [("runtime", "Runtime is 0 to 60000 minutes.")],
        ),
        (
            {"tmdbId": 550, "input": {"title": "X", "voteAverage": 10.01}},
            [("voteAverage", "The vote average is 0 to 10.")],
        ),
        (
            {"tmdbId": 550, "input": {"title": "X", "overview": None}},
            [("overview", "This field cannot be null.")],
        ),
        (
            {"tmdbId": 550, "input": {"title": "X", "posterUrl": "poster.jpg"}},
            [("posterUrl", "Enter a valid URL.")],
        ),
        (
            {"tmdbId": 550, "input": {"title": "X", "genreIds": [UNKNOWN_ID]}},
            [("genreIds", f"No genre with id {UNKNOWN_ID}.")],
        ),
        ({"tmdbId": 550, "input": {"title": "X", "tagIds": ["nope"]}}, [("tagIds", "No tag with id nope.")]),
    ],
)
def test_movie_create_refuses_bad_input(gql, staff_token, staff_catalog, variables, messages):
    before = catalog_snapshot()

    body = gql(MOVIE_CREATE, variables, token=staff_token)

    assert body["data"]["movieCreate"] == _messages(*(("VALIDATION", f, m) for f, m in messages))
    assert catalog_snapshot() == before


@pytest.mark.parametrize(
    "variables",
    [
        {"tmdbId": "550", "input": {"title": "X"}},
        {"tmdbId": 2**31, "input": {"title": "X"}},
        {"tmdbId": 550, "input": {"title": "X", "runtime": "long"}},
        {"tmdbId": 550, "input": {"title": "X", "releaseDate": "yesterday"}},
        {"tmdbId": 550, "input": {"title": "X", "unknownField": 1}},
        {"tmdbId": 550},
    ],
)
def test_movie_create_with_wrong_types_is_a_graphql_error(gql, staff_token, staff_catalog, variables):
    before = catalog_snapshot()

    body = gql(MOVIE_CREATE, variables, token=staff_token)

    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("Variable '$")
    assert catalog_snapshot() == before


def test_movie_update_changes_only_the_given_fields_and_shows_at_once(
    gql, staff_token, staff_catalog, django_capture_on_commit_callbacks
):
    assert gql(PUBLIC_MOVIE, {"tmdbId": 603})["data"]["movie"]["title"] == "The Matrix"

    with django_capture_on_commit_callbacks(execute=True):
        body = gql(MOVIE_UPDATE, {"tmdbId": 603, "input": {"title": "The Matrix (1999)"}}, token=staff_token)

    assert body["data"]["movieUpdate"] == {
        "tmdbId": 603,
        "title": "The Matrix (1999)",
        "runtime": 136,
        "voteAverage": 8.2,
        "releaseDate": None,
        "genres": [{"name": "Action"}],
    }
    assert gql(PUBLIC_MOVIE, {"tmdbId": 603})["data"]["movie"]["title"] == "The Matrix (1999)"


def test_movie_update_null_clears_nullable_fields_and_genres(gql, staff_token, staff_catalog):
    body = gql(MOVIE_UPDATE, {"tmdbId": 603, "input": {"runtime": None, "genreIds": None}}, token=staff_token)

    assert body["data"]["movieUpdate"]["runtime"] is None
    assert body["data"]["movieUpdate"]["genres"] == []


def test_movie_update_of_an_unknown_movie(gql, staff_token, staff_catalog):
    before = catalog_snapshot()

    body = gql(MOVIE_UPDATE, {"tmdbId": 999, "input": {"title": "X"}}, token=staff_token)

    assert body["data"]["movieUpdate"] == _messages(("ERROR", None, "No movie with TMDb id 999."))
    assert catalog_snapshot() == before


def test_movie_update_refuses_out_of_range_values(gql, staff_token, staff_catalog):
    before = catalog_snapshot()

    body = gql(
        MOVIE_UPDATE, {"tmdbId": 603, "input": {"runtime": 60_001, "voteAverage": -1}}, token=staff_token
    )

    assert body["data"]["movieUpdate"] == _messages(
        ("VALIDATION", "runtime", "Runtime is 0 to 60000 minutes."),
        ("VALIDATION", "voteAverage", "The vote average is 0 to 10."),
    )
    assert catalog_snapshot() == before


def test_movie_delete(gql, staff_token, staff_catalog, django_capture_on_commit_callbacks):
    assert gql(PUBLIC_MOVIE, {"tmdbId": 603})["data"]["movie"]["title"] == "The Matrix"

    with django_capture_on_commit_callbacks(execute=True):
        body = gql(MOVIE_DELETE, {"tmdbId": 603}, token=staff_token)

    assert body["data"]["movieDelete"] == {"tmdbId": 603, "title": "The Matrix"}
    assert not Movie.objects.filter(tmdb_id=603).exists()
    assert gql(PUBLIC_MOVIE, {"tmdbId": 603})["data"]["movie"] is None


def test_movie_delete_of_a_movie_users_hold_needs_force(gql, staff_token, staff_catalog, user):
    FavoriteFactory(user=user, movie=staff_catalog["matrix"])
    before = catalog_snapshot()

    refused = gql(MOVIE_DELETE, {"tmdbId": 603}, token=staff_token)

    assert refused["data"]["movieDelete"] == _messages(
        (
            "VALIDATION",
            None,
            "Users have 1 favorite of movie 603; deleting it deletes them too. Use force to do so.",
        )
    )
    assert catalog_snapshot() == before
    forced = gql(MOVIE_DELETE, {"tmdbId": 603, "force": True}, token=staff_token)
    assert forced["data"]["movieDelete"] == {"tmdbId": 603, "title": "The Matrix"}
    assert not FavoriteMovie.objects.exists()


def test_movie_delete_of_an_unknown_movie(gql, staff_token, staff_catalog):
    body = gql(MOVIE_DELETE, {"tmdbId": 0}, token=staff_token)

    assert body["data"]["movieDelete"] == _messages(("ERROR", None, "No movie with TMDb id 0."))


# --- genres and tags ------------------------------------------------------------------------


def test_genre_create_update_delete(gql, staff_token, staff_catalog, django_capture_on_commit_callbacks):
    scifi = {"name": "Science Fiction", "slug": "science-fiction"}
    assert gql(GENRES)["data"]["genres"] == [{"name": "Action", "slug": "action"}, scifi]

    with django_capture_on_commit_callbacks(execute=True):
        created = gql(GENRE_CREATE, {"name": "Film Noir"}, token=staff_token)["data"]["genreCreate"]
    assert (created["name"], created["slug"]) == ("Film Noir", "film-noir")
    assert gql(GENRES)["data"]["genres"] == [
        {"name": "Action", "slug": "action"},
        {"name": "Film Noir", "slug": "film-noir"},
        scifi,
    ]

    with django_capture_on_commit_callbacks(execute=True):
        updated = gql(GENRE_UPDATE, {"id": created["id"], "slug": "noir"}, token=staff_token)["data"][
            "genreUpdate"
        ]
    assert updated == {"id": created["id"], "name": "Film Noir", "slug": "noir"}

    with django_capture_on_commit_callbacks(execute=True):
        deleted = gql(GENRE_DELETE, {"id": ACTION_ID}, token=staff_token)["data"]["genreDelete"]
    assert deleted == {"id": ACTION_ID, "name": "Action"}
    assert gql(GENRES)["data"]["genres"] == [{"name": "Film Noir", "slug": "noir"}, scifi]
    assert gql(PUBLIC_MOVIE, {"tmdbId": 603})["data"]["movie"]["genres"] == []


def test_renamed_genre_shows_at_once_on_a_cached_movie(
    gql, staff_token, staff_catalog, django_capture_on_commit_callbacks
):
    assert gql(PUBLIC_MOVIE, {"tmdbId": 603})["data"]["movie"]["genres"] == [{"name": "Action"}]

    with django_capture_on_commit_callbacks(execute=True):
        gql(GENRE_UPDATE, {"id": ACTION_ID, "name": "Action & Adventure"}, token=staff_token)

    assert gql(PUBLIC_MOVIE, {"tmdbId": 603})["data"]["movie"]["genres"] == [{"name": "Action & Adventure"}]


@pytest.mark.parametrize(
    ("mutation", "field", "variables", "message"),
    [
        (
            GENRE_CREATE,
            "genreCreate",
            {"name": "ACTION"},
            ("VALIDATION", "name", "A genre named “ACTION” already exists."),
        ),
        (GENRE_CREATE, "genreCreate", {"name": ""}, ("VALIDATION", "name", "This field cannot be blank.")),
        (
            GENRE_CREATE,
            "genreCreate",
            {"name": "Noir", "slug": "a b"},
            (
                "VALIDATION",
                "slug",
                "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
            ),
        ),
        (
            GENRE_UPDATE,
            "genreUpdate",
            {"id": UNKNOWN_ID, "name": "X"},
            ("ERROR", None, f"No genre with id “{UNKNOWN_ID}”."),
        ),
        (GENRE_UPDATE, "genreUpdate", {"id": "42", "name": "X"}, ("ERROR", None, "No genre with id “42”.")),
        (
            GENRE_UPDATE,
            "genreUpdate",
            {"id": ACTION_ID, "name": None},
            ("VALIDATION", "name", "This field cannot be null."),
        ),
        (GENRE_DELETE, "genreDelete", {"id": "nope"}, ("ERROR", None, "No genre with id “nope”.")),
        (
            TAG_CREATE,
            "tagCreate",
            {"name": "CyberPunk"},
            ("VALIDATION", "slug", "A tag with the slug “cyberpunk” already exists."),
        ),
        (
            TAG_UPDATE,
            "tagUpdate",
            {"id": UNKNOWN_ID, "name": "X"},
            ("ERROR", None, f"No tag with id “{UNKNOWN_ID}”."),
        ),
        (TAG_DELETE, "tagDelete", {"id": UNKNOWN_ID}, ("ERROR", None, f"No tag with id “{UNKNOWN_ID}”.")),
    ],
)
def test_genre_and_tag_errors_change_nothing(
    gql, staff_token, staff_catalog, mutation, field, variables, message
):
    before = catalog_snapshot()

    body = gql(mutation, variables, token=staff_token)

    assert body["data"][field] == _messages(message)
    assert catalog_snapshot() == before


def test_tag_create_update_delete(gql, staff_token, staff_catalog):
    created = gql(TAG_CREATE, {"name": "Heist"}, token=staff_token)["data"]["tagCreate"]
    assert (created["name"], created["slug"]) == ("Heist", "heist")

    updated = gql(TAG_UPDATE, {"id": created["id"], "name": "heist movie"}, token=staff_token)["data"][
        "tagUpdate"
    ]
    assert updated == {"id": created["id"], "name": "heist movie", "slug": "heist"}

    deleted = gql(TAG_DELETE, {"id": CYBERPUNK_ID}, token=staff_token)["data"]["tagDelete"]
    assert deleted == {"id": CYBERPUNK_ID, "name": "cyberpunk"}
    assert list(staff_catalog["matrix"].keywords.all()) == []
    assert sorted(Keyword.objects.values_list("slug", flat=True)) == ["dystopia", "heist"]


# --- overrides: staff edits survive TMDb re-syncs ------------------------------------------


def test_updated_fields_become_overrides_only_staff_see(gql, staff_token, access_token, staff_catalog):
    body = gql(MOVIE_CLEAR, {"tmdbId": 603, "input": {"title": "Matrix", "genreIds": []}}, token=staff_token)

    assert body["data"]["movieUpdate"] == {"title": "Matrix", "adminOverrides": ["GENRES", "TITLE"]}
    assert gql(MOVIE_OVERRIDES, {"tmdbId": 603}, token=staff_token)["data"]["movie"]["adminOverrides"] == [
        "GENRES",
        "TITLE",
    ]
    for token in (None, access_token):
        assert gql(MOVIE_OVERRIDES, {"tmdbId": 603}, token=token)["data"]["movie"] == {
            "title": "Matrix",
            "overview": "",
            "adminOverrides": None,
        }


def test_an_edited_title_survives_a_tmdb_refetch_until_its_override_is_cleared(
    gql,
    staff_token,
    tmdb,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    tmdb.get("/movie/603", json=matrix_detail())
    assert gql(PUBLIC_MOVIE, {"tmdbId": 603})["data"]["movie"]["title"] == "The Matrix"
    with django_capture_on_commit_callbacks(execute=True):
        gql(MOVIE_UPDATE, {"tmdbId": 603, "input": {"title": "Matrix"}}, token=staff_token)
    tmdb.mock.replace(responses.GET, f"{TMDB}/movie/603", json=matrix_detail(overview="Reworded."))
    calls = tmdb.calls_to("/movie/603")

    movie = gql(MOVIE_OVERRIDES, {"tmdbId": 603}, token=staff_token)["data"]["movie"]
    assert (movie["title"], movie["adminOverrides"]) == ("Matrix", ["TITLE"])

    with django_capture_on_commit_callbacks(execute=True):
        body = gql(MOVIE_CLEAR, {"tmdbId": 603, "clear": ["TITLE"]}, token=staff_token)

    assert body["data"]["movieUpdate"]["adminOverrides"] == []
    assert tmdb.calls_to("/movie/603") == calls + 1
    assert gql(MOVIE_OVERRIDES, {"tmdbId": 603}, token=staff_token)["data"]["movie"] == {
        "title": "The Matrix",
        "overview": "Reworded.",
        "adminOverrides": [],
    }


def test_clearing_an_override_the_same_edit_sets_is_refused(gql, staff_token, staff_catalog):
    Movie.objects.filter(tmdb_id=603).update(admin_overrides=["title"])
    before = catalog_snapshot()

    body = gql(MOVIE_CLEAR, {"tmdbId": 603, "input": {"title": "X"}, "clear": ["TITLE"]}, token=staff_token)

    assert body["data"]["movieUpdate"] == _messages(
        ("VALIDATION", "clearOverrides", "This edit sets title; leave it out to let TMDb's value back.")
    )
    assert catalog_snapshot() == before


@pytest.mark.parametrize(
    ("clear", "problem"),
    [
        (["NOPE"], " at [0]: Value 'NOPE' does not exist in 'MovieOverrideField' enum."),
        (["title"], " at [0]: Value 'title' does not exist in 'MovieOverrideField' enum."),
        (["TAG_IDS"], " at [0]: Value 'TAG_IDS' does not exist in 'MovieOverrideField' enum."),
        ([5], " at [0]: Enum 'MovieOverrideField' cannot represent non-string value: 5."),
        ([None], " at [0]: Expected value of non-null type 'MovieOverrideField!' not to be None."),
        (
            {"field": "TITLE"},
            ": Enum 'MovieOverrideField' cannot represent non-string value: {'field': 'TITLE'}.",
        ),
    ],
)
def test_clear_overrides_of_the_wrong_kind_is_a_graphql_error(
    gql, staff_token, staff_catalog, clear, problem
):
    Movie.objects.filter(tmdb_id=603).update(admin_overrides=["title"])
    before = catalog_snapshot()

    body = gql(MOVIE_CLEAR, {"tmdbId": 603, "clear": clear}, token=staff_token)

    assert body["data"] is None
    assert body["errors"][0]["message"].startswith(f"Variable '$clear' has invalid value{problem}")
    assert catalog_snapshot() == before
