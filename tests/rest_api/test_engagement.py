"""REST favorites, watchlist, views and reviews: shapes, ownership, bad input, query counts."""

import datetime
import uuid
from decimal import Decimal

import pytest
import responses
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tokens import token_pair_for
from catalog.models import Movie
from catalog.tmdb import http as tmdb_http
from engagement.models import FavoriteMovie, Review, WatchHistory, WatchlistItem
from recsys.precomputed import user_recommendations_key
from tests.errors import codes, messages
from tests.factories import (
    FavoriteFactory,
    MovieRefFactory,
    ReviewFactory,
    WatchHistoryFactory,
    WatchlistItemFactory,
)

pytestmark = pytest.mark.django_db

HALF_STARS = "A rating is from 1 to 5 in half stars (1, 1.5, 2, ..., 5)."

NOON = datetime.datetime(2026, 3, 14, 12, 0, tzinfo=datetime.UTC)
LISTS = [
    pytest.param("/api/user/favorites/", FavoriteMovie, FavoriteFactory, id="favorites"),
    pytest.param("/api/user/watchlist/", WatchlistItem, WatchlistItemFactory, id="watchlist"),
]
NOT_FOUND = {None: ["Not found."]}
NO_CREDENTIALS = {None: ["Authentication credentials were not provided."]}
TMDB = "https://api.themoviedb.org/3"
INCEPTION = {
    "adult": False,
    "backdrop_path": "/8ZTVqvKDQ8emSGUEMjsS4yHAwrp.jpg",
    "genres": [{"id": 28, "name": "Action"}, {"id": 878, "name": "Science Fiction"}],
    "id": 27205,
    "imdb_id": "tt1375666",
    "original_language": "en",
    "original_title": "Inception",
    "overview": "Cobb, a skilled thief who commits corporate espionage by infiltrating the subconscious...",
    "popularity": 83.952,
    "poster_path": "/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg",
    "release_date": "2010-07-15",
    "runtime": 148,
    "status": "Released",
    "tagline": "Your mind is the scene of the crime.",
    "title": "Inception",
    "video": False,
    "vote_average": 8.369,
    "vote_count": 36458,
    "credits": {
        "cast": [
            {"id": 6193, "name": "Leonardo DiCaprio", "character": "Dom Cobb", "order": 0,
             "profile_path": "/wo2hJpn04vbtmh0B9utCFdsQhxM.jpg"},
        ],
        "crew": [{"id": 525, "name": "Christopher Nolan", "department": "Directing", "job": "Director"}],
    },
    "videos": {"results": [{"key": "YoHD9XEInc0", "site": "YouTube", "type": "Trailer", "official": True,
                            "name": "Official Trailer"}]},
}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    """Unknown movies come from the request body unless a test configures TMDb (mocked)."""
    settings.TMDB_API_KEY = ""


@pytest.fixture
def tmdb(settings):
    settings.TMDB_API_KEY = "test-key"
    settings.TMDB_BASE_URL = TMDB
    tmdb_http.reset()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{TMDB}/configuration", json={"images": {"secure_base_url": "https://image.tmdb.org/t/p/"}})
        yield mock
    tmdb_http.reset()


def _matrix() -> Movie:
    return MovieRefFactory(
        tmdb_id=603, title="The Matrix", poster_url="https://image.tmdb.org/t/p/w500/m.jpg"
    )


def _signed_in(user) -> APIClient:
    """A client with a token issued now (inside a frozen clock, tokens must be minted there too)."""
    return _client_with(token_pair_for(user).access)


def _client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


# --- favorites and watchlist --------------------------------------------------------------


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
@time_machine.travel(NOON, tick=False)
def test_add_is_201_then_200_with_the_same_entry(user, url, model, factory):
    _matrix()
    auth_client = _signed_in(user)
    first = auth_client.post(url, {"tmdb_id": 603}, format="json")
    again = auth_client.post(url, {"tmdb_id": 603, "title": "Ignored"}, format="json")

    assert first.status_code == 201
    entry = model.objects.get(user=user)
    assert first.json() == {
        "id": str(entry.pk),
        "tmdb_id": 603,
        "title": "The Matrix",
        "poster_url": "https://image.tmdb.org/t/p/w500/m.jpg",
        "added_at": "2026-03-14T12:00:00Z",
    }
    assert again.status_code == 200
    assert again.json() == first.json()
    assert model.objects.count() == 1


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_user_text_never_becomes_a_catalog_movie(auth_client, url, model, factory):
    # Without a TMDb key: an id the catalog does not know is refused, whatever the body says.
    response = auth_client.post(
        url,
        {
            "tmdb_id": 987654321,
            "title": '=HYPERLINK("https://evil.example","x")',
            "poster_url": "https://e.x/p",
        },
        format="json",
    )
    assert (response.status_code, messages(response)) == (404, NOT_FOUND)
    assert not Movie.objects.exists()
    assert not model.objects.exists()


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_title_and_poster_of_a_known_movie_are_ignored(auth_client, url, model, factory):
    MovieRefFactory(tmdb_id=603, title="The Matrix", poster_url="https://image.tmdb.org/t/p/w500/m.jpg")
    response = auth_client.post(
        url, {"tmdb_id": 603, "title": "Renamed", "poster_url": "nope"}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["title"], response.json()["poster_url"]) == (
        "The Matrix",
        "https://image.tmdb.org/t/p/w500/m.jpg",
    )
    assert Movie.objects.get(tmdb_id=603).title == "The Matrix"


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_add_unknown_movie_fetches_it_from_tmdb_when_configured(auth_client, tmdb, url, model, factory):
    tmdb.get(f"{TMDB}/movie/27205", json=INCEPTION)
    response = auth_client.post(url, {"tmdb_id": 27205}, format="json")
    assert response.status_code == 201
    assert response.json()["title"] == "Inception"
    assert response.json()["poster_url"] == "https://image.tmdb.org/t/p/w500/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg"
    movie = Movie.objects.get(tmdb_id=27205)
    assert (movie.runtime, sorted(movie.genres.values_list("name", flat=True))) == (
        148,
        ["Action", "Science Fiction"],
    )


def test_add_movie_tmdb_does_not_know_is_404(auth_client, tmdb):
    tmdb.get(
        f"{TMDB}/movie/99999999",
        status=404,
        json={
            "success": False,
            "status_code": 34,
            "status_message": "The resource you requested could not be found.",
        },
    )
    response = auth_client.post("/api/user/favorites/", {"tmdb_id": 99999999}, format="json")
    assert (response.status_code, messages(response)) == (404, NOT_FOUND)
    assert [call.request.url.split("?")[0] for call in tmdb.calls] == [f"{TMDB}/movie/99999999"]
    assert not FavoriteMovie.objects.exists()


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
@pytest.mark.parametrize(
    ("body", "status", "errors"),
    [
        ({}, 400, {"tmdb_id": ["This field is required."]}),
        ({"tmdb_id": "abc"}, 400, {"tmdb_id": ["A valid integer is required."]}),
        ({"tmdb_id": 0, "title": "Zero"}, 400, {"tmdb_id": ["A TMDb id is a positive integer."]}),
        ({"tmdb_id": -3, "title": "Minus"}, 400, {"tmdb_id": ["A TMDb id is a positive integer."]}),
        ({"tmdb_id": 27205, "title": "X", "poster_url": "nope"}, 404, NOT_FOUND),
        ({"tmdb_id": 27205}, 404, NOT_FOUND),
    ],
)
def test_add_bad_input_is_a_clear_error_and_writes_nothing(
    auth_client, url, model, factory, body, status, errors
):
    response = auth_client.post(url, body, format="json")
    assert (response.status_code, messages(response)) == (status, errors)
    assert not model.objects.exists()
    assert not Movie.objects.exists()


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_list_is_mine_newest_first_and_paginated(auth_client, user, other_user, url, model, factory):
    for days, tmdb_id in ((1, 10), (3, 30), (2, 20)):
        entry = factory(user=user, movie=MovieRefFactory(tmdb_id=tmdb_id))
        model.objects.filter(pk=entry.pk).update(added_at=NOON + datetime.timedelta(days=days))
    factory(user=other_user, movie=MovieRefFactory(tmdb_id=40))

    body = auth_client.get(url, {"page_size": 2}).json()

    assert body["count"] == 3
    assert body["previous"] is None
    assert body["next"].endswith(f"{url}?page=2&page_size=2")
    assert [row["tmdb_id"] for row in body["results"]] == [30, 20]
    assert [
        row["tmdb_id"] for row in auth_client.get(url, {"page": 2, "page_size": 2}).json()["results"]
    ] == [10]


@pytest.mark.parametrize(
    ("page_size", "message"),
    [
        ("null", "A valid integer is required."),
        ("2.5", "A valid integer is required."),
        ("0", "Ensure this value is greater than or equal to 1."),
        ("-3", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_list_refuses_a_page_size_that_is_not_a_positive_integer(auth_client, page_size, message):
    response = auth_client.get("/api/user/favorites/", {"page_size": page_size})
    assert response.status_code == 400
    assert messages(response) == {"page_size": [message]}


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_delete_own_entry(auth_client, user, url, model, factory, django_capture_on_commit_callbacks):
    entry = factory(user=user)
    cache.set(user_recommendations_key(user.pk), ["stale"])
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.delete(f"{url}{entry.pk}/")
    assert response.status_code == 204
    assert not model.objects.exists()
    assert cache.get(user_recommendations_key(user.pk)) is None


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_another_users_entry_is_404_and_untouched(auth_client, other_user, url, model, factory):
    entry = factory(user=other_user)
    response = auth_client.delete(f"{url}{entry.pk}/")
    assert (response.status_code, messages(response)) == (404, NOT_FOUND)
    assert model.objects.filter(pk=entry.pk, user=other_user).exists()
    assert auth_client.get(url).json()["count"] == 0


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
@pytest.mark.parametrize("entry_id", [str(uuid.UUID(int=1)), "not-a-uuid", "42"])
def test_unknown_or_malformed_entry_id_is_404(auth_client, url, model, factory, entry_id):
    response = auth_client.delete(f"{url}{entry_id}/")
    assert (response.status_code, messages(response)) == (404, NOT_FOUND)


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_delete_own_entry_by_tmdb_id(
    auth_client, user, url, model, factory, django_capture_on_commit_callbacks
):
    entry = factory(user=user)
    kept = factory(user=user)
    cache.set(user_recommendations_key(user.pk), ["stale"])
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.delete(f"{url}{entry.movie_id}/")
    assert response.status_code == 204
    assert list(model.objects.values_list("pk", flat=True)) == [kept.pk]
    assert cache.get(user_recommendations_key(user.pk)) is None


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_delete_by_tmdb_id_leaves_another_users_entry(auth_client, user, other_user, url, model, factory):
    theirs = factory(user=other_user)
    response = auth_client.delete(f"{url}{theirs.movie_id}/")
    assert (response.status_code, messages(response)) == (404, NOT_FOUND)
    assert model.objects.filter(pk=theirs.pk, user=other_user).exists()


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
@pytest.mark.parametrize("tmdb_id", ["603", "0", "99999999999999999999"])
def test_delete_by_unknown_tmdb_id_is_404_and_changes_nothing(
    auth_client, user, url, model, factory, tmdb_id
):
    entry = factory(user=user)
    response = auth_client.delete(f"{url}{tmdb_id}/")
    assert (response.status_code, messages(response)) == (404, NOT_FOUND)
    assert list(model.objects.values_list("pk", flat=True)) == [entry.pk]


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_delete_by_tmdb_id_needs_a_valid_token(api_client, user, url, model, factory):
    entry = factory(user=user)
    expired = AccessToken.for_user(user)
    expired.set_exp(from_time=NOON, lifetime=datetime.timedelta(minutes=5))
    assert (api_client.delete(f"{url}{entry.movie_id}/").status_code, model.objects.count()) == (401, 1)
    for token in (str(expired), "garbage"):
        response = _client_with(token).delete(f"{url}{entry.movie_id}/")
        assert (response.status_code, codes(response)) == (401, ["token_not_valid"])
    assert model.objects.count() == 1


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_anonymous_cannot_read_or_write_lists(api_client, user, url, model, factory):
    _matrix()
    entry = factory(user=user)
    for response in (
        api_client.get(url),
        api_client.post(url, {"tmdb_id": 603}, format="json"),
        api_client.delete(f"{url}{entry.pk}/"),
    ):
        assert (response.status_code, messages(response)) == (401, NO_CREDENTIALS)
    assert model.objects.count() == 1


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_expired_and_forged_tokens_are_401(user, url, model, factory):
    _matrix()
    expired = AccessToken.for_user(user)
    expired.set_exp(from_time=NOON, lifetime=datetime.timedelta(minutes=5))
    header, payload, signature = str(AccessToken.for_user(user)).split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    for token in (str(expired), forged, "garbage"):
        response = _client_with(token).post(url, {"tmdb_id": 603}, format="json")
        assert response.status_code == 401
        assert codes(response) == ["token_not_valid"]
    assert not model.objects.exists()


@pytest.mark.parametrize(("url", "model", "factory"), LISTS)
def test_list_query_count_does_not_grow_with_rows(
    auth_client, user, url, model, factory, django_assert_num_queries
):
    factory(user=user)
    with django_assert_num_queries(2):  # count, page (the token's user comes from the user cache)
        assert auth_client.get(url).json()["count"] == 1
    for _ in range(5):
        factory(user=user)
    with django_assert_num_queries(2):
        assert auth_client.get(url).json()["count"] == 6


# --- track-view and history ---------------------------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_anonymous_view_is_recorded_and_counted(api_client, django_capture_on_commit_callbacks):
    _matrix()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/movies/603/track-view/",
            {"progress_seconds": 120},
            format="json",
            HTTP_USER_AGENT="Mozilla/5.0",
        )
        api_client.post("/api/movies/603/track-view/", format="json", HTTP_USER_AGENT="Mozilla/5.0")

    assert response.status_code == 201
    view = WatchHistory.objects.get(progress_seconds=120)
    assert response.json() == {
        "id": str(view.pk),
        "tmdb_id": 603,
        "title": "The Matrix",
        "poster_url": "https://image.tmdb.org/t/p/w500/m.jpg",
        "watched_at": "2026-03-14T12:00:00Z",
        "progress_seconds": 120,
    }
    assert view.user is None
    assert len(view.viewer_key) == 64
    assert WatchHistory.objects.filter(viewer_key=view.viewer_key).count() == 2
    assert cache.get("movie:603:views:daily:2026-03-14") == 2


def test_signed_in_view_lands_in_history(auth_client, user):
    _matrix()
    assert auth_client.post("/api/movies/603/track-view/", format="json").status_code == 201
    view = WatchHistory.objects.get()
    assert (view.user, view.viewer_key) == (user, f"user:{user.pk}")
    assert [row["tmdb_id"] for row in auth_client.get("/api/user/history/").json()["results"]] == [603]


@pytest.mark.parametrize(
    ("path", "body", "status", "errors"),
    [
        ("/api/movies/603/track-view/", {"progress_seconds": -1}, 400,
         {"progress_seconds": ["Ensure this value is greater than or equal to 0."]}),
        ("/api/movies/603/track-view/", {"progress_seconds": 86_401}, 400,
         {"progress_seconds": ["Ensure this value is less than or equal to 86400."]}),
        ("/api/movies/603/track-view/", {"progress_seconds": "soon"}, 400,
         {"progress_seconds": ["A valid integer is required."]}),
        ("/api/movies/0/track-view/", {}, 400, {"tmdb_id": ["A TMDb id is a positive integer."]}),
        ("/api/movies/999999/track-view/", {}, 404, NOT_FOUND),
        ("/api/movies/-1/track-view/", {}, 404, NOT_FOUND),
    ],
)  # fmt: skip
def test_bad_track_view_is_a_clear_error(api_client, path, body, status, errors):
    _matrix()
    response = api_client.post(path, body, format="json")
    assert (response.status_code, messages(response)) == (status, errors)
    assert not WatchHistory.objects.exists()


def test_track_view_is_throttled(api_client, throttle_rates):
    _matrix()
    throttle_rates(track_view_ip="2/min")
    codes = [api_client.post("/api/movies/603/track-view/").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert WatchHistory.objects.count() == 2


def test_history_is_mine_only(auth_client, user, other_user):
    WatchHistoryFactory(user=user, movie=MovieRefFactory(tmdb_id=1), watched_at=NOON)
    WatchHistoryFactory(user=other_user, movie=MovieRefFactory(tmdb_id=2), watched_at=NOON)
    WatchHistoryFactory(user=None, viewer_key="anon", movie=MovieRefFactory(tmdb_id=3), watched_at=NOON)
    body = auth_client.get("/api/user/history/").json()
    assert (body["count"], [row["tmdb_id"] for row in body["results"]]) == (1, [1])


def test_history_needs_sign_in(api_client):
    response = api_client.get("/api/user/history/")
    assert (response.status_code, messages(response)) == (401, NO_CREDENTIALS)


def test_history_query_count_does_not_grow_with_rows(auth_client, user, django_assert_num_queries):
    WatchHistoryFactory(user=user)
    with django_assert_num_queries(2):  # count, page (the token's user comes from the user cache)
        auth_client.get("/api/user/history/")
    for _ in range(5):
        WatchHistoryFactory(user=user)
    with django_assert_num_queries(2):
        assert auth_client.get("/api/user/history/").json()["count"] == 6


# --- reviews ------------------------------------------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_create_review_and_read_it_publicly(api_client, user):
    _matrix()
    auth_client = _signed_in(user)
    response = auth_client.post("/api/movies/603/reviews/", {"rating": 5, "text": "Red pill."}, format="json")

    assert response.status_code == 201
    review = Review.objects.get()
    expected = {
        "id": str(review.pk),
        "tmdb_id": 603,
        "username": user.username,
        "rating": 5,
        "text": "Red pill.",
        "created_at": "2026-03-14T12:00:00Z",
        "updated_at": "2026-03-14T12:00:00Z",
        "like_count": 0,
        "comment_count": 0,
        "liked_by_me": False,
    }
    assert response.json() == expected
    listing = api_client.get("/api/movies/603/reviews/").json()
    assert listing == {"count": 1, "next": None, "previous": None, "results": [expected]}
    assert Movie.objects.get(tmdb_id=603).average_rating == 5.0


def test_second_review_of_the_same_movie_is_409(auth_client):
    _matrix()
    auth_client.post("/api/movies/603/reviews/", {"rating": 5}, format="json")
    response = auth_client.post("/api/movies/603/reviews/", {"rating": 1}, format="json")
    assert (response.status_code, response.json()) == (
        409,
        {
            "type": "client_error",
            "errors": [
                {
                    "code": "conflict",
                    "detail": "You have already reviewed this movie; edit that review instead.",
                    "attr": None,
                }
            ],
        },
    )
    movie = Movie.objects.get(tmdb_id=603)
    assert (movie.rating_sum, movie.rating_count) == (5, 1)


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"rating": 0}, {"rating": [HALF_STARS]}),
        ({"rating": 0.5}, {"rating": [HALF_STARS]}),
        ({"rating": 4.3}, {"rating": [HALF_STARS]}),
        ({"rating": 5.5}, {"rating": [HALF_STARS]}),
        ({"rating": 6}, {"rating": [HALF_STARS]}),
        ({"rating": "five"}, {"rating": ["A valid number is required."]}),
        ({"rating": True}, {"rating": ["A valid number is required."]}),
        ({"rating": None}, {"rating": ["This field may not be null."]}),
        ({"text": "No rating."}, {"rating": ["This field is required."]}),
        ({"rating": 3, "text": "x" * 5001},
         {"text": ["Ensure this value has at most 5000 characters (it has 5001)."]}),
    ],
)  # fmt: skip
def test_bad_review_input_is_400_and_writes_nothing(auth_client, body, errors):
    _matrix()
    response = auth_client.post("/api/movies/603/reviews/", body, format="json")
    assert (response.status_code, messages(response)) == (400, errors)
    assert not Review.objects.exists()
    assert Movie.objects.get(tmdb_id=603).rating_count == 0


@pytest.mark.parametrize(("sent", "kept"), [(4.5, 4.5), ("4.5", 4.5), (4, 4.0), (1, 1.0)])
def test_half_stars_and_whole_numbers_are_accepted(auth_client, sent, kept):
    _matrix()
    response = auth_client.post("/api/movies/603/reviews/", {"rating": sent}, format="json")
    assert (response.status_code, response.json()["rating"]) == (201, kept)
    assert Review.objects.get().rating == Decimal(str(kept))


def test_half_stars_are_averaged_exactly_and_a_bad_update_changes_nothing(auth_client, other_user):
    _matrix()
    ReviewFactory(user=other_user, movie_id=603, rating=Decimal("3.5"), text="")
    review_id = auth_client.post("/api/movies/603/reviews/", {"rating": 4.5}, format="json").json()["id"]
    assert Movie.objects.get(tmdb_id=603).average_rating == 4.0
    response = auth_client.patch(f"/api/reviews/{review_id}/", {"rating": 4.3}, format="json")
    assert (response.status_code, messages(response)) == (400, {"rating": [HALF_STARS]})
    movie = Movie.objects.get(tmdb_id=603)
    assert (Review.objects.get(pk=review_id).rating, movie.rating_sum, movie.rating_count) == (
        Decimal("4.5"),
        Decimal("8.0"),
        2,
    )


def test_movie_reviews_leave_bare_ratings_out_unless_asked(api_client):
    matrix = _matrix()
    ReviewFactory(movie=matrix, rating=5, text="Red pill.")
    ReviewFactory(movie=matrix, rating=Decimal("2.5"), text="")
    default = api_client.get("/api/movies/603/reviews/").json()
    assert (default["count"], [r["text"] for r in default["results"]]) == (1, ["Red pill."])
    everything = api_client.get("/api/movies/603/reviews/?include_ratings=true").json()
    assert sorted(r["rating"] for r in everything["results"]) == [2.5, 5.0]
    assert api_client.get("/api/movies/603/reviews/?include_ratings=false").json()["count"] == 1


def test_a_bad_include_ratings_flag_is_400(api_client):
    _matrix()
    response = api_client.get("/api/movies/603/reviews/?include_ratings=maybe")
    assert (response.status_code, messages(response)) == (
        400,
        {"include_ratings": ["Must be a valid boolean."]},
    )


def test_my_reviews_are_mine_only_newest_first_with_ratings_when_asked(auth_client, user, other_user):
    with time_machine.travel(NOON, tick=False):
        ReviewFactory(user=user, movie=MovieRefFactory(tmdb_id=1), rating=4, text="Fine.")
    ReviewFactory(user=user, movie=MovieRefFactory(tmdb_id=2), rating=Decimal("4.5"), text="Great.")
    ReviewFactory(user=user, movie=MovieRefFactory(tmdb_id=3), rating=2, text="")
    ReviewFactory(user=other_user, movie_id=1, rating=1, text="Not mine.")

    default = auth_client.get("/api/user/reviews/").json()
    everything = auth_client.get("/api/user/reviews/", {"include_ratings": "true"}).json()

    assert [(r["tmdb_id"], r["rating"], r["text"]) for r in default["results"]] == [
        (2, 4.5, "Great."),
        (1, 4.0, "Fine."),
    ]
    assert (everything["count"], sorted(r["tmdb_id"] for r in everything["results"])) == (3, [1, 2, 3])


def test_my_reviews_need_sign_in_and_a_valid_flag(api_client, auth_client, user):
    ReviewFactory(user=user)
    anonymous = api_client.get("/api/user/reviews/")
    bad_flag = auth_client.get("/api/user/reviews/", {"include_ratings": "maybe"})
    assert (anonymous.status_code, messages(anonymous)) == (401, NO_CREDENTIALS)
    assert (bad_flag.status_code, messages(bad_flag)) == (
        400,
        {"include_ratings": ["Must be a valid boolean."]},
    )


def test_my_reviews_query_count_does_not_grow_with_rows(auth_client, user, django_assert_num_queries):
    ReviewFactory(user=user)
    with django_assert_num_queries(2):  # count, page with its movies (the token's user is cached)
        auth_client.get("/api/user/reviews/")
    for _ in range(5):
        ReviewFactory(user=user)
    with django_assert_num_queries(2):
        assert auth_client.get("/api/user/reviews/").json()["count"] == 6


def test_review_of_unknown_movie_is_404(auth_client):
    response = auth_client.post("/api/movies/999999/reviews/", {"rating": 3}, format="json")
    assert (response.status_code, messages(response)) == (404, NOT_FOUND)


def test_anonymous_cannot_review(api_client):
    _matrix()
    response = api_client.post("/api/movies/603/reviews/", {"rating": 3}, format="json")
    assert (response.status_code, messages(response)) == (401, NO_CREDENTIALS)
    assert not Review.objects.exists()


def test_owner_updates_with_put_and_patch(auth_client, user):
    _matrix()
    review_id = auth_client.post(
        "/api/movies/603/reviews/", {"rating": 5, "text": "A"}, format="json"
    ).json()["id"]

    put = auth_client.put(f"/api/reviews/{review_id}/", {"rating": 2}, format="json")
    assert (put.status_code, put.json()["rating"], put.json()["text"]) == (200, 2, "")

    patch = auth_client.patch(f"/api/reviews/{review_id}/", {"text": "Second look."}, format="json")
    assert (patch.status_code, patch.json()["rating"], patch.json()["text"]) == (200, 2, "Second look.")

    movie = Movie.objects.get(tmdb_id=603)
    assert (movie.rating_sum, movie.rating_count) == (2, 1)


def test_put_needs_a_rating(auth_client, user):
    review = ReviewFactory(user=user, rating=4, text="Keep.")
    response = auth_client.put(f"/api/reviews/{review.pk}/", {"text": "New"}, format="json")
    assert (response.status_code, messages(response)) == (400, {"rating": ["This field is required."]})
    review.refresh_from_db()
    assert (review.rating, review.text) == (4, "Keep.")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_another_users_review_is_404_and_untouched(auth_client, other_user, method):
    review = ReviewFactory(user=other_user, rating=4, text="Mine.")
    response = getattr(auth_client, method)(
        f"/api/reviews/{review.pk}/", {"rating": 1, "text": "x"}, format="json"
    )
    assert (response.status_code, messages(response)) == (404, NOT_FOUND)
    review.refresh_from_db()
    assert (review.rating, review.text) == (4, "Mine.")


def test_staff_may_delete_but_not_edit_a_review(admin_client, user):
    review = ReviewFactory(user=user, rating=4)
    assert admin_client.patch(f"/api/reviews/{review.pk}/", {"rating": 1}, format="json").status_code == 404
    assert admin_client.delete(f"/api/reviews/{review.pk}/").status_code == 204
    assert not Review.objects.exists()


def test_owner_deletes_a_review_and_the_average_follows(auth_client, other_user):
    _matrix()
    mine = auth_client.post("/api/movies/603/reviews/", {"rating": 1}, format="json").json()["id"]
    other = APIClient()
    other.force_authenticate(other_user)
    other.post("/api/movies/603/reviews/", {"rating": 5}, format="json")
    assert Movie.objects.get(tmdb_id=603).average_rating == 3.0

    assert auth_client.delete(f"/api/reviews/{mine}/").status_code == 204
    assert Movie.objects.get(tmdb_id=603).average_rating == 5.0


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_anonymous_cannot_change_reviews(api_client, user, method):
    review = ReviewFactory(user=user)
    response = getattr(api_client, method)(f"/api/reviews/{review.pk}/", {"rating": 1}, format="json")
    assert (response.status_code, messages(response)) == (401, NO_CREDENTIALS)
    assert Review.objects.get(pk=review.pk).rating == 4


def test_movie_reviews_query_count_does_not_grow_with_rows(api_client, django_assert_num_queries):
    matrix = _matrix()
    ReviewFactory(movie=matrix)
    with django_assert_num_queries(2):  # count, page (with user and movie joined)
        api_client.get("/api/movies/603/reviews/")
    for _ in range(5):
        ReviewFactory(movie=matrix)
    with django_assert_num_queries(2):
        assert api_client.get("/api/movies/603/reviews/").json()["count"] == 6
    for _ in range(3):
        ReviewFactory(movie=matrix, text="")
    with django_assert_num_queries(2):
        assert api_client.get("/api/movies/603/reviews/?include_ratings=true").json()["count"] == 9
