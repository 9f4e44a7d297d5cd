"""The availability filter on GraphQL's movie lists (the ``AvailabilityFilter`` input): what each
keeps, its bad input (BAD_USER_INPUT, as discover gives) and a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from catalog.models import MovieOffer
from common import keyset
from engagement import user_services
from engagement.models import MovieList, MovieListEntry, WatchlistItem
from recsys.models import RecommendationCache, TrendingCache
from tests.factories import MovieRefFactory, WatchlistItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discover_films")]

WATCHLIST = """
query($availability: AvailabilityFilter, $limit: Int) {
  me { watchlist(availability: $availability, pagination: {limit: $limit}) { totalCount results { tmdbId } } }
}"""
BAD_INPUT = [
    ({"region": "USA"}, "“USA” is not a known region"),
    ({"region": "US", "providers": [999]}, "providers: no watch provider with id 999."),
    ({"onMyServices": True}, "You have no services saved"),
    ({"onMyServices": True, "providers": [8]}, "on_my_services uses your region and services"),
]


@pytest.fixture
def token(user) -> str:
    return token_pair_for(user).access


@pytest.fixture
def watchlist(user, discover_films) -> None:
    for tmdb_id in (603, 129, 155, 11, 862):  # added in this order: the newest is last
        WatchlistItemFactory(user=user, movie=discover_films[tmdb_id])


def _watchlist(gql, token: str, availability: dict | None) -> list[int]:
    body = gql(WATCHLIST, {"availability": availability}, token=token)
    assert "errors" not in body, body
    return [entry["tmdbId"] for entry in body["data"]["me"]["watchlist"]["results"]]


def test_the_watchlist_keeps_what_is_available_as_asked(gql, token, watchlist):
    assert _watchlist(gql, token, None) == [862, 11, 155, 129, 603]
    assert _watchlist(gql, token, {"region": "gb"}) == [862, 129, 603]
    assert _watchlist(gql, token, {"region": "US", "monetization": ["ADS"]}) == [155]
    assert _watchlist(gql, token, {"providers": [8, 73]}) == [155, 603]  # the reader's region


def test_the_watchlist_on_my_services(gql, token, user, watchlist):
    user_services.user_services_update(user=user, region="GB", provider_ids=[8])

    assert _watchlist(gql, token, {"onMyServices": True}) == [129]


@pytest.mark.parametrize(("availability", "message"), BAD_INPUT)
def test_bad_watchlist_filters_are_bad_user_input_and_change_nothing(
    gql, token, watchlist, availability, message
):
    before = (WatchlistItem.objects.count(), MovieOffer.objects.count())

    body = gql(WATCHLIST, {"availability": availability}, token=token)

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]
    assert (WatchlistItem.objects.count(), MovieOffer.objects.count()) == before


def test_a_monetization_outside_the_set_is_refused_by_the_schema(gql, token, watchlist):
    body = gql(WATCHLIST, {"availability": {"region": "US", "monetization": ["STREAM"]}}, token=token)

    assert "errors" in body
    assert body.get("data") is None


def _watchlist_queries(gql, token: str, user, size: int) -> int:
    WatchlistItem.objects.filter(user=user).delete()
    for _ in range(size):
        movie = MovieRefFactory()
        MovieOffer.objects.create(movie_id=movie.tmdb_id, region="US", provider_id=8, monetization="flatrate")
        WatchlistItemFactory(user=user, movie=movie)
    with CaptureQueriesContext(connection) as queries:
        body = gql(WATCHLIST, {"availability": {"region": "US", "providers": [8]}, "limit": 50}, token=token)
    assert len(body["data"]["me"]["watchlist"]["results"]) == size
    return len(queries)


def test_a_filtered_watchlist_of_50_costs_the_queries_of_one_of_5(gql, token, user):
    # the region check, the provider check, the count, the page (the reader comes from the user cache)
    assert _watchlist_queries(gql, token, user, 50) == _watchlist_queries(gql, token, user, 5) == 4


LIST_ENTRIES = """
query($id: ID!, $availability: AvailabilityFilter) {
  movieList(id: $id) { entries(availability: $availability) { edges { node { tmdbId } } } }
}"""


@pytest.fixture
def movie_list(user, discover_films):
    found = MovieList.objects.create(owner=user, name="Picks", visibility="public", entry_count=5)
    MovieListEntry.objects.bulk_create(
        MovieListEntry(list=found, movie=discover_films[tmdb_id], position=position, added_by=user)
        for position, tmdb_id in enumerate((603, 129, 155, 11, 862))
    )
    return found


def _entries(gql, movie_list, availability: dict | None, token: str | None = None) -> list[int]:
    body = gql(LIST_ENTRIES, {"id": str(movie_list.pk), "availability": availability}, token=token)
    assert "errors" not in body, body
    return [edge["node"]["tmdbId"] for edge in body["data"]["movieList"]["entries"]["edges"]]


def test_list_entries_keep_what_is_available_as_asked(gql, movie_list):
    assert _entries(gql, movie_list, None) == [603, 129, 155, 11, 862]
    assert _entries(gql, movie_list, {"region": "GB"}) == [603, 129, 862]
    assert _entries(gql, movie_list, {"region": "US", "providers": [337, 73]}) == [155, 862]


PAGED_ENTRIES = """
query($id: ID!, $availability: AvailabilityFilter, $after: String) {
  movieList(id: $id) {
    entries(availability: $availability, first: 1, after: $after) {
      edges { node { tmdbId } } pageInfo { endCursor }
    }
  }
}"""


def test_a_list_entry_cursor_continues_the_filter_that_gave_it_out_only(gql, movie_list):
    def page(availability: dict | None, after: str | None = None) -> dict:
        return gql(PAGED_ENTRIES, {"id": str(movie_list.pk), "availability": availability, "after": after})

    after = page({"region": "GB"})["data"]["movieList"]["entries"]["pageInfo"]["endCursor"]
    following = page({"region": "GB"}, after)["data"]["movieList"]["entries"]["edges"]

    assert [edge["node"]["tmdbId"] for edge in following] == [129]
    for other in ({"region": "US"}, {"region": "GB", "providers": [337]}, None):
        (error,) = page(other, after)["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"] == f"after: {keyset.NOT_THIS_QUERY}"


def test_list_entries_on_my_services(gql, token, user, movie_list):
    user_services.user_services_update(user=user, region="US", provider_ids=[73])

    assert _entries(gql, movie_list, {"onMyServices": True}, token=token) == [155]


@pytest.mark.parametrize(
    ("availability", "message"),
    [*BAD_INPUT[:2], ({"onMyServices": True}, "Sign in to see what is on your services.")],
)
def test_bad_list_entry_filters_are_bad_user_input_and_change_nothing(gql, movie_list, availability, message):
    before = (MovieListEntry.objects.count(), MovieOffer.objects.count())

    body = gql(LIST_ENTRIES, {"id": str(movie_list.pk), "availability": availability})

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]
    assert (MovieListEntry.objects.count(), MovieOffer.objects.count()) == before


# --- lists computed elsewhere: precomputed rankings and TMDb's similar list, filtered by id -----

POPULARITY_ORDER = [19995, 27205, 157336, 155, 603, 11, 862, 129, 496243, 372058]
RANKED = """
query($availability: AvailabilityFilter, $limit: Int! = 10) {
  trending(availability: $availability, limit: $limit) { tmdbId }
  similar(tmdbId: 603, availability: $availability, limit: $limit) { tmdbId }
  itemRecommendations(tmdbId: 603, availability: $availability, limit: $limit) { tmdbId }
}"""
SIMILAR = """
query($availability: AvailabilityFilter, $limit: Int!) {
  similar(tmdbId: 603, availability: $availability, limit: $limit) { tmdbId }
}"""
RECOMMENDATIONS = """
query($availability: AvailabilityFilter) { recommendations(availability: $availability) { movie { tmdbId } } }
"""


def _neighbours(ids: list[int]) -> None:
    RecommendationCache.objects.update_or_create(
        key="recsys:item:603", defaults={"payload": {"score": {}, "related": ids, "similar": ids}, "ttl": 600}
    )


@pytest.fixture
def ranked(discover_films) -> None:
    """The trending list and The Matrix's stored neighbours, in popularity order."""
    trending = [{"tmdb_id": tmdb_id, "score": 1.0} for tmdb_id in POPULARITY_ORDER]
    TrendingCache.objects.create(key="trending:week", payload=trending, ttl=600)
    _neighbours([tmdb_id for tmdb_id in POPULARITY_ORDER if tmdb_id != 603])


def _ranked(body: dict) -> dict[str, list[int]]:
    assert "errors" not in body, body
    return {field: [movie["tmdbId"] for movie in movies] for field, movies in body["data"].items()}


def test_ranked_lists_keep_what_is_available_and_fill_from_the_ranking(gql, ranked):
    body = gql(RANKED, {"availability": {"region": "US", "monetization": ["FLATRATE"]}, "limit": 3})

    assert _ranked(body) == {
        "trending": [27205, 157336, 603],
        "similar": [27205, 157336, 862],
        "itemRecommendations": [27205, 157336, 862],
    }


def test_recommendations_on_my_services(gql, token, user, ranked):
    user_services.user_services_update(user=user, region="US", provider_ids=[73])

    body = gql(RECOMMENDATIONS, {"availability": {"onMyServices": True}}, token=token)

    assert "errors" not in body, body
    assert [item["movie"]["tmdbId"] for item in body["data"]["recommendations"]] == [155]


@pytest.mark.parametrize(("availability", "message"), BAD_INPUT[:2])
def test_bad_filters_on_ranked_lists_are_bad_user_input(gql, ranked, availability, message):
    body = gql(SIMILAR, {"availability": availability, "limit": 5})

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]


def _similar_queries(gql, size: int) -> int:
    neighbours = []
    for _ in range(size):
        movie = MovieRefFactory()
        MovieOffer.objects.create(movie_id=movie.tmdb_id, region="US", provider_id=8, monetization="flatrate")
        neighbours.append(movie.tmdb_id)
    _neighbours(neighbours)
    with CaptureQueriesContext(connection) as queries:
        body = gql(SIMILAR, {"availability": {"region": "US", "providers": [8]}, "limit": size})
    assert len(_ranked(body)["similar"]) == size
    return len(queries)


def test_a_filtered_similar_list_of_50_costs_the_queries_of_one_of_5(gql, ranked):
    assert _similar_queries(gql, 50) == _similar_queries(gql, 5)


SEARCH = """
query($q: String, $genre: String, $availability: AvailabilityFilter) {
  search(q: $q, genre: $genre, availability: $availability) { totalResults results { tmdbId } }
}"""


def test_search_keeps_what_is_available_and_counts_it(gql):
    browsed = gql(SEARCH, {"genre": "animation", "availability": {"region": "GB"}})
    found = gql(SEARCH, {"q": "the dark knight", "availability": {"region": "DE"}})

    assert browsed["data"]["search"] == {"totalResults": 2, "results": [{"tmdbId": 862}, {"tmdbId": 129}]}
    assert [movie["tmdbId"] for movie in found["data"]["search"]["results"]] == [155]


@pytest.mark.parametrize(("availability", "message"), BAD_INPUT[:2])
def test_bad_search_filters_are_bad_user_input(gql, availability, message):
    body = gql(SEARCH, {"q": "matrix", "availability": availability})

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]
