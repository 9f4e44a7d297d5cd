"""The availability filter on REST's movie lists (engagement.availability_filter): what each keeps,
its bad input (the 400 discover gives, nothing changed) and a constant query count."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from catalog.models import MovieOffer
from common import keyset
from engagement import user_services
from engagement.models import MovieList, MovieListEntry, WatchlistItem
from recsys.models import RecommendationCache, TrendingCache
from tests.errors import messages
from tests.factories import MovieRefFactory, WatchlistItemFactory, list_with_movies

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discover_films")]

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


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [entry["tmdb_id"] for entry in response.json()["results"]]


@pytest.fixture
def watchlist(user, discover_films) -> None:
    for tmdb_id in (603, 129, 155, 11, 862):  # added in this order: the newest is last
        WatchlistItemFactory(user=user, movie=discover_films[tmdb_id])


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
def movie_list(user, discover_films):
    found = MovieList.objects.create(owner=user, name="Picks", visibility="public", entry_count=5)
    MovieListEntry.objects.bulk_create(
        MovieListEntry(list=found, movie=discover_films[tmdb_id], position=position, added_by=user)
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


def test_a_list_entry_cursor_continues_the_filter_that_gave_it_out_only(api_client, movie_list):
    url = f"/api/lists/{movie_list.pk}/entries/"
    first = api_client.get(url, {"region": "GB", "page_size": 1})
    after = parse_qs(urlparse(first.json()["next"]).query)["after"][0]

    assert _ids(api_client.get(url, {"region": "GB", "page_size": 1, "after": after})) == [129]
    for other in ({"region": "US"}, {"region": "GB", "providers": 337}, {}):
        response = api_client.get(url, {**other, "page_size": 1, "after": after})
        assert response.status_code == 400
        assert messages(response) == {"after": [keyset.NOT_THIS_QUERY]}


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


# --- lists computed elsewhere: precomputed rankings and TMDb's similar list, filtered by id -----

POPULARITY_ORDER = [19995, 27205, 157336, 155, 603, 11, 862, 129, 496243, 372058]


@pytest.fixture
def ranked(discover_films) -> None:
    """The trending list and The Matrix's stored neighbours, in popularity order."""
    TrendingCache.objects.create(
        key="trending:week",
        payload=[{"tmdb_id": tmdb_id, "score": 1.0} for tmdb_id in POPULARITY_ORDER],
        ttl=600,
    )
    neighbours = [tmdb_id for tmdb_id in POPULARITY_ORDER if tmdb_id != 603]
    RecommendationCache.objects.create(
        key="recsys:item:603", payload={"score": {}, "related": neighbours, "similar": neighbours}, ttl=600
    )


def _movie_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [
        item["movie"]["tmdb_id"] if "movie" in item else item["tmdb_id"]
        for item in response.json()["results"]
    ]


def test_trending_keeps_what_is_available_and_fills_from_the_ranking(api_client, ranked):
    response = api_client.get(
        "/api/movies/trending/", {"region": "US", "monetization": "flatrate", "limit": 3}
    )

    assert _movie_ids(response) == [27205, 157336, 603]
    assert _movie_ids(api_client.get("/api/movies/trending/", {"region": "DE"})) == [155]


@pytest.mark.parametrize("path", ["/api/movies/603/similar/", "/api/movies/603/recommendations/"])
def test_similar_and_item_recommendations_keep_what_is_available(api_client, ranked, path):
    assert _movie_ids(api_client.get(path, {"region": "GB", "limit": 2})) == [862, 129]
    assert _movie_ids(api_client.get(path, {"region": "JP"})) == []


def test_recommendations_keep_what_is_available_on_my_services(auth_client, user, ranked):
    user_services.user_services_update(user=user, region="US", provider_ids=[73])

    response = auth_client.get("/api/movies/recommendations/", {"on_my_services": "true"})

    assert _movie_ids(response) == [155]


@pytest.mark.parametrize(
    "path", ["/api/movies/trending/", "/api/movies/603/similar/", "/api/movies/603/recommendations/"]
)
@pytest.mark.parametrize(("query", "errors"), [*BAD_INPUT[:4]])
def test_bad_filters_on_ranked_lists_are_a_400_naming_them(api_client, ranked, path, query, errors):
    response = api_client.get(path, query)

    assert response.status_code == 400
    assert messages(response) == errors


def test_on_my_services_on_a_public_ranking_needs_a_signed_in_reader(api_client, ranked):
    response = api_client.get("/api/movies/trending/", {"on_my_services": "true"})

    assert response.status_code == 400
    assert messages(response) == {"on_my_services": ["Sign in to see what is on your services."]}


def test_a_filtered_ranking_read_by_one_reader_is_never_served_to_another(
    api_client, user, other_user, ranked
):
    user_services.user_services_update(user=user, region="US", provider_ids=[73])
    user_services.user_services_update(user=other_user, region="GB", provider_ids=[8])
    mine, theirs = APIClient(), APIClient()
    mine.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    theirs.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(other_user).access}")
    query = {"on_my_services": "true"}

    assert _movie_ids(mine.get("/api/movies/trending/", query)) == [155]
    assert _movie_ids(theirs.get("/api/movies/trending/", query)) == [129]
    assert _movie_ids(api_client.get("/api/movies/trending/", {"region": "US", "providers": 73})) == [155]


def _similar_queries(client, size: int) -> int:
    RecommendationCache.objects.filter(key="recsys:item:603").delete()
    neighbours = []
    for _ in range(size):
        movie = MovieRefFactory()
        MovieOffer.objects.create(movie_id=movie.tmdb_id, region="US", provider_id=8, monetization="flatrate")
        neighbours.append(movie.tmdb_id)
    RecommendationCache.objects.create(
        key="recsys:item:603", payload={"score": {}, "related": neighbours, "similar": neighbours}, ttl=600
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/movies/603/similar/", {"region": "US", "providers": 8, "limit": size})
    assert len(_movie_ids(response)) == size
    return len(queries)


def test_a_filtered_similar_list_of_50_costs_the_queries_of_one_of_5(api_client, ranked):
    # the region and provider checks, the movie, its stored neighbours, the one availability
    # query over them all, the page's movies and their genres (no TMDb key: no remote list)
    assert _similar_queries(api_client, 50) == _similar_queries(api_client, 5) == 7


# --- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "own"),
    [
        ("/api/movies/trending/", {"time_range": "month"}),
        ("/api/movies/603/similar/", {"limit": "many"}),
        ("/api/movies/603/recommendations/", {"limit": "all"}),
        ("/api/movies/search/", {"year": "nineteen"}),
    ],
)
def test_a_lists_own_errors_and_its_filters_come_in_one_400(api_client, ranked, path, own):
    response = api_client.get(path, {**own, "region": "USA"})

    assert response.status_code == 400
    assert set(messages(response)) == {*own, "region"}


SEARCH = "/api/movies/search/"


def test_search_keeps_what_is_available_and_counts_it(api_client):
    browsed = api_client.get(SEARCH, {"genre": "animation", "region": "GB"})
    found = api_client.get(SEARCH, {"q": "the dark knight", "region": "DE"})
    missing = api_client.get(SEARCH, {"q": "the dark knight", "region": "GB"})

    assert _ids(browsed) == [862, 129]
    assert browsed.json()["count"] == 2
    assert _ids(found) == [155]
    assert _ids(missing) == []


@pytest.mark.parametrize(("query", "errors"), BAD_INPUT[:4])
def test_bad_search_filters_are_a_400_naming_them(api_client, query, errors):
    response = api_client.get(SEARCH, {"q": "matrix", **query})

    assert response.status_code == 400
    assert messages(response) == errors
