"""Answers of read-only GraphQL operations reused through the shared payload cache.

The view looks an operation (a JSON POST or a GET) up before Strawberry parses it
(``lookup``): on a hit it spends the root fields' throttles and answers the stored body,
skipping parsing, validation and execution; a GET gets an ETag and a 304 when
the client holds it already (common/http_caching.py). On a miss the operation runs as usual;
``ResponseCache`` marks it cacheable when every root field is an operation declared cacheable
(api_policy/operations.py) and there were no errors, and the view then keeps the body it
sent (``keep``). The key is the SHA-256 of the query text (the persisted-query hash),
variables, operation name and reader (common/payload_cache.py), so only a text that once
passed validation is ever answered here. A hit spends the operation's cost from the reader's
budgets like a run would (graphql_schema/cost_limit.py) and reports it in ``extensions.cost``;
bodies above PAYLOAD_CACHE_MAX_BYTES are not kept.
"""

import json
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from graphql import FieldNode, OperationType, get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext

from api_policy import throttling
from api_policy.operations import policy
from common import cost_budget, http_caching, payload_cache
from common.cache import Guard
from graphql_schema import cost_limit
from graphql_schema.operations import Operation

_SLOT = "_graphql_payload_slot"
_FIELDS = "_graphql_cacheable_fields"
_KEPT_OUT = "_graphql_kept_out"


def keep_out(request: HttpRequest) -> None:
    """Never keep this answer, even in the reader's own entry: a field of it shows other users'
    data as their privacy allows now (a setting changed since must count at the next read)."""
    setattr(request, _KEPT_OUT, True)


def _root_fields(context: ExecutionContext) -> list[str] | None:
    """Names of the operation's root fields when it is a cacheable query, else None."""
    if context.graphql_document is None:
        return None
    operation = get_operation_ast(context.graphql_document, context.operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return None
    names = []
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode) or not policy(selection.name.value).cacheable:
            return None
        names.append(selection.name.value)
    return names


# What this process learned from stored answers: (hash, variables, operation name) -> the
# operation's root fields and cost, the same for every reader. Knowing them, a lookup spends
# the throttles and budgets and reads the answer in one round trip.
_shapes: dict[tuple[str, str, str | None], tuple[list[str], int]] = {}
_SHAPES_KEPT = 10_000


def _scopes(field_names: list[str]) -> list[str]:
    return [scope for name in field_names if (scope := policy(name).throttle) is not None]


class ReaderChanged(Exception):
    """The row of the reader taken on trust has changed: nothing was spent; authenticate afresh."""


def lookup(
    request: HttpRequest, operation: Operation, sha: str, *, guard: Guard | None = None
) -> HttpResponseBase | None:
    """The stored answer to ``operation`` (whose text hashes to ``sha``), or None (it must run).

    ``request.user`` must already be the reader; a reader taken on trust comes with the
    ``guard`` of their row (accounts/user_cache.py), checked in the first round trip:
    ReaderChanged when it does not hold. A hit spends the root fields' throttles and the
    operation's cost as a run would; a stored answer whose throttles or budgets refuse the
    request is not served: the operation runs and answers the refusal itself, without spending
    the throttles again. When this process has seen the operation's shape before, throttles,
    budgets and the answer are one round trip; else the answer is read first.
    """
    signed_in = request.user.is_authenticated
    where = payload_cache.place(
        user_id=request.user.pk if signed_in else None,
        parts=["graphql", sha, operation.variables, operation.operation_name],
    )
    shape_key = (sha, json.dumps(operation.variables, sort_keys=True, default=str), operation.operation_name)
    shape = _shapes.get(shape_key)
    if shape is None:
        read = throttling.spend(request, [], read=where.keys, guard=guard)
        if read.stale:
            raise ReaderChanged
        guard = None
        found = where.slot(read.found)
        if found.value is None:
            setattr(request, _SLOT, found)
            return None
        shape = (found.value["fields"], found.value["cost"])
        if len(_shapes) >= _SHAPES_KEPT:
            _shapes.clear()
        _shapes[shape_key] = shape
    else:
        found = None
    fields, cost = shape
    owed = cost_limit.bill(request, cost)
    read_now = where.keys if found is None else ()
    spent = throttling.spend(request, _scopes(fields), counters=owed.counters, read=read_now, guard=guard)
    if spent.stale:
        raise ReaderChanged
    if found is None:
        found = where.slot(spent.found)
    outdated = found.value is None or (found.value["fields"], found.value["cost"]) != shape
    if spent.refused is None:
        throttling.prepay(request, _scopes(fields))  # used only if the operation runs after all
        if outdated:
            cost_budget.give_back(owed)
            _shapes.pop(shape_key, None)
        else:
            state = cost_budget.settle(owed, spent.counts)
            if not state.refused:
                return _answer(request, found, state)
    setattr(request, _SLOT, found)
    return None


def _answer(
    request: HttpRequest, found: payload_cache.Slot, state: cost_budget.BudgetState
) -> HttpResponseBase:
    extensions = json.dumps({"cost": cost_limit.report(state)}, separators=(",", ":"))
    body = found.value["body"][:-1] + b',"extensions":' + extensions.encode() + b"}"
    if request.method != "GET":
        return HttpResponse(body, content_type="application/json")
    etag = http_caching.weak(found.etag)  # the body carries this request's cost report
    return http_caching.conditional(request, etag=etag, signed_in=request.user.is_authenticated, body=body)


def _without_cost(body: bytes) -> bytes | None:
    """The answer without ``extensions.cost`` (a hit reports its own); None if it has other extensions."""
    answer = json.loads(body)
    if set(answer.get("extensions", {})) - {"cost"}:
        return None
    answer.pop("extensions", None)
    return json.dumps(answer, separators=(",", ":")).encode()


def keep(request: HttpRequest, response: HttpResponseBase) -> None:
    """Store the body of a successful cacheable operation in the slot ``lookup`` left on the request.

    A GET answer also gets its ETag and Cache-Control, so the client may ask again
    conditionally; a GET answer that is not kept (errors, uncached fields) is ``no-store``.
    """
    found = getattr(request, _SLOT, None)
    fields = getattr(request, _FIELDS, None)
    if found is None or fields is None or response.status_code != 200 or response.streaming:
        if request.method == "GET":
            response["Cache-Control"] = http_caching.NO_STORE
        return
    body = None
    if len(response.content) <= settings.PAYLOAD_CACHE_MAX_BYTES:
        body = _without_cost(response.content)
    if body is None:
        if request.method == "GET":
            response["Cache-Control"] = http_caching.NO_STORE
        return
    stored = {"fields": fields, "body": body, "cost": cost_limit.recorded_cost(request)}
    etag = payload_cache.fill(found, stored)
    if request.method == "GET":
        http_caching.mark(response, etag=http_caching.weak(etag), signed_in=request.user.is_authenticated)


class ResponseCache(SchemaExtension):
    """Mark an error-free operation whose root fields are all cacheable reads (see ``keep``)."""

    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context
        request = context.context.request
        result = context.result
        if not hasattr(request, _SLOT) or result is None or result.errors or result.data is None:
            return
        if getattr(request, _KEPT_OUT, False):
            return
        field_names = _root_fields(context)
        if field_names is not None:
            setattr(request, _FIELDS, field_names)
