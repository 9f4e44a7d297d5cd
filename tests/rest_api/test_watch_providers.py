"""Where to watch on REST: a movie's offers, the provider and region lists, the user's services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from catalog import offers
from catalog.models import Movie
from catalog.tmdb import normalize
from engagement.models import UserServices
from tests.catalog.tmdb_mock import MATRIX_OFFERS, PROVIDER_LIST, REGION_LIST, matrix_detail, tmdb  # noqa: F401
from tests.errors import messages

pytestmark = pytest.mark.django_db

SERVICES = "/api/user/services/"


@pytest.fixture
def matrix():
    Movie.objects.create(tmdb_id=603, title="The Matrix")
    offers.providers_upsert(providers=normalize.providers(PROVIDER_LIST), full_list=True)
    offers.regions_upsert(regions=normalize.regions(REGION_LIST))
    offers.offers_replace(tmdb_id=603, regions=normalize.watch_providers(MATRIX_OFFERS))


def test_a_movies_offers_in_a_region(api_client, matrix):
    response = api_client.get("/api/movies/603/watch-providers/?region=US")
    assert response.status_code == 200
    body = response.json()
    assert body["tmdb_id"] == 603 and body["region"] == "US" and body["available"] is True
    assert body["flatrate"] == [
        {
            "id": 1899,
            "name": "Max",
            "logo_url": "https://image.tmdb.org/t/p/w92/jbe4gVSfRlbPTdESXhEKpornsfu.jpg",
        }
    ]
    assert [p["name"] for p in body["rent"]] == ["Apple TV", "Amazon Video"]
    assert body["free"] == [] and body["ads"] == [] and body["fetched_at"]
    assert body["attribution"] == {"text": "Streaming data by JustWatch", "url": "https://www.justwatch.com/"}


def test_the_default_region_is_the_readers_and_never_shared(
    api_client, auth_client, user, matrix, django_capture_on_commit_callbacks
):
    UserServices.objects.create(user=user, region="DE")
    assert auth_client.get("/api/movies/603/watch-providers/").json()["region"] == "DE"
    assert api_client.get("/api/movies/603/watch-providers/").json()["region"] == "US"
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.put(SERVICES, {"region": "GB", "provider_ids": []}, format="json")
    assert auth_client.get("/api/movies/603/watch-providers/").json()["region"] == "GB"  # not a stale answer


@pytest.mark.parametrize("region", ["USA", "us1", "", "ZZ"])
def test_an_unknown_region_is_a_400(api_client, matrix, region):
    response = api_client.get(f"/api/movies/603/watch-providers/?region={region}")
    assert response.status_code == 400 and "region" in messages(response)


def test_an_unknown_movie_is_a_404(api_client, matrix):
    assert api_client.get("/api/movies/999999/watch-providers/?region=US").status_code == 404


def test_tmdb_down_serves_the_last_known_offers(api_client, matrix, tmdb):  # noqa: F811
    tmdb.get("/movie/603", status=503)
    body = api_client.get("/api/movies/603/watch-providers/?region=DE").json()
    assert body["flatrate"][0]["name"] == "Netflix" and body["fetched_at"]


def test_the_detail_call_brings_offers_along(api_client, tmdb):  # noqa: F811
    tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
    body = api_client.get("/api/movies/603/watch-providers/?region=DE").json()
    assert [p["name"] for p in body["ads"]] == ["Pluto TV"]
    assert tmdb.calls_to("/movie/603") == 1


def test_provider_and_region_lists(api_client, matrix):
    response = api_client.get("/api/watch-providers/?region=DE")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert [p["id"] for p in response.json()] == [8, 2, 10, 300]
    regions = api_client.get("/api/watch-providers/regions/").json()
    assert [r["code"] for r in regions] == ["DE", "GB", "US"]
    assert api_client.get("/api/watch-providers/?region=USA").status_code == 400


def test_the_lists_are_fetched_from_tmdb_and_stored(api_client, tmdb):  # noqa: F811
    tmdb.get("/watch/providers/movie", json=PROVIDER_LIST)
    tmdb.get("/watch/providers/regions", json=REGION_LIST)
    assert len(api_client.get("/api/watch-providers/").json()) == 5
    assert len(api_client.get("/api/watch-providers/regions/").json()) == 3
    assert tmdb.calls_to("/watch/providers/movie") == 1


def test_services_read_and_replace(auth_client, user, matrix):
    assert auth_client.get(SERVICES).json() == {"region": "US", "providers": []}
    response = auth_client.put(SERVICES, {"region": "DE", "provider_ids": [8, 300]}, format="json")
    assert response.status_code == 200
    assert response.json()["region"] == "DE"
    assert {p["id"] for p in auth_client.get(SERVICES).json()["providers"]} == {8, 300}


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"region": "USA", "provider_ids": [8]}, "region"),
        ({"region": "us1", "provider_ids": [8]}, "region"),
        ({"region": "", "provider_ids": [8]}, "region"),
        ({"region": "US", "provider_ids": [8, 424242]}, "provider_ids"),
        ({"region": "US", "provider_ids": list(range(1, 60))}, "provider_ids"),
        ({"region": "US", "provider_ids": ["eight"]}, "provider_ids.0"),
        ({"region": "US", "provider_ids": 8}, "provider_ids"),
        ({"region": 12345678901234567890123, "provider_ids": []}, "region"),
        ({"provider_ids": [8]}, "region"),
        ({"region": "US"}, "provider_ids"),
    ],
)
def test_bad_services_are_400_and_change_nothing(auth_client, user, matrix, sent, field):
    UserServices.objects.create(user=user, region="GB").providers.set([8])
    response = auth_client.put(SERVICES, sent, format="json")
    assert response.status_code == 400 and field in messages(response), response.json()
    services = UserServices.objects.get(user=user)
    assert services.region == "GB" and list(services.providers.values_list("provider_id", flat=True)) == [8]


def test_an_unknown_provider_is_named(auth_client, matrix):
    response = auth_client.put(SERVICES, {"region": "US", "provider_ids": [424242]}, format="json")
    assert messages(response)["provider_ids"] == ["No watch provider with id 424242."]


@pytest.mark.parametrize("method", ["get", "put"])
def test_anonymous_and_forged_callers_are_401(method, matrix):
    client = APIClient()
    assert getattr(client, method)(SERVICES, {}, format="json").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer forged")
    assert getattr(client, method)(SERVICES, {}, format="json").status_code == 401
    assert not UserServices.objects.exists()


@pytest.mark.usefixtures("uncached_payloads")
def test_a_movies_offers_cost_fixed_sql(api_client, matrix):
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get("/api/movies/603/watch-providers/?region=US").status_code == 200
    assert len(queries) <= 5
