"""Every REST path of the spec, under /api/."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from rest_api import openapi  # noqa: F401 (registers the authentication scheme)

# Swagger UI's split view serves its start-up script as a file (?script), not inline; the page
# keeps one inline <style> (drf-spectacular's swagger_ui.html), allowed by its hash. The browser
# test (tests/browser) fails on a CSP violation if an upgrade changes it.
SWAGGER_UI_INLINE_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
swagger_ui = csp_update({"style-src": [SWAGGER_UI_INLINE_STYLE]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

urlpatterns = [
    path("auth/", include("rest_api.accounts.urls")),
    path("", include("rest_api.catalog.urls")),
    path("", include("rest_api.engagement.urls")),
    path("", include("rest_api.lists.urls")),
    path("", include("rest_api.recsys.urls")),
    path("", include("rest_api.notifications.urls")),
    path("", include("rest_api.social.urls")),
    path("", include("rest_api.portability.urls")),
    path("admin/", include("rest_api.admin_api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", swagger_ui, name="swagger-ui"),
]
