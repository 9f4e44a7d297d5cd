"""The /graphql/ endpoint: CSRF-exempt, authenticated by Bearer tokens only.

Before Strawberry runs, the view reads the operation (GET or JSON POST), checks its persisted
query hash (graphql_schema/persisted_queries.py) and answers from the payload cache when it
can (graphql_schema/response_cache.py); only then does it parse and execute.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from accounts.authentication import Remembered, distrust, remembered_user
from common import json_body
from common.json_body import JSONTooDeep
from graphql_schema import cost_limit, deadline, operations, persisted_queries, response_cache
from graphql_schema.context import Context, InvalidBearer, bearer_user
from graphql_schema.deadline import DeadlinePassed
from graphql_schema.errors import BAD_REQUEST, FORBIDDEN, UNAUTHENTICATED, error_answer, formatted
from graphql_schema.operations import Operation
from graphql_schema.persisted_queries import PersistedQueryError
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


# The operation a hash-only persisted query stands for, handed to parse_http_body.
_RESOLVED = "_graphql_resolved_operation"


def _cache_key_hash(operation: Operation, sha: str | None) -> str | None:
    """The hash an operation's answer is cached under; None for a text too large to be worth it."""
    if sha is not None:
        return sha
    if operation.query is None or len(operation.query) > settings.GRAPHQL_APQ_MAX_QUERY_BYTES:
        return None
    return persisted_queries.digest(operation.query)


def _as_json_error(response: HttpResponseBase) -> HttpResponseBase:
    """Strawberry's plain-text refusals (bad JSON, a mutation over GET, ...) as GraphQL JSON errors."""
    if response.status_code < 400 or not response.get("Content-Type", "").startswith("text/plain"):
        return response
    return error_answer(response.content.decode(), BAD_REQUEST, response.status_code)


UPLOAD_NEEDS_SIGN_IN = "Sign in to upload files."


class BearerGraphQLView(GraphQLView):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        # GraphiQL on a browser's GET unless GRAPHQL_GRAPHIQL turns it off (read per request).
        self.graphql_ide = "graphiql" if settings.GRAPHQL_GRAPHIQL else None
        operation = operations.read(request)
        # A reader this process remembers is taken on trust until the answer's lookup checks
        # their row (in the round trip it makes anyway); any other is authenticated here.
        remembered = remembered_user(request) if operation is not None else None
        try:
            request.user = remembered.user if remembered is not None else bearer_user(request)
        except InvalidBearer as exc:
            return error_answer(str(exc), UNAUTHENTICATED)
        if operation is not None and (refusal := cost_limit.refusal_if_exhausted(request)) is not None:
            return refusal
        if request.content_type == "multipart/form-data" and not request.user.is_authenticated:
            # Only signed-in mutations take files: an anonymous upload is refused unread.
            return error_answer(UPLOAD_NEEDS_SIGN_IN, FORBIDDEN)
        try:
            if operation is None:
                return _as_json_error(super().dispatch(request, *args, **kwargs))
            return self._answer(request, operation, remembered, *args, **kwargs)
        except PersistedQueryError as error:
            return error.response()
        except DeadlinePassed:
            body = deadline.timeout_body(cost_limit.recorded_report(request))
            return HttpResponse(body, content_type="application/json")
        except JSONTooDeep as exc:
            return error_answer(str(exc), BAD_REQUEST, 400)
        except InvalidBearer as exc:
            return error_answer(str(exc), UNAUTHENTICATED)

    def _answer(
        self, request: HttpRequest, operation: Operation, remembered: Remembered | None, *args, **kwargs
    ) -> HttpResponseBase:
        sha = persisted_queries.identify(operation)
        key_hash = _cache_key_hash(operation, sha)
        if key_hash is not None:
            cached = self._lookup(request, operation, key_hash, remembered)
            if cached is not None:
                return cached
        elif remembered is not None:
            request.user = bearer_user(request)
        registering = sha is not None and operation.query is not None
        if sha is not None and operation.query is None:
            setattr(request, _RESOLVED, operation.with_query(persisted_queries.text(sha)))
        response = _as_json_error(super().dispatch(request, *args, **kwargs))
        response_cache.keep(request, response)
        if registering and response.status_code == 200:
            persisted_queries.register(request, sha, operation.query)
        return response

    @staticmethod
    def _lookup(
        request: HttpRequest, operation: Operation, key_hash: str, remembered: Remembered | None
    ) -> HttpResponseBase | None:
        """``response_cache.lookup``; a remembered reader whose row changed is read afresh first."""
        try:
            return response_cache.lookup(
                request, operation, key_hash, guard=remembered.guard if remembered is not None else None
            )
        except response_cache.ReaderChanged:
            distrust(request.user)
            request.user = bearer_user(request)
            return response_cache.lookup(request, operation, key_hash)

    def process_result(self, request: HttpRequest, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Strawberry's answer, every error in it carrying its ``extensions.code``."""
        answer = super().process_result(request, result)
        if result.errors:
            answer["errors"] = [formatted(error) for error in result.errors]
        return answer

    def get_context(self, request: HttpRequest, response: HttpResponse) -> Context:
        return Context(request=request, response=response, user=request.user)

    def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(render_to_string("graphql_schema/graphiql.html", request=request))
        response["Content-Security-Policy"] = GRAPHIQL_CONTENT_SECURITY_POLICY
        return response

    def decode_json(self, data: str | bytes) -> object:
        return json_body.loads(data)

    def should_render_graphql_ide(self, request) -> bool:
        # A hash-only persisted query over GET has no ``query`` parameter, yet it is an operation.
        resolved = getattr(request.request, _RESOLVED, None)
        return resolved is None and super().should_render_graphql_ide(request)

    def parse_http_body(self, request) -> GraphQLRequestData | list[GraphQLRequestData]:
        resolved: Operation | None = getattr(request.request, _RESOLVED, None)
        if resolved is None:
            return super().parse_http_body(request)
        return GraphQLRequestData(
            query=resolved.query,
            variables=resolved.variables,
            operation_name=resolved.operation_name,
            extensions=resolved.extensions,
        )


graphql_view = csrf_exempt(
    BearerGraphQLView.as_view(
        schema=schema,
        allow_queries_via_get=True,
        # Uploads (importHistory) are safe from cross-site forgery here: only a Bearer token signs in.
        multipart_uploads_enabled=True,
    )
)
