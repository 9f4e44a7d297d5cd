"""The /graphql/ endpoint: CSRF-exempt, authenticated by Bearer tokens only."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from graphql_schema.context import bearer_user
from graphql_schema.schema import schema


class BearerGraphQLView(GraphQLView):
    def get_context(self, request: HttpRequest, response: HttpResponse):
        request.user = bearer_user(request)
        return super().get_context(request, response)


graphql_view = csrf_exempt(
    BearerGraphQLView.as_view(
        schema=schema,
        graphql_ide="graphiql" if settings.GRAPHQL_GRAPHIQL else None,
        allow_queries_via_get=True,
    )
)
