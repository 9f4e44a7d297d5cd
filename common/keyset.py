"""Cursor pages over a queryset (keyset pagination): the one rule both API surfaces page new lists by.

A page is cut by a WHERE on the ordering keys of the row it continues from, never by an
OFFSET, so page 1,000 of a long diary costs what page 1 costs and a row added meanwhile
neither repeats nor skips a row on the next page. A cursor is the ordering keys of one
row, JSON in URL-safe base64 without padding: opaque to clients, the same on REST and
GraphQL. A cursor that does not decode to values of this list's keys is ``InvalidCursor``, a
ValidationError on the argument that carried it (REST 400, GraphQL BAD_USER_INPUT), refused
before any query runs.

The ordering must name non-null fields or annotations (a computed key, e.g. a shuffle's hash,
is stored on the row by the queryset and read back from it) and end with a unique one
(``-pk``), so every row has one place in the order.

A list whose filters a covering index can answer alone (discover) asks for ``keys_first``: the
page's primary keys are chosen in a subquery that reads only the filters and the order, and the
outer query reads the rows of those keys (still under the same filters), so a page of 20 reads 20
rows, not every row that passes the filters. Still one query.

A list whose rows depend on the request's filters passes a ``binding`` (a string naming the
query): its cursors then carry a signature over the binding and the keys, so a cursor of
another query, or one altered by hand, is refused instead of silently cutting the wrong list.
"""

import base64
import binascii
import datetime
import hmac
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Field, Model, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.crypto import salted_hmac

T = TypeVar("T", bound=Model)

MAX_CURSOR_LENGTH = 512


NOT_OURS = "This cursor is not one this list gave out."
NOT_THIS_QUERY = (
    "This cursor belongs to another query or was altered: ask for the first page of this query again."
)
_SIGNATURE_LENGTH = 16


class InvalidCursor(ValidationError):
    """A cursor this list did not give out, filed under the argument that carried it."""

    def __init__(self, argument: str, message: str = NOT_OURS) -> None:
        super().__init__({argument: [message]})


@dataclass(frozen=True)
class CursorPage(Generic[T]):
    """One page: its rows in list order, each row's cursor, and whether rows lie beyond each end."""

    items: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool

    @property
    def start_cursor(self) -> str | None:
        return self.cursors[0] if self.cursors else None

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


def _attname(model: type[Model], name: str) -> str:
    """The attribute holding a row's ``name`` key: a field's attname, or an annotation's own name."""
    if name == "pk":
        return model._meta.pk.attname
    try:
        return model._meta.get_field(name).attname
    except FieldDoesNotExist:
        return name


def _key_field(queryset: QuerySet, name: str) -> Field:
    """The field typing the ``name`` key of ``queryset``'s rows (a model field or an annotation's)."""
    model = queryset.model
    if name == "pk":
        return model._meta.pk
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return queryset.query.annotations[name].output_field


def _signature(binding: str, values: list[Any]) -> str:
    material = json.dumps(values, cls=_ExactEncoder, separators=(",", ":"))
    return salted_hmac(f"keyset:{binding}", material).hexdigest()[:_SIGNATURE_LENGTH]


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but a time keeps its microseconds (Django's cuts them to milliseconds,
    and a cursor must name its row's exact keys, or the row itself would be on the next page)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def encode(row: Model, ordering: Sequence[str], *, binding: str | None = None) -> str:
    """The cursor of ``row`` in a list ordered by ``ordering`` (signed for ``binding`` when given)."""
    values: list[Any] = [getattr(row, _attname(type(row), key.lstrip("-"))) for key in ordering]
    if binding is not None:
        values.append(_signature(binding, values))
    raw = json.dumps(values, cls=_ExactEncoder, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _raw(cursor: str) -> list[Any] | None:
    if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        return None
    return values if isinstance(values, list) else None


def _unsigned(values: list[Any], binding: str) -> list[Any] | None:
    """The keys of a signed cursor's ``values``, or None when the signature is not this binding's."""
    if not values or not isinstance(values[-1], str):
        return None
    keys, signature = values[:-1], values[-1]
    return keys if hmac.compare_digest(signature.encode(), _signature(binding, keys).encode()) else None


def _typed(values: list[Any], queryset: QuerySet, ordering: Sequence[str]) -> list[Any] | None:
    """``values`` typed as the fields of ``queryset``'s ordering keys, or None when they are not."""
    if len(values) != len(ordering):
        return None
    typed = []
    for key, value in zip(ordering, values, strict=True):
        field = _key_field(queryset, key.lstrip("-"))
        if value is None or isinstance(value, list | dict | bool):
            return None
        try:
            typed.append(field.to_python(value))
        except (ValidationError, TypeError, ValueError, OverflowError):
            return None
    return typed


def decode(
    cursor: str, queryset: QuerySet, ordering: Sequence[str], *, argument: str, binding: str | None = None
) -> list[Any]:
    """The ordering values ``cursor`` holds, typed as the fields of ``queryset``'s keys; InvalidCursor
    (on ``argument``) when it holds none, or when it is not signed for ``binding`` (when given)."""
    values = _raw(cursor)
    if values is not None and binding is not None:
        values = _unsigned(values, binding)
        if values is None:
            raise InvalidCursor(argument, NOT_THIS_QUERY)
    typed = _typed(values, queryset, ordering) if values is not None else None
    if typed is None:
        raise InvalidCursor(argument)
    return typed


def _beyond(ordering: Sequence[str], values: Sequence[Any], *, forward: bool) -> Q:
    """Rows after (forward) or before the row with these ordering ``values``."""
    condition: Q | None = None
    for key, value in reversed(list(zip(ordering, values, strict=True))):
        name = key.lstrip("-")
        lookup = "lt" if key.startswith("-") == forward else "gt"
        step = Q(**{f"{name}__{lookup}": value})
        condition = step if condition is None else step | (Q(**{name: value}) & condition)
    return condition or Q()


def _reversed(ordering: Sequence[str]) -> list[str]:
    return [key[1:] if key.startswith("-") else f"-{key}" for key in ordering]


@dataclass(frozen=True)
class _Cut:
    """A queryset cut at a cursor: its rows beyond it, the keys to read them in, and the direction."""

    rows: QuerySet
    keys: list[str]
    forward: bool
    cursor: str | None


def _cut(
    queryset: QuerySet, ordering: Sequence[str], after: str | None, before: str | None, binding: str | None
) -> _Cut:
    if after is not None and before is not None:
        raise InvalidCursor("before", "Give after or before, not both.")
    forward = before is None
    cursor = after if forward else before
    rows = queryset
    if cursor is not None:
        argument = "after" if forward else "before"
        values = decode(cursor, queryset, ordering, argument=argument, binding=binding)
        rows = rows.filter(_beyond(ordering, values, forward=forward))
    keys = list(ordering) if forward else _reversed(ordering)
    return _Cut(rows=rows, keys=keys, forward=forward, cursor=cursor)


def _assembled(
    items: list[T], cut: _Cut, ordering: Sequence[str], size: int, binding: str | None
) -> CursorPage[T]:
    """The page of ``items`` (up to ``size`` + 1 rows read in ``cut``'s direction)."""
    more = len(items) > size
    items = items[:size]
    if not cut.forward:
        items.reverse()
    cursors = [encode(item, ordering, binding=binding) for item in items]
    return CursorPage(
        items=items,
        cursors=cursors,
        has_next=more if cut.forward else cut.cursor is not None,
        has_previous=cut.cursor is not None if cut.forward else more,
    )


def page(
    queryset: QuerySet[T],
    *,
    ordering: Sequence[str],
    size: int,
    after: str | None = None,
    before: str | None = None,
    binding: str | None = None,
    keys_first: bool = False,
) -> CursorPage[T]:
    """The ``size`` rows of ``queryset`` (ordered by ``ordering``) after the ``after`` cursor, or
    the ``size`` rows before ``before``, or the first ``size`` rows; one query.

    ``size`` is the caller's checked page size (1 to MAX_PAGE_SIZE); ``binding`` names the query
    the cursors belong to; ``keys_first`` chooses the page's keys before reading its rows (see the
    module's text).
    """
    cut = _cut(queryset, ordering, after, before, binding)
    rows = cut.rows.order_by(*cut.keys)
    if keys_first:
        rows = rows.filter(pk__in=rows.values("pk")[: size + 1])
    items = list(rows[: size + 1])
    return _assembled(items, cut, ordering, size, binding)


def pages(
    queryset: QuerySet[T],
    *,
    by: str,
    groups: Sequence[Any],
    ordering: Sequence[str],
    size: int,
    binding: Callable[[Any], str | None] | None = None,
) -> dict[Any, CursorPage[T]]:
    """For each of ``groups`` (values of the field ``by``), the first page ``page`` would cut from
    the rows of ``queryset`` in that group, all in one query (rows numbered per group, a window);
    ``binding(group)`` names the query each group's cursors belong to. A page continued by a cursor
    is one group's: ``page``."""
    cut = _cut(queryset.filter(**{f"{by}__in": groups}), ordering, None, None, None)
    order = [F(key.lstrip("-")).desc() if key.startswith("-") else F(key).asc() for key in cut.keys]
    numbered = cut.rows.annotate(keyset_rank=Window(RowNumber(), partition_by=F(by), order_by=order))
    found: dict[Any, list[T]] = {group: [] for group in groups}
    attname = _attname(queryset.model, by)
    for item in numbered.filter(keyset_rank__lte=size + 1).order_by(*cut.keys):
        found[getattr(item, attname)].append(item)
    return {
        group: _assembled(items, cut, ordering, size, binding(group) if binding else None)
        for group, items in found.items()
    }
