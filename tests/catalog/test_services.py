"""Staff edits of the catalog (catalog.services): the rules both transports rely on."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from catalog import services
from catalog.models import Genre, Movie
from catalog.tmdb.api import detail_key
from common.exceptions import Conflict
from engagement.models import FavoriteMovie, Review
from tests.factories import FavoriteFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_records_the_fields_set_as_overrides_and_strips_text(django_capture_on_commit_callbacks):
    genre = Genre.objects.create(name="Action", slug="action")

    with django_capture_on_commit_callbacks(execute=True):
        movie = services.movie_create(tmdb_id=550, title="  Fight Club ", runtime=139, genre_ids=[genre.pk])

    assert (movie.title, movie.runtime) == ("Fight Club", 139)
    assert list(movie.genres.all()) == [genre]
    assert sorted(movie.admin_overrides) == ["genres", "runtime", "title"]


def test_create_reports_every_broken_rule_at_once_and_writes_nothing():
    Movie.objects.create(tmdb_id=603, title="The Matrix")

    with pytest.raises(ValidationError) as refused:
        services.movie_create(tmdb_id=603, title="Again", runtime=-5, vote_average=11, imdb_id="x")

    assert refused.value.message_dict == {
        "tmdb_id": ["A movie with TMDb id 603 already exists."],
        "runtime": ["Runtime is 0 to 60000 minutes."],
        "vote_average": ["The vote average is 0 to 10."],
        "imdb_id": ["An IMDb id looks like tt0133093."],
    }
    assert Movie.objects.get().title == "The Matrix"


@pytest.mark.parametrize("tmdb_id", [0, 2**31])
def test_a_tmdb_id_out_of_range_is_refused(tmdb_id):
    with pytest.raises(ValidationError) as refused:
        services.movie_create(tmdb_id=tmdb_id, title="Nowhere")

    assert refused.value.message_dict == {"tmdb_id": ["A TMDb id is an integer from 1 to 2147483647."]}


def test_update_drops_the_cached_tmdb_detail_once_committed(django_capture_on_commit_callbacks):
    Movie.objects.create(tmdb_id=603, title="The Matrix")
    cache.set(detail_key(603), {"title": "The Matrix"})

    with django_capture_on_commit_callbacks(execute=True):
        movie = services.movie_update(tmdb_id=603, title="Matrix")

    assert (movie.title, movie.admin_overrides) == ("Matrix", ["title"])
    assert cache.get(detail_key(603)) is None


def test_delete_asks_the_apps_above_for_usage_and_needs_force():
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix")
    FavoriteFactory(user=UserFactory(), movie=movie)
    FavoriteFactory(user=UserFactory(), movie=movie)
    ReviewFactory(user=UserFactory(), movie=movie, rating=5)

    with pytest.raises(Conflict) as refused:
        services.movie_delete(tmdb_id=603)

    assert refused.value.message == (
        "Users have 2 favorites and 1 review of movie 603; deleting it deletes them too. Use force to do so."
    )
    assert Movie.objects.exists()
    services.movie_delete(tmdb_id=603, force=True)
    assert (Movie.objects.count(), FavoriteMovie.objects.count(), Review.objects.count()) == (0, 0, 0)


def test_a_genre_slug_is_derived_and_names_stay_unique():
    genre = services.genre_create(name=" Film Noir ")

    assert (genre.name, genre.slug) == ("Film Noir", "film-noir")
    with pytest.raises(ValidationError) as refused:
        services.genre_create(name="film noir")
    assert refused.value.message_dict == {"name": ["A genre named “film noir” already exists."]}
    with pytest.raises(ValidationError) as underivable:
        services.genre_create(name="!!!")
    assert underivable.value.message_dict == {"slug": ["No slug can be derived from this name; give one."]}
