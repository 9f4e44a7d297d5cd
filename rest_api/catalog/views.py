"""Movie endpoints: parse the query, call one catalog selector, shape the answer."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from catalog import selectors, services
from rest_api.catalog import serializers as s
from rest_api.catalog.availability_serializers import AvailabilityQuerySerializer, query_with_availability
from rest_api.catalog.offers_include import IncludeQuerySerializer
from rest_api.operations import DeclaredOperations
from rest_api.parsing import validated


def _page_data(request: Request, result: selectors.MoviePage) -> dict:
    """The PageNumberPagination shape: {count, next, previous, results}."""
    url = request.build_absolute_uri()
    previous = None
    if result.page == 2:
        previous = remove_query_param(url, "page")
    elif result.page > 2:
        previous = replace_query_param(url, "page", result.page - 1)
    following = (
        replace_query_param(url, "page", result.page + 1) if result.page < result.total_pages else None
    )
    movies = list(result.movies)
    context = s.movie_context(request, movies)
    return {
        "count": result.total_results,
        "next": following,
        "previous": previous,
        "results": s.MovieSerializer(movies, many=True, context=context).data,
    }


class _MovieListView(DeclaredOperations, APIView):
    kind: selectors.PageKind

    def get(self, request: Request) -> HttpResponse:
        def build() -> dict:
            query = validated(s.PageQuerySerializer, request.query_params)
            return _page_data(request, services.movie_page_fetch(kind=self.kind, **query))

        return self.answer(build)


def _list_schema(summary: str):
    return extend_schema(
        parameters=[s.PageQuerySerializer, IncludeQuerySerializer],
        responses=s.MoviePageSerializer,
        summary=summary,
        tags=["movies"],
    )


class PopularView(_MovieListView):
    operations = {"GET": "popular"}
    kind = "popular"

    @_list_schema("Popular movies (TMDb when reachable, else the local catalog)")
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)


class TopRatedView(_MovieListView):
    operations = {"GET": "topRated"}
    kind = "top_rated"

    @_list_schema("Top-rated movies (TMDb when reachable, else vote-count-weighted local ratings)")
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)


class UpcomingView(_MovieListView):
    operations = {"GET": "upcoming"}
    kind = "upcoming"

    @_list_schema("Upcoming releases (TMDb when reachable, else local future releases)")
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)


class SearchView(DeclaredOperations, APIView):
    operations = {"GET": "search"}

    @extend_schema(
        parameters=[s.SearchQuerySerializer, AvailabilityQuerySerializer, IncludeQuerySerializer],
        responses=s.SearchPageSerializer,
        summary="Search movies by text (typos forgiven), genre and year",
        tags=["movies"],
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> dict:
            query, available = query_with_availability(request, s.SearchQuerySerializer)
            result = services.movie_search_fetch(**query, available=available)
            suggested = result.did_you_mean
            return {
                **_page_data(request, result),
                "did_you_mean": suggested,
                "suggestion": suggested,
                "totals_estimated": result.totals_estimated,
            }

        return self.answer(build)


class AutocompleteView(DeclaredOperations, APIView):
    operations = {"GET": "autocomplete"}

    @extend_schema(
        parameters=[s.AutocompleteQuerySerializer],
        responses=s.AutocompleteSerializer,
        summary="Title suggestions for a search box (local catalog, typos forgiven)",
        tags=["movies"],
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> dict:
            query = validated(s.AutocompleteQuerySerializer, request.query_params)
            completions = selectors.movie_autocomplete(**query)
            return {"results": s.CompletionSerializer(completions, many=True).data}

        return self.answer(build)


class GenreListView(DeclaredOperations, APIView):
    operations = {"GET": "genres"}

    @extend_schema(
        responses=s.GenreSerializer(many=True),
        summary="Every genre, by name (all of them: there are few; public)",
        tags=["movies"],
    )
    def get(self, request: Request) -> HttpResponse:
        return self.answer(lambda: s.GenreSerializer(selectors.genre_list(), many=True).data)


class MovieDetailView(DeclaredOperations, APIView):
    operations = {"GET": "movie"}

    @extend_schema(
        responses=s.MovieDetailSerializer,
        summary="Movie detail with cast, crew and videos (TMDb details, credits and videos)",
        tags=["movies"],
    )
    def get(self, request: Request, tmdb_id: int) -> HttpResponse:
        def build() -> dict:
            movie = services.movie_with_credits_fetch(tmdb_id=tmdb_id)
            return s.MovieDetailSerializer(movie, context=s.viewer_context(request.user, [movie])).data

        return self.answer(build)
