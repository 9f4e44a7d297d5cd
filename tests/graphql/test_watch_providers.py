"""Where to watch on GraphQL: Movie.watchProviders, the provider and region lists, me.services and
updateServices, with the reader's default region, bad input and constant SQL per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from catalog import offers
from catalog.models import Movie, WatchProvider, WatchRegion
from catalog.tmdb import normalize
from engagement.models import UserServices
from tests.catalog.tmdb_mock import MATRIX_OFFERS, PROVIDER_LIST, REGION_LIST

pytestmark = pytest.mark.django_db

OFFERS = """query($id: Int!, $region: String) { movie(tmdbId: $id) { watchProviders(region: $region) {
  region link fetchedAt available note
  flatrate { id name logoUrl } free { id } ads { name } rent { name } buy { name }
  attribution { text url } } } }"""
MOVIES = """query($n: Int!) { movies(pagination: {limit: $n}) { tmdbId
  watchProviders(region: "US") { flatrate { name } rent { name } } } }"""
SERVICES = "{ me { services { region providers { id name logoUrl } } } }"
UPDATE = """mutation($region: String!, $ids: [Int!]!) { updateServices(region: $region, providerIds: $ids) {
  ... on UserServices { region providers { id name } }
  ... on OperationInfo { messages { kind field message } } } }"""


def _token(user) -> str:
    return token_pair_for(user).access


@pytest.fixture
def matrix():
    """The Matrix with TMDb's offers stored (US and DE), and the provider and region lists."""
    Movie.objects.create(tmdb_id=603, title="The Matrix")
    offers.providers_upsert(providers=normalize.providers(PROVIDER_LIST), full_list=True)
    offers.regions_upsert(regions=normalize.regions(REGION_LIST))
    offers.offers_replace(tmdb_id=603, regions=normalize.watch_providers(MATRIX_OFFERS))


def test_a_movie_shows_its_offers_by_kind_with_attribution(gql, matrix):
    body = gql(OFFERS, {"id": 603, "region": "US"})
    shown = body["data"]["movie"]["watchProviders"]
    assert shown["region"] == "US" and shown["available"] and shown["note"] == ""
    assert shown["link"].endswith("locale=US") and shown["fetchedAt"]
    assert shown["flatrate"] == [
        {
            "id": 1899,
            "name": "Max",
            "logoUrl": "https://image.tmdb.org/t/p/w92/jbe4gVSfRlbPTdESXhEKpornsfu.jpg",
        }
    ]
    assert [p["name"] for p in shown["rent"]] == ["Apple TV", "Amazon Video"]
    assert shown["free"] == [] and shown["ads"] == []
    assert shown["attribution"] == {
        "text": "Streaming data by JustWatch",
        "url": "https://www.justwatch.com/",
    }


def test_region_defaults_to_the_readers_then_to_default_region(gql, matrix, user, settings):
    settings.DEFAULT_REGION = "US"
    anonymous = gql(OFFERS, {"id": 603})["data"]["movie"]["watchProviders"]
    assert anonymous["region"] == "US"
    UserServices.objects.create(user=user, region="DE")
    mine = gql(OFFERS, {"id": 603}, token=_token(user))["data"]["movie"]["watchProviders"]
    assert mine["region"] == "DE" and mine["flatrate"][0]["name"] == "Netflix"
    assert gql(OFFERS, {"id": 603})["data"]["movie"]["watchProviders"]["region"] == "US"  # not shared


def test_the_locale_gives_the_region_before_services_are_saved(gql, matrix, user):
    user.locale = "de-DE"
    user.save()
    shown = gql(OFFERS, {"id": 603}, token=_token(user))["data"]["movie"]["watchProviders"]
    assert shown["region"] == "DE"


@pytest.mark.parametrize("region", ["USA", "us1", "", "ZZ"])
def test_an_unknown_region_is_bad_user_input(gql, matrix, region):
    body = gql(OFFERS, {"id": 603, "region": region})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "region" in body["errors"][0]["message"]


def test_a_region_without_offers_is_empty(gql, matrix):
    shown = gql(OFFERS, {"id": 603, "region": "GB"})["data"]["movie"]["watchProviders"]
    assert shown["available"] and shown["flatrate"] == [] and shown["link"] == ""


def test_without_a_key_the_answer_says_nothing_is_known(gql):
    Movie.objects.create(tmdb_id=603, title="The Matrix")
    shown = gql(OFFERS, {"id": 603, "region": "US"})["data"]["movie"]["watchProviders"]
    assert shown["available"] is False and "no TMDb key" in shown["note"]
    assert shown["flatrate"] == [] and shown["attribution"]["text"] == "Streaming data by JustWatch"


@pytest.mark.usefixtures("uncached_payloads")
def test_a_page_of_movies_costs_the_same_sql_for_5_and_50(gql, matrix):
    regions = normalize.watch_providers(MATRIX_OFFERS)
    for tmdb_id in range(1, 50):
        Movie.objects.create(tmdb_id=tmdb_id, title=f"Film {tmdb_id}", popularity_score=1000 - tmdb_id)
        offers.offers_replace(tmdb_id=tmdb_id, regions=regions)
    counts = []
    for n in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            body = gql(MOVIES, {"n": n})
        assert "errors" not in body and len(body["data"]["movies"]) == n
        assert all(m["watchProviders"]["flatrate"] == [{"name": "Max"}] for m in body["data"]["movies"])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_provider_and_region_lists_are_public(gql, matrix):
    us = gql('{ watchProviders(region: "US") { id name } }')["data"]["watchProviders"]
    assert [p["name"] for p in us] == ["Netflix", "Apple TV", "Max", "Amazon Video", "Pluto TV"]
    everyone = gql("{ watchProviders { id } }")["data"]["watchProviders"]
    assert len(everyone) == 5
    regions = gql("{ watchRegions { code englishName nativeName } }")["data"]["watchRegions"]
    assert regions[0] == {"code": "DE", "englishName": "Germany", "nativeName": "Deutschland"}
    bad = gql('{ watchProviders(region: "USA") { id } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_services_are_read_and_replaced(gql, matrix, user):
    token = _token(user)
    assert gql(SERVICES, token=token)["data"]["me"]["services"] == {"region": "US", "providers": []}
    changed = gql(UPDATE, {"region": "de", "ids": [8, 10, 8]}, token=token)["data"]["updateServices"]
    assert changed["region"] == "DE"
    assert sorted(p["id"] for p in changed["providers"]) == [8, 10]
    shown = gql(SERVICES, token=token)["data"]["me"]["services"]
    assert shown["region"] == "DE" and {p["name"] for p in shown["providers"]} == {"Netflix", "Amazon Video"}


@pytest.mark.parametrize(
    ("variables", "field", "words"),
    [
        ({"region": "USA", "ids": [8]}, "region", "not a known region"),
        ({"region": "us1", "ids": [8]}, "region", "not a known region"),
        ({"region": "", "ids": [8]}, "region", "not a known region"),
        ({"region": "US", "ids": [8, 424242]}, "providerIds", "424242"),
        ({"region": "US", "ids": list(range(1, 60))}, "providerIds", "at most 50"),
    ],
)
def test_bad_services_change_nothing(gql, matrix, user, variables, field, words):
    UserServices.objects.create(user=user, region="GB").providers.set([8])
    body = gql(UPDATE, variables, token=_token(user))
    [message] = body["data"]["updateServices"]["messages"]
    assert message["kind"] == "VALIDATION" and message["field"] == field and words in message["message"]
    services = UserServices.objects.get(user=user)
    assert services.region == "GB" and list(services.providers.values_list("provider_id", flat=True)) == [8]


def test_wrong_types_are_refused_before_anything_runs(gql, matrix, user):
    body = gql(UPDATE, {"region": 12, "ids": ["eight"]}, token=_token(user))
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not UserServices.objects.exists()


def test_anonymous_readers_have_no_services(gql, matrix):
    assert gql(SERVICES) == {"data": {"me": None}}
    body = gql(UPDATE, {"region": "US", "ids": [8]})
    assert body["data"]["updateServices"]["messages"][0]["kind"] == "PERMISSION"
    assert not UserServices.objects.exists()


def test_a_forged_token_is_unauthenticated(gql, matrix):
    body = gql(UPDATE, {"region": "US", "ids": [8]}, token="forged")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert not UserServices.objects.exists() and WatchRegion.objects.count() == 3
    assert WatchProvider.objects.count() == 5
