"""The OpenAPI description states what the API does: its error answers, blank image URLs, bounds."""

import pytest
from drf_spectacular.generators import SchemaGenerator

ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def openapi() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(openapi: dict):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_documents_401_with_the_error_body(openapi):
    missing = [
        (path, method)
        for path, method, operation in _operations(openapi)
        if operation["responses"].get("401", {}).get("content", {}).get("application/json", {}).get("schema")
        != ERROR_REF
    ]
    assert missing == []


def test_every_error_answer_carries_the_error_body(openapi):
    def bodies(response: dict) -> list:
        return [media.get("schema") for media in response.get("content", {}).values()]

    errors = {
        (path, method, code): bodies(response)
        for path, method, operation in _operations(openapi)
        for code, response in operation["responses"].items()
        if int(code) >= 400
    }

    assert [
        where for where, found in errors.items() if not found or set(map(str, found)) != {str(ERROR_REF)}
    ] == []
    assert errors[("/api/admin/movies/{tmdb_id}/", "delete", "409")] == [ERROR_REF]


def test_error_answers_follow_what_the_operation_is(openapi):
    detail = openapi["paths"]["/api/movies/{tmdb_id}/"]["get"]["responses"]
    assert sorted(detail) == ["200", "401", "404", "429", "503"]
    favorites = openapi["paths"]["/api/user/favorites/"]["post"]["responses"]
    assert {"400", "401", "403"} <= set(favorites)
    staff = openapi["paths"]["/api/admin/analytics/dau/"]["get"]["responses"]
    assert staff["403"]["content"] == {
        "application/json": {"schema": ERROR_REF},
        "text/csv": {"schema": ERROR_REF},
    }


def test_error_body_is_a_type_and_a_list_of_coded_errors(openapi):
    schemas = openapi["components"]["schemas"]
    assert sorted(schemas["Error"]["required"]) == ["errors", "type"]
    assert schemas["Error"]["properties"]["errors"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/ErrorItem"},
    }
    assert sorted(schemas["ErrorItem"]["required"]) == ["attr", "code", "detail"]
    assert schemas["ErrorItem"]["properties"]["attr"]["nullable"] is True


def test_image_urls_say_they_are_tmdb_images_or_drawn_ones(openapi):
    movie = openapi["components"]["schemas"]["Movie"]["properties"]
    assert movie["poster_url"] == {
        "type": "string",
        "readOnly": True,
        "description": "The absolute image URL: TMDb's image, or a drawn one (SVG) when TMDb has none.",
    }
    assert "format" not in movie["backdrop_url"]


def test_enforced_bounds_are_stated(openapi):
    def parameter(path: str, name: str) -> dict:
        params = openapi["paths"][path]["get"]["parameters"]
        return next(p for p in params if p["name"] == name)["schema"]

    assert parameter("/api/user/favorites/", "page_size") == {"type": "integer", "minimum": 1}
    assert parameter("/api/movies/trending/", "limit")["minimum"] == 1
    assert parameter("/api/movies/trending/", "limit")["maximum"] == 100
    assert parameter("/api/movies/popular/", "page")["maximum"] == 500
    assert parameter("/api/movies/search/", "q")["maxLength"] == 200
    assert (
        parameter("/api/movies/search/", "year")["minimum"],
        parameter("/api/movies/search/", "year")["maximum"],
    ) == (1870, 2100)
