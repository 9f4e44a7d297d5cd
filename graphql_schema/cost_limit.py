"""Price each operation before it runs, refuse it above the limit, spend it from the budgets.

Before pricing, an operation is refused when the document holds several and the request named
none, or when an argument carries a value no field accepts (graphql_schema/input_checks.py).

An operation whose cost (graphql_schema/query_cost.py) exceeds GRAPHQL_MAX_COST is refused
with ``extensions {code: "QUERY_TOO_COSTLY", cost, maxCost}``; one the reader's budgets
(common/cost_budget.py) cannot pay for is refused with ``{code: "THROTTLED", retryAfter}``.
Either way no resolver runs. A query above the limit is charged GRAPHQL_MAX_COST, so a client
that keeps sending them runs its budget out; once a process has seen a client's budget run out,
that client's next requests are refused before they are parsed (``refusal_if_exhausted``).
Every answer carries ``extensions.cost {requested, limit, remaining, resetAt}``, the state of the
tighter budget after this operation.
"""

import datetime
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from graphql import (
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    get_operation_ast,
)
from strawberry.extensions import SchemaExtension

from common import cost_budget
from common.client_ip import client_ip
from graphql_schema.input_checks import bad_argument
from graphql_schema.query_cost import OperationCost

MULTIPLE_OPERATIONS = "Must provide operation name if query contains multiple operations."


def _unnamed_choice(execution_context: Any) -> bool:
    """Whether the document holds several operations and the request named none of them."""
    if execution_context._provided_operation_name is not None:
        return False
    definitions = execution_context.graphql_document.definitions
    return sum(isinstance(node, OperationDefinitionNode) for node in definitions) > 1


def operation_cost(execution_context: Any) -> int:
    """The price of the operation this execution context will run (0 when there is none)."""
    document = execution_context.graphql_document
    operation = get_operation_ast(document, execution_context.operation_name)
    if operation is None:
        return 0
    fragments = {
        node.name.value: node for node in document.definitions if isinstance(node, FragmentDefinitionNode)
    }
    pricing = OperationCost(
        execution_context.schema._schema, fragments, execution_context.variables, settings.MAX_PAGE_SIZE
    )
    return pricing.of(operation)


def _reader(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {"address": client_ip(request), "user_id": user.pk if user.is_authenticated else None}


def spend(request: HttpRequest, points: int) -> cost_budget.BudgetState:
    """Spend ``points`` from the budgets of the request's client address and signed-in user."""
    return cost_budget.spend(**_reader(request), points=points)


def bill(request: HttpRequest, points: int) -> cost_budget.Bill:
    """What spending ``points`` takes from the request's budgets (to be added with its throttles)."""
    return cost_budget.bill(**_reader(request), points=points)


def _throttled(state: cost_budget.BudgetState, cost: int | None) -> GraphQLError:
    asked = "" if cost is None else f"this query costs {cost}, "
    return GraphQLError(
        f"Query cost budget exhausted: {asked}{state.remaining} left until {report(state)['resetAt']}.",
        extensions={"code": "THROTTLED", "retryAfter": state.retry_after},
    )


def refusal_if_exhausted(request: HttpRequest) -> JsonResponse | None:
    """The THROTTLED answer for a client this process saw run out of budget, before any parsing."""
    state = cost_budget.known_exhausted(**_reader(request))
    if state is None:
        return None
    body = {
        "data": None,
        "errors": [_throttled(state, None).formatted],
        "extensions": {"cost": report(state)},
    }
    return JsonResponse(body)


_COST = "_graphql_operation_cost"
_STATE = "_graphql_budget_state"


def recorded_cost(request: HttpRequest) -> int:
    """The cost of the operation this request ran (0 before one ran)."""
    return getattr(request, _COST, 0)


def recorded_report(request: HttpRequest) -> dict[str, Any] | None:
    """The ``extensions.cost`` of the operation this request was charged for (None before one was)."""
    state: cost_budget.BudgetState | None = getattr(request, _STATE, None)
    return None if state is None else report(state)


def report(state: cost_budget.BudgetState) -> dict[str, Any]:
    """The ``extensions.cost`` object of an answer."""
    reset_at = datetime.datetime.fromtimestamp(state.reset_at, tz=datetime.UTC)
    return {
        "requested": state.requested,
        "limit": state.limit,
        "remaining": state.remaining,
        "resetAt": reset_at.isoformat().replace("+00:00", "Z"),
    }


def _refusal(error: GraphQLError) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[error])


class CostLimit(SchemaExtension):
    """Refuse costly or unaffordable operations before execution; report the cost on every answer."""

    state: cost_budget.BudgetState | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        request = context.context.request
        if _unnamed_choice(context):
            context.result = _refusal(GraphQLError(MULTIPLE_OPERATIONS))
            yield
            return
        operation = get_operation_ast(context.graphql_document, context.operation_name)
        problem = operation and bad_argument(context.graphql_document, operation, context.variables)
        if problem:
            context.result = _refusal(GraphQLError(problem, extensions={"code": "BAD_USER_INPUT"}))
            yield
            return
        cost = operation_cost(context)
        setattr(request, _COST, cost)
        if cost > settings.GRAPHQL_MAX_COST:
            self.state = cost_budget.charge(**_reader(request), points=settings.GRAPHQL_MAX_COST)
            context.result = _refusal(
                GraphQLError(
                    f"Query cost {cost} exceeds the maximum of {settings.GRAPHQL_MAX_COST}.",
                    extensions={
                        "code": "QUERY_TOO_COSTLY",
                        "cost": cost,
                        "maxCost": settings.GRAPHQL_MAX_COST,
                    },
                )
            )
        else:
            self.state = spend(request, cost)
            if self.state.refused:
                context.result = _refusal(_throttled(self.state, cost))
        setattr(request, _STATE, self.state)
        yield

    def get_results(self) -> dict[str, Any]:
        state = self.state or spend(self.execution_context.context.request, 0)
        return {"cost": report(state)}
