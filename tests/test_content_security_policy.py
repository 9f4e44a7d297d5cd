"""Content-Security-Policy on the pages we serve: the Django admin and Swagger UI (GraphiQL's own
policy is tested in tests/graphql/test_auth.py)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEFAULT_POLICY = {
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
}
SWAGGER_STYLE = "style-src 'self' 'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"


def _directives(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def test_the_admin_works_under_the_default_policy(client, admin_user):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert _directives(login) == DEFAULT_POLICY

    user = UserFactory(username="neo")
    client.force_login(admin_user)
    listing = client.get("/admin/accounts/user/")
    change = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert (listing.status_code, change.status_code) == (200, 200)
    assert "neo" in listing.content.decode()
    assert _directives(listing) == _directives(change) == DEFAULT_POLICY
    for page in (login, listing, change):
        assert "<script>" not in page.content.decode()


def test_swagger_ui_loads_its_script_as_a_file_and_allows_only_its_own_inline_style(client):
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<script src="/api/docs/?script="></script>' in html
    assert "<script>" not in html
    assert _directives(page) == (DEFAULT_POLICY - {"style-src 'self'"}) | {SWAGGER_STYLE}

    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle" in script.content.decode()


def test_api_answers_carry_the_default_policy(client):
    response = client.get("/api/movies/trending/")
    assert response.status_code == 200
    assert _directives(response) == DEFAULT_POLICY
