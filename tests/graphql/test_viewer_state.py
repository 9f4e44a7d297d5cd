"""GraphQL ``Movie.viewerState``: the reader's own state, a list of movies at a time, never shared."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from catalog.models import Movie
from graphql_schema import dataloaders
from tests.errors import UNAUTHENTICATED
from tests.factories import FavoriteFactory, ReviewFactory, WatchlistItemFactory, movie_with_credits

pytestmark = pytest.mark.django_db

STATE = "viewerState { isFavorite inWatchlist notInterested rating reviewId }"
MOVIE = "query { movie(tmdbId: 603) { title " + STATE + " } }"
MOVIES = "query($n: Int!) { movies(pagination: {limit: $n}) { tmdbId " + STATE + " } }"
POPULAR = "query($page: Int!) { popular(page: $page) { results { tmdbId " + STATE + " } } }"
FAVORITES = "query { me { favorites { results { movie { tmdbId " + STATE + " } } } } }"
UNTOUCHED = {
    "isFavorite": False,
    "inWatchlist": False,
    "notInterested": False,
    "rating": None,
    "reviewId": None,
}


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    settings.TMDB_API_KEY = ""


def _token(user) -> str:
    return token_pair_for(user).access


def _matrix_state_of(user) -> dict:
    movie = movie_with_credits(tmdb_id=603, title="The Matrix")
    FavoriteFactory(user=user, movie=movie)
    review = ReviewFactory(user=user, movie=movie, rating=Decimal("4.5"), text="")
    return {
        "isFavorite": True,
        "inWatchlist": False,
        "notInterested": False,
        "rating": 4.5,
        "reviewId": str(review.pk),
    }


def _state(body: dict):
    assert "errors" not in body, body
    return body["data"]["movie"]["viewerState"]


def test_the_reader_sees_their_own_state_others_theirs_and_anonymous_null(gql, user, other_user):
    mine = _matrix_state_of(user)

    assert _state(gql(MOVIE, token=_token(user))) == mine
    assert _state(gql(MOVIE, token=_token(other_user))) == UNTOUCHED
    assert _state(gql(MOVIE)) is None
    assert _state(gql(MOVIE)) is None  # anonymous, now from the cache
    assert _state(gql(MOVIE, token=_token(user))) == mine  # the reader's own cached answer


def test_an_anonymous_answer_cached_first_never_hides_the_readers_state(gql, user):
    mine = _matrix_state_of(user)

    assert _state(gql(MOVIE)) is None
    assert _state(gql(MOVIE, token=_token(user))) == mine


def test_the_deprecated_flags_read_the_same_state(gql, user):
    _matrix_state_of(user)

    body = gql("query { movie(tmdbId: 603) { isFavorite inWatchlist isNotInterested } }", token=_token(user))

    assert body["data"]["movie"] == {"isFavorite": True, "inWatchlist": False, "isNotInterested": False}


def test_writes_show_at_once_in_answers_cached_before_and_later_in_the_same_request(
    gql, user, django_capture_on_commit_callbacks
):
    movie_with_credits(tmdb_id=603, title="The Matrix")
    token = _token(user)
    assert _state(gql(MOVIE, token=token)) == UNTOUCHED

    with django_capture_on_commit_callbacks(execute=True):
        body = gql(
            "mutation { addFavorite(tmdbId: 603) { ... on FavoriteMovie { movie { " + STATE + " } } }"
            " createReview(tmdbId: 603, rating: 3.5) { ... on Review { id movie { " + STATE + " } } } }",
            token=token,
        )
    review_id = body["data"]["createReview"]["id"]
    after_favorite = {**UNTOUCHED, "isFavorite": True}
    assert body["data"]["addFavorite"]["movie"]["viewerState"] == after_favorite
    rated = {**after_favorite, "rating": 3.5, "reviewId": review_id}
    assert body["data"]["createReview"]["movie"]["viewerState"] == rated
    assert _state(gql(MOVIE, token=token)) == rated


def test_an_etag_from_one_reader_never_gets_another_a_304(client, user, other_user):
    _matrix_state_of(user)
    mine = client.get("/graphql/", {"query": MOVIE}, HTTP_AUTHORIZATION=f"Bearer {_token(user)}")
    etag = mine["ETag"]
    assert mine.json()["data"]["movie"]["viewerState"]["isFavorite"] is True

    for headers in ({"HTTP_AUTHORIZATION": f"Bearer {_token(other_user)}"}, {}):
        for _ in range(2):  # built, then from the cache
            response = client.get("/graphql/", {"query": MOVIE}, HTTP_IF_NONE_MATCH=etag, **headers)
            assert response.status_code == 200
            assert response.json()["data"]["movie"]["viewerState"] in (UNTOUCHED, None)


def test_a_bad_token_is_unauthenticated(gql):
    movie_with_credits(tmdb_id=603)

    assert gql(MOVIE, token="forged") == UNAUTHENTICATED


def _fill(user, tmdb_ids) -> None:
    for tmdb_id in tmdb_ids:
        movie = movie_with_credits(tmdb_id=tmdb_id)
        Movie.objects.filter(tmdb_id=tmdb_id).update(popularity_score=tmdb_id)
        FavoriteFactory(user=user, movie=movie)
        WatchlistItemFactory(user=user, movie=movie)
        ReviewFactory(user=user, movie=movie, rating=3)


def _count(gql, query: str, variables: dict, token: str) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        body = gql(query, variables, token=token)
    assert "errors" not in body, body
    return len(queries), body


@pytest.mark.usefixtures("uncached_payloads")
def test_movies_and_popular_pages_cost_the_same_for_5_and_50_movies(gql, user):
    _fill(user, range(1, 51))
    token = _token(user)

    five, _body = _count(gql, MOVIES, {"n": 5}, token)
    fifty, many = _count(gql, MOVIES, {"n": 50}, token)
    assert len(many["data"]["movies"]) == 50
    assert {m["viewerState"]["rating"] for m in many["data"]["movies"]} == {3.0}
    assert fifty == five

    last, small = _count(gql, POPULAR, {"page": 3}, token)
    first, _ = _count(gql, POPULAR, {"page": 1}, token)
    assert len(small["data"]["popular"]["results"]) == 10
    assert first == last


@pytest.mark.usefixtures("uncached_payloads")
def test_my_favorites_cost_the_same_for_1_and_n_movies(gql, user):
    _fill(user, [1])
    token = _token(user)
    one, _body = _count(gql, FAVORITES, {}, token)
    _fill(user, range(2, 21))
    twenty, many = _count(gql, FAVORITES, {}, token)

    states = [entry["movie"]["viewerState"] for entry in many["data"]["me"]["favorites"]["results"]]
    assert len(states) == 20
    assert {(s["isFavorite"], s["inWatchlist"], s["rating"]) for s in states} == {(True, True, 3.0)}
    assert twenty == one


@pytest.mark.usefixtures("uncached_payloads")
def test_the_state_read_is_of_the_answers_movies_not_all_the_reader_ever_touched(gql, user, monkeypatch):
    _fill(user, range(1, 41))
    token = _token(user)
    asked = []
    read = dataloaders.viewer_states

    def spy(**kwargs):
        asked.append(set(kwargs["tmdb_ids"]))
        return read(**kwargs)

    monkeypatch.setattr(dataloaders, "viewer_states", spy)
    body = gql(MOVIES, {"n": 5}, token=token)

    shown = {movie["tmdbId"] for movie in body["data"]["movies"]}
    assert len(shown) == 5 and all(m["viewerState"]["isFavorite"] for m in body["data"]["movies"])
    assert len(asked) == 1 and asked[0] == shown  # one read, for the 5 movies of the page only
