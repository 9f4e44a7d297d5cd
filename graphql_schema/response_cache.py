"""Answers of read-only GraphQL operations reused through the shared payload cache.

The view looks a POSTed operation up before Strawberry parses it (``lookup``): on a hit it
spends the root fields' permissions (the throttles) and answers the stored body, skipping
parsing, validation and execution. On a miss the operation runs as usual; ``ResponseCache``
marks it cacheable when every root field is one of the catalog and recommendation reads
below and there were no errors, and the view then keeps the body it sent (``keep``). The key
is the query text, variables, operation name and reader (common/payload_cache.py), so only a
text that once passed validation is ever answered here.
"""

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from graphql import FieldNode, OperationType, get_operation_ast
from strawberry import Schema
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext

from common import json_body, payload_cache

CACHEABLE_ROOT_FIELDS = frozenset(
    {
        "movies",
        "movie",
        "popular",
        "topRated",
        "upcoming",
        "search",
        "genres",
        "trending",
        "recommendations",
        "itemRecommendations",
        "similar",
    }
)
_SLOT = "_graphql_payload_slot"
_FIELDS = "_graphql_cacheable_fields"


def _root_fields(context: ExecutionContext) -> list[str] | None:
    """Names of the operation's root fields when it is a cacheable query, else None."""
    if context.graphql_document is None:
        return None
    operation = get_operation_ast(context.graphql_document, context.operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return None
    names = []
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.name.value not in CACHEABLE_ROOT_FIELDS:
            return None
        names.append(selection.name.value)
    return names


def _operation(request: HttpRequest) -> dict[str, Any] | None:
    """The single operation a JSON POST carries, or None (anything else runs uncached)."""
    if request.method != "POST" or request.content_type != "application/json":
        return None
    try:
        body = json_body.loads(request.body)
    except ValueError:  # malformed or too deep: the view answers it
        return None
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return None
    return body


def _permitted(schema: Schema, request: HttpRequest, field_names: list[str]) -> bool:
    info = SimpleNamespace(context=SimpleNamespace(request=request))
    for name in field_names:
        field = schema.get_field_for_type(field_name=name, type_name="Query")
        for permission in field.permission_classes if field else ():
            if not permission().has_permission(None, info):
                return False
    return True


def lookup(schema: Schema, request: HttpRequest) -> bytes | None:
    """The stored JSON body answering this request, or None (the operation must run).

    ``request.user`` must already be the reader. A stored answer whose throttles refuse the
    request is not served: the operation runs and answers the throttle error itself.
    """
    operation = _operation(request)
    if operation is None:
        return None
    found = payload_cache.slot(
        user_id=request.user.pk if request.user.is_authenticated else None,
        parts=["graphql", operation["query"], operation.get("variables"), operation.get("operationName")],
    )
    if found.value is not None and _permitted(schema, request, found.value["fields"]):
        return found.value["body"]
    setattr(request, _SLOT, found)
    return None


def keep(request: HttpRequest, response: HttpResponseBase) -> None:
    """Store the body of a successful cacheable operation in the slot ``lookup`` left on the request."""
    found = getattr(request, _SLOT, None)
    fields = getattr(request, _FIELDS, None)
    if found is not None and fields is not None and response.status_code == 200 and not response.streaming:
        payload_cache.fill(found, {"fields": fields, "body": response.content})


class ResponseCache(SchemaExtension):
    """Mark an error-free operation whose root fields are all cacheable reads (see ``keep``)."""

    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context
        request = context.context.request
        result = context.result
        if not hasattr(request, _SLOT) or result is None or result.errors or result.data is None:
            return
        field_names = _root_fields(context)
        if field_names is not None:
            setattr(request, _FIELDS, field_names)
