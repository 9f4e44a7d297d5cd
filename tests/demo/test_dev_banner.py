"""`make run`'s start-up banner: where things are, and what development mode relaxes."""

import io

from django.core.management import call_command


def banner(**options) -> str:
    out = io.StringIO()
    call_command("dev_banner", stdout=out, **options)
    return out.getvalue()


def test_the_banner_names_every_surface_and_what_dev_mode_relaxes(settings):
    settings.DEV_MODE = True
    text = banner(url="http://127.0.0.1:8765/")

    for line in (
        "  GraphQL + GraphiQL  http://127.0.0.1:8765/graphql/",
        "  REST API            http://127.0.0.1:8765/api/",
        "  Swagger UI          http://127.0.0.1:8765/api/docs/   (OpenAPI schema: http://127.0.0.1:8765/api/schema/)",
        "  - sign-in throttle and login lockout: off for this machine (127.0.0.0/8, ::1)",
        "  - CORS: any http://localhost:<port> and http://127.0.0.1:<port> origin, no credentials",
    ):
        assert line in text.splitlines()
    assert "register one with POST /api/auth/register/" in text


def test_without_dev_mode_the_banner_claims_nothing_relaxed(settings):
    settings.DEV_MODE = False
    text = banner()

    assert "http://127.0.0.1:8000/graphql/" in text
    assert "Relaxed" not in text
    assert "CORS" not in text
