"""Cursor pages of lists and of their entries: the entries of a whole page of lists in one query.

A page of lists registers its lists with the request's loader (graphql_schema/dataloaders.
PageSiblings); the first of them asked for its entries reads the entries of every list of the
page (common/keyset.pages: one query, rows numbered per list), so a page of lists with their
entries costs the same number of queries whatever the number of lists. A list read alone (by id
or share token) is a page of one.
"""

from typing import Any

from django.db.models import QuerySet
from strawberry import relay

from engagement.availability_filter import AvailabilityFilter
from engagement.models import MovieList
from graphql_schema.connections import connection, connections
from graphql_schema.context import Info
from social import lists


def list_page(lists_read: QuerySet[MovieList], info: Info, **pages: Any) -> relay.Connection[Any]:
    """A cursor page of ``lists_read`` (lists the reader may read), newest first."""
    page = connection(lists_read, info, ordering=lists.LIST_ORDER, **pages)
    info.context.loaders.list_entries.siblings(edge.node.pk for edge in page.edges)
    return page


def entries_page(
    movie_list: MovieList,
    info: Info,
    *,
    available: AvailabilityFilter | None,
    asked: Any,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> relay.Connection[Any]:
    """A cursor page of ``movie_list``'s entries [only what ``available`` lets through]: a first page
    read with those of the lists of its page, a page continued by a cursor on its own; ``asked`` is
    the availability argument as given. Cursors are bound to the list and the filter."""

    def binding(list_id) -> str:
        return lists.entries_binding(list_id=list_id, available=available)

    if after is not None or before is not None or last is not None:
        entries = lists.list_entries(movie_list=movie_list, available=available)
        return connection(
            entries,
            info,
            ordering=lists.ENTRY_ORDER,
            binding=binding(movie_list.pk),
            first=first,
            after=after,
            last=last,
            before=before,
        )

    def read(list_ids: tuple) -> dict:
        entries = lists.entries_of_lists(list_ids=list_ids, available=available)
        return connections(
            entries,
            info,
            by="list",
            groups=list_ids,
            ordering=lists.ENTRY_ORDER,
            first=first,
            binding=binding,
        )

    arguments = (repr(asked), first)
    return info.context.loaders.list_entries.load(movie_list.pk, info=info, arguments=arguments, read=read)
