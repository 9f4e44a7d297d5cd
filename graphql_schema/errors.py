"""Which errors clients may read, the code each carries, and how a query's ValidationError reads.

Ours and GraphQL's errors are readable; everything unexpected is masked. Every error in an
answer's ``errors`` carries ``extensions.code`` (``error_code``; docs/errors.md lists them,
with Apollo's names where Apollo has one). A ValidationError
raised by any query resolver becomes one GraphQL error naming each bad argument, e.g.
"page: Page must be between 1 and 500." (a message that already starts with its field's name
is not prefixed again). Mutations answer validation errors as ``messages`` (strawberry-django's
``handle_django_errors``) instead.
"""

from collections.abc import Iterator
from typing import Any

import strawberry
import structlog
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import JsonResponse
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from common.exceptions import (
    DomainError,
    RequestTimedOut,
    ResyncRequired,
    TooManyAttempts,
    UpstreamUnavailable,
)

logger = structlog.get_logger(__name__)

UNAUTHENTICATED = "UNAUTHENTICATED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
BAD_REQUEST = "BAD_REQUEST"
BAD_USER_INPUT = "BAD_USER_INPUT"
FORBIDDEN = "FORBIDDEN"

# What a resolver's exception reads as; the first class that matches decides.
_CODES: tuple[tuple[type[Exception], str], ...] = (
    (TooManyAttempts, "THROTTLED"),
    (RequestTimedOut, "TIMEOUT"),
    (UpstreamUnavailable, "SERVICE_UNAVAILABLE"),
    (PermissionDenied, FORBIDDEN),
    (ObjectDoesNotExist, "NOT_FOUND"),
    (ValidationError, BAD_USER_INPUT),
    (ResyncRequired, "RESYNC_REQUIRED"),
    (DomainError, BAD_USER_INPUT),
    # Raised by our own argument checks (pagination, filters).
    (GraphQLError, BAD_USER_INPUT),
)

SAFE_ERRORS = (DomainError, ValidationError, PermissionDenied, ObjectDoesNotExist, GraphQLError)


def should_mask_error(error: GraphQLError) -> bool:
    """Mask an error unless it is a GraphQL error or one of the domain's own."""
    original = error.original_error
    return original is not None and not isinstance(original, SAFE_ERRORS)


def error_code(error: GraphQLError) -> str:
    """The ``extensions.code`` of an error: its own, else what its cause or its stage reads as.

    Before masking an unexpected exception is the cause; after it, a masked error is one with a
    path and no cause. Errors with neither come from parsing or validating the document.
    """
    code = (error.extensions or {}).get("code")
    if code:
        return str(code)
    original = error.original_error
    if original is None:
        if isinstance(error, GraphQLSyntaxError):
            return "GRAPHQL_PARSE_FAILED"
        if error.path is not None:
            return INTERNAL_SERVER_ERROR
        if error.message.startswith("Variable '$"):
            return BAD_USER_INPUT
        return "GRAPHQL_VALIDATION_FAILED"
    return next((code for kind, code in _CODES if isinstance(original, kind)), INTERNAL_SERVER_ERROR)


def formatted(error: GraphQLError) -> dict[str, Any]:
    """An error as the answer shows it, its code in ``extensions``."""
    shown = error.formatted
    return {**shown, "extensions": {**(shown.get("extensions") or {}), "code": error_code(error)}}


def error_answer(message: str, code: str, status: int = 200) -> JsonResponse:
    """An answer refused before execution (a request error: no ``data``), one error with its code."""
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=status)


class QuietSchema(strawberry.Schema):
    """A client's error is one ``graphql_error`` line at info; only an unexpected one (a bug)
    is logged at error with its traceback, as Strawberry logs every error by default."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            code = error_code(error)
            if code == INTERNAL_SERVER_ERROR:
                StrawberryLogger.error(error, execution_context)
            else:
                logger.info("graphql_error", code=code, error=error.message, path=error.path)


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
