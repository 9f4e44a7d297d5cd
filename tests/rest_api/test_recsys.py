"""REST: personalized, item-based and similar movie lists."""

from datetime import timedelta

import pytest
import responses
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from recsys import tasks
from recsys.models import RecommendationCache
from tests.errors import messages
from tests.factories import movie_with_credits

pytestmark = pytest.mark.django_db
URL = "/api/movies/recommendations/"


def _ids(response) -> list[int]:
    return [
        item["movie"]["tmdb_id"] if "movie" in item else item["tmdb_id"]
        for item in response.json()["results"]
    ]


def test_recommendations_with_movie_score_and_reasons(auth_client, toy_fan):
    tasks.generate_recommendations()

    response = auth_client.get(URL, {"limit": 2})

    assert response.status_code == 200
    body = response.json()
    assert body["strategy"] == "hybrid"
    first = body["results"][0]
    assert set(first) == {"movie", "score", "reasons"}
    assert first["movie"]["title"] == "Toy Story 2"
    assert [g["name"] for g in first["movie"]["genres"]] == ["Animation", "Comedy"]
    assert first["reasons"][0] == "because you liked Toy Story"
    assert _ids(response) == [863, 23168]


def test_content_strategy(auth_client, toy_fan):
    tasks.generate_recommendations()

    response = auth_client.get(URL, {"strategy": "content", "limit": 100})

    assert response.status_code == 200
    assert response.json()["strategy"] == "content"
    reasons = {item["movie"]["tmdb_id"]: item["reasons"] for item in response.json()["results"]}
    assert reasons[863] == ["similar to Toy Story"]


def test_a_new_user_gets_popular_movies_not_an_empty_list(auth_client, movies):
    response = auth_client.get(URL, {"strategy": "collab"})

    assert response.status_code == 200
    assert _ids(response) == [862, 680, 12, 863, 949, 13, 23168]
    assert response.json()["results"][0]["reasons"] == ["popular (not personalized yet)"]


def test_anonymous_is_refused(api_client, movies):
    response = api_client.get(URL)

    assert response.status_code == 401
    assert messages(response) == {None: ["Authentication credentials were not provided."]}


def test_forged_token_is_refused(movies):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")

    response = client.get(URL)

    assert response.status_code == 401
    assert messages(response)[None][0] == "Given token not valid for any token type"


def test_expired_token_is_refused(user, movies):
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(minutes=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.get(URL)

    assert response.status_code == 401
    assert not RecommendationCache.objects.exists()


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"strategy": "popular"}, {"strategy": ['"popular" is not a valid choice.']}),
        ({"limit": 0}, {"limit": ["limit must be between 1 and 100."]}),
        ({"limit": 101}, {"limit": ["limit must be between 1 and 100."]}),
        ({"limit": "x"}, {"limit": ["A valid integer is required."]}),
    ],
)
def test_bad_parameters_are_400_with_field_errors(auth_client, movies, params, errors):
    response = auth_client.get(URL, params)

    assert response.status_code == 400
    assert messages(response) == errors
    assert not RecommendationCache.objects.exists()


@pytest.mark.parametrize("limit", [1, 4])
def test_reading_a_precomputed_list_costs_the_same_queries_for_1_or_n(
    auth_client, toy_fan, limit, django_assert_num_queries
):
    tasks.generate_recommendations()

    # The first read after a run: the stored row, titles and dismissals in one query, movies,
    # genres (the user is cached; the row is then mirrored in the cache), and the reader's state
    # of the listed movies (engagement.viewer_state: four queries).
    with django_assert_num_queries(8):
        response = auth_client.get(URL, {"limit": limit})

    assert len(response.json()["results"]) == limit


def test_item_recommendations(api_client, toy_fan):
    tasks.generate_recommendations()

    response = api_client.get("/api/movies/862/recommendations/", {"limit": 3})

    assert response.status_code == 200
    assert _ids(response)[0] == 863
    assert 862 not in _ids(response)
    assert set(response.json()["results"][0]) >= {"tmdb_id", "title", "genres", "poster_url"}


def test_item_recommendations_before_any_run_use_shared_genres(api_client, movies):
    response = api_client.get("/api/movies/862/recommendations/")

    assert response.status_code == 200
    assert _ids(response) == [863, 12, 13]


def test_item_recommendations_of_an_unknown_movie_are_404(api_client, movies):
    response = api_client.get("/api/movies/999999/recommendations/")

    assert response.status_code == 404
    assert messages(response) == {None: ["Not found."]}


@pytest.mark.parametrize("limit", ["0", "101", "x"])
def test_item_recommendations_bad_limit(api_client, movies, limit):
    response = api_client.get("/api/movies/862/recommendations/", {"limit": limit})

    assert response.status_code == 400
    assert list(messages(response)) == ["limit"]


@pytest.mark.parametrize("count", [1, 5])
def test_item_recommendations_query_count_does_not_grow(api_client, count, django_assert_num_queries):
    source = movie_with_credits(tmdb_id=1)
    for tmdb_id in range(2, count + 2):
        movie_with_credits(tmdb_id=tmdb_id)
    RecommendationCache.objects.create(
        key="recsys:item:1",
        payload={"score": {}, "related": list(range(2, count + 2)), "similar": []},
        ttl=60,
    )

    with django_assert_num_queries(3):  # stored row, movies, genres
        response = api_client.get(f"/api/movies/{source.tmdb_id}/recommendations/", {"limit": 100})

    assert len(response.json()["results"]) == count


def test_similar_without_tmdb_serves_local_content_neighbours(api_client, toy_fan):
    tasks.generate_recommendations()

    response = api_client.get("/api/movies/949/similar/")

    assert response.status_code == 200
    assert _ids(response)[0] == 23168
    assert 949 not in _ids(response)


TMDB_SIMILAR_HEAT = {
    "page": 1,
    "results": [
        {
            "adult": False,
            "backdrop_path": "/kR8W2RxFbqmqjdmMpmhnhf5RFHL.jpg",
            "genre_ids": [80, 18, 53],
            "id": 111,
            "original_language": "en",
            "original_title": "Scarface",
            "overview": "After getting a green card in exchange for assassinating a Cuban official...",
            "popularity": 61.2,
            "poster_path": "/iQ5ztdjvteGeboxtmRdXEChJOHh.jpg",
            "release_date": "1983-12-09",
            "title": "Scarface",
            "video": False,
            "vote_average": 8.2,
            "vote_count": 11931,
        }
    ],
    "total_pages": 1,
    "total_results": 1,
}


def test_similar_merges_tmdb_first_with_local_neighbours(api_client, toy_fan, settings):
    settings.TMDB_API_KEY = "test-key"
    tasks.generate_recommendations()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(f"{settings.TMDB_BASE_URL}/movie/949/similar", json=TMDB_SIMILAR_HEAT)
        mocked.get(
            f"{settings.TMDB_BASE_URL}/configuration",
            json={"images": {"secure_base_url": "https://image.tmdb.org/t/p/"}},
        )
        mocked.get(
            f"{settings.TMDB_BASE_URL}/genre/movie/list",
            json={
                "genres": [
                    {"id": 80, "name": "Crime"},
                    {"id": 18, "name": "Drama"},
                    {"id": 53, "name": "Thriller"},
                ]
            },
        )
        response = api_client.get("/api/movies/949/similar/", {"limit": 2})

    assert response.status_code == 200
    assert _ids(response) == [111, 23168]
    assert response.json()["results"][0]["title"] == "Scarface"


def test_similar_of_an_unknown_movie_is_404(api_client, movies):
    response = api_client.get("/api/movies/999999/similar/")

    assert response.status_code == 404


def test_an_empty_catalog_gives_an_empty_list(auth_client):
    tasks.generate_recommendations()

    response = auth_client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"strategy": "hybrid", "results": []}
