"""GET /api/movies/discover/: parse the filters, call engagement.discovery, page the movies by cursor."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request

from engagement import discovery
from rest_api.catalog import serializers as s
from rest_api.catalog.discover_serializers import DiscoverQuerySerializer
from rest_api.catalog.offers_include import IncludeQuerySerializer
from rest_api.operations import DeclaredOperations
from rest_api.pagination import CursorPagination
from rest_api.parsing import validated


class DiscoverView(DeclaredOperations, GenericAPIView):
    operations = {"GET": "discover"}
    pagination_class = CursorPagination
    cursor_keys_first = True  # discover's filters are read from covering indexes (common/keyset.py)

    @extend_schema(
        parameters=[DiscoverQuerySerializer, IncludeQuerySerializer],
        responses=s.MovieSerializer(many=True),
        summary="Discover movies by genres, dates, runtime, ratings, language, people, keywords and "
        "where to watch, in one order, in cursor pages",
        tags=["movies"],
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> dict:
            query = validated(DiscoverQuerySerializer, request.query_params)
            found = discovery.discover(user=request.user, **query)
            self.cursor_ordering, self.cursor_binding = found.ordering, found.binding
            movies = self.paginate_queryset(found.movies)
            context = s.movie_context(request, movies)
            return self.get_paginated_response(
                s.MovieSerializer(movies, many=True, context=context).data
            ).data

        return self.answer(build)
