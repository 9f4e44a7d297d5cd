"""Page-number pagination with the project-wide page-size cap."""

from django.conf import settings
from rest_framework import pagination, serializers
from rest_framework.request import Request

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
