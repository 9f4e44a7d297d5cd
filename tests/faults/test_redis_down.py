"""Redis down: every read answers from the database and every write lands, on REST and GraphQL."""

import pytest
from django.core.cache import cache

from accounts.models import User
from engagement.models import FavoriteMovie, Review, WatchHistory
from tests.errors import messages
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_down")]

BY_POPULARITY = ["Inception", "The Matrix", "Toy Story"]


def _titles(results: list[dict]) -> list[str]:
    return [movie["title"] for movie in results]


def test_liveness_and_readiness_report_a_degraded_cache(api_client):
    assert api_client.get("/health/live/").json() == {"status": "ok"}
    response = api_client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["database"] == "ok"


def test_rest_trending_comes_from_the_database(api_client, catalog):
    response = api_client.get("/api/movies/trending/?time_range=week&limit=3")
    assert response.status_code == 200
    assert _titles(response.json()["results"]) == BY_POPULARITY
    assert cache.get("tmdb:trending:week") is None


def test_graphql_trending_comes_from_the_database(gql, catalog):
    body = gql("{ trending(timeRange: DAY, limit: 2) { title genres { name } } }")
    assert body == {
        "data": {
            "trending": [
                {"title": "Inception", "genres": [{"name": "Action"}]},
                {"title": "The Matrix", "genres": [{"name": "Action"}]},
            ]
        }
    }


def test_recommendations_fall_back_to_popularity_on_both_surfaces(auth_client, gql, access_token, catalog):
    response = auth_client.get("/api/movies/recommendations/?limit=3")
    assert response.status_code == 200
    assert [r["movie"]["title"] for r in response.json()["results"]] == BY_POPULARITY

    body = gql("{ recommendations(limit: 3) { movie { title } } }", token=access_token)
    assert [r["movie"]["title"] for r in body["data"]["recommendations"]] == BY_POPULARITY


def test_signed_in_reads_answer(auth_client, gql, access_token, user, catalog):
    FavoriteMovie.objects.create(user=user, movie=catalog[0])
    Review.objects.create(user=user, movie=catalog[0], rating=5, text="Still holds up.")

    assert auth_client.get("/api/auth/me/").json()["email"] == user.email
    favorites = auth_client.get("/api/user/favorites/").json()["results"]
    assert [(f["tmdb_id"], f["title"]) for f in favorites] == [(603, "The Matrix")]
    reviews = auth_client.get("/api/movies/603/reviews/").json()["results"]
    assert [(r["rating"], r["text"]) for r in reviews] == [(5, "Still holds up.")]

    body = gql(
        "{ me { email favorites { results { movie { title } } } } "
        "reviews(tmdbId: 603) { results { rating } } }",
        token=access_token,
    )
    assert body["data"] == {
        "me": {"email": user.email, "favorites": {"results": [{"movie": {"title": "The Matrix"}}]}},
        "reviews": {"results": [{"rating": 5}]},
    }


def test_rest_register_and_login_work(api_client):
    created = api_client.post(
        "/api/auth/register/",
        {"email": "neo@example.com", "username": "neo", "password": "red-pill-1999"},
        format="json",
    )
    assert created.status_code == 201
    login = api_client.post(
        "/api/auth/login/", {"email": "neo@example.com", "password": "red-pill-1999"}, format="json"
    )
    assert login.status_code == 200
    assert set(login.json()) == {"access", "refresh", "user"}


def test_rest_login_lockout_holds_without_redis(api_client, user, settings):
    """The lockout counts in the process while Redis is away: wrong passwords end in a 429, and
    then so does the right one (with Redis ignored, it used to let the right one in)."""
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        wrong = api_client.post("/api/auth/login/", {"email": user.email, "password": "wrong"}, format="json")
        assert wrong.status_code == 401
        assert messages(wrong) == {None: ["Invalid e-mail or password."]}
    fifth = api_client.post("/api/auth/login/", {"email": user.email, "password": "wrong"}, format="json")
    assert fifth.status_code == 429
    login = api_client.post("/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    assert login.status_code == 429
    assert messages(login)[None][0] == "Too many failed sign-in attempts; try again later."
    user.refresh_from_db()
    assert user.last_login is None


def test_rest_throttles_hold_without_redis(api_client, throttle_rates):
    throttle_rates(auth_ip="2/min")
    body = {"email": "nobody@example.com", "password": "x"}
    assert [api_client.post("/api/auth/login/", body, format="json").status_code for _ in range(3)] == [
        401,
        401,
        429,
    ]
    refused = api_client.post(
        "/api/auth/register/",
        {"email": "neo@example.com", "username": "neo", "password": "red-pill-1999"},
        format="json",
    )
    assert refused.status_code == 429
    assert not User.objects.filter(email="neo@example.com").exists()


def test_graphql_login_lockout_holds_without_redis(gql, user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    query = (
        "mutation($email: String!, $password: String!) { login(email: $email, password: $password) "
        "{ ... on AuthPayload { access } ... on OperationInfo { messages { message } } } }"
    )
    for _ in range(2):
        gql(query, {"email": user.email, "password": "wrong"})
    body = gql(query, {"email": user.email, "password": PASSWORD})
    assert body == {
        "data": {"login": {"messages": [{"message": "Too many failed sign-in attempts; try again later."}]}}
    }


def test_graphql_throttles_hold_without_redis(gql, throttle_rates):
    throttle_rates(auth_ip="1/min")
    query = 'mutation { requestPasswordReset(email: "a@example.com") { ... on MessagePayload { message } } }'
    assert gql(query)["data"]["requestPasswordReset"]["message"].startswith("If an account uses")
    assert gql(query)["errors"][0]["extensions"]["code"] == "THROTTLED"


def test_graphql_failed_login_is_a_message_not_a_crash(gql, user):
    query = (
        'mutation($email: String!) { login(email: $email, password: "wrong") '
        "{ ... on OperationInfo { messages { message } } } }"
    )
    body = gql(query, {"email": user.email})
    assert body == {"data": {"login": {"messages": [{"message": "Invalid e-mail or password."}]}}}


def test_graphql_register_and_login_work(gql):
    body = gql(
        'mutation { register(email: "trinity@example.com", username: "trinity", '
        'password: "follow-the-rabbit") { ... on AuthPayload { user { email } } } }'
    )
    assert body == {"data": {"register": {"user": {"email": "trinity@example.com"}}}}
    body = gql(
        'mutation { login(email: "trinity@example.com", password: "follow-the-rabbit") '
        "{ ... on AuthPayload { access } } }"
    )
    assert body["data"]["login"]["access"]


def test_rest_writes_land(auth_client, user, catalog):
    assert auth_client.post("/api/user/favorites/", {"tmdb_id": 603}, format="json").status_code == 201
    review = auth_client.post("/api/movies/27205/reviews/", {"rating": 4, "text": "Dreamy."}, format="json")
    assert review.status_code == 201
    assert auth_client.post("/api/movies/862/track-view/", {}, format="json").status_code == 201

    assert list(FavoriteMovie.objects.filter(user=user).values_list("movie_id", flat=True)) == [603]
    assert list(Review.objects.filter(user=user).values_list("movie_id", "rating")) == [(27205, 4)]
    assert list(WatchHistory.objects.filter(user=user).values_list("movie_id", flat=True)) == [862]
    catalog[1].refresh_from_db()
    assert (catalog[1].rating_count, catalog[1].rating_sum) == (1, 4)


def test_graphql_writes_land(gql, access_token, user, catalog):
    body = gql(
        """mutation {
          addFavorite(tmdbId: 603) { ... on FavoriteMovie { movie { title } } }
          createReview(tmdbId: 27205, rating: 3, text: "Fine.") { ... on Review { rating } }
          trackView(tmdbId: 862) { ... on WatchHistory { movie { title } } }
        }""",
        token=access_token,
    )
    assert body == {
        "data": {
            "addFavorite": {"movie": {"title": "The Matrix"}},
            "createReview": {"rating": 3},
            "trackView": {"movie": {"title": "Toy Story"}},
        }
    }
    assert FavoriteMovie.objects.filter(user=user, movie_id=603).count() == 1
    assert Review.objects.get(user=user).rating == 3
    assert WatchHistory.objects.filter(user=user, movie_id=862).count() == 1
