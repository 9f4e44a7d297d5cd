"""Shapes of the recsys endpoints."""

from django.conf import settings
from rest_framework import serializers

from catalog.models import Movie
from recsys import services as recsys_services
from recsys import trending
from rest_api.catalog.serializers import MovieSerializer, movie_context
from rest_api.parsing import DomainBoundedIntegerField


def _limit(*, default: int) -> DomainBoundedIntegerField:
    """How many movies: 1..MAX_PAGE_SIZE, a rule (and message) of common.paging.validate_limit."""
    return DomainBoundedIntegerField(
        default=default,
        help_text=f"How many movies, 1 to {settings.MAX_PAGE_SIZE}.",
        stated_min=1,
        stated_max=settings.MAX_PAGE_SIZE,
    )


class TrendingQuerySerializer(serializers.Serializer):
    time_range = serializers.ChoiceField(
        choices=trending.TIME_RANGES,
        default=trending.DEFAULT_TIME_RANGE,
        help_text="Trending window: the last 24 hours (day) or 7 days (week).",
    )
    limit = _limit(default=trending.DEFAULT_LIMIT)


class LimitQuerySerializer(serializers.Serializer):
    limit = _limit(default=recsys_services.DEFAULT_LIMIT)


class RecommendationsQuerySerializer(LimitQuerySerializer):
    strategy = serializers.ChoiceField(
        choices=recsys_services.STRATEGIES,
        default=recsys_services.DEFAULT_STRATEGY,
        help_text="hybrid (collaborative and content blend), content or collab.",
    )


class RecommendationSerializer(serializers.Serializer):
    movie = MovieSerializer()
    score = serializers.FloatField(help_text="Blend score in [0, 1]; higher is better.")
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text='Why, e.g. "because you liked Toy Story".'
    )


class RecommendationListSerializer(serializers.Serializer):
    strategy = serializers.ChoiceField(choices=recsys_services.STRATEGIES)
    results = RecommendationSerializer(many=True, help_text="Best first.")


class MovieResultsSerializer(serializers.Serializer):
    results = MovieSerializer(many=True, help_text="Best first.")


def movie_results(request, movies: list[Movie]) -> dict:
    """``{"results": movies}`` as the request's reader reads them (their own state of each movie,
    and the movies' offers when asked)."""
    return MovieResultsSerializer({"results": movies}, context=movie_context(request, movies)).data
