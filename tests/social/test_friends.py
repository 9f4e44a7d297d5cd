"""What the people a reader follows rated a movie: the selector and both surfaces."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from social import friends
from social.models import Block, Follow, PrivacySettings
from tests.factories import MovieRefFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db
QUERY = (
    "query($m: Int!) { friendsRatings(tmdbId: $m) { count mean people { username rating } } "
    "movie(tmdbId: $m) { friendsRatings { count } } }"
)


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@pytest.fixture
def world():
    """``reader`` follows ann (5), bob (4, ratings followers-only), cy (3, ratings private) and
    asks to follow dee (1); eve (2) is a stranger. All rated ``movie``."""
    reader = UserFactory(username="reader")
    movie = MovieRefFactory()
    people = {}
    for name, rating in (("ann", 5), ("bob", 4), ("cy", 3), ("dee", 1), ("eve", 2)):
        people[name] = UserFactory(username=name)
        ReviewFactory(user=people[name], movie=movie, rating=rating)
    for name in ("ann", "bob", "cy"):
        Follow.objects.create(follower=reader, followee=people[name], status=Follow.Status.ACCEPTED)
    Follow.objects.create(follower=reader, followee=people["dee"], status=Follow.Status.PENDING)
    PrivacySettings.objects.create(user=people["bob"], ratings="followers")
    PrivacySettings.objects.create(user=people["cy"], ratings="private")
    return {"reader": reader, "movie": movie, **people}


def test_only_followees_whose_ratings_the_reader_may_read_count(world):
    found = friends.friends_on_movie(viewer=world["reader"], tmdb_id=world["movie"].tmdb_id)
    assert (found.count, found.mean) == (2, 4.5)
    assert sorted((p.username, p.rating) for p in found.people) == [("ann", Decimal(5)), ("bob", Decimal(4))]


def test_a_block_either_way_takes_the_rating_out(world):
    Block.objects.create(blocker=world["ann"], blocked=world["reader"])
    found = friends.friends_on_movie(viewer=world["reader"], tmdb_id=world["movie"].tmdb_id)
    assert [p.username for p in found.people] == ["bob"]


def test_a_page_of_movies_costs_two_queries():
    reader = UserFactory()
    movies = [MovieRefFactory() for _ in range(5)]
    for movie in movies:
        friend = UserFactory()
        Follow.objects.create(follower=reader, followee=friend, status=Follow.Status.ACCEPTED)
        ReviewFactory(user=friend, movie=movie, rating=4)
    with CaptureQueriesContext(connection) as queries:
        found = friends.friends_ratings(viewer=reader, tmdb_ids=[m.tmdb_id for m in movies])
    assert len(queries) == 2 and {f.count for f in found.values()} == {1}


def test_rest_and_graphql_give_the_same_answer(world, gql):
    tmdb_id = world["movie"].tmdb_id
    rest = _client(world["reader"]).get(f"/api/movies/{tmdb_id}/friends/")
    assert rest.status_code == 200
    assert rest.json() == {
        "count": 2,
        "mean": 4.5,
        "people": [
            {"username": "bob", "avatar_url": "", "rating": 4.0},
            {"username": "ann", "avatar_url": "", "rating": 5.0},
        ],
    }
    body = gql(QUERY, {"m": tmdb_id}, token_pair_for(world["reader"]).access)
    assert body["data"]["friendsRatings"] == {
        "count": 2,
        "mean": 4.5,
        "people": [{"username": "bob", "rating": 4.0}, {"username": "ann", "rating": 5.0}],
    }
    assert body["data"]["movie"]["friendsRatings"] == {"count": 2}


def test_an_answer_with_friends_is_never_cached(world, gql):
    """A followee's setting changed counts at the very next read, on both surfaces."""
    tmdb_id, token = world["movie"].tmdb_id, token_pair_for(world["reader"]).access
    query = "query($m: Int!) { movie(tmdbId: $m) { title friendsRatings { count } } }"
    assert gql(query, {"m": tmdb_id}, token)["data"]["movie"]["friendsRatings"] == {"count": 2}
    PrivacySettings.objects.filter(user=world["bob"]).update(ratings="private")
    assert gql(query, {"m": tmdb_id}, token)["data"]["movie"]["friendsRatings"] == {"count": 1}
    assert _client(world["reader"]).get(f"/api/movies/{tmdb_id}/friends/").json()["count"] == 1


def test_anonymous_readers_and_unknown_movies(world, gql):
    tmdb_id = world["movie"].tmdb_id
    assert _client().get(f"/api/movies/{tmdb_id}/friends/").status_code == 401
    assert _client(world["reader"]).get("/api/movies/999999/friends/").status_code == 404
    on_movie = "query($m: Int!) { movie(tmdbId: $m) { friendsRatings { count } } }"
    assert gql(on_movie, {"m": tmdb_id})["data"] == {"movie": {"friendsRatings": None}}
    anonymous = gql(QUERY, {"m": tmdb_id})
    assert anonymous["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unknown = gql(QUERY, {"m": 999999}, token_pair_for(world["reader"]).access)
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("count", [1, 6])
def test_movie_friends_on_a_page_of_movies_cost_the_same_queries(gql, count):
    reader = UserFactory()
    friend = UserFactory()
    Follow.objects.create(follower=reader, followee=friend, status=Follow.Status.ACCEPTED)
    for _ in range(count):
        ReviewFactory(user=friend, movie=MovieRefFactory(), rating=4)
    query = (
        "query { movies(pagination: {limit: 50}) { tmdbId friendsRatings { count people { username } } } }"
    )
    token = token_pair_for(reader).access
    with CaptureQueriesContext(connection) as queries:
        body = gql(query, token=token)
    assert [m["friendsRatings"]["count"] for m in body["data"]["movies"]] == [1] * count
    assert len(queries) == 3  # the movies; the friends' totals; their newest ratings by name
