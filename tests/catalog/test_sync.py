"""TMDb upserts, TMDb-backed id lists, movie_ensure, the sync task and detail invalidation."""

import pytest
from django.core.cache import cache

from catalog import invalidation, services, sync
from catalog.models import Genre, Movie, MovieCast, MovieCrew, Person
from catalog.tasks import sync_tmdb_movie
from common.exceptions import UpstreamUnavailable
from tests.catalog.tmdb_mock import NOT_FOUND, matrix_detail, movie_result, page
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db


def test_trending_ids_come_in_tmdb_order_and_are_upserted_with_genres(tmdb):
    tmdb.get(
        "/trending/movie/week",
        json=page([movie_result(27205, "Inception", genre_ids=[28]), movie_result(603, "The Matrix")]),
    )

    assert sync.tmdb_trending_ids(time_range="week") == [27205, 603]

    matrix = Movie.objects.get(tmdb_id=603)
    assert matrix.title == "The Matrix"
    assert matrix.vote_average == 8.2
    assert matrix.vote_count == 25000
    assert matrix.language == "en"
    assert matrix.poster_url == "https://image.tmdb.org/t/p/w500/poster603.jpg"
    assert sorted(matrix.genres.values_list("name", flat=True)) == ["Action", "Science Fiction"]
    assert Genre.objects.get(tmdb_id=878).slug == "science-fiction"


def test_an_upsert_updates_existing_movies_and_matches_genres_by_name(tmdb):
    drama = Genre.objects.create(name="Action", slug="action")
    Movie.objects.create(tmdb_id=603, title="Matrix (local)", overview="Kept when TMDb is blank.")
    tmdb.get("/trending/movie/day", json=page([movie_result(603, "The Matrix", overview="", genre_ids=[28])]))

    sync.tmdb_trending_ids(time_range="day")

    matrix = Movie.objects.get(tmdb_id=603)
    assert matrix.title == "The Matrix"
    assert matrix.overview == "Kept when TMDb is blank."
    assert list(matrix.genres.all()) == [drama]
    drama.refresh_from_db()
    assert drama.tmdb_id == 28
    assert Movie.objects.count() == 1


def test_similar_ids(tmdb):
    tmdb.get("/movie/603/similar", json=page([movie_result(604, "The Matrix Reloaded")]))

    assert sync.tmdb_similar_ids(tmdb_id=603) == [604]
    assert Movie.objects.filter(tmdb_id=604).exists()


@pytest.mark.parametrize("time_range", ["month", ""])
def test_trending_ids_for_an_unknown_window_are_empty(tmdb, time_range):
    assert sync.tmdb_trending_ids(time_range=time_range) == []


def test_id_lists_are_empty_without_a_key(settings):
    settings.TMDB_API_KEY = ""

    assert sync.tmdb_trending_ids(time_range="week") == []
    assert sync.tmdb_similar_ids(tmdb_id=603) == []


def test_id_lists_are_empty_when_tmdb_is_down_or_says_not_found(tmdb):
    tmdb.get("/trending/movie/week", status=503)
    tmdb.get("/movie/1/similar", status=404, json=NOT_FOUND)

    assert sync.tmdb_trending_ids(time_range="week") == []
    assert sync.tmdb_similar_ids(tmdb_id=1) == []


def test_a_detail_sync_stores_genres_cast_crew_and_videos_and_is_repeatable(tmdb):
    tmdb.get("/movie/603", json=matrix_detail())

    sync.movie_sync(tmdb_id=603)
    sync.movie_sync(tmdb_id=603, force=True)

    matrix = Movie.objects.get(tmdb_id=603)
    assert (matrix.runtime, matrix.tagline, matrix.imdb_id) == (
        136,
        "Welcome to the Real World.",
        "tt0133093",
    )
    assert matrix.tmdb_synced_at is not None
    assert matrix.videos == [
        {"key": "vKQi3bBA1y8", "site": "YouTube", "type": "Trailer", "name": "Trailer 1", "official": True}
    ]
    assert list(matrix.cast_members.values_list("person__name", "character_name", "order")) == [
        ("Keanu Reeves", "Neo", 0),
        ("Laurence Fishburne", "Morpheus", 1),
        ("Carrie-Anne Moss", "Trinity", 2),
    ]
    assert sorted(matrix.crew_members.values_list("person__name", "role")) == [
        ("Joel Silver", "Producer"),
        ("Lana Wachowski", "Director"),
        ("Lilly Wachowski", "Director"),
        ("Lilly Wachowski", "Screenplay"),
    ]
    assert Person.objects.get(tmdb_id=6384).photo_url == "https://image.tmdb.org/t/p/w185/keanu.jpg"
    assert (Person.objects.count(), MovieCast.objects.count(), MovieCrew.objects.count()) == (6, 3, 4)
    assert tmdb.calls_to("/movie/603") == 2


def test_movie_ensure_fetches_an_unknown_movie_from_tmdb(tmdb):
    tmdb.get("/movie/603", json=matrix_detail())

    movie = services.movie_ensure(tmdb_id=603)

    assert movie.title == "The Matrix"
    assert movie.cast_members.count() == 3


def test_movie_ensure_refuses_an_id_tmdb_does_not_know(tmdb):
    tmdb.get("/movie/999999", status=404, json=NOT_FOUND)

    with pytest.raises(Movie.DoesNotExist):
        services.movie_ensure(tmdb_id=999999)

    assert not Movie.objects.exists()


def test_movie_ensure_while_tmdb_is_down(tmdb):
    tmdb.get("/movie/603", status=503)

    with pytest.raises(UpstreamUnavailable):
        services.movie_ensure(tmdb_id=603)

    assert not Movie.objects.exists()


def test_movie_ensure_without_a_key_knows_only_the_local_catalog(settings, db):
    settings.TMDB_API_KEY = ""
    MovieRefFactory(tmdb_id=603, title="The Matrix")

    with pytest.raises(Movie.DoesNotExist, match=r"^No movie with TMDb id 987654321\.$"):
        services.movie_ensure(tmdb_id=987654321)
    assert services.movie_ensure(tmdb_id=603).title == "The Matrix"
    assert list(Movie.objects.values_list("tmdb_id", flat=True)) == [603]


def test_the_sync_task_refreshes_a_movie(tmdb):
    tmdb.get("/movie/603", json=matrix_detail())
    tmdb.get("/movie/999999", status=404, json=NOT_FOUND)

    assert sync_tmdb_movie.delay(603).get() is True
    assert sync_tmdb_movie.delay(999999).get() is False
    assert Movie.objects.get(tmdb_id=603).runtime == 136


def test_the_sync_task_does_nothing_without_a_key(settings, db):
    settings.TMDB_API_KEY = ""

    assert sync_tmdb_movie.delay(603).get() is False
    assert not Movie.objects.exists()


def test_detail_invalidation_drops_the_cached_detail(tmdb):
    tmdb.get("/movie/603", json=matrix_detail())
    sync.movie_sync(tmdb_id=603)
    assert cache.get("tmdb:movie:603:detail") is not None

    invalidation.movie_detail_invalidate(tmdb_id=603)

    assert cache.get("tmdb:movie:603:detail") is None
