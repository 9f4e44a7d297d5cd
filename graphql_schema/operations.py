"""The one GraphQL operation a request carries, read before Strawberry parses it.

The view needs the operation early, to answer persisted queries and cached reads without
running Strawberry at all. Anything this does not read cleanly (a batch, a multipart upload,
malformed JSON) is left to Strawberry, which answers it as usual.
"""

from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest

from common import json_body


@dataclass(frozen=True)
class Operation:
    """A GraphQL request's fields, as the GraphQL-over-HTTP spec names them."""

    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None

    def with_query(self, query: str) -> "Operation":
        return replace(self, query=query)


def _json_param(raw: str | None) -> Any:
    return json_body.loads(raw) if raw else None


def read(request: HttpRequest) -> Operation | None:
    """The operation of a GET (query string) or a JSON POST; None when there is none to read."""
    try:
        if request.method == "GET":
            data: Any = {
                "query": request.GET.get("query"),
                "variables": _json_param(request.GET.get("variables")),
                "operationName": request.GET.get("operationName"),
                "extensions": _json_param(request.GET.get("extensions")),
            }
        elif request.method == "POST" and request.content_type == "application/json":
            data = json_body.loads(request.body)
        else:
            return None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    fields = (data.get("query"), data.get("variables"), data.get("operationName"), data.get("extensions"))
    kinds = (str, dict, str, dict)
    pairs = zip(fields, kinds, strict=True)
    if any(value is not None and not isinstance(value, kind) for value, kind in pairs):
        return None
    return Operation(*fields)
