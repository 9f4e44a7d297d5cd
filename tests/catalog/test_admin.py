"""Django admin of the catalog: pages load, a movie save invalidates its cached TMDb detail."""

import pytest
from django.core.cache import cache

from catalog.models import Genre, Keyword, Movie

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", ["movie", "genre", "keyword", "person"])
def test_changelists_with_search_load(admin_site_client, model):
    response = admin_site_client.get(f"/admin/catalog/{model}/", {"q": "matrix"}, secure=True)

    assert response.status_code == 200


def test_saving_a_movie_in_the_admin_invalidates_its_cached_detail(
    admin_site_client, django_capture_on_commit_callbacks
):
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix", rating_count=2, rated_4_5_count=2)
    genre = Genre.objects.create(name="Action", slug="action")
    cache.set("tmdb:movie:603:detail", {"title": "stale"})
    form = {
        "tmdb_id": 603,
        "title": "The Matrix (edited)",
        "rated_4_5_count": 9,  # read-only: only review writes move the counts
        "vote_average": 8.2,
        "vote_count": 100,
        "popularity_score": 5,
        "genres": [genre.pk],
        "videos": "[]",
        "cast_members-TOTAL_FORMS": 0,
        "cast_members-INITIAL_FORMS": 0,
        "crew_members-TOTAL_FORMS": 0,
        "crew_members-INITIAL_FORMS": 0,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_site_client.post(f"/admin/catalog/movie/{movie.pk}/change/", form, secure=True)

    assert response.status_code == 302, response.content.decode()[:2000]
    edited = Movie.objects.get(tmdb_id=603)
    assert (edited.title, edited.rating_count, edited.rated_4_5_count) == ("The Matrix (edited)", 2, 2)
    assert cache.get("tmdb:movie:603:detail") is None


def test_the_resync_action_queues_a_tmdb_sync(admin_site_client, settings):
    settings.TMDB_API_KEY = ""
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix")

    response = admin_site_client.post(
        "/admin/catalog/movie/",
        {"action": "resync_from_tmdb", "_selected_action": [movie.pk]},
        secure=True,
        follow=True,
    )

    assert "Queued a TMDb sync of 1 movie(s)." in response.content.decode()


def test_the_movie_form_applies_the_api_ranges(admin_site_client):
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix")
    form = {
        "tmdb_id": 603,
        "title": "The Matrix",
        "vote_average": 11,
        "vote_count": 100,
        "popularity_score": 5,
        "runtime": 60_001,
        "videos": "[]",
        "cast_members-TOTAL_FORMS": 0,
        "cast_members-INITIAL_FORMS": 0,
        "crew_members-TOTAL_FORMS": 0,
        "crew_members-INITIAL_FORMS": 0,
    }

    response = admin_site_client.post(f"/admin/catalog/movie/{movie.pk}/change/", form, secure=True)

    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["adminform"].form.errors
    assert errors == {
        "vote_average": ["The vote average is 0 to 10."],
        "runtime": ["Runtime is 0 to 60000 minutes."],
    }
    assert Movie.objects.get(tmdb_id=603).vote_average == 0.0


@pytest.mark.parametrize("model", ["genre", "keyword"])
def test_genre_and_keyword_edits_and_deletes_in_the_admin_retire_cached_answers(
    admin_site_client, api_client, model, django_capture_on_commit_callbacks
):
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix")
    movie.genres.add(Genre.objects.create(name="Action", slug="action"))
    row = (
        Genre.objects.get()
        if model == "genre"
        else Keyword.objects.create(name="cyberpunk", slug="cyberpunk")
    )
    assert api_client.get("/api/movies/popular/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        changed = admin_site_client.post(
            f"/admin/catalog/{model}/{row.pk}/change/", {"name": "Renamed", "slug": "renamed"}, secure=True
        )
    assert changed.status_code == 302
    assert len(callbacks) == 1
    if model == "genre":
        assert api_client.get("/api/movies/popular/").json()["results"][0]["genres"][0]["name"] == "Renamed"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        deleted = admin_site_client.post(
            f"/admin/catalog/{model}/{row.pk}/delete/", {"post": "yes"}, secure=True
        )
    assert deleted.status_code == 302
    assert len(callbacks) == 1
    assert list(movie.genres.values_list("name", flat=True)) == ([] if model == "genre" else ["Action"])
