"""Every REST path of the spec, under /api/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from rest_api import openapi  # noqa: F401 (registers the authentication scheme)

urlpatterns = [
    path("auth/", include("rest_api.accounts.urls")),
    path("", include("rest_api.catalog.urls")),
    path("", include("rest_api.engagement.urls")),
    path("", include("rest_api.recsys.urls")),
    path("admin/", include("rest_api.admin_api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]
