"""Fields staff set (Movie.admin_overrides) keep their values through TMDb upserts until cleared."""

import pytest
from django.core.exceptions import ValidationError

from catalog import services, sync
from catalog.models import Genre, Movie
from tests.catalog.tmdb_mock import matrix_detail, movie_result, page

pytestmark = pytest.mark.django_db

ADMIN_FORM_EMPTY_INLINES = {
    "cast_members-TOTAL_FORMS": 0,
    "cast_members-INITIAL_FORMS": 0,
    "crew_members-TOTAL_FORMS": 0,
    "crew_members-INITIAL_FORMS": 0,
}


@pytest.fixture
def edited_matrix() -> Movie:
    """The Matrix as staff left it: their own title, tagline, runtime and genres."""
    drama = Genre.objects.create(name="Drama", slug="drama")
    movie = Movie.objects.create(
        tmdb_id=603,
        title="Matrix",
        overview="Local overview.",
        tagline="Staff tagline.",
        runtime=120,
        admin_overrides=["genres", "runtime", "tagline", "title"],
    )
    movie.genres.add(drama)
    return movie


@pytest.fixture
def admin_site_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_list_upsert_leaves_overridden_fields_and_genres_alone(tmdb, edited_matrix):
    tmdb.get(
        "/movie/popular",
        json=page([movie_result(603, "The Matrix"), movie_result(550, "Fight Club", genre_ids=[18])]),
    )

    assert sync.tmdb_movie_list_ids(kind="popular", page=1).tmdb_ids == [603, 550]

    matrix = Movie.objects.get(tmdb_id=603)
    assert (matrix.title, matrix.overview, matrix.vote_count) == ("Matrix", "Overview of The Matrix.", 25000)
    assert list(matrix.genres.values_list("name", flat=True)) == ["Drama"]
    fight_club = Movie.objects.get(tmdb_id=550)
    assert (fight_club.title, list(fight_club.genres.values_list("name", flat=True))) == (
        "Fight Club",
        ["Drama"],
    )


def test_a_detail_sync_leaves_overridden_fields_alone_and_updates_the_rest(tmdb, edited_matrix):
    tmdb.get("/movie/603", json=matrix_detail())

    sync.movie_sync(tmdb_id=603, force=True)

    matrix = Movie.objects.get(tmdb_id=603)
    assert (matrix.title, matrix.tagline, matrix.runtime) == ("Matrix", "Staff tagline.", 120)
    assert (matrix.overview, matrix.imdb_id, matrix.tmdb_synced_at is not None) == (
        "Overview of The Matrix.",
        "tt0133093",
        True,
    )
    assert list(matrix.genres.values_list("name", flat=True)) == ["Drama"]
    assert matrix.cast_members.count() == 3
    assert matrix.admin_overrides == ["genres", "runtime", "tagline", "title"]


def test_clearing_overrides_resyncs_and_tmdb_values_come_back(
    tmdb, edited_matrix, django_capture_on_commit_callbacks
):
    tmdb.get("/movie/603", json=matrix_detail())

    with django_capture_on_commit_callbacks(execute=True):
        services.movie_update(tmdb_id=603, clear_overrides=["genres", "title"])

    matrix = Movie.objects.get(tmdb_id=603)
    assert (matrix.title, matrix.tagline, matrix.admin_overrides) == (
        "The Matrix",
        "Staff tagline.",
        ["runtime", "tagline"],
    )
    assert sorted(matrix.genres.values_list("name", flat=True)) == ["Action", "Science Fiction"]
    assert tmdb.calls_to("/movie/603") == 1


@pytest.mark.parametrize(
    ("clear", "fields", "message"),
    [
        (["nope", "tag_ids"], {}, "Not a field staff can override: nope, tag_ids. One of: "),
        ("title", {}, "A list of field names."),
        ([1], {}, "A list of field names."),
        (["title"], {"title": "X"}, "This edit sets title; leave it out to let TMDb's value back."),
    ],
)
def test_bad_overrides_to_clear_are_refused(edited_matrix, clear, fields, message):
    with pytest.raises(ValidationError) as raised:
        services.movie_update(tmdb_id=603, clear_overrides=clear, **fields)

    assert raised.value.message_dict["clear_overrides"][0].startswith(message)
    assert Movie.objects.get(tmdb_id=603).admin_overrides == ["genres", "runtime", "tagline", "title"]


def test_the_django_admin_records_the_fields_it_changed_as_overrides(admin_site_client):
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix", admin_overrides=["tagline"])
    form = {
        "tmdb_id": 603,
        "title": "The Matrix (edited)",
        "vote_average": 0,
        "vote_count": 0,
        "popularity_score": 0,
        "runtime": 136,
        "videos": "[]",
        **ADMIN_FORM_EMPTY_INLINES,
    }

    response = admin_site_client.post(f"/admin/catalog/movie/{movie.pk}/change/", form, secure=True)

    assert response.status_code == 302
    assert Movie.objects.get(tmdb_id=603).admin_overrides == ["runtime", "tagline", "title"]


def test_the_django_admin_action_hands_every_field_back_to_tmdb(admin_site_client, edited_matrix, settings):
    settings.TMDB_API_KEY = ""

    response = admin_site_client.post(
        "/admin/catalog/movie/",
        {"action": "clear_overrides", "_selected_action": [edited_matrix.pk]},
        secure=True,
        follow=True,
    )

    assert "Cleared the overrides of 1 movie(s)." in response.content.decode()
    matrix = Movie.objects.get(tmdb_id=603)
    assert (matrix.admin_overrides, matrix.title) == ([], "Matrix")  # TMDb fills them in at its next sync
