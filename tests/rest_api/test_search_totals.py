"""A text search with an availability filter says whether its totals are TMDb's unfiltered estimate."""

import pytest

from catalog.models import Movie, MovieOffer, WatchProvider, WatchRegion
from tests.catalog.tmdb_mock import movie_result, page, tmdb  # noqa: F401 (the TMDb mock fixture)

pytestmark = pytest.mark.django_db

SEARCH = "/api/movies/search/"


@pytest.fixture
def matrix(db) -> None:
    """The Matrix on Netflix in the US; TMDb also finds The Matrix Reloaded, offered nowhere here."""
    WatchRegion.objects.create(code="US", english_name="United States of America")
    WatchProvider.objects.create(provider_id=8, name="Netflix", logo_path="/8.jpg")
    Movie.objects.create(tmdb_id=603, title="The Matrix", year=1999, popularity_score=80.0)
    MovieOffer.objects.create(movie_id=603, region="US", provider_id=8, monetization="flatrate")


def _tmdb_finds_both(tmdb) -> None:  # noqa: F811 (the fixture's value)
    results = [
        {**movie_result(603, "The Matrix"), "media_type": "movie"},
        {**movie_result(604, "The Matrix Reloaded"), "media_type": "movie"},
    ]
    tmdb.get("/search/multi", json=page(results, total_pages=6, total_results=120))


def test_filtered_tmdb_results_keep_tmdbs_totals_and_say_they_are_an_estimate(api_client, tmdb, matrix):  # noqa: F811
    _tmdb_finds_both(tmdb)

    filtered = api_client.get(SEARCH, {"q": "the matrix", "region": "US", "providers": 8}).json()
    unfiltered = api_client.get(SEARCH, {"q": "the matrix"}).json()

    assert [movie["tmdb_id"] for movie in filtered["results"]] == [603]
    assert (filtered["count"], filtered["totals_estimated"]) == (120, True)
    assert [movie["tmdb_id"] for movie in unfiltered["results"]] == [603, 604]
    assert (unfiltered["count"], unfiltered["totals_estimated"]) == (120, False)


def test_without_tmdb_the_filtered_totals_are_exact(api_client, settings, matrix):
    settings.TMDB_API_KEY = ""

    found = api_client.get(SEARCH, {"q": "the matrix", "region": "US", "providers": 8}).json()

    assert (found["count"], found["totals_estimated"]) == (1, False)


def test_graphql_says_the_same(gql, tmdb, matrix):  # noqa: F811
    _tmdb_finds_both(tmdb)
    query = """query($available: AvailabilityFilter) {
      search(q: "the matrix", availability: $available) { totalResults totalsEstimated results { tmdbId } }
    }"""

    filtered = gql(query, {"available": {"region": "US", "providers": [8]}})["data"]["search"]
    unfiltered = gql(query, {"available": None})["data"]["search"]

    assert filtered == {"totalResults": 120, "totalsEstimated": True, "results": [{"tmdbId": 603}]}
    assert (unfiltered["totalResults"], unfiltered["totalsEstimated"]) == (120, False)
