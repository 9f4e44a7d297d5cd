"""Conditional reads and Cache-Control: ETags, 304s, and who may keep which answer."""

import json

import pytest

from catalog import invalidation as catalog_invalidation
from catalog import sync as catalog_sync
from engagement import services as engagement_services
from recsys import trending
from tests.factories import movie_with_credits

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = "public, max-age=30, stale-while-revalidate=60"
PRIVATE = "private, no-cache"
DETAIL = "/api/movies/11/"
TRENDING_GQL = "query { trending(limit: 5) { tmdbId title } }"


@pytest.fixture(autouse=True)
def _catalog(monkeypatch, settings):
    settings.HTTP_CACHE_MAX_AGE = 30
    settings.HTTP_CACHE_STALE_WHILE_REVALIDATE = 60
    monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", lambda *, time_range: [])
    for tmdb_id in (11, 12):
        movie_with_credits(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}")
    trending.trending_refresh(time_range="week")


def _vary(response) -> set[str]:
    return {part.strip() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize(
    "url", [DETAIL, "/api/movies/trending/", "/api/movies/popular/?page=1", "/api/movies/search/?q=movie"]
)
def test_an_anonymous_catalog_read_is_public_with_a_strong_etag(api_client, url):
    response = api_client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert "Authorization" in _vary(response)
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) == 34
    assert api_client.get(url)["ETag"] == etag


def test_if_none_match_answers_304_without_a_body_and_still_spends_the_throttle(api_client, throttle_rates):
    throttle_rates(tmdb_ip="2/min")
    etag = api_client.get(DETAIL)["ETag"]

    response = api_client.get(DETAIL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == PUBLIC
    assert api_client.get(DETAIL, HTTP_IF_NONE_MATCH=etag).status_code == 429


@pytest.mark.parametrize("header", ["*", 'W/"{tag}"', '"other", "{tag}"'])
def test_if_none_match_lists_wildcards_and_weak_forms_match(api_client, header):
    tag = api_client.get(DETAIL)["ETag"].strip('"')

    assert api_client.get(DETAIL, HTTP_IF_NONE_MATCH=header.format(tag=tag)).status_code == 304


@pytest.mark.parametrize("header", ['"stale"', "garbage", '"x", ' * 400 + '"{tag}"'])
def test_a_stale_malformed_or_oversized_if_none_match_gets_the_full_answer(api_client, header):
    tag = api_client.get(DETAIL)["ETag"].strip('"')

    response = api_client.get(DETAIL, HTTP_IF_NONE_MATCH=header.format(tag=tag))

    assert response.status_code == 200
    assert response.json()["tmdb_id"] == 11


def test_an_admin_edit_retires_the_etag(api_client):
    etag = api_client.get(DETAIL)["ETag"]
    catalog_invalidation.catalog_changed()

    response = api_client.get(DETAIL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_signed_in_read_is_private_and_kept_apart(api_client, auth_client, user):
    anonymous = api_client.get(DETAIL)["ETag"]

    response = auth_client.get(DETAIL, HTTP_IF_NONE_MATCH=anonymous)

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE
    assert "Authorization" in _vary(response)
    assert response["ETag"] != anonymous
    assert auth_client.get(DETAIL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_readers_own_write_retires_their_etag_at_once(auth_client, user):
    etag = auth_client.get("/api/movies/recommendations/")["ETag"]
    engagement_services.favorite_add(user=user, tmdb_id=12)

    response = auth_client.get("/api/movies/recommendations/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize("url", ["/api/movies/404404/", "/api/movies/popular/?page=0"])
def test_errors_are_never_kept(api_client, url):
    response = api_client.get(url)

    assert response.status_code in (400, 404)
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("ETag")


def test_auth_answers_are_never_stored(api_client, auth_client, user):
    login = api_client.post("/api/auth/login/", {"email": user.email, "password": "password"}, format="json")
    me = auth_client.get("/api/auth/me/")

    assert login["Cache-Control"] == "no-store"
    assert me.status_code == 200
    assert "no-store" in me["Cache-Control"]
    assert "private" in me["Cache-Control"]


def test_writes_are_never_stored(auth_client):
    response = auth_client.post("/api/user/favorites/", {"tmdb_id": 11}, format="json")

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"


def test_a_signed_in_read_without_a_policy_of_its_own_is_private(auth_client):
    response = auth_client.get("/api/user/favorites/")

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE
    assert "Authorization" in _vary(response)


def test_a_graphql_get_read_is_conditional_too(client, throttle_rates):
    throttle_rates(tmdb_ip="2/min")
    first = client.get("/graphql/", {"query": TRENDING_GQL}, HTTP_ACCEPT="application/json")
    second = client.get(
        "/graphql/", {"query": TRENDING_GQL}, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert first.status_code == 200
    assert first["Cache-Control"] == PUBLIC
    assert "Authorization" in _vary(first)
    assert second.status_code == 304
    assert second["ETag"] == first["ETag"]
    # Weak: each answer reports its own extensions.cost, so equal answers differ in bytes.
    assert first["ETag"].startswith('W/"')
    third = client.get(
        "/graphql/", {"query": TRENDING_GQL}, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert third.json()["errors"][0]["extensions"]["code"] == "THROTTLED"


def test_a_signed_in_graphql_get_read_is_private(client, access_token):
    response = client.get(
        "/graphql/",
        {"query": TRENDING_GQL},
        HTTP_ACCEPT="application/json",
        HTTP_AUTHORIZATION=f"Bearer {access_token}",
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE
    assert response.has_header("ETag")


def test_a_graphql_get_with_errors_is_never_kept(client):
    response = client.get(
        "/graphql/", {"query": "query { trending(limit: 0) { tmdbId } }"}, HTTP_ACCEPT="application/json"
    )

    assert response.json()["errors"]
    assert not response.has_header("ETag")
    assert response["Cache-Control"] == "no-store"


def test_a_graphql_post_is_never_stored(client):
    response = client.post(
        "/graphql/", data=json.dumps({"query": TRENDING_GQL}), content_type="application/json"
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("ETag")
