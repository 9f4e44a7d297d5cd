"""GraphQL ``discover``: REST's filters, orders, bound cursors and errors, at the same query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from catalog.models import Genre, Movie
from engagement import user_services
from tests.factories import MovieRefFactory, WatchHistoryFactory, WatchlistItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discover_films")]

DISCOVER = """
query(
  $filter: DiscoverFilter, $orderBy: DiscoverOrder, $first: Int, $after: String, $last: Int, $before: String
) {
  discover(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { tmdbId title genres { slug } viewerState { isFavorite inWatchlist } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
NOT_THIS_QUERY = (
    "This cursor belongs to another query or was altered: ask for the first page of this query again."
)


def _page(body: dict) -> dict:
    assert "errors" not in body, body
    return body["data"]["discover"]


def _ids(body: dict) -> list[int]:
    return [edge["node"]["tmdbId"] for edge in _page(body)["edges"]]


def _error(body: dict) -> tuple[str, str]:
    (error,) = body["errors"]
    return error["extensions"]["code"], error["message"]


def test_filters_and_an_order_read_as_on_rest(gql):
    body = gql(
        DISCOVER,
        {
            "filter": {"genres": ["animation", "drama"], "genresMatch": "ALL", "language": "ja"},
            "orderBy": {"field": "RELEASE_DATE", "direction": "ASC"},
        },
    )

    assert _ids(body) == [372058]
    assert _page(body)["edges"][0]["node"]["viewerState"] is None


def test_pages_forward_then_back_with_relay_cursors(gql):
    first = _page(gql(DISCOVER, {"orderBy": {"field": "TITLE"}, "first": 4}))
    second = _page(
        gql(DISCOVER, {"orderBy": {"field": "TITLE"}, "first": 4, "after": first["pageInfo"]["endCursor"]})
    )
    back = gql(
        DISCOVER, {"orderBy": {"field": "TITLE"}, "last": 4, "before": second["pageInfo"]["startCursor"]}
    )

    assert [edge["node"]["title"] for edge in second["edges"]] == [
        "Spirited Away",
        "Star Wars",
        "The Dark Knight",
        "The Matrix",
    ]
    assert second["pageInfo"]["hasPreviousPage"] and second["pageInfo"]["hasNextPage"]
    assert _page(back)["edges"] == first["edges"]


def test_a_shuffle_continues_in_the_seeds_order_and_a_rest_cursor_continues_it_too(gql, api_client):
    order = {"field": "SHUFFLE", "seed": 7}
    whole = _ids(gql(DISCOVER, {"orderBy": order, "first": 10}))
    first = _page(gql(DISCOVER, {"orderBy": order, "first": 4}))
    rest = api_client.get(
        "/api/movies/discover/", {"order": "shuffle", "seed": 7, "after": first["pageInfo"]["endCursor"]}
    )

    assert [edge["node"]["tmdbId"] for edge in first["edges"]] + [
        m["tmdb_id"] for m in rest.json()["results"]
    ] == whole


def test_a_cursor_of_another_query_is_bad_user_input(gql):
    cursor = _page(gql(DISCOVER, {"filter": {"genres": ["drama"]}, "first": 1}))["pageInfo"]["endCursor"]

    body = gql(DISCOVER, {"filter": {"genres": ["action"]}, "first": 1, "after": cursor})

    assert body["data"] is None
    assert _error(body) == ("BAD_USER_INPUT", f"after: {NOT_THIS_QUERY}")


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"filter": {"genres": ["westerns"]}}, "genres: no genre “westerns”."),
        ({"filter": {"people": [6384, 999999]}}, "people: no person with TMDb id 999999."),
        ({"filter": {"runtimeMin": -1}}, "runtime_min must be between 0 and 1000."),
        ({"filter": {"voteAverageMin": 10.5}}, "vote_average_min must be between 0 and 10."),
        ({"filter": {"yearMin": 2020, "yearMax": 2010}}, "year_min must not be above year_max."),
        ({"filter": {"hideSeen": True}}, "hide_seen: Sign in to hide what you have seen."),
        ({"orderBy": {"field": "SHUFFLE"}}, "seed: The shuffle order needs a seed (any number you keep)."),
        ({"first": 101}, "first must be between 1 and 100."),
        (
            {"filter": {"region": "USA"}},
            "region: “USA” is not a known region: give an ISO 3166-1 alpha-2 code, e.g. US or DE.",
        ),
        ({"filter": {"region": "US", "providers": [999]}}, "providers: no watch provider with id 999."),
        ({"filter": {"onMyServices": True}}, "on_my_services: Sign in to see what is on your services."),
        ({"first": 2, "after": "bm9wZQ"}, "after: This cursor is not one this list gave out."),
    ],
)
def test_bad_input_is_bad_user_input_naming_it(gql, variables, message):
    count = Movie.objects.count()

    body = gql(DISCOVER, variables)

    assert _error(body) == ("BAD_USER_INPUT", message)
    assert Movie.objects.count() == count


@pytest.mark.parametrize(
    "wrong", [{"yearMin": "nineteen"}, {"monetization": ["STREAM"]}, {"genres": [1]}, {"people": ["keanu"]}]
)
def test_a_wrong_type_is_refused_before_running(gql, wrong):
    body = gql(DISCOVER, {"filter": wrong})

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body.get("data") is None


def test_where_to_watch_and_on_my_services(gql, user):
    user_services.user_services_update(user=user, region="GB", provider_ids=[8, 337])
    token = token_pair_for(user).access

    asked = gql(
        DISCOVER, {"filter": {"region": "US", "providers": [8, 2], "monetization": ["FLATRATE", "RENT"]}}
    )
    mine = gql(DISCOVER, {"filter": {"onMyServices": True, "genres": ["animation"]}}, token=token)

    assert _ids(asked) == [27205, 157336, 603]
    assert _ids(mine) == [862, 129]


def test_hide_seen_for_a_signed_in_reader(gql, user, discover_films):
    WatchHistoryFactory(user=user, movie=discover_films[19995])

    body = gql(DISCOVER, {"filter": {"hideSeen": True}, "first": 2}, token=token_pair_for(user).access)

    assert _ids(body) == [27205, 157336]


def test_the_cost_counts_the_page_asked_for(gql_with_cost):
    small = gql_with_cost(DISCOVER, {"first": 5})["extensions"]["cost"]["requested"]
    large = gql_with_cost(DISCOVER, {"first": 50})["extensions"]["cost"]["requested"]

    assert large > small


def _counted(call, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        found = call(size)
    assert len(found) == size
    return len(queries)


def test_a_page_of_5_and_of_50_cost_the_same_queries_on_both_surfaces(gql, user, settings):
    settings.PAYLOAD_CACHE_TTL = 1
    drama = Genre.objects.get(slug="drama")
    for n in range(50):
        movie = MovieRefFactory(popularity_score=n, release_date=datetime.date(2000, 1, 1))
        movie.genres.add(drama)
        if n % 3 == 0:
            WatchlistItemFactory(user=user, movie=movie)
    token = token_pair_for(user).access
    rest = pytest.importorskip("rest_framework.test").APIClient()
    rest.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    def on_graphql(size: int) -> list:
        return _page(gql(DISCOVER, {"filter": {"genres": ["drama", "comedy"]}, "first": size}, token=token))[
            "edges"
        ]

    def on_rest(size: int) -> list:
        response = rest.get("/api/movies/discover/", {"genres": ["drama", "comedy"], "page_size": size})
        return response.json()["results"]

    counts = {_counted(call, size) for call in (on_graphql, on_rest) for size in (5, 50)}

    assert counts == {7}
