"""?include=offers on REST movie lists: each movie says where it streams in the reader's region, with
JustWatch named, for the whole page in a fixed number of queries; anything else asked is a 400."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Movie, MovieOffer
from engagement import user_services
from engagement.models import MovieList, MovieListEntry, WatchlistItem
from tests.errors import messages
from tests.factories import MovieRefFactory, WatchlistItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discover_films")]

DISCOVER = "/api/movies/discover/"
JUSTWATCH = {"text": "Streaming data by JustWatch", "url": "https://www.justwatch.com/"}


def _offers(response) -> dict[int, dict]:
    assert response.status_code == 200, response.content
    return {movie["tmdb_id"]: movie["offers"] for movie in response.json()["results"]}


def _names(offers: dict, kind: str) -> list[str]:
    return [provider["name"] for provider in offers[kind]]


def test_discover_with_offers_says_where_each_movie_streams_in_the_default_region(api_client):
    offers = _offers(api_client.get(DISCOVER, {"include": "offers"}))

    assert offers[603]["region"] == "US"
    assert _names(offers[603], "flatrate") == ["Netflix"]
    assert _names(offers[603], "rent") == ["Apple TV"]
    assert _names(offers[129], "flatrate") == []  # on Netflix in GB only
    assert _names(offers[155], "ads") == ["Tubi TV"]
    assert all(movie_offers["attribution"] == JUSTWATCH for movie_offers in offers.values())


def test_a_signed_in_reader_gets_the_offers_of_their_own_region(auth_client, user):
    user_services.user_services_update(user=user, region="GB", provider_ids=[8])

    offers = _offers(auth_client.get(DISCOVER, {"include": "offers"}))

    assert {movie_offers["region"] for movie_offers in offers.values()} == {"GB"}
    assert _names(offers[129], "flatrate") == ["Netflix"]
    assert _names(offers[603], "flatrate") == ["Amazon Prime Video"]


def test_without_include_a_movie_has_no_offers_field(api_client):
    response = api_client.get(DISCOVER)

    assert response.status_code == 200
    assert all("offers" not in movie for movie in response.json()["results"])


@pytest.mark.parametrize("include", ["offer", "cast", ""])
def test_an_unknown_include_is_a_400_naming_it_and_changes_nothing(api_client, include):
    before = (Movie.objects.count(), MovieOffer.objects.count())

    response = api_client.get(DISCOVER, {"include": include})

    assert response.status_code == 400
    assert list(messages(response)) == ["include.0"]
    assert (Movie.objects.count(), MovieOffer.objects.count()) == before


def test_the_watchlist_and_list_entries_carry_offers_too(auth_client, user, discover_films):
    for tmdb_id in (603, 862):
        WatchlistItemFactory(user=user, movie=discover_films[tmdb_id])
    picks = MovieList.objects.create(owner=user, name="Picks", visibility="public", entry_count=1)
    MovieListEntry.objects.create(list=picks, movie=discover_films[155], position=0, added_by=user)

    watchlist = _offers(auth_client.get("/api/user/watchlist/", {"include": "offers"}))
    entries = _offers(auth_client.get(f"/api/lists/{picks.pk}/entries/", {"include": "offers"}))

    assert _names(watchlist[862], "flatrate") == ["Disney Plus"]
    assert _names(watchlist[603], "flatrate") == ["Netflix"]
    assert _names(entries[155], "ads") == ["Tubi TV"]
    assert entries[155]["attribution"] == JUSTWATCH


def test_popular_from_the_local_catalog_carries_offers(api_client):
    offers = _offers(api_client.get("/api/movies/popular/", {"include": "offers"}))

    assert _names(offers[27205], "flatrate") == ["Netflix"]
    assert _names(offers[27205], "buy") == ["Apple TV"]


def _watchlist_queries(client, user, size: int) -> int:
    WatchlistItem.objects.filter(user=user).delete()
    for _ in range(size):
        movie = MovieRefFactory()
        MovieOffer.objects.create(movie_id=movie.tmdb_id, region="US", provider_id=8, monetization="flatrate")
        WatchlistItemFactory(user=user, movie=movie)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/user/watchlist/", {"include": "offers", "page_size": 50})
    assert [_names(entry["offers"], "flatrate") for entry in response.json()["results"]] == [
        ["Netflix"]
    ] * size
    return len(queries)


def test_offers_of_a_watchlist_page_of_50_cost_the_queries_of_a_page_of_5(auth_client, user):
    assert _watchlist_queries(auth_client, user, 50) == _watchlist_queries(auth_client, user, 5)


def _discover_queries(client, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DISCOVER, {"include": "offers", "page_size": size})
    assert len(_offers(response)) == size
    return len(queries)


def test_offers_of_a_discover_page_of_8_cost_the_queries_of_a_page_of_2(api_client, uncached_payloads):
    assert _discover_queries(api_client, 8) == _discover_queries(api_client, 2)
