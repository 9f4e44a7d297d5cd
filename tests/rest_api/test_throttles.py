"""REST throttling: every scope is limited per client address and per signed-in user."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth import get_user_model
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from accounts.tokens import token_pair_for
from api_policy.throttling import ScopedIPRateThrottle
from catalog.models import Movie
from engagement.models import FavoriteMovie, Review, WatchHistory, WatchlistItem
from tests.catalog.tmdb_mock import matrix_detail, tmdb  # noqa: F401
from tests.errors import messages
from tests.factories import MovieRefFactory, UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

SEARCH = "/api/movies/search/"
TRENDING = "/api/movies/trending/"
TRACK = "/api/movies/603/track-view/"
REGISTER = "/api/auth/register/"
LOTS = "1000/min"


@pytest.fixture(autouse=True)
def _frozen_clock():
    """Throttle windows are measured on a clock that does not move during the test."""
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _one_proxy(settings):
    """One trusted proxy: the right-most X-Forwarded-For entry is the client's address."""
    settings.NUM_PROXIES = 1


def signed_in(user) -> APIClient:
    """A client carrying a freshly minted access token of ``user``."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


def search_from(client: APIClient, address: str) -> int:
    return client.get(SEARCH, {"q": "toy"}, HTTP_X_FORWARDED_FOR=address).status_code


def test_one_user_rotating_addresses_and_tokens_is_stopped_by_the_user_limit(user, throttle_rates):
    throttle_rates(search_user="2/min", search_ip=LOTS)

    statuses = [search_from(signed_in(user), f"203.0.113.{n}") for n in range(1, 4)]

    assert statuses == [200, 200, 429]
    # Someone else on the last address is not affected.
    assert search_from(signed_in(UserFactory()), "203.0.113.3") == 200


def test_many_users_and_anonymous_clients_on_one_address_share_the_address_limit(throttle_rates):
    throttle_rates(search_ip="3/min", search_user=LOTS)
    clients = [APIClient(), signed_in(UserFactory()), signed_in(UserFactory()), signed_in(UserFactory())]

    statuses = [search_from(client, "198.51.100.7") for client in clients]

    assert statuses == [200, 200, 200, 429]
    assert search_from(APIClient(), "198.51.100.8") == 200


def test_anonymous_requests_are_not_held_by_the_user_limit(api_client, throttle_rates):
    throttle_rates(search_user="1/min", search_ip=LOTS)

    assert [search_from(api_client, "198.51.100.7") for _ in range(3)] == [200, 200, 200]


def test_scopes_keep_separate_counters(api_client, throttle_rates):
    throttle_rates(search_ip="1/min")

    assert search_from(api_client, "198.51.100.7") == 200
    assert search_from(api_client, "198.51.100.7") == 429
    assert api_client.get(TRENDING, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200


@pytest.mark.parametrize(
    ("rates", "client_for"),
    [
        pytest.param({"search_ip": "1/min"}, lambda user: APIClient(), id="address-limit"),
        pytest.param({"search_user": "1/min"}, signed_in, id="user-limit"),
    ],
)
def test_429_is_json_with_a_message_and_retry_after(user, throttle_rates, rates, client_for):
    throttle_rates(**rates)
    client = client_for(user)
    client.get(SEARCH, {"q": "toy"}, HTTP_X_FORWARDED_FOR="198.51.100.7")

    response = client.get(SEARCH, {"q": "toy"}, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert messages(response) == {None: ["Request was throttled. Expected available in 60 seconds."]}
    assert response["Retry-After"] == "60"


def test_retry_after_shrinks_as_the_window_passes(api_client, throttle_rates):
    throttle_rates(search_ip="1/min")
    search_from(api_client, "198.51.100.7")

    with time_machine.travel(datetime.timedelta(seconds=45), tick=False):
        response = api_client.get(SEARCH, {"q": "toy"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert (response.status_code, response["Retry-After"]) == (429, "15")
    with time_machine.travel(datetime.timedelta(seconds=61), tick=False):
        assert search_from(api_client, "198.51.100.7") == 200


def test_a_throttled_track_view_records_nothing(user, throttle_rates):
    MovieRefFactory(tmdb_id=603)
    throttle_rates(track_view_user="1/min", track_view_ip=LOTS)
    client = signed_in(user)

    first = client.post(TRACK, HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = client.post(TRACK, HTTP_X_FORWARDED_FOR="203.0.113.2")

    assert (first.status_code, second.status_code) == (201, 429)
    assert WatchHistory.objects.count() == 1


def test_a_throttled_registration_creates_no_account(api_client, throttle_rates):
    throttle_rates(auth_ip="1/min")

    def register(email: str) -> int:
        body = {"email": email, "username": email.split("@")[0], "password": "follow-the-white-rabbit"}
        return api_client.post(REGISTER, body, format="json", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code

    assert (register("neo@example.com"), register("trinity@example.com")) == (201, 429)
    assert list(User.objects.values_list("email", flat=True)) == ["neo@example.com"]


def test_forged_forwarded_for_does_not_reset_the_address_counter_without_proxies(
    api_client, settings, throttle_rates
):
    settings.NUM_PROXIES = 0
    throttle_rates(search_ip="2/min")

    statuses = [search_from(api_client, f"203.0.113.{n}") for n in range(1, 4)]

    assert statuses == [200, 200, 429]


def test_forged_entries_left_of_the_proxy_one_are_ignored(api_client, throttle_rates):
    throttle_rates(search_ip="2/min")

    statuses = [search_from(api_client, f"203.0.113.{n}, 198.51.100.7") for n in range(1, 4)]

    assert statuses == [200, 200, 429]


def _unknown_movies(mocked, ids: list[int]) -> None:
    """TMDb knows these movies; the local catalog does not."""
    for tmdb_id in ids:
        mocked.get(f"/movie/{tmdb_id}", json=matrix_detail(id=tmdb_id, title=f"Movie {tmdb_id}"))


def test_favorites_of_unknown_movies_spend_the_tmdb_scope(tmdb, throttle_rates, user):  # noqa: F811
    """Six favorite POSTs under a 2/min limit: two reach TMDb, four are refused and add nothing."""
    throttle_rates(tmdb_user="2/min", tmdb_ip=LOTS)
    ids = [9001, 9002, 9003, 9004, 9005, 9006]
    _unknown_movies(tmdb, ids)
    client = signed_in(user)

    codes = [client.post("/api/user/favorites/", {"tmdb_id": i}, format="json").status_code for i in ids]
    assert codes == [201, 201, 429, 429, 429, 429]
    assert sum(tmdb.calls_to(f"/movie/{i}") for i in ids) == 2
    assert list(FavoriteMovie.objects.order_by("movie_id").values_list("movie_id", flat=True)) == [9001, 9002]
    assert not Movie.objects.filter(tmdb_id__gt=9002).exists()


def test_watchlist_and_review_writes_spend_the_tmdb_scope(tmdb, throttle_rates, user):  # noqa: F811
    throttle_rates(tmdb_user="2/min", tmdb_ip=LOTS)
    _unknown_movies(tmdb, [9001, 9002, 9003])
    client = signed_in(user)

    assert client.post("/api/user/watchlist/", {"tmdb_id": 9001}, format="json").status_code == 201
    review = {"rating": 4, "text": "Fine."}
    assert client.post("/api/movies/9002/reviews/", review, format="json").status_code == 201
    refused = client.post("/api/movies/9003/reviews/", review, format="json")
    assert refused.status_code == 429
    assert messages(refused)[None][0] == "Request was throttled. Expected available in 60 seconds."
    assert client.post("/api/user/watchlist/", {"tmdb_id": 9003}, format="json").status_code == 429
    assert tmdb.calls_to("/movie/9003") == 0
    assert not Movie.objects.filter(tmdb_id=9003).exists()
    assert list(Review.objects.values_list("movie_id", flat=True)) == [9002]
    assert list(WatchlistItem.objects.values_list("movie_id", flat=True)) == [9001]
    # Reading the lists spends nothing.
    assert client.get("/api/user/watchlist/").status_code == 200
    assert client.get("/api/movies/9002/reviews/").status_code == 200


def test_the_throttles_also_work_as_drf_throttle_classes(throttle_rates):
    throttle_rates(search_ip="1/min")
    request = Request(APIRequestFactory().get(SEARCH, HTTP_X_FORWARDED_FOR="198.51.100.7"))
    view = SimpleNamespace(throttle_scope="search")
    first, second = ScopedIPRateThrottle(), ScopedIPRateThrottle()

    assert first.allow_request(request, view) is True
    assert (second.allow_request(request, view), second.wait()) == (False, 60.0)
