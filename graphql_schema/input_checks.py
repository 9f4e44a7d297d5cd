"""Argument values every GraphQL field refuses before execution: NUL characters, oversized text.

The database cannot store a NUL character (PostgreSQL refuses it mid-query) and no field needs
more than GRAPHQL_MAX_STRING_LENGTH characters, so such values are a client error naming the
argument, e.g. ``filters.titleContains: Null characters are not allowed.``, found before any
resolver runs. Each fragment is read once.
"""

from typing import Any

from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    value_from_ast_untyped,
)


def _problem(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            return f"{path}: Null characters are not allowed."
        if len(value) > settings.GRAPHQL_MAX_STRING_LENGTH:
            return f"{path}: Ensure this value has at most {settings.GRAPHQL_MAX_STRING_LENGTH} characters."
    elif isinstance(value, dict):
        for key, item in value.items():
            if found := _problem(item, f"{path}.{key}"):
                return found
    elif isinstance(value, list):
        for item in value:
            if found := _problem(item, path):
                return found
    return None


def bad_argument(
    document: DocumentNode, operation: OperationDefinitionNode, variables: dict[str, Any] | None
) -> str | None:
    """The message naming the first argument of ``operation`` whose value no field accepts, or None."""
    fragments = {
        node.name.value: node for node in document.definitions if isinstance(node, FragmentDefinitionNode)
    }
    read: set[str] = set()
    pending: list[SelectionSetNode] = [operation.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                for argument in selection.arguments or ():
                    value = value_from_ast_untyped(argument.value, variables or {})
                    if found := _problem(value, argument.name.value):
                        return found
                if selection.selection_set:
                    pending.append(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif selection.name.value not in read and selection.name.value in fragments:
                read.add(selection.name.value)
                pending.append(fragments[selection.name.value].selection_set)
    return None
