"""Answers of read-only GraphQL operations reused through the shared payload cache.

An operation is cached when every root field it selects is one of the catalog and
recommendation reads below; its key is the query text, variables, operation name and
reader (common/payload_cache.py). A cached answer still passes its root fields'
permissions (the throttles), and answers with errors are never kept.
"""

from collections.abc import Iterator
from types import SimpleNamespace

from graphql import ExecutionResult, FieldNode, OperationType, get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext

from common import payload_cache

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


class ResponseCache(SchemaExtension):
    """Serve a repeated read-only operation from the payload cache; keep fresh error-free answers."""

    def _permitted(self, field_names: list[str]) -> bool:
        info = SimpleNamespace(context=self.execution_context.context)
        for name in field_names:
            field = self.execution_context.schema.get_field_for_type(field_name=name, type_name="Query")
            for permission in field.permission_classes if field else ():
                if not permission().has_permission(None, info):
                    return False
        return True

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        field_names = _root_fields(context)
        if field_names is None:
            yield
            return
        user = context.context.request.user
        found = payload_cache.slot(
            user_id=user.pk if user.is_authenticated else None,
            parts=["graphql", context.query, context.variables, context.operation_name],
        )
        if found.value is not None and self._permitted(field_names):
            context.result = ExecutionResult(data=found.value)
            yield
            return
        yield
        result = context.result
        if result is not None and not result.errors and result.data is not None:
            payload_cache.fill(found, result.data)
