"""Where to watch on REST: a movie's offers, the provider and region lists (catalog.availability)."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from catalog import offers, services
from engagement.user_services import region_for
from rest_api.catalog.watch_provider_serializers import (
    MovieWatchProvidersSerializer,
    RegionQuerySerializer,
    WatchProviderSerializer,
    WatchRegionSerializer,
)
from rest_api.operations import DeclaredOperations
from rest_api.parsing import validated


class MovieWatchProvidersView(DeclaredOperations, APIView):
    operations = {"GET": "movie"}

    @extend_schema(
        parameters=[RegionQuerySerializer],
        responses={200: MovieWatchProvidersSerializer, 404: OpenApiResponse(description="No such movie.")},
        summary="Where to watch a movie in a region (default: yours, else DEFAULT_REGION); JustWatch data",
        tags=["movies"],
    )
    def get(self, request: Request, tmdb_id: int) -> HttpResponse:
        def build() -> dict:
            asked = validated(RegionQuerySerializer, request.query_params).get("region")
            region = region_for(request.user, asked)
            found = services.movie_offers_fetch(tmdb_id=tmdb_id, region=region)
            return MovieWatchProvidersSerializer(found).data

        return self.answer(build)


class WatchProviderListView(DeclaredOperations, APIView):
    operations = {"GET": "watchProviders"}

    @extend_schema(
        parameters=[RegionQuerySerializer],
        responses=WatchProviderSerializer(many=True),
        summary="Watch providers (public): those serving a region in its order, else all in TMDb's order",
        tags=["movies"],
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> list:
            asked = validated(RegionQuerySerializer, request.query_params).get("region")
            return WatchProviderSerializer(offers.provider_list_fetch(region=asked), many=True).data

        return self.answer(build)


class WatchRegionListView(DeclaredOperations, APIView):
    operations = {"GET": "watchRegions"}

    @extend_schema(
        responses=WatchRegionSerializer(many=True),
        summary="The countries TMDb has offers for, by English name (public)",
        tags=["movies"],
    )
    def get(self, request: Request) -> HttpResponse:
        return self.answer(lambda: WatchRegionSerializer(offers.region_list_fetch(), many=True).data)
