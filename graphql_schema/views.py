"""The /graphql/ endpoint: CSRF-exempt, authenticated by Bearer tokens only."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from common import json_body
from common.json_body import JSONTooDeep
from graphql_schema import response_cache
from graphql_schema.context import bearer_user
from graphql_schema.schema import schema


class BearerGraphQLView(GraphQLView):
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        request.user = bearer_user(request)
        body = response_cache.lookup(self.schema, request)
        if body is not None:
            return HttpResponse(body, content_type="application/json")
        try:
            response = super().dispatch(request, *args, **kwargs)
        except JSONTooDeep as exc:
            return JsonResponse({"errors": [{"message": str(exc)}]}, status=400)
        response_cache.keep(request, response)
        return response

    def decode_json(self, data: str | bytes) -> object:
        return json_body.loads(data)


graphql_view = csrf_exempt(
    BearerGraphQLView.as_view(
        schema=schema,
        graphql_ide="graphiql" if settings.GRAPHQL_GRAPHIQL else None,
        allow_queries_via_get=True,
    )
)
