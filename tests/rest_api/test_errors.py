"""One error body for every REST failure under /api/, whatever DEBUG is."""

import pytest
from django.urls import path
from rest_framework.decorators import api_view

from catalog.models import Movie
from tests.errors import one_error

NOT_FOUND = one_error("not_found", "Not found.")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("method", ["get", "put"])
@pytest.mark.parametrize("url", ["/api/no-such-route/", "/api/movies/not-a-number/", "/api/user/reviews/x/"])
def test_an_unknown_api_url_is_the_json_404_even_with_debug_on(client, settings, debug, method, url):
    settings.DEBUG = debug

    response = getattr(client, method)(url)

    assert (response.status_code, response["Content-Type"], response.json()) == (
        404,
        "application/json",
        NOT_FOUND,
    )


@pytest.mark.django_db
def test_a_method_the_route_does_not_have_is_a_405(api_client):
    response = api_client.delete("/api/movies/trending/")

    assert (response.status_code, response.json()) == (
        405,
        one_error("method_not_allowed", 'Method "DELETE" not allowed.'),
    )


@pytest.mark.django_db
def test_an_accept_header_nothing_matches_is_a_406(api_client):
    response = api_client.get("/api/movies/trending/", HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response.json()["errors"][0]["code"] == "not_acceptable"


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_a_415_and_registers_nobody(api_client, django_user_model):
    response = api_client.post("/api/auth/register/", "email=a@b.c", content_type="text/plain")

    assert (response.status_code, response.json()) == (
        415,
        one_error("unsupported_media_type", 'Unsupported media type "text/plain" in request.'),
    )
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
def test_field_errors_name_the_fields_sent(auth_client):
    response = auth_client.post("/api/movies/603/reviews/", {"rating": 9}, format="json")

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert [(error["attr"], error["code"]) for error in response.json()["errors"]] == [("rating", "invalid")]
    assert not Movie.objects.filter(tmdb_id=603, rating_count__gt=0).exists()


@api_view(["GET"])
def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/boom/", _boom)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True])
def test_a_bug_in_a_view_is_the_json_500(client, settings, debug):
    settings.DEBUG = debug
    client.raise_request_exception = False

    response = client.get("/api/boom/")

    assert (response.status_code, response.json()) == (
        500,
        one_error("error", "Internal server error.", kind="server_error"),
    )
