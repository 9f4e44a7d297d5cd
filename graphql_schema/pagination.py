"""Every GraphQL list is a page: the default page when none is asked for, never above MAX_PAGE_SIZE.

``PagedField`` replaces strawberry-django's field class on list and paginated fields. It
refuses a negative offset or an out-of-range limit with an error naming the argument (the
library would slice with them, or quietly return everything), and applies the default page
when the query gives no ``pagination``, both for root lists and for nested ones that the
optimizer prefetches in one query with a window function.
"""

from collections.abc import Callable
from typing import Any

import strawberry_django
from django.conf import settings
from django.db.models import QuerySet
from graphql import GraphQLError
from strawberry import UNSET
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import is_optimized_by_prefetching
from strawberry_django.pagination import OffsetPaginated, OffsetPaginationInput

from common import costs


def checked_page(pagination: OffsetPaginationInput | None) -> OffsetPaginationInput:
    """The page to serve: the default one when none was asked for; GraphQLError when out of range."""
    if pagination is None or pagination is UNSET:
        return OffsetPaginationInput(offset=0, limit=costs.DEFAULT_PAGE)
    if pagination.offset < 0:
        raise GraphQLError("pagination.offset: must be 0 or more.")
    limit = pagination.limit
    if limit is not None and limit is not UNSET and not 0 <= limit <= settings.MAX_PAGE_SIZE:
        raise GraphQLError(f"pagination.limit: must be between 0 and {settings.MAX_PAGE_SIZE}.")
    if limit is None or limit is UNSET:
        return OffsetPaginationInput(offset=pagination.offset, limit=costs.DEFAULT_PAGE)
    return pagination


def _ending_with_a_unique_key(queryset: QuerySet) -> QuerySet:
    """A queryset ordered by the client's keys, then by the model's own order, which ends with a
    unique key (every model's Meta.ordering does), so rows with equal keys keep one order."""
    order = queryset.query.order_by
    if order:
        return queryset.order_by(*order, *queryset.model._meta.ordering, "pk")
    return queryset


class PagedField(StrawberryDjangoField):
    """A strawberry-django field whose lists are always pages of a checked size, in a stable order."""

    def get_queryset(
        self,
        queryset: QuerySet,
        info: Any,
        *,
        pagination: OffsetPaginationInput | None = None,
        _strawberry_related_field_id: str | None = None,
        **kwargs: Any,
    ) -> QuerySet:
        if is_optimized_by_prefetching(queryset):
            return queryset  # the optimizer's prefetch already cut this page with a window function
        if not (self.is_list or self.is_paginated):
            return super().get_queryset(
                queryset,
                info,
                pagination=pagination,
                _strawberry_related_field_id=_strawberry_related_field_id,
                **kwargs,
            )
        page = checked_page(pagination)
        # Filter and order first (no page yet), then make the order total, then cut the page.
        queryset = super().get_queryset(
            queryset, info, _strawberry_related_field_id=_strawberry_related_field_id, **kwargs
        )
        queryset = _ending_with_a_unique_key(queryset)
        if self.is_paginated:
            return queryset  # OffsetPaginated cuts its page when its results are read
        return self.apply_pagination(queryset, page, related_field_id=_strawberry_related_field_id)


def offset_page(node: type, description: str) -> Callable:
    """Decorate a resolver returning a queryset as a paginated list of ``node`` (PagedField's checks)."""
    return strawberry_django.offset_paginated(
        OffsetPaginated[node], field_cls=PagedField, description=description
    )
