"""REST "not interested": POST (201/200), GET (paginated, newest first), DELETE; owners only."""

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from engagement.models import NotInterested
from tests.errors import messages
from tests.factories import MovieRefFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/user/not-interested/"
NOON = datetime.datetime(2026, 3, 14, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def matrix():
    return MovieRefFactory(
        tmdb_id=603, title="The Matrix", poster_url="https://image.tmdb.org/t/p/w500/m.jpg"
    )


def _signed_in(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@time_machine.travel(NOON, tick=False)
def test_post_is_201_then_200_with_the_same_entry(user, matrix):
    auth_client = _signed_in(user)
    first = auth_client.post(URL, {"tmdb_id": 603}, format="json")
    again = auth_client.post(URL, {"tmdb_id": 603}, format="json")

    entry = NotInterested.objects.get(user=user)
    assert first.status_code == 201
    assert first.json() == {
        "id": str(entry.pk),
        "tmdb_id": 603,
        "title": "The Matrix",
        "poster_url": "https://image.tmdb.org/t/p/w500/m.jpg",
        "added_at": "2026-03-14T12:00:00Z",
    }
    assert (again.status_code, again.json()) == (200, first.json())
    assert NotInterested.objects.count() == 1


def test_list_is_paginated_newest_first_and_only_mine(auth_client, user, other_user):
    for tmdb_id in (1, 2, 3):
        with time_machine.travel(NOON + datetime.timedelta(minutes=tmdb_id), tick=False):
            NotInterested.objects.create(user=user, movie=MovieRefFactory(tmdb_id=tmdb_id))
    NotInterested.objects.create(user=other_user, movie=MovieRefFactory(tmdb_id=4))

    body = auth_client.get(URL).json()

    assert body["count"] == 3
    assert [row["tmdb_id"] for row in body["results"]] == [3, 2, 1]


def test_delete_is_204_then_404(auth_client, user, matrix):
    NotInterested.objects.create(user=user, movie=matrix)

    assert auth_client.delete(f"{URL}603/").status_code == 204
    second = auth_client.delete(f"{URL}603/")

    assert (second.status_code, messages(second)) == (404, {None: ["Not found."]})
    assert not NotInterested.objects.exists()


@pytest.mark.parametrize("tmdb_id", [0, 2**63])
def test_deleting_an_id_no_movie_can_have_is_a_404(auth_client, user, matrix, tmdb_id):
    NotInterested.objects.create(user=user, movie=matrix)

    response = auth_client.delete(f"{URL}{tmdb_id}/")

    assert (response.status_code, messages(response)) == (404, {None: ["Not found."]})
    assert NotInterested.objects.count() == 1


def test_nobody_removes_or_sees_another_user_s_dismissal(auth_client, other_user, matrix):
    NotInterested.objects.create(user=other_user, movie=matrix)

    assert auth_client.delete(f"{URL}603/").status_code == 404
    assert auth_client.get(URL).json()["count"] == 0
    assert NotInterested.objects.filter(user=other_user).count() == 1


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"tmdb_id": ["This field is required."]}),
        ({"tmdb_id": "abc"}, {"tmdb_id": ["A valid integer is required."]}),
        ({"tmdb_id": 0}, {"tmdb_id": ["A TMDb id is a positive integer."]}),
        ({"tmdb_id": 2**40}, {"tmdb_id": ["A TMDb id is a positive integer."]}),
        ({"tmdb_id": [603]}, {"tmdb_id": ["A valid integer is required."]}),
    ],
)
def test_bad_input_is_a_400_and_nothing_is_written(auth_client, matrix, body, errors):
    response = auth_client.post(URL, body, format="json")

    assert (response.status_code, messages(response)) == (400, errors)
    assert not NotInterested.objects.exists()


def test_unknown_movie_is_a_404(auth_client):
    response = auth_client.post(URL, {"tmdb_id": 27205}, format="json")

    assert (response.status_code, messages(response)) == (404, {None: ["Not found."]})
    assert not NotInterested.objects.exists()


@pytest.mark.parametrize("token", [None, "garbage"])
def test_anonymous_and_bad_tokens_are_401(matrix, token):
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    for response in (
        client.get(URL),
        client.post(URL, {"tmdb_id": 603}, format="json"),
        client.delete(f"{URL}603/"),
    ):
        assert response.status_code == 401
    assert not NotInterested.objects.exists()


def test_list_query_count_does_not_grow_with_rows(auth_client, user, django_assert_num_queries):
    NotInterested.objects.create(user=user, movie=MovieRefFactory(tmdb_id=1))
    with django_assert_num_queries(2):  # count, page (the token's user comes from the user cache)
        assert auth_client.get(URL).json()["count"] == 1
    for tmdb_id in range(2, 7):
        NotInterested.objects.create(user=user, movie=MovieRefFactory(tmdb_id=tmdb_id))
    with django_assert_num_queries(2):
        assert auth_client.get(URL).json()["count"] == 6


def test_a_dismissed_movie_leaves_trending_and_item_recommendations_over_rest(auth_client, user):
    for tmdb_id in (1, 2, 3):
        MovieRefFactory(tmdb_id=tmdb_id, popularity_score=10.0 * tmdb_id)
    shown = [m["tmdb_id"] for m in auth_client.get("/api/movies/trending/").json()["results"]]
    assert 3 in shown

    assert auth_client.post(URL, {"tmdb_id": 3}, format="json").status_code == 201

    trending = [m["tmdb_id"] for m in auth_client.get("/api/movies/trending/").json()["results"]]
    assert 3 not in trending
    related = auth_client.get("/api/movies/1/recommendations/").json()["results"]
    assert 3 not in [m["tmdb_id"] for m in related]
    anonymous = [m["tmdb_id"] for m in APIClient().get("/api/movies/trending/").json()["results"]]
    assert 3 in anonymous
    other = _signed_in(UserFactory())
    assert 3 in [m["tmdb_id"] for m in other.get("/api/movies/trending/").json()["results"]]
