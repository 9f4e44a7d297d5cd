"""Page-number and cursor pagination, with the project-wide page-size cap."""

from collections.abc import Callable

from django.conf import settings
from django.db.models import QuerySet
from rest_framework import pagination, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from common import costs, keyset
from rest_api.catalog.offers_include import rows_context
from rest_api.parsing import validated


class PageSizeSerializer(serializers.Serializer):
    page_size = serializers.IntegerField(min_value=1, required=False)


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.MAX_PAGE_SIZE
    page_size_query_description = (
        f"Results per page, at least 1; above {settings.MAX_PAGE_SIZE} gives {settings.MAX_PAGE_SIZE} "
        "(as GraphQL caps its page sizes)."
    )

    def get_page_size(self, request: Request) -> int:
        """The requested page size capped at MAX_PAGE_SIZE, or the default; not a positive integer: 400."""
        requested = validated(PageSizeSerializer, request.query_params).get("page_size")
        return min(requested, self.max_page_size) if requested else self.page_size

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


class CursorQuerySerializer(PageSizeSerializer):
    after = serializers.CharField(required=False, max_length=keyset.MAX_CURSOR_LENGTH)
    before = serializers.CharField(required=False, max_length=keyset.MAX_CURSOR_LENGTH)


class CursorPagination(pagination.BasePagination):
    """Cursor pages (common/keyset.py) in the view's ``cursor_ordering`` (its cursors signed for the
    view's ``cursor_binding`` when it has one; its keys chosen first when the view's
    ``cursor_keys_first`` says so): ``next``/``previous`` links and ``results``; the same cursors as
    the GraphQL connection of the same list."""

    page_size = costs.DEFAULT_PAGE

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list:
        query = validated(CursorQuerySerializer, request.query_params)
        size = min(query.get("page_size", self.page_size), settings.MAX_PAGE_SIZE)
        self.request = request
        self.page = keyset.page(
            queryset,
            ordering=view.cursor_ordering,
            size=size,
            after=query.get("after"),
            before=query.get("before"),
            binding=getattr(view, "cursor_binding", None),
            keys_first=getattr(view, "cursor_keys_first", False),
        )
        return self.page.items

    def _link(self, name: str, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = remove_query_param(remove_query_param(self.request.build_absolute_uri(), "after"), "before")
        return replace_query_param(url, name, cursor)

    def get_paginated_response(self, data: list) -> Response:
        page = self.page
        return Response(
            {
                "next": self._link("after", page.end_cursor) if page.has_next else None,
                "previous": self._link("before", page.start_cursor) if page.has_previous else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page (older rows), or null at the end."},
                "previous": {**link, "description": "The previous page (newer rows), or null at the start."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        # URL-safe base64 (common/keyset.py): stated so, a cursor of the longest length fits in a URL.
        cursor = {"type": "string", "maxLength": keyset.MAX_CURSOR_LENGTH, "pattern": "^[A-Za-z0-9_-]*$"}
        return [
            {
                "name": "after",
                "in": "query",
                "required": False,
                "description": "A cursor from a page's next link: the rows after it.",
                "schema": cursor,
            },
            {
                "name": "before",
                "in": "query",
                "required": False,
                "description": "A cursor from a page's previous link: the rows before it.",
                "schema": cursor,
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": PageNumberPagination.page_size_query_description,
                "schema": {"type": "integer", "minimum": 1},
            },
        ]


# A list view's page (of its ``pagination_class``) of a queryset, shaped by a serializer. No class
# docstring: drf-spectacular would give it to every view's operation as its description.
class Paged:
    def paged(
        self,
        queryset,
        serializer_class: type[serializers.Serializer],
        context: Callable[[list], dict] | None = None,
    ) -> Response:
        """The page of ``queryset``; ``context(rows)`` gives the serializer's context for the page's rows,
        to which the movies' offers are added when the request asks for them (``include=offers``)."""
        page = self.paginate_queryset(queryset)
        extra = context(page) if context else {}
        shaped = serializer_class(
            page, many=True, context=extra | rows_context(self.request, serializer_class, page)
        )
        return self.get_paginated_response(shaped.data)
