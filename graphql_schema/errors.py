"""Which errors clients may read, and how a query's ValidationError reads: one place for both.

Ours and GraphQL's errors are readable; everything unexpected is masked. A ValidationError
raised by any query resolver becomes one GraphQL error naming each bad argument, e.g.
"page: Page must be between 1 and 500." (a message that already starts with its field's name
is not prefixed again). Mutations answer validation errors as ``messages`` (strawberry-django's
``handle_django_errors``) instead.
"""

from collections.abc import Iterator

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from common.exceptions import DomainError

SAFE_ERRORS = (DomainError, ValidationError, PermissionDenied, ObjectDoesNotExist, GraphQLError)


def should_mask_error(error: GraphQLError) -> bool:
    """Mask an error unless it is a GraphQL error or one of the domain's own."""
    original = error.original_error
    return original is not None and not isinstance(original, SAFE_ERRORS)


def validation_message(error: ValidationError) -> str:
    """One readable line for a ValidationError, each field's messages after its name."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(
        " ".join(messages) if messages[0].startswith(field) else f"{field}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )


class ValidationErrors(SchemaExtension):
    """Every resolver's ValidationError answered as ``validation_message`` reads it."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        result.errors = [_translated(error) for error in result.errors]


def _translated(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if not isinstance(original, ValidationError):
        return error
    return GraphQLError(
        validation_message(original),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original,
    )
