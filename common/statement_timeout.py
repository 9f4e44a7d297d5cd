"""A statement PostgreSQL cancelled at ``statement_timeout`` becomes a client-facing time-out.

Every new database connection gets an execute wrapper that turns the driver's "query canceled"
error (SQLSTATE 57014) into ``RequestTimedOut``, which REST answers as a 503 and GraphQL as
``extensions {code: "TIMEOUT"}``, like the GraphQL deadline, rather than a masked 500.
"""

from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper

from common.exceptions import RequestTimedOut

QUERY_CANCELED = "57014"


def _raise_timeouts(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    try:
        return execute(sql, params, many, context)
    except DatabaseError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise RequestTimedOut from exc
        raise


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: wrap every statement of a PostgreSQL connection."""
    if connection.vendor == "postgresql" and _raise_timeouts not in connection.execute_wrappers:
        connection.execute_wrappers.append(_raise_timeouts)
