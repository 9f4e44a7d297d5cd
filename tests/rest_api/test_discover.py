"""GET /api/movies/discover/: filters, cursor pages bound to their query, errors, caching, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Genre, Movie
from common.http_caching import PRIVATE
from engagement import user_services
from tests.errors import messages
from tests.factories import FavoriteFactory, MovieRefFactory, WatchHistoryFactory, WatchlistItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discover_films")]

URL = "/api/movies/discover/"
NOT_THIS_QUERY = (
    "This cursor belongs to another query or was altered: ask for the first page of this query again."
)


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [movie["tmdb_id"] for movie in response.json()["results"]]


def test_filters_combine_and_the_answer_shows_the_movies(api_client):
    response = api_client.get(
        URL,
        {
            "genres": ["science-fiction", "action"],
            "genres_match": "all",
            "year_min": 1990,
            "runtime_max": 150,
        },
    )

    assert _ids(response) == [27205, 603]
    matrix = response.json()["results"][1]
    assert (matrix["title"], matrix["release_date"], matrix["runtime"], matrix["language"]) == (
        "The Matrix",
        "1999-03-30",
        136,
        "en",
    )
    assert [genre["slug"] for genre in matrix["genres"]] == ["action", "science-fiction"]
    assert matrix["viewer"] is None


def test_pages_walk_forward_and_back_by_their_links(api_client):
    first = api_client.get(URL, {"order": "title", "page_size": 4})
    second = api_client.get(first.json()["next"])
    third = api_client.get(second.json()["next"])
    back = api_client.get(third.json()["previous"])

    assert _ids(first) + _ids(second) + _ids(third) == [
        19995,
        27205,
        157336,
        496243,
        129,
        11,
        155,
        603,
        862,
        372058,
    ]
    assert first.json()["previous"] is None and third.json()["next"] is None
    assert _ids(back) == _ids(second)


def test_a_shuffle_pages_through_every_movie_once_in_the_seeds_order(api_client):
    seen, link = [], None
    params = {"order": "shuffle", "seed": 2026, "page_size": 3}
    while True:
        response = api_client.get(link) if link else api_client.get(URL, params)
        seen += _ids(response)
        link = response.json()["next"]
        if link is None:
            break

    assert seen == _ids(api_client.get(URL, {**params, "page_size": 50}))
    assert sorted(seen) == sorted(Movie.objects.values_list("tmdb_id", flat=True))


def test_a_movie_added_before_the_cursor_between_pages_neither_repeats_nor_skips_a_row(api_client):
    first = api_client.get(URL, {"page_size": 3})
    Movie.objects.create(
        tmdb_id=299534, title="Avengers: Endgame", popularity_score=99.0
    )  # would lead page 1

    second = api_client.get(first.json()["next"])

    assert _ids(first) == [19995, 27205, 157336]
    assert _ids(second) == [155, 603, 11]


def test_a_cursor_of_another_query_or_altered_by_hand_is_a_400(api_client):
    drama = api_client.get(URL, {"genres": "drama", "page_size": 2}).json()["next"]
    cursor = drama.split("after=")[1].split("&")[0]
    altered = cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BB")

    for query in ({"genres": "action", "after": cursor}, {"genres": "drama", "after": altered}):
        response = api_client.get(URL, {**query, "page_size": 2})
        assert (response.status_code, messages(response)) in (
            (400, {"after": [NOT_THIS_QUERY]}),
            (400, {"after": ["This cursor is not one this list gave out."]}),
        )
    response = api_client.get(URL, {"genres": "action", "after": cursor})
    assert messages(response) == {"after": [NOT_THIS_QUERY]}


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"genres": "westerns"}, {"genres": ["genres: no genre “westerns”."]}),
        ({"year_min": "nineteen"}, {"year_min": ["A valid integer is required."]}),
        (
            {"release_from": "30/03/1999"},
            {"release_from": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ({"runtime_min": -5}, {"runtime_min": ["runtime_min must be between 0 and 1000."]}),
        ({"vote_average_min": 11}, {"vote_average_min": ["vote_average_min must be between 0 and 10."]}),
        ({"year_min": 2000, "year_max": 1990}, {"year_min": ["year_min must not be above year_max."]}),
        ({"people": "keanu"}, {"people.0": ["A valid integer is required."]}),
        ({"people": [6384, 999999]}, {"people": ["people: no person with TMDb id 999999."]}),
        ({"genres_match": "most"}, {"genres_match": ['"most" is not a valid choice.']}),
        ({"order": "random"}, {"order": ['"random" is not a valid choice.']}),
        ({"order": "shuffle"}, {"seed": ["The shuffle order needs a seed (any number you keep)."]}),
        ({"hide_seen": "true"}, {"hide_seen": ["Sign in to hide what you have seen."]}),
        (
            {"region": "USA"},
            {"region": ["“USA” is not a known region: give an ISO 3166-1 alpha-2 code, e.g. US or DE."]},
        ),
        ({"region": "US", "providers": 999}, {"providers": ["providers: no watch provider with id 999."]}),
        ({"monetization": "stream"}, {"monetization.0": ['"stream" is not a valid choice.']}),
        ({"on_my_services": "true"}, {"on_my_services": ["Sign in to see what is on your services."]}),
        ({"page_size": 0}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        ({"after": "not-a-cursor"}, {"after": ["This cursor is not one this list gave out."]}),
    ],
)
def test_bad_input_is_a_400_naming_it_and_changes_nothing(api_client, query, errors):
    before = (Movie.objects.count(), Genre.objects.count())

    response = api_client.get(URL, query)

    assert response.status_code == 400
    assert messages(response) == errors
    assert (Movie.objects.count(), Genre.objects.count()) == before


def test_the_readers_errors_the_filters_and_availability_come_in_one_400(api_client):
    query = {"hide_seen": "true", "genres": "westerns", "people": 999999, "region": "USA"}
    response = api_client.get(URL, query)

    assert response.status_code == 400
    assert messages(response) == {
        "hide_seen": ["Sign in to hide what you have seen."],
        "genres": ["genres: no genre “westerns”."],
        "people": ["people: no person with TMDb id 999999."],
        "region": ["“USA” is not a known region: give an ISO 3166-1 alpha-2 code, e.g. US or DE."],
    }


def test_where_to_watch_filters(api_client):
    response = api_client.get(
        URL, {"region": "US", "providers": [8, 2], "monetization": ["flatrate", "rent"]}
    )

    assert _ids(response) == [27205, 157336, 603]


def test_on_my_services_for_a_signed_in_reader(auth_client, user):
    user_services.user_services_update(user=user, region="GB", provider_ids=[8, 337])

    response = auth_client.get(URL, {"on_my_services": "true", "genres": "animation"})

    assert _ids(response) == [862, 129]
    assert response["Cache-Control"] == PRIVATE


def test_a_forged_token_is_a_401(api_client):
    response = api_client.get(URL, HTTP_AUTHORIZATION="Bearer forged")

    assert response.status_code == 401


def test_hide_seen_is_the_readers_own_and_never_served_to_anyone_else(
    auth_client, user, api_client, discover_films
):
    WatchHistoryFactory(user=user, movie=discover_films[19995])

    mine = auth_client.get(URL, {"hide_seen": "true", "page_size": 2})
    everyone = api_client.get(URL, {"hide_seen": "false", "page_size": 2})

    assert _ids(mine) == [27205, 157336]
    assert mine["Cache-Control"] == PRIVATE
    assert _ids(everyone) == [19995, 27205]
    assert everyone["Cache-Control"].startswith("public")


def test_a_signed_in_readers_state_shows_on_each_movie(auth_client, user, discover_films):
    FavoriteFactory(user=user, movie=discover_films[19995])

    response = auth_client.get(URL, {"page_size": 1})

    assert response.json()["results"][0]["viewer"]["is_favorite"] is True


def _query_count(client, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"genres": ["drama", "comedy"], "page_size": size})
    assert len(response.json()["results"]) == size
    return len(queries)


def test_a_page_of_50_costs_the_queries_of_a_page_of_5(auth_client, user, settings):
    settings.PAYLOAD_CACHE_TTL = 1
    drama = Genre.objects.get(slug="drama")
    for n in range(50):
        movie = MovieRefFactory(popularity_score=n, release_date=datetime.date(2000, 1, 1))
        movie.genres.add(drama)
        if n % 3 == 0:
            WatchlistItemFactory(user=user, movie=movie)

    # the genre check, the page, its genres, the reader's state (four queries: engagement.viewer_state)
    assert _query_count(auth_client, 50) == _query_count(auth_client, 5) == 7


def test_rest_and_graphql_spend_the_same_discover_throttle(api_client, client, throttle_rates):
    throttle_rates(discover_ip="2/min")

    first = api_client.get(URL, {"page_size": 1}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    second = client.post(
        "/graphql/",
        {"query": "{ discover(first: 1) { edges { node { tmdbId } } } }"},
        content_type="application/json",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    third = api_client.get(URL, {"page_size": 2}, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert (first.status_code, "errors" in second.json(), third.status_code) == (200, False, 429)
