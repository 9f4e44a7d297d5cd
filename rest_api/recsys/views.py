"""Recsys endpoints: parse, call the recsys selectors or services, shape the answer."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from catalog.models import Movie
from recsys import selectors
from recsys import services as recsys_services
from rest_api.catalog.availability_serializers import AvailabilityQuerySerializer, query_with_availability
from rest_api.catalog.offers_include import IncludeQuerySerializer
from rest_api.catalog.serializers import movie_context
from rest_api.operations import DeclaredOperations
from rest_api.recsys import serializers as s


class TrendingView(DeclaredOperations, APIView):
    """Trending movies (precomputed, blended with TMDb trending when it answers)."""

    operations = {"GET": "trending"}

    @extend_schema(
        parameters=[s.TrendingQuerySerializer, AvailabilityQuerySerializer, IncludeQuerySerializer],
        responses=s.MovieResultsSerializer,
        summary="Trending movies of the last day or week",
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> dict:
            query, available = query_with_availability(request, s.TrendingQuerySerializer)
            movies = list(recsys_services.trending_movies(**query, user=request.user, available=available))
            return s.movie_results(request, movies)

        return self.answer(build)


class RecommendationsView(DeclaredOperations, APIView):
    """The signed-in user's personalized recommendations (precomputed; scored on a miss)."""

    operations = {"GET": "recommendations"}

    @extend_schema(
        parameters=[s.RecommendationsQuerySerializer, AvailabilityQuerySerializer, IncludeQuerySerializer],
        responses=s.RecommendationListSerializer,
        summary="Personalized recommendations with reasons",
        operation_id="movies_recommendations_personalized",
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> dict:
            query, available = query_with_availability(request, s.RecommendationsQuerySerializer)
            items = recsys_services.user_recommendations(
                user=request.user, **query, available=available
            ).items()
            payload = {"strategy": query["strategy"], "results": items}
            context = movie_context(request, [item.movie for item in items])
            return s.RecommendationListSerializer(payload, context=context).data

        return self.answer(build)


class _MovieNeighboursView(DeclaredOperations, APIView):
    """A movie's neighbour list from one recsys selector (``tmdb_id``, ``limit``); 404 if unknown."""

    neighbours: Callable[..., QuerySet[Movie]]

    def get(self, request: Request, tmdb_id: int) -> HttpResponse:
        def build() -> dict:
            query, available = query_with_availability(request, s.LimitQuerySerializer)
            movies = list(self.neighbours(tmdb_id=tmdb_id, **query, user=request.user, available=available))
            return s.movie_results(request, movies)

        return self.answer(build)


class ItemRecommendationsView(_MovieNeighboursView):
    """Movies for someone who liked this one (collaborative and content neighbours); 404 if unknown."""

    operations = {"GET": "itemRecommendations"}
    neighbours = staticmethod(selectors.item_recommendations)

    @extend_schema(
        parameters=[s.LimitQuerySerializer, AvailabilityQuerySerializer, IncludeQuerySerializer],
        responses=s.MovieResultsSerializer,
        summary="Item-based recommendations for a movie",
        operation_id="movies_recommendations_for_movie",
    )
    def get(self, request: Request, tmdb_id: int) -> HttpResponse:
        return super().get(request, tmdb_id)


class SimilarMoviesView(_MovieNeighboursView):
    """TMDb's similar movies merged with local content neighbours; 404 if the movie is unknown."""

    operations = {"GET": "similar"}
    neighbours = staticmethod(recsys_services.similar_movies_fetch)

    @extend_schema(
        parameters=[s.LimitQuerySerializer, AvailabilityQuerySerializer, IncludeQuerySerializer],
        responses=s.MovieResultsSerializer,
        summary="Movies similar to a movie",
    )
    def get(self, request: Request, tmdb_id: int) -> HttpResponse:
        return super().get(request, tmdb_id)
