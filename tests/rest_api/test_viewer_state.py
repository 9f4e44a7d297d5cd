"""REST ``viewer`` on movie payloads: the reader's own state, batched per answer, never shared."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from catalog.models import Movie
from engagement.models import FavoriteMovie, NotInterested, Review
from recsys import tasks
from tests.factories import FavoriteFactory, ReviewFactory, WatchlistItemFactory, movie_with_credits

pytestmark = pytest.mark.django_db

NOBODY = None
UNTOUCHED = {
    "is_favorite": False,
    "in_watchlist": False,
    "not_interested": False,
    "rating": None,
    "review_id": None,
    "plays": 0,
    "last_played_on": None,
    "liked": False,
    "list_ids": [],
}


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    settings.TMDB_API_KEY = ""


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


def _viewer(response, tmdb_id: int = 603):
    assert response.status_code == 200, response.content
    body = response.json()
    movies = body.get("results", [body])
    return next(movie["viewer"] for movie in movies if movie["tmdb_id"] == tmdb_id)


def _matrix_state_of(user) -> Review:
    movie = movie_with_credits(tmdb_id=603, title="The Matrix")
    FavoriteFactory(user=user, movie=movie)
    return ReviewFactory(user=user, movie=movie, rating=Decimal("4.5"), text="")


MINE = {
    "is_favorite": True,
    "in_watchlist": False,
    "not_interested": False,
    "rating": 4.5,
    "plays": 0,
    "last_played_on": None,
    "liked": False,
    "list_ids": [],
}


@pytest.mark.parametrize(
    "url",
    ["/api/movies/popular/", "/api/movies/top-rated/", "/api/movies/603/", "/api/movies/search/?q=matrix"],
)
def test_catalog_answers_carry_the_readers_own_state(user, other_user, url):
    review = _matrix_state_of(user)
    Movie.objects.filter(tmdb_id=603).update(vote_count=10, vote_average=8)

    assert _viewer(_client(user).get(url)) == {**MINE, "review_id": str(review.pk)}
    assert _viewer(_client(other_user).get(url)) == UNTOUCHED
    assert _viewer(_client().get(url)) is NOBODY


def test_ranked_lists_carry_it_too(user, toy_fan, movies):
    tasks.generate_recommendations()
    FavoriteFactory(user=toy_fan, movie=movies[863])
    NotInterested.objects.create(user=toy_fan, movie=movies[12])
    cache.set("trending:week", [{"tmdb_id": 863, "score": 1.0}])
    reader = _client(toy_fan)

    favorite = {**UNTOUCHED, "is_favorite": True}
    assert _viewer(reader.get("/api/movies/trending/"), 863) == favorite
    assert _viewer(reader.get("/api/movies/862/recommendations/"), 863) == favorite
    assert _viewer(reader.get("/api/movies/862/similar/"), 863) == favorite
    personal = reader.get("/api/movies/recommendations/").json()["results"]
    assert {entry["movie"]["tmdb_id"]: entry["movie"]["viewer"] for entry in personal}[863] == favorite
    assert _viewer(_client().get("/api/movies/trending/"), 863) is NOBODY


@pytest.mark.usefixtures("uncached_payloads")
@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("/api/movies/trending/?limit=5", "/api/movies/trending/?limit=50"),
        ("/api/movies/popular/?page=3", "/api/movies/popular/"),  # 10 movies, then 20
    ],
)
def test_a_large_page_costs_the_queries_of_a_small_one(user, small, large):
    for tmdb_id in range(1, 51):
        movie = movie_with_credits(tmdb_id=tmdb_id)
        FavoriteFactory(user=user, movie=movie)
        WatchlistItemFactory(user=user, movie=movie)
        ReviewFactory(user=user, movie=movie, rating=3)
    cache.set("trending:week", [{"tmdb_id": n, "score": 1.0 / n} for n in range(1, 51)])
    reader = _client(user)

    counts, sizes = [], []
    for url in (small, large):
        reader.get(url)  # the reader's row is then remembered, as in steady use
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(url)
        counts.append(len(queries))
        viewers = [movie["viewer"] for movie in response.json()["results"]]
        sizes.append(len(viewers))
        assert {(v["is_favorite"], v["in_watchlist"], v["rating"]) for v in viewers} == {(True, True, 3.0)}

    assert sizes in ([5, 50], [10, 20])
    assert counts[0] == counts[1]


@pytest.mark.parametrize("url", ["/api/movies/popular/", "/api/movies/603/"])
def test_a_cached_answer_is_never_served_to_another_reader(user, other_user, url):
    review = _matrix_state_of(user)
    mine = {**MINE, "review_id": str(review.pk)}

    assert _viewer(_client(user).get(url)) == mine  # cached for user first
    assert _viewer(_client(other_user).get(url)) == UNTOUCHED
    assert _viewer(_client().get(url)) is NOBODY
    assert _viewer(_client().get(url)) is NOBODY  # anonymous, now from the cache
    assert _viewer(_client(user).get(url)) == mine  # and the reader's own answer is still theirs


def test_an_anonymous_answer_cached_first_never_hides_the_readers_state(user):
    review = _matrix_state_of(user)

    assert _viewer(_client().get("/api/movies/603/")) is NOBODY
    assert _viewer(_client(user).get("/api/movies/603/")) == {**MINE, "review_id": str(review.pk)}


def test_the_readers_writes_show_at_once_in_answers_cached_before(user, django_capture_on_commit_callbacks):
    movie_with_credits(tmdb_id=603, title="The Matrix")
    reader = _client(user)
    assert _viewer(reader.get("/api/movies/popular/")) == UNTOUCHED

    with django_capture_on_commit_callbacks(execute=True):
        assert reader.post("/api/user/favorites/", {"tmdb_id": 603}, format="json").status_code == 201
    assert _viewer(reader.get("/api/movies/popular/"))["is_favorite"] is True

    with django_capture_on_commit_callbacks(execute=True):
        created = reader.post("/api/movies/603/reviews/", {"rating": 3.5}, format="json")
    assert created.status_code == 201, created.content
    state = _viewer(reader.get("/api/movies/popular/"))
    assert (state["rating"], state["review_id"]) == (3.5, created.json()["id"])

    with django_capture_on_commit_callbacks(execute=True):
        assert reader.delete(f"/api/reviews/{created.json()['id']}/").status_code == 204
    assert _viewer(reader.get("/api/movies/popular/")) == {**UNTOUCHED, "is_favorite": True}


def test_an_etag_from_one_reader_never_gets_another_a_304(user, other_user):
    _matrix_state_of(user)
    first = _client(user).get("/api/movies/603/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert _client(user).get("/api/movies/603/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    for reader in (_client(other_user), _client()):
        for _ in range(2):  # built, then from the cache
            response = reader.get("/api/movies/603/", HTTP_IF_NONE_MATCH=etag)
            assert response.status_code == 200
            assert response["ETag"] != etag
            assert response.json()["viewer"] in (UNTOUCHED, NOBODY)


@pytest.mark.parametrize("token", ["forged", "eyJhbGciOiJIUzI1NiJ9.e30.bad"])
def test_a_bad_token_is_still_a_401(token):
    movie_with_credits(tmdb_id=603)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.get("/api/movies/603/")

    assert response.status_code == 401
    assert FavoriteMovie.objects.count() == 0
