"""Admin REST CRUD of movies, genres and tags: access, validation, deletes and fresh public reads."""

import datetime

import pytest
import responses
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Genre, Movie
from engagement.models import FavoriteMovie, Review
from tests.catalog.tmdb_mock import TMDB, matrix_detail, movie_result, page, tmdb  # noqa: F401
from tests.errors import messages, one_error
from tests.factories import FavoriteFactory, ReviewFactory
from tests.snapshots import catalog_snapshot

pytestmark = pytest.mark.django_db

MOVIES = "/api/admin/movies/"
GENRES = "/api/admin/genres/"
TAGS = "/api/admin/tags/"
SOME_ID = "5b0f4c0e-7d3c-4f43-9a53-1d2c8f7e6a10"
ROUTES = [
    ("get", MOVIES),
    ("post", MOVIES),
    ("get", f"{MOVIES}603/"),
    ("put", f"{MOVIES}603/"),
    ("patch", f"{MOVIES}603/"),
    ("delete", f"{MOVIES}603/"),
    ("get", GENRES),
    ("post", GENRES),
    ("get", f"{GENRES}{SOME_ID}/"),
    ("put", f"{GENRES}{SOME_ID}/"),
    ("patch", f"{GENRES}{SOME_ID}/"),
    ("delete", f"{GENRES}{SOME_ID}/"),
    ("get", TAGS),
    ("post", TAGS),
    ("get", f"{TAGS}{SOME_ID}/"),
    ("put", f"{TAGS}{SOME_ID}/"),
    ("patch", f"{TAGS}{SOME_ID}/"),
    ("delete", f"{TAGS}{SOME_ID}/"),
]


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    settings.TMDB_API_KEY = ""


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_callers_get_401_and_change_nothing(api_client, staff_catalog, method, path):
    before = catalog_snapshot()

    response = getattr(api_client, method)(path, {"name": "X", "title": "X", "tmdb_id": 1}, format="json")

    assert response.status_code == 401
    assert messages(response) == {None: ["Authentication credentials were not provided."]}
    assert catalog_snapshot() == before


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_signed_in_non_staff_get_403_and_change_nothing(auth_client, staff_catalog, method, path):
    before = catalog_snapshot()

    response = getattr(auth_client, method)(path, {"name": "X", "title": "X", "tmdb_id": 1}, format="json")

    assert response.status_code == 403
    assert messages(response) == {None: ["You do not have permission to perform this action."]}
    assert catalog_snapshot() == before


def test_a_forged_token_gets_401(api_client, staff_catalog):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")

    response = api_client.delete(f"{MOVIES}603/")

    assert response.status_code == 401
    assert Movie.objects.filter(tmdb_id=603).exists()


# --- movies ---------------------------------------------------------------------------------


def test_create_a_movie(admin_client, staff_catalog, django_capture_on_commit_callbacks):
    body = {
        "tmdb_id": 550,
        "title": "  Fight Club ",
        "original_title": "Fight Club",
        "overview": "An insomniac office worker...",
        "tagline": "Mischief. Mayhem. Soap.",
        "release_date": "1999-10-15",
        "runtime": 139,
        "poster_url": "https://image.tmdb.org/t/p/w500/fc.jpg",
        "language": "en",
        "imdb_id": "tt0137523",
        "vote_average": 8.4,
        "vote_count": 30000,
        "popularity_score": 61.5,
        "genre_ids": [str(staff_catalog["scifi"].pk)],
        "tag_ids": [str(staff_catalog["dystopia"].pk), str(staff_catalog["cyberpunk"].pk)],
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(MOVIES, body, format="json")

    assert response.status_code == 201, response.json()
    created = response.json()
    assert created.pop("updated_at")
    assert created == {
        "tmdb_id": 550,
        "title": "Fight Club",
        "original_title": "Fight Club",
        "overview": "An insomniac office worker...",
        "tagline": "Mischief. Mayhem. Soap.",
        "release_date": "1999-10-15",
        "year": 1999,
        "runtime": 139,
        "poster_url": "https://image.tmdb.org/t/p/w500/fc.jpg",
        "backdrop_url": "",
        "vote_average": 8.4,
        "vote_count": 30000,
        "language": "en",
        "imdb_id": "tt0137523",
        "popularity_score": 61.5,
        "genres": [
            {"id": str(staff_catalog["scifi"].pk), "name": "Science Fiction", "slug": "science-fiction"}
        ],
        "tags": [
            {"id": str(staff_catalog["cyberpunk"].pk), "name": "cyberpunk", "slug": "cyberpunk"},
            {"id": str(staff_catalog["dystopia"].pk), "name": "dystopia", "slug": "dystopia"},
        ],
        "admin_overrides": [
            "genres",
            "imdb_id",
            "language",
            "original_title",
            "overview",
            "popularity_score",
            "poster_url",
            "release_date",
            "runtime",
            "tagline",
            "title",
            "vote_average",
            "vote_count",
        ],
    }
    public = admin_client.get("/api/movies/550/").json()
    assert (public["title"], public["runtime"], [g["name"] for g in public["genres"]]) == (
        "Fight Club",
        139,
        ["Science Fiction"],
    )


def test_create_with_only_the_required_fields_takes_defaults(admin_client):
    response = admin_client.post(MOVIES, {"tmdb_id": 550, "title": "Fight Club"}, format="json")

    assert response.status_code == 201
    movie = Movie.objects.get(tmdb_id=550)
    assert (movie.title, movie.runtime, movie.vote_average, list(movie.genres.all())) == (
        "Fight Club",
        None,
        0.0,
        [],
    )


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"title": None}, {"title": ["This field may not be null."]}),
        ({"title": "   "}, {"title": ["This field may not be blank."]}),
        ({"title": "x" * 501}, {"title": ["Ensure this value has at most 500 characters (it has 501)."]}),
        ({"tmdb_id": "abc"}, {"tmdb_id": ["A valid integer is required."]}),
        ({"tmdb_id": 0}, {"tmdb_id": ["A TMDb id is an integer from 1 to 2147483647."]}),
        ({"tmdb_id": 2**31}, {"tmdb_id": ["A TMDb id is an integer from 1 to 2147483647."]}),
        ({"tmdb_id": 603}, {"tmdb_id": ["A movie with TMDb id 603 already exists."]}),
        ({"runtime": "long"}, {"runtime": ["A valid integer is required."]}),
        ({"runtime": -1}, {"runtime": ["Runtime is 0 to 60000 minutes."]}),
        ({"runtime": 60_001}, {"runtime": ["Runtime is 0 to 60000 minutes."]}),
        ({"vote_average": 10.5}, {"vote_average": ["The vote average is 0 to 10."]}),
        ({"vote_average": -0.1}, {"vote_average": ["The vote average is 0 to 10."]}),
        ({"vote_average": "NaN"}, {"vote_average": ["A valid number is required."]}),
        ({"vote_count": -3}, {"vote_count": ["The vote count is 0 to 2147483647."]}),
        ({"popularity_score": -1}, {"popularity_score": ["Popularity is a finite number, 0 or more."]}),
        (
            {"release_date": "yesterday"},
            {"release_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ({"release_date": "1850-01-01"}, {"release_date": ["The release year is 1870 to 2100."]}),
        ({"imdb_id": "0133093"}, {"imdb_id": ["An IMDb id looks like tt0133093."]}),
        ({"poster_url": "not a url"}, {"poster_url": ["Enter a valid URL."]}),
        ({"genre_ids": ["action"]}, {"genre_ids.0": ["Must be a valid UUID."]}),
        ({"genre_ids": "action"}, {"genre_ids": ['Expected a list of items but got type "str".']}),
        ({"genre_ids": [SOME_ID]}, {"genre_ids": [f"No genre with id {SOME_ID}."]}),
        ({"tag_ids": [SOME_ID]}, {"tag_ids": [f"No tag with id {SOME_ID}."]}),
    ],
)
def test_create_refuses_bad_input_and_changes_nothing(admin_client, staff_catalog, change, errors):
    before = catalog_snapshot()

    response = admin_client.post(MOVIES, {"tmdb_id": 550, "title": "Fight Club", **change}, format="json")

    assert response.status_code == 400
    assert messages(response) == errors
    assert catalog_snapshot() == before


def test_create_reports_every_bad_field_at_once(admin_client):
    body = {"tmdb_id": 550, "title": "Fight Club", "runtime": -5, "vote_average": 11, "imdb_id": "x"}

    response = admin_client.post(MOVIES, body, format="json")

    assert response.status_code == 400
    assert messages(response) == {
        "runtime": ["Runtime is 0 to 60000 minutes."],
        "vote_average": ["The vote average is 0 to 10."],
        "imdb_id": ["An IMDb id looks like tt0133093."],
    }


def test_create_requires_tmdb_id_and_title(admin_client):
    response = admin_client.post(MOVIES, {}, format="json")

    assert response.status_code == 400
    assert messages(response) == {
        "title": ["This field is required."],
        "tmdb_id": ["This field is required."],
    }
    assert not Movie.objects.exists()


def test_list_is_paginated_and_filtered_by_title(admin_client, staff_catalog):
    Movie.objects.create(tmdb_id=604, title="The Matrix Reloaded", popularity_score=50.0)
    Movie.objects.create(tmdb_id=550, title="Fight Club", popularity_score=60.0)

    everything = admin_client.get(MOVIES).json()
    matrices = admin_client.get(MOVIES, {"q": " matrix "}).json()
    none = admin_client.get(MOVIES, {"q": "zzz"}).json()

    assert everything["count"] == 3
    assert [m["tmdb_id"] for m in everything["results"]] == [603, 550, 604]
    assert [m["title"] for m in matrices["results"]] == ["The Matrix", "The Matrix Reloaded"]
    assert matrices["results"][0]["tags"] == [
        {"id": str(staff_catalog["cyberpunk"].pk), "name": "cyberpunk", "slug": "cyberpunk"}
    ]
    assert none == {"count": 0, "next": None, "previous": None, "results": []}


def test_list_query_count_does_not_grow_with_the_movies(admin_client, staff_catalog):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(MOVIES).status_code == 200
        return len(captured)

    one = queries()
    for n in range(5):
        movie = Movie.objects.create(tmdb_id=1000 + n, title=f"Movie {n}")
        movie.genres.add(staff_catalog["scifi"])
        movie.keywords.add(staff_catalog["dystopia"])

    assert queries() == one


def test_get_one_movie(admin_client, staff_catalog):
    response = admin_client.get(f"{MOVIES}603/")

    assert response.status_code == 200
    assert response.json()["title"] == "The Matrix"
    assert response.json()["genres"] == [
        {"id": str(staff_catalog["action"].pk), "name": "Action", "slug": "action"}
    ]


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
@pytest.mark.parametrize("tmdb_id", [999, 0, 2**31, 10**20])
def test_unknown_movies_are_404(admin_client, staff_catalog, method, tmdb_id):
    before = catalog_snapshot()

    response = getattr(admin_client, method)(f"{MOVIES}{tmdb_id}/", {"title": "X"}, format="json")

    assert response.status_code == 404
    assert messages(response) == {None: ["Not found."]}
    assert catalog_snapshot() == before


def test_patch_changes_only_the_given_fields(admin_client, staff_catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.patch(
            f"{MOVIES}603/",
            {
                "runtime": 136,
                "genre_ids": [str(staff_catalog["scifi"].pk), str(staff_catalog["action"].pk)],
                "tmdb_id": 1,
            },
            format="json",
        )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["tmdb_id"], body["title"], body["runtime"], body["vote_average"]) == (
        603,
        "The Matrix",
        136,
        8.2,
    )
    assert [g["name"] for g in body["genres"]] == ["Action", "Science Fiction"]
    assert [t["name"] for t in body["tags"]] == ["cyberpunk"]  # tag_ids left out: unchanged
    assert not Movie.objects.filter(tmdb_id=1).exists()


def test_patch_with_empty_ids_clears_the_genres(admin_client, staff_catalog):
    response = admin_client.patch(f"{MOVIES}603/", {"genre_ids": [], "tag_ids": []}, format="json")

    assert response.status_code == 200
    assert (response.json()["genres"], response.json()["tags"]) == ([], [])


def test_put_requires_the_title(admin_client, staff_catalog):
    before = catalog_snapshot()

    response = admin_client.put(f"{MOVIES}603/", {"runtime": 136}, format="json")

    assert response.status_code == 400
    assert messages(response) == {"title": ["This field is required."]}
    assert catalog_snapshot() == before


def test_put_replaces_the_metadata(admin_client, staff_catalog):
    response = admin_client.put(
        f"{MOVIES}603/", {"title": "Matrix", "overview": "Neo.", "release_date": None}, format="json"
    )

    assert response.status_code == 200
    movie = Movie.objects.get(tmdb_id=603)
    assert (movie.title, movie.overview, movie.release_date) == ("Matrix", "Neo.", None)


def test_patch_refuses_out_of_range_values(admin_client, staff_catalog):
    before = catalog_snapshot()

    response = admin_client.patch(f"{MOVIES}603/", {"vote_average": 11, "runtime": 10**12}, format="json")

    assert response.status_code == 400
    assert messages(response) == {
        "runtime": ["Runtime is 0 to 60000 minutes."],
        "vote_average": ["The vote average is 0 to 10."],
    }
    assert catalog_snapshot() == before


def test_patch_is_shown_at_once_by_the_public_detail_even_when_cached(
    admin_client, api_client, staff_catalog, django_capture_on_commit_callbacks
):
    assert api_client.get("/api/movies/603/").json()["title"] == "The Matrix"
    cache.set("tmdb:movie:603:detail", {"title": "stale"})

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.patch(f"{MOVIES}603/", {"title": "The Matrix (1999)"}, format="json")

    assert api_client.get("/api/movies/603/").json()["title"] == "The Matrix (1999)"
    assert cache.get("tmdb:movie:603:detail") is None


def test_renamed_genre_shows_at_once_in_public_lists(
    admin_client, api_client, staff_catalog, django_capture_on_commit_callbacks
):
    assert api_client.get("/api/movies/popular/").json()["results"][0]["genres"][0]["name"] == "Action"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.patch(
            f"{GENRES}{staff_catalog['action'].pk}/", {"name": "Action & Adventure"}, format="json"
        )

    assert response.status_code == 200
    genre = api_client.get("/api/movies/popular/").json()["results"][0]["genres"][0]
    assert genre == {"id": str(staff_catalog["action"].pk), "name": "Action & Adventure", "slug": "action"}


def test_delete_a_movie_nobody_holds(admin_client, staff_catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"{MOVIES}603/")

    assert response.status_code == 204
    assert not Movie.objects.filter(tmdb_id=603).exists()
    assert Genre.objects.filter(pk=staff_catalog["action"].pk).exists()  # the genre stays
    assert admin_client.get("/api/movies/603/").status_code == 404


def test_delete_a_movie_users_hold_is_a_409_unless_forced(admin_client, user, other_user, staff_catalog):
    FavoriteFactory(user=user, movie=staff_catalog["matrix"])
    FavoriteFactory(user=other_user, movie=staff_catalog["matrix"])
    ReviewFactory(user=user, movie=staff_catalog["matrix"], rating=5)
    before = catalog_snapshot()

    refused = admin_client.delete(f"{MOVIES}603/")

    assert refused.status_code == 409
    assert refused.json() == one_error(
        "conflict",
        "Users have 2 favorites and 1 review of movie 603; deleting it deletes them too. Use force to do so.",
    )
    assert catalog_snapshot() == before
    assert FavoriteMovie.objects.count() == 2

    forced = admin_client.delete(f"{MOVIES}603/?force=true")

    assert forced.status_code == 204
    assert not Movie.objects.filter(tmdb_id=603).exists()
    assert (FavoriteMovie.objects.count(), Review.objects.count()) == (0, 0)


def test_delete_refuses_a_malformed_force(admin_client, staff_catalog):
    response = admin_client.delete(f"{MOVIES}603/?force=perhaps")

    assert response.status_code == 400
    assert messages(response) == {"force": ["Must be a valid boolean."]}
    assert Movie.objects.filter(tmdb_id=603).exists()


def test_the_resync_route_still_works(admin_client, staff_catalog):
    response = admin_client.post(f"{MOVIES}603/sync/")

    assert response.status_code == 202


# --- overrides: staff edits survive TMDb re-syncs ------------------------------------------


@pytest.fixture
def synced(tmdb, api_client):  # noqa: F811
    """The Matrix as TMDb describes it, read once through the public detail (so synced locally)."""
    tmdb.get("/movie/603", json=matrix_detail())
    assert api_client.get("/api/movies/603/").json()["title"] == "The Matrix"
    return tmdb


def _tmdb_now_says(tmdb, **changes) -> None:  # noqa: F811
    """TMDb's detail of The Matrix from now on, with these fields changed."""
    tmdb.mock.replace(responses.GET, f"{TMDB}/movie/603", json=matrix_detail(**changes))


def test_an_edited_title_survives_tmdb_refetches_while_other_fields_follow_tmdb(
    admin_client, api_client, synced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edited = admin_client.patch(f"{MOVIES}603/", {"title": "The Matrix (edited)"}, format="json")

    assert edited.status_code == 200
    assert edited.json()["admin_overrides"] == ["title"]
    assert cache.get("tmdb:movie:603:detail") is None
    detail = api_client.get("/api/movies/603/").json()  # refetches TMDb's detail: still "The Matrix"
    assert (detail["title"], detail["runtime"]) == ("The Matrix (edited)", 136)
    assert cache.get("tmdb:movie:603:detail")["title"] == "The Matrix"

    _tmdb_now_says(synced, overview="TMDb's new overview.", runtime=137)
    calls = synced.calls_to("/movie/603")
    assert admin_client.post(f"{MOVIES}603/sync/").status_code == 202

    assert synced.calls_to("/movie/603") == calls + 1
    detail = api_client.get("/api/movies/603/").json()
    assert (detail["title"], detail["overview"], detail["runtime"]) == (
        "The Matrix (edited)",
        "TMDb's new overview.",
        137,
    )


def test_a_tmdb_list_page_does_not_revert_edited_fields_or_genres(
    admin_client, api_client, synced, django_capture_on_commit_callbacks
):
    drama = Genre.objects.create(name="Drama", slug="drama")
    with django_capture_on_commit_callbacks(execute=True):
        edited = admin_client.patch(
            f"{MOVIES}603/", {"title": "Matrix", "genre_ids": [str(drama.pk)]}, format="json"
        )
    assert edited.json()["admin_overrides"] == ["genres", "title"]
    listed = [movie_result(603, "The Matrix", overview="Listed overview."), movie_result(550, "Fight Club")]
    synced.get("/movie/popular", json=page(listed))

    results = api_client.get("/api/movies/popular/").json()["results"]

    matrix = next(movie for movie in results if movie["tmdb_id"] == 603)
    assert (matrix["title"], matrix["overview"], [g["name"] for g in matrix["genres"]]) == (
        "Matrix",
        "Listed overview.",
        ["Drama"],
    )
    fight_club = Movie.objects.get(tmdb_id=550)
    assert (fight_club.title, fight_club.admin_overrides) == ("Fight Club", [])
    assert sorted(fight_club.genres.values_list("name", flat=True)) == ["Action", "Science Fiction"]


def test_clearing_an_override_lets_tmdb_values_back_at_once(
    admin_client, api_client, synced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.patch(f"{MOVIES}603/", {"title": "Matrix", "tagline": "Free your mind."}, format="json")
    calls = synced.calls_to("/movie/603")

    with django_capture_on_commit_callbacks(execute=True):
        cleared = admin_client.patch(f"{MOVIES}603/", {"clear_overrides": ["title"]}, format="json")

    assert cleared.status_code == 200, cleared.json()
    assert cleared.json()["admin_overrides"] == ["tagline"]
    assert synced.calls_to("/movie/603") == calls + 1  # re-synced, past the HTTP cache
    movie = admin_client.get(f"{MOVIES}603/").json()
    assert (movie["title"], movie["tagline"], movie["admin_overrides"]) == (
        "The Matrix",
        "Free your mind.",
        ["tagline"],
    )
    assert api_client.get("/api/movies/603/").json()["title"] == "The Matrix"


def test_put_records_only_the_fields_it_sets(admin_client, staff_catalog):
    response = admin_client.put(f"{MOVIES}603/", {"title": "Matrix", "runtime": None}, format="json")

    assert response.json()["admin_overrides"] == ["runtime", "title"]
    assert admin_client.patch(f"{MOVIES}603/", {"tag_ids": []}, format="json").json()["admin_overrides"] == [
        "runtime",
        "title",
    ]  # TMDb never writes tags: no override


def test_clearing_a_field_not_overridden_changes_nothing_else(admin_client, staff_catalog):
    response = admin_client.patch(f"{MOVIES}603/", {"clear_overrides": ["overview"]}, format="json")

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["admin_overrides"]) == ("The Matrix", [])


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"clear_overrides": ["nope"]}, {"clear_overrides.0": ['"nope" is not a valid choice.']}),
        ({"clear_overrides": ["tag_ids"]}, {"clear_overrides.0": ['"tag_ids" is not a valid choice.']}),
        ({"clear_overrides": "title"}, {"clear_overrides": ['Expected a list of items but got type "str".']}),
        ({"clear_overrides": [1]}, {"clear_overrides.0": ['"1" is not a valid choice.']}),
        ({"clear_overrides": [None]}, {"clear_overrides.0": ["This field may not be null."]}),
        ({"clear_overrides": None}, {"clear_overrides": ["This field may not be null."]}),
        (
            {"title": "Matrix", "clear_overrides": ["title", "overview"]},
            {"clear_overrides": ["This edit sets title; leave it out to let TMDb's value back."]},
        ),
        (
            {"genre_ids": [], "clear_overrides": ["genres"]},
            {"clear_overrides": ["This edit sets genres; leave it out to let TMDb's value back."]},
        ),
    ],
)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_bad_clear_overrides_are_400_and_change_nothing(admin_client, staff_catalog, method, body, errors):
    Movie.objects.filter(tmdb_id=603).update(admin_overrides=["overview", "title"])
    before = catalog_snapshot()

    response = getattr(admin_client, method)(f"{MOVIES}603/", {"title": "Matrix", **body}, format="json")

    assert response.status_code == 400
    assert messages(response) == errors
    assert catalog_snapshot() == before


def test_create_does_not_take_clear_overrides(admin_client):
    response = admin_client.post(
        MOVIES, {"tmdb_id": 550, "title": "Fight Club", "clear_overrides": ["title"]}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["admin_overrides"] == ["title"]


# --- genres ---------------------------------------------------------------------------------


def test_create_a_genre_derives_its_slug(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(GENRES, {"name": " Film Noir "}, format="json")

    assert response.status_code == 201
    genre = Genre.objects.get()
    assert response.json() == {"id": str(genre.pk), "name": "Film Noir", "slug": "film-noir"}
    assert admin_client.get("/api/movies/search/", {"genre": "film-noir"}).status_code == 200


def test_create_a_genre_with_its_own_slug(admin_client):
    response = admin_client.post(GENRES, {"name": "Film Noir", "slug": "noir"}, format="json")

    assert response.json()["slug"] == "noir"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"name": "action"}, {"name": ["A genre named “action” already exists."]}),
        (
            {"name": "Action Movies", "slug": "action"},
            {"slug": ["A genre with the slug “action” already exists."]},
        ),
        ({}, {"name": ["This field is required."]}),
        ({"name": ""}, {"name": ["This field may not be blank."]}),
        ({"name": ["Action"]}, {"name": ["Not a valid string."]}),
        ({"name": "x" * 101}, {"name": ["Ensure this value has at most 100 characters (it has 101)."]}),
        (
            {"name": "Noir", "slug": "film noir!"},
            {"slug": ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."]},
        ),
        ({"name": "!!!"}, {"slug": ["No slug can be derived from this name; give one."]}),
    ],
)
def test_create_genre_refuses_bad_input(admin_client, staff_catalog, body, errors):
    before = catalog_snapshot()

    response = admin_client.post(GENRES, body, format="json")

    assert response.status_code == 400
    assert messages(response) == errors
    assert catalog_snapshot() == before


def test_list_genres(admin_client, staff_catalog):
    everything = admin_client.get(GENRES).json()
    science = admin_client.get(GENRES, {"q": "SCIENCE"}).json()

    assert [g["name"] for g in everything["results"]] == ["Action", "Science Fiction"]
    assert science["results"] == [
        {"id": str(staff_catalog["scifi"].pk), "name": "Science Fiction", "slug": "science-fiction"}
    ]


def test_get_and_rename_a_genre_keeps_its_slug(admin_client, staff_catalog):
    path = f"{GENRES}{staff_catalog['scifi'].pk}/"

    assert admin_client.get(path).json()["name"] == "Science Fiction"
    response = admin_client.put(path, {"name": "Sci-Fi"}, format="json")

    assert response.json() == {
        "id": str(staff_catalog["scifi"].pk),
        "name": "Sci-Fi",
        "slug": "science-fiction",
    }


def test_a_blank_slug_is_derived_again(admin_client, staff_catalog):
    response = admin_client.patch(
        f"{GENRES}{staff_catalog['scifi'].pk}/", {"name": "Sci-Fi", "slug": ""}, format="json"
    )

    assert response.json()["slug"] == "sci-fi"


def test_rename_to_another_genres_name_is_refused(admin_client, staff_catalog):
    before = catalog_snapshot()

    response = admin_client.patch(f"{GENRES}{staff_catalog['scifi'].pk}/", {"name": "ACTION"}, format="json")

    assert response.status_code == 400
    assert messages(response) == {"name": ["A genre named “ACTION” already exists."]}
    assert catalog_snapshot() == before


def test_changing_only_the_case_of_a_genre_name_is_allowed(admin_client, staff_catalog):
    response = admin_client.patch(f"{GENRES}{staff_catalog['action'].pk}/", {"name": "ACTION"}, format="json")

    assert response.status_code == 200
    assert response.json()["name"] == "ACTION"


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
@pytest.mark.parametrize("base", [GENRES, TAGS])
def test_unknown_genres_and_tags_are_404(admin_client, staff_catalog, method, base):
    before = catalog_snapshot()

    unknown = getattr(admin_client, method)(f"{base}{SOME_ID}/", {"name": "X"}, format="json")
    malformed = getattr(admin_client, method)(f"{base}not-an-id/", {"name": "X"}, format="json")

    assert (unknown.status_code, malformed.status_code) == (404, 404)
    assert messages(unknown) == messages(malformed) == {None: ["Not found."]}
    assert catalog_snapshot() == before


def test_delete_a_genre_detaches_it_from_its_movies(
    admin_client, staff_catalog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"{GENRES}{staff_catalog['action'].pk}/")

    assert response.status_code == 204
    assert not Genre.objects.filter(name="Action").exists()
    assert list(staff_catalog["matrix"].genres.all()) == []
    assert Movie.objects.filter(tmdb_id=603).exists()
    assert admin_client.get("/api/movies/603/").json()["genres"] == []


# --- tags -----------------------------------------------------------------------------------


def test_create_list_and_update_tags(admin_client, staff_catalog):
    created = admin_client.post(TAGS, {"name": "Mind-bending"}, format="json")

    assert created.status_code == 201
    tag = created.json()
    assert (tag["name"], tag["slug"]) == ("Mind-bending", "mind-bending")
    listed = admin_client.get(TAGS, {"q": "mind"}).json()
    assert listed["results"] == [tag]
    renamed = admin_client.patch(f"{TAGS}{tag['id']}/", {"name": "mind bending"}, format="json")
    assert renamed.json() == {**tag, "name": "mind bending"}
    assert admin_client.get(f"{TAGS}{tag['id']}/").json() == {**tag, "name": "mind bending"}


def test_a_tag_whose_slug_is_taken_is_refused(admin_client, staff_catalog):
    before = catalog_snapshot()

    response = admin_client.post(TAGS, {"name": "Cyberpunk"}, format="json")

    assert response.status_code == 400
    assert messages(response) == {"slug": ["A tag with the slug “cyberpunk” already exists."]}
    assert catalog_snapshot() == before


def test_tag_names_may_be_long(admin_client):
    assert admin_client.post(TAGS, {"name": "x" * 200}, format="json").status_code == 201
    response = admin_client.post(TAGS, {"name": "y" * 201}, format="json")
    assert messages(response) == {"name": ["Ensure this value has at most 200 characters (it has 201)."]}


def test_delete_a_tag_detaches_it_from_its_movies(admin_client, staff_catalog):
    response = admin_client.delete(f"{TAGS}{staff_catalog['cyberpunk'].pk}/")

    assert response.status_code == 204
    assert list(staff_catalog["matrix"].keywords.all()) == []
    assert admin_client.get(f"{MOVIES}603/").json()["tags"] == []


def test_genre_writes_retire_cached_answers(
    admin_client, api_client, staff_catalog, django_capture_on_commit_callbacks
):
    path = "/api/movies/603/"
    assert [g["name"] for g in api_client.get(path).json()["genres"]] == ["Action"]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.delete(f"{GENRES}{staff_catalog['action'].pk}/")

    assert api_client.get(path).json()["genres"] == []


def test_release_dates_round_trip(admin_client, staff_catalog):
    admin_client.patch(f"{MOVIES}603/", {"release_date": "1999-03-30"}, format="json")

    assert Movie.objects.get(tmdb_id=603).release_date == datetime.date(1999, 3, 30)
