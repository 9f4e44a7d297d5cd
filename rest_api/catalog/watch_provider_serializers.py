"""REST shapes of where to watch, mirroring GraphQL's ``MovieWatchProviders``, ``WatchProvider``
and ``WatchRegion``."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog import availability
from catalog.models import WatchRegion

REGION = "ISO 3166-1 alpha-2 code, e.g. US or DE."


class WatchProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="provider_id", read_only=True, help_text="TMDb's provider id.")
    name = serializers.CharField(read_only=True)
    logo_url = serializers.CharField(read_only=True)


class WatchAttributionSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True)


@extend_schema_field(WatchProviderSerializer(many=True))
class OffersOfKind(serializers.Field):
    """One kind of offer (``flatrate``, ``rent``, ...) of a movie's offers."""

    def __init__(self, kind: str, **kwargs) -> None:
        self.kind = kind
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: availability.MovieOffers) -> list:
        return WatchProviderSerializer(value.offers[self.kind], many=True).data


class MovieWatchProvidersSerializer(serializers.Serializer):
    tmdb_id = serializers.IntegerField(read_only=True)
    region = serializers.CharField(read_only=True, help_text=REGION)
    link = serializers.CharField(read_only=True, help_text="TMDb's page of the movie's offers in the region.")
    fetched_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When these offers were read from TMDb: their age."
    )
    available = serializers.BooleanField(read_only=True, help_text="Whether the movie's offers are known.")
    note = serializers.CharField(read_only=True, help_text="Why nothing is known, when available is false.")
    flatrate = OffersOfKind("flatrate", help_text="With a subscription.")
    free = OffersOfKind("free")
    ads = OffersOfKind("ads", help_text="Free with ads.")
    rent = OffersOfKind("rent")
    buy = OffersOfKind("buy")
    attribution = WatchAttributionSerializer(read_only=True)


class WatchRegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = WatchRegion
        fields = ["code", "english_name", "native_name"]


class RegionQuerySerializer(serializers.Serializer):
    region = serializers.CharField(required=False, allow_blank=True, max_length=20, help_text=REGION)
