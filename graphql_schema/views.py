"""The /graphql/ endpoint: CSRF-exempt, authenticated by Bearer tokens only."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from graphql_schema import response_cache
from graphql_schema.context import bearer_user
from graphql_schema.schema import schema


class BearerGraphQLView(GraphQLView):
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        request.user = bearer_user(request)
        body = response_cache.lookup(self.schema, request)
        if body is not None:
            return HttpResponse(body, content_type="application/json")
        response = super().dispatch(request, *args, **kwargs)
        response_cache.keep(request, response)
        return response


graphql_view = csrf_exempt(
    BearerGraphQLView.as_view(
        schema=schema,
        graphql_ide="graphiql" if settings.GRAPHQL_GRAPHIQL else None,
        allow_queries_via_get=True,
        # Uploads (importHistory) are safe from cross-site forgery here: only a Bearer token signs in.
        multipart_uploads_enabled=True,
    )
)
