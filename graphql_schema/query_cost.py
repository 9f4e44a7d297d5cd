"""The cost of a GraphQL operation, computed from its text before anything runs.

Prices come from common/costs.py: each object returned costs a point, a list multiplies the
cost of one item by its page size, some operations carry a weight of their own (their
policy in api_policy/operations.py). Every
fragment is priced once and its price reused at each spread (within one selection set a
fragment spread twice is collected once, as execution does), so the analysis is linear in
the size of the query text whatever the fan-out of its fragments.
"""

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    is_leaf_type,
    value_from_ast_untyped,
)

from api_policy.operations import policy
from common import costs

PAGINATED_SUFFIX = "OffsetPaginated"
CONNECTION_SUFFIX = "Connection"


def _is_list(field: GraphQLField) -> bool:
    field_type = field.type
    while isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList)


class OperationCost:
    """Prices operations of one document with one set of variables (fragments priced once each)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any] | None,
        max_page_size: int,
    ) -> None:
        self._schema = schema
        self._fragments = fragments
        self._variables = variables or {}
        self._max_page = max_page_size
        self._priced: dict[str, int] = {}

    def of(self, operation: OperationDefinitionNode) -> int:
        root = self._schema.get_root_type(operation.operation)
        return self._selection_set(operation.selection_set, root) if root is not None else 0

    def _selection_set(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> int:
        total = 0
        spread: set[str] = set()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self._schema.get_type(condition.name.value) if condition else parent
                total += self._selection_set(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                spread.add(selection.name.value)
                total += self._fragment(selection.name.value)
        return total

    def _fragment(self, name: str) -> int:
        if name not in self._priced:
            self._priced[name] = 0  # a fragment cycle (reported by graphql-core) stops here
            fragment = self._fragments.get(name)
            if fragment is not None:
                parent = self._schema.get_type(fragment.type_condition.name.value)
                self._priced[name] = self._selection_set(fragment.selection_set, parent)
        return self._priced[name]

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        name = node.name.value
        if not isinstance(parent, GraphQLObjectType) or name not in parent.fields:
            return 0  # __typename, introspection, or a field validation has refused
        field = parent.fields[name]
        item_type = get_named_type(field.type)
        if is_leaf_type(item_type):
            item = 0
        else:
            children = self._selection_set(node.selection_set, item_type) if node.selection_set else 0
            item = costs.OBJECT + children
        weight = costs.WRITE if parent is self._schema.mutation_type else 0
        if parent is self._schema.query_type:
            weight += policy(name).weight
        return weight + self._size(node, field, parent) * item

    def _size(self, node: FieldNode, field: GraphQLField, parent: GraphQLObjectType) -> int:
        """How many items a field may return: its page size, or 1 for a single object."""
        arguments = {arg.name.value: arg.value for arg in node.arguments or ()}
        if "pagination" in field.args:
            pagination = self._argument(arguments.get("pagination"))
            limit = pagination.get("limit") if isinstance(pagination, dict) else None
            return self._page(limit, costs.DEFAULT_PAGE)
        if "limit" in field.args:
            default = field.args["limit"].default_value
            return self._page(self._argument(arguments.get("limit")), default)
        if "first" in field.args and "last" in field.args:  # a Relay connection
            first, last = (self._argument(arguments.get(name)) for name in ("first", "last"))
            return self._page(first if first is not None else last, costs.DEFAULT_PAGE)
        if parent.name.endswith(PAGINATED_SUFFIX) or parent.name.endswith(CONNECTION_SUFFIX):
            return 1  # the paginated field above already multiplied by its page size
        if _is_list(field):
            return costs.LIST_SIZES.get(f"{parent.name}.{node.name.value}", self._max_page)
        return 1

    def _argument(self, value_node: Any) -> Any:
        return None if value_node is None else value_from_ast_untyped(value_node, self._variables)

    def _page(self, limit: Any, default: Any) -> int:
        """The page size a limit gives: the default when absent, the cap when out of range."""
        if limit is None:
            limit = default if isinstance(default, int) else costs.DEFAULT_PAGE
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= self._max_page:
            return self._max_page
        return limit
