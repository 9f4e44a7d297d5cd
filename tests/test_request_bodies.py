"""Request bodies at their edges, on both surfaces: nested too deep, larger than the limit."""

import json

import pytest
from django.contrib.auth import get_user_model

from engagement.models import FavoriteMovie
from tests.errors import messages
from tests.factories import MovieRefFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

DEPTH = 100_000
DEEP = "[" * DEPTH + "]" * DEPTH
REGISTER = {"email": "neo@example.com", "username": "neo", "password": "follow-the-white-rabbit"}


def test_a_deeply_nested_rest_body_is_a_400(api_client):
    response = api_client.post("/api/auth/register/", data=DEEP, content_type="application/json")
    assert response.status_code == 400
    assert messages(response) == {None: ["JSON parse error - JSON is nested too deeply."]}


def test_a_deeply_nested_field_in_a_rest_write_is_a_400_and_writes_nothing(auth_client):
    body = json.dumps({"tmdb_id": 603})[:-1] + f', "title": {DEEP}}}'
    response = auth_client.post("/api/user/favorites/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert messages(response) == {None: ["JSON parse error - JSON is nested too deeply."]}
    assert not FavoriteMovie.objects.exists()


def test_a_deeply_nested_graphql_body_is_a_400(client, user, access_token):
    movie = MovieRefFactory()
    query = "mutation($id: Int!) { addFavorite(tmdbId: $id) { __typename } }"
    body = f'{{"query": {json.dumps(query)}, "variables": {{"id": {movie.tmdb_id}, "deep": {DEEP}}}}}'
    response = client.post(
        "/graphql/", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {access_token}"
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "JSON is nested too deeply.", "extensions": {"code": "BAD_REQUEST"}}]
    }
    assert not FavoriteMovie.objects.exists()


def test_a_deeply_nested_graphql_read_is_a_400(client):
    response = client.post("/graphql/", data=DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "JSON is nested too deeply.", "extensions": {"code": "BAD_REQUEST"}}]
    }


def _padded(body: dict, size: int) -> str:
    """``body`` as JSON of exactly ``size`` bytes, filled up with a ``pad`` field."""
    text = json.dumps(body)
    return text[:-1] + ', "pad": "' + "x" * (size - len(text) - 11) + '"}'


def test_a_rest_body_over_the_limit_is_a_json_413_before_any_query(
    api_client, settings, django_assert_num_queries
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    body = _padded(REGISTER, 5000)
    with django_assert_num_queries(0):
        response = api_client.post("/api/auth/register/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert messages(response) == {None: ["The request body is larger than 4096 bytes."]}
    assert not User.objects.exists()


def test_a_rest_body_at_the_limit_is_read(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    body = _padded(REGISTER, 4096)
    assert len(body.encode()) == 4096
    response = api_client.post("/api/auth/register/", data=body, content_type="application/json")
    assert response.status_code == 201


def test_a_graphql_body_over_the_limit_is_a_json_413_before_any_query(
    client, settings, django_assert_num_queries
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    query = (
        'mutation { register(email: "neo@example.com", username: "neo", password: "follow-the-rabbit") '
        "{ __typename } }"
    )
    body = _padded({"query": query}, 10_000)
    with django_assert_num_queries(0):
        response = client.post("/graphql/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert messages(response) == {None: ["The request body is larger than 4096 bytes."]}
    assert not User.objects.exists()


def test_the_default_limit_is_djangos(api_client, settings):
    big = _padded(REGISTER, settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = api_client.post("/api/auth/register/", data=big, content_type="application/json")
    assert (response.status_code, settings.DATA_UPLOAD_MAX_MEMORY_SIZE) == (413, 2_621_440)


@pytest.mark.parametrize("declared", ["abc", "-1", "1.5", "١٢", " 12"])
@pytest.mark.parametrize("path", ["/api/auth/register/", "/graphql/", "/api/admin/tasks/failed/"])
def test_a_content_length_that_is_not_a_number_is_a_json_400_before_any_query(
    client, django_assert_num_queries, path, declared
):
    with django_assert_num_queries(0):
        response = client.generic(
            "POST", path, json.dumps(REGISTER), content_type="application/json", CONTENT_LENGTH=declared
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "bad_content_length"
    assert messages(response) == {None: ["The Content-Length header must be a whole number of bytes."]}
    assert not User.objects.exists()
