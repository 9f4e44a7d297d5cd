"""The availability filter on REST's movie lists (engagement.availability_filter): what each keeps,
its bad input (the 400 discover gives, nothing changed) and a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import MovieOffer
from engagement import user_services
from engagement.models import MovieList, MovieListEntry, WatchlistItem
from tests.discover_catalog import discover_catalog, discover_offers
from tests.errors import messages
from tests.factories import MovieRefFactory, WatchlistItemFactory, list_with_movies

pytestmark = pytest.mark.django_db

WATCHLIST = "/api/user/watchlist/"
BAD_INPUT = [
    (
        {"region": "USA"},
        {"region": ["“USA” is not a known region: give an ISO 3166-1 alpha-2 code, e.g. US or DE."]},
    ),
    ({"region": "US", "providers": 999}, {"providers": ["providers: no watch provider with id 999."]}),
    ({"region": "US", "providers": "eight"}, {"providers.0": ["A valid integer is required."]}),
    ({"monetization": "stream"}, {"monetization.0": ['"stream" is not a valid choice.']}),
    (
        {"on_my_services": "true"},
        {
            "on_my_services": [
                "You have no services saved: choose them first (your services: region and providers)."
            ]
        },
    ),
    (
        {"on_my_services": "true", "region": "US"},
        {"on_my_services": ["on_my_services uses your region and services: leave region and providers out."]},
    ),
]


@pytest.fixture(autouse=True)
def catalog(db, settings):
    settings.TMDB_API_KEY = ""
    settings.DEFAULT_REGION = "US"
    movies = discover_catalog()
    discover_offers()
    return movies


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [entry["tmdb_id"] for entry in response.json()["results"]]


@pytest.fixture
def watchlist(user, catalog) -> None:
    for tmdb_id in (603, 129, 155, 11, 862):  # added in this order: the newest is last
        WatchlistItemFactory(user=user, movie=catalog[tmdb_id])


def test_the_watchlist_keeps_what_is_available_as_asked(auth_client, user, watchlist):
    assert _ids(auth_client.get(WATCHLIST)) == [862, 11, 155, 129, 603]
    assert _ids(auth_client.get(WATCHLIST, {"region": "GB"})) == [862, 129, 603]
    assert _ids(auth_client.get(WATCHLIST, {"region": "US", "monetization": "ads"})) == [155]
    assert _ids(auth_client.get(WATCHLIST, {"providers": [8, 73]})) == [155, 603]  # the reader's region


def test_the_watchlist_on_my_services(auth_client, user, watchlist):
    user_services.user_services_update(user=user, region="GB", provider_ids=[8])

    response = auth_client.get(WATCHLIST, {"on_my_services": "true"})

    assert _ids(response) == [129]
    assert response.json()["count"] == 1


@pytest.mark.parametrize(("query", "errors"), BAD_INPUT)
def test_bad_watchlist_filters_are_a_400_naming_them_and_change_nothing(
    auth_client, watchlist, query, errors
):
    before = (WatchlistItem.objects.count(), MovieOffer.objects.count())

    response = auth_client.get(WATCHLIST, query)

    assert response.status_code == 400
    assert messages(response) == errors
    assert (WatchlistItem.objects.count(), MovieOffer.objects.count()) == before


def test_the_watchlist_needs_a_signed_in_reader_even_when_filtered(api_client):
    assert api_client.get(WATCHLIST, {"region": "US"}).status_code == 401


def _watchlist_queries(client, user, size: int) -> int:
    WatchlistItem.objects.filter(user=user).delete()
    for _ in range(size):
        movie = MovieRefFactory()
        MovieOffer.objects.create(movie_id=movie.tmdb_id, region="US", provider_id=8, monetization="flatrate")
        WatchlistItemFactory(user=user, movie=movie)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(WATCHLIST, {"region": "US", "providers": 8, "page_size": 50})
    assert len(response.json()["results"]) == size
    return len(queries)


def test_a_filtered_watchlist_of_50_costs_the_queries_of_one_of_5(auth_client, user):
    # the region check, the provider check, the count, the page (the user comes from the user cache)
    assert _watchlist_queries(auth_client, user, 50) == _watchlist_queries(auth_client, user, 5) == 4


@pytest.fixture
def movie_list(user, catalog):
    found = MovieList.objects.create(owner=user, name="Picks", visibility="public", entry_count=5)
    MovieListEntry.objects.bulk_create(
        MovieListEntry(list=found, movie=catalog[tmdb_id], position=position, added_by=user)
        for position, tmdb_id in enumerate((603, 129, 155, 11, 862))
    )
    return found


def test_list_entries_keep_what_is_available_as_asked(api_client, movie_list):
    url = f"/api/lists/{movie_list.pk}/entries/"

    assert _ids(api_client.get(url)) == [603, 129, 155, 11, 862]
    assert _ids(api_client.get(url, {"region": "GB"})) == [603, 129, 862]
    assert _ids(api_client.get(url, {"region": "US", "providers": [337, 73]})) == [155, 862]


def test_shared_list_entries_keep_what_is_available_as_asked(api_client, user, movie_list):
    token = movie_list.share_token

    response = api_client.get(f"/api/lists/shared/{token}/entries/", {"region": "DE"})

    assert _ids(response) == [155]


@pytest.mark.parametrize(("query", "errors"), BAD_INPUT[:4])
def test_bad_list_entry_filters_are_a_400_naming_them_and_change_nothing(
    api_client, movie_list, query, errors
):
    before = (MovieListEntry.objects.count(), MovieOffer.objects.count())

    response = api_client.get(f"/api/lists/{movie_list.pk}/entries/", query)

    assert response.status_code == 400
    assert messages(response) == errors
    assert (MovieListEntry.objects.count(), MovieOffer.objects.count()) == before


def test_on_my_services_on_a_list_needs_a_signed_in_reader(api_client, movie_list):
    response = api_client.get(f"/api/lists/{movie_list.pk}/entries/", {"on_my_services": "true"})

    assert response.status_code == 400
    assert messages(response) == {"on_my_services": ["Sign in to see what is on your services."]}


def test_another_users_private_list_is_a_404_whatever_the_filter(auth_client, other_user):
    private = list_with_movies(other_user, 2)

    response = auth_client.get(f"/api/lists/{private.pk}/entries/", {"region": "US"})

    assert response.status_code == 404
