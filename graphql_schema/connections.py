"""Relay connections over cursor pages (common/keyset.py): how new GraphQL lists are paged.

A connection field takes ``first``/``after`` (forward) or ``last``/``before`` (backward);
its cursors are the REST list's ``after``/``before`` cursors of the same rows. A page size
outside 1..MAX_PAGE_SIZE or a cursor the list did not give out is BAD_USER_INPUT, refused
before any query runs. The query cost counts ``first`` (or ``last``) items, the default
page when neither is given (graphql_schema/query_cost.py).
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from strawberry import relay
from strawberry_django.optimizer import optimize

from common import costs, keyset
from graphql_schema.context import Info


def _size(first: int | None, last: int | None) -> int:
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 1 <= value <= settings.MAX_PAGE_SIZE:
            raise ValidationError({name: [f"{name} must be between 1 and {settings.MAX_PAGE_SIZE}."]})
    if first is not None and last is not None:
        raise ValidationError({"last": ["Give first or last, not both."]})
    return first or last or costs.DEFAULT_PAGE


def _with_keys(queryset: QuerySet, ordering: Sequence[str]) -> QuerySet:
    """``queryset`` also loading its ordering keys (each row's cursor), which the optimizer's
    ``only()`` leaves out when the query does not select them (annotated keys are always loaded)."""
    names, deferring = queryset.query.deferred_loading
    if deferring or not names:
        return queryset  # every field is loaded but the deferred ones, and the optimizer defers none
    annotated = queryset.query.annotations
    fields = (key.lstrip("-") for key in ordering)
    return queryset.only(*names, *(name for name in fields if name not in annotated))


def _relay(page: keyset.CursorPage) -> relay.Connection[Any]:
    return relay.Connection(
        edges=[
            relay.Edge(cursor=cursor, node=item)
            for item, cursor in zip(page.items, page.cursors, strict=True)
        ],
        page_info=relay.PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=page.start_cursor,
            end_cursor=page.end_cursor,
        ),
    )


def _checked_size(first: int | None, last: int | None, after: str | None, before: str | None) -> int:
    size = _size(first, last)
    if last is not None and before is None and after is None:
        raise ValidationError({"last": ["last pages backward from a before cursor."]})
    return size


def connection(
    queryset: QuerySet,
    info: Info,
    *,
    ordering: Sequence[str],
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    binding: str | None = None,
    keys_first: bool = False,
) -> relay.Connection[Any]:
    """One page of ``queryset`` as a Relay connection, its rows loaded with what the query selects;
    ``binding`` names the query its cursors belong to, ``keys_first`` chooses the page's keys before
    reading its rows (common/keyset.py)."""
    size = _checked_size(first, last, after, before)
    rows = _with_keys(optimize(queryset, info), ordering)
    return _relay(
        keyset.page(
            rows,
            ordering=ordering,
            size=size,
            after=after,
            before=before,
            binding=binding,
            keys_first=keys_first,
        )
    )


def connections(
    queryset: QuerySet,
    info: Info,
    *,
    by: str,
    groups: Sequence[Any],
    ordering: Sequence[str],
    first: int | None = None,
    binding: Callable[[Any], str | None] | None = None,
) -> dict[Any, relay.Connection[Any]]:
    """The first page (``connection``) of the rows of each of ``groups`` (values of the field ``by``),
    all read in one query: a nested connection asked of every item of a page costs the same whatever
    its size. ``binding(group)`` names the query each group's cursors belong to; a page continued by
    a cursor is one group's: ``connection``."""
    size = _checked_size(first, None, None, None)
    rows = _with_keys(optimize(queryset, info), [*ordering, by])  # each row names its group
    found = keyset.pages(rows, by=by, groups=groups, ordering=ordering, size=size, binding=binding)
    return {group: _relay(page) for group, page in found.items()}
