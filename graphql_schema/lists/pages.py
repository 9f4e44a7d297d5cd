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

ENTRY_ORDER = ("position", "pk")
LIST_ORDER = ("-created_at", "-pk")


def list_page(lists_read: QuerySet[MovieList], info: Info, **pages: Any) -> relay.Connection[Any]:
    """A cursor page of ``lists_read`` (lists the reader may read), newest first."""
    page = connection(lists_read, info, ordering=LIST_ORDER, **pages)
    info.context.loaders.list_entries.siblings(edge.node.pk for edge in page.edges)
    return page


def entries_page(
    movie_list: MovieList, info: Info, *, available: AvailabilityFilter | None, asked: Any, **pages: Any
) -> relay.Connection[Any]:
    """A cursor page of ``movie_list``'s entries [only what ``available`` lets through], read with
    those of the lists of its page; ``asked`` is the availability argument as given."""

    def read(list_ids: tuple) -> dict:
        entries = lists.entries_of_lists(list_ids=list_ids, available=available)
        return connections(entries, info, by="list", groups=list_ids, ordering=ENTRY_ORDER, **pages)

    arguments = (repr(asked), *sorted(pages.items()))
    return info.context.loaders.list_entries.load(movie_list.pk, info=info, arguments=arguments, read=read)
