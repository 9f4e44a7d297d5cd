"""The /graphql/ endpoint: CSRF-exempt, authenticated by Bearer tokens only."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from graphql_schema import deadline, response_cache
from graphql_schema.context import bearer_user
from graphql_schema.deadline import DeadlinePassed
from graphql_schema.schema import schema

# GraphiQL and its explorer plugin are served from our static files: the page needs no other origin,
# no inline script and no inline style.
GRAPHIQL_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


class BearerGraphQLView(GraphQLView):
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        # GraphiQL on a browser's GET unless GRAPHQL_GRAPHIQL turns it off (read per request).
        self.graphql_ide = "graphiql" if settings.GRAPHQL_GRAPHIQL else None
        request.user = bearer_user(request)
        body = response_cache.lookup(self.schema, request)
        if body is not None:
            return HttpResponse(body, content_type="application/json")
        try:
            response = super().dispatch(request, *args, **kwargs)
        except DeadlinePassed:
            return HttpResponse(deadline.timeout_body(), content_type="application/json")
        response_cache.keep(request, response)
        return response

    def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(render_to_string("graphql_schema/graphiql.html", request=request))
        response["Content-Security-Policy"] = GRAPHIQL_CONTENT_SECURITY_POLICY
        return response


graphql_view = csrf_exempt(BearerGraphQLView.as_view(schema=schema, allow_queries_via_get=True))
