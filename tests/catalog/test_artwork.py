"""Drawn posters and backdrops: the URLs both APIs give, and the images /media/art/ serves."""

import pytest

from catalog.models import Genre, Movie
from tests.errors import codes
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

TMDB_POSTER = "https://image.tmdb.org/t/p/w500/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg"


@pytest.fixture
def matrix(settings) -> Movie:
    settings.PUBLIC_BASE_URL = "https://moviverse.example/"
    movie = MovieRefFactory(tmdb_id=603, title="The Matrix", year=1999)
    movie.genres.add(Genre.objects.create(name="Science Fiction", slug="science-fiction"))
    return movie


def test_a_movie_without_tmdb_images_links_its_drawn_ones_on_both_surfaces(matrix, api_client, gql):
    rest = api_client.get("/api/movies/603/").json()
    answer = gql("{ movie(tmdbId: 603) { posterUrl backdropUrl } }")

    poster = "https://moviverse.example/media/art/poster/603.svg"
    backdrop = "https://moviverse.example/media/art/backdrop/603.svg"
    assert (rest["poster_url"], rest["backdrop_url"]) == (poster, backdrop)
    assert answer == {"data": {"movie": {"posterUrl": poster, "backdropUrl": backdrop}}}
    listed = api_client.get("/api/movies/popular/").json()["results"][0]
    assert listed["poster_url"] == poster


def test_tmdb_images_win_over_drawn_ones(matrix, api_client, gql):
    Movie.objects.filter(tmdb_id=603).update(poster_url=TMDB_POSTER)

    rest = api_client.get("/api/movies/603/").json()
    answer = gql("{ movie(tmdbId: 603) { posterUrl backdropUrl } }")

    assert rest["poster_url"] == TMDB_POSTER
    assert rest["backdrop_url"] == "https://moviverse.example/media/art/backdrop/603.svg"
    assert answer["data"]["movie"]["posterUrl"] == TMDB_POSTER


def test_the_drawn_poster_is_a_cacheable_locked_down_svg_with_title_year_and_genres(matrix, client):
    response = client.get("/media/art/poster/603.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert response["X-Content-Type-Options"] == "nosniff"
    svg = response.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="750"')
    assert ">The Matrix</text>" in svg
    assert ">1999 · Science Fiction</text>" in svg
    again = client.get("/media/art/poster/603.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again.content) == (304, b"")


def test_the_same_movie_always_gets_the_same_picture_and_the_backdrop_is_wide(matrix, client):
    first = client.get("/media/art/backdrop/603.svg")
    second = client.get("/media/art/backdrop/603.svg")

    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert 'width="1280" height="720"' in first.content.decode()


def test_a_title_with_markup_renders_as_text(client):
    MovieRefFactory(tmdb_id=7, title='Tom & Jerry <script>alert("x")</script>')

    svg = client.get("/media/art/poster/7.svg").content.decode()

    assert "<script" not in svg
    assert "Tom &amp; Jerry &lt;script&gt;" in svg


@pytest.mark.parametrize("path", ["/media/art/poster/999.svg", "/media/art/backdrop/99999999999.svg"])
def test_an_unknown_movie_has_no_picture(client, path):
    response = client.get(path)

    assert (response.status_code, codes(response)) == (404, ["not_found"])


def test_only_posters_and_backdrops_are_drawn(matrix, client):
    assert client.get("/media/art/banner/603.svg").status_code == 404
    assert client.post("/media/art/poster/603.svg").status_code == 405
