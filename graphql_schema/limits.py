"""Depth and alias limits that measure each fragment once.

Strawberry's QueryDepthLimiter and MaxAliasesLimiter walk every fragment again at each place
it is spread, so fragments that spread the previous one twice make them exponential in a
short text. Here a fragment's height and alias count are computed once and reused, so the
checks are linear in the size of the query text. The numbers and messages are the same.
"""

from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)


@dataclass(frozen=True)
class Shape:
    """How deep a selection set nests fields, and how many aliased fields it holds once expanded."""

    depth: int = 0
    aliases: int = 0


_EMPTY = Shape()


class DocumentShapes:
    """The shape of each operation of a document, every fragment measured once (memoized)."""

    def __init__(self, document: DocumentNode) -> None:
        self._fragments = {
            node.name.value: node for node in document.definitions if isinstance(node, FragmentDefinitionNode)
        }
        self._measured: dict[str, Shape] = {}
        self.operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]

    def of(self, operation: OperationDefinitionNode) -> Shape:
        return self._selection_set(operation.selection_set)

    def _fragment(self, name: str) -> Shape:
        if name not in self._measured:
            self._measured[name] = _EMPTY  # a fragment cycle (reported by graphql-core) stops here
            fragment = self._fragments.get(name)
            if fragment is not None:
                self._measured[name] = self._selection_set(fragment.selection_set)
        return self._measured[name]

    def _selection_set(self, selection_set: SelectionSetNode) -> Shape:
        depth = aliases = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                inner = self._field(selection)
                aliases += bool(selection.alias)
            elif isinstance(selection, InlineFragmentNode):
                inner = self._selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                inner = self._fragment(selection.name.value)
            else:  # pragma: no cover - the grammar has no other selection
                continue
            depth = max(depth, inner.depth)
            aliases += inner.aliases
        return Shape(depth=depth, aliases=aliases)

    def _field(self, field: FieldNode) -> Shape:
        # Introspection fields are bounded by graphql-core's own introspection-depth rule.
        if field.selection_set is None or field.name.value.startswith("__"):
            return _EMPTY
        inner = self._selection_set(field.selection_set)
        return Shape(depth=inner.depth + 1, aliases=inner.aliases)


def operation_label(operation: OperationDefinitionNode) -> str:
    return operation.name.value if operation.name else "anonymous"


def limit_rule(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing operations nested deeper than ``max_depth`` or with too many aliases."""

    class ShapeLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            shapes = DocumentShapes(context.document)
            total_aliases = 0
            for operation in shapes.operations:
                shape = shapes.of(operation)
                total_aliases += shape.aliases
                if shape.depth > max_depth:
                    context.report_error(
                        GraphQLError(
                            f"'{operation_label(operation)}' exceeds maximum operation depth of {max_depth}",
                            operation,
                        )
                    )
            if total_aliases > max_aliases:
                context.report_error(GraphQLError(f"{total_aliases} aliases found. Allowed: {max_aliases}"))

    return ShapeLimits
