"""A deadline per GraphQL execution: once REQUEST_TIME_LIMIT seconds pass, no further resolver runs.

A statement PostgreSQL cancels at ``statement_timeout`` (common/statement_timeout.py) ends the
execution the same way.

Each resolver first checks the clock; past the deadline it raises ``DeadlinePassed``, which
unwinds the whole execution (a mutation's transaction rolls back) to the view, which answers one
error with ``extensions {code: "TIMEOUT"}`` instead of a worker held by a runaway query.
"""

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from strawberry.extensions import SchemaExtension

from common.exceptions import RequestTimedOut

TIMEOUT_MESSAGE = "The request took longer than the {limit} s allowed and was stopped."


class DeadlinePassed(BaseException):
    """Raised by a resolver past the deadline.

    A BaseException, so that graphql-core does not turn it into one field error per remaining
    field and carry on.
    """


def timeout_body(cost: dict[str, Any] | None) -> bytes:
    """The JSON answer of an execution stopped at its deadline, with the cost it was charged."""
    error = {
        "message": TIMEOUT_MESSAGE.format(limit=settings.REQUEST_TIME_LIMIT),
        "extensions": {"code": "TIMEOUT"},
    }
    answer: dict[str, Any] = {"data": None, "errors": [error]}
    if cost is not None:
        answer["extensions"] = {"cost": cost}
    return json.dumps(answer).encode()


class RequestDeadline(SchemaExtension):
    """Stop executing between resolvers once REQUEST_TIME_LIMIT seconds have passed."""

    deadline = float("inf")

    def on_execute(self) -> Iterator[None]:
        self.deadline = time.monotonic() + settings.REQUEST_TIME_LIMIT
        yield

    def resolve(self, _next: Callable, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() > self.deadline:
            raise DeadlinePassed
        try:
            return _next(root, info, *args, **kwargs)
        except RequestTimedOut as exc:  # PostgreSQL cancelled a statement at statement_timeout
            raise DeadlinePassed from exc
