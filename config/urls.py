"""Root URLs: admin, REST (/api/), GraphQL (/graphql/), drawn movie artwork (/media/art/), health."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from config import artwork, health
from config.admin_login import admin_login
from graphql_schema.views import graphql_view
from rest_api.exceptions import not_found

urlpatterns = [
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/", include("rest_api.urls")),
    # Any other /api/ URL (an unknown route, a path id that is not a number) is the JSON 404,
    # with DEBUG on too (Django's debug page would replace handler404), whatever the method.
    re_path(r"^api/", csrf_exempt(not_found)),
    path("graphql/", graphql_view, name="graphql"),
    re_path(
        r"^media/art/(?P<kind>poster|backdrop)/(?P<tmdb_id>[0-9]{1,10})\.svg$",
        artwork.artwork,
        name="artwork",
    ),
    path("health/live/", health.live, name="health-live"),
    path("health/", health.ReadinessView.as_view(), name="health"),
    path("", include("django_prometheus.urls")),
]

handler400 = "rest_api.exceptions.bad_request"
handler404 = "rest_api.exceptions.not_found"
handler500 = "rest_api.exceptions.server_error"
