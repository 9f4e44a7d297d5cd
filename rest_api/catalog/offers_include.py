"""``?include=offers`` on every REST movie list: each movie of the page says where it streams in the
reader's region (the rule GraphQL's ``Movie.watchProviders`` defaults to), read for the whole page
at once (catalog.availability.movie_offers: three queries whatever the page size).

A list's serializer mixes in ``OffersOnRequest``; its view builds the context with
``offers_context`` (rest_api.catalog.serializers.movie_context, or ``rows_context`` for list
entries). Without the parameter the field is left out of each movie.
"""

from collections.abc import Iterable

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from catalog import availability
from engagement.user_services import reader_region
from rest_api.catalog.watch_provider_serializers import MovieWatchProvidersSerializer
from rest_api.parsing import validated

OFFERS = "offers"
INCLUDES = (OFFERS,)


class IncludeQuerySerializer(serializers.Serializer):
    include = serializers.ListField(
        child=serializers.ChoiceField(choices=INCLUDES),
        required=False,
        help_text="offers: each movie also says where it streams in your region (DEFAULT_REGION when "
        "anonymous), with JustWatch's attribution.",
    )


def offers_context(request: Request, tmdb_ids: Iterable[int]) -> dict:
    """Serializer context for a page of movies: their offers in the reader's region when the request
    asks ``include=offers`` (a 400 for any other value), else None."""
    asked = validated(IncludeQuerySerializer, request.query_params).get("include", [])
    if OFFERS not in asked:
        return {OFFERS: None}
    return {
        OFFERS: availability.movie_offers(tmdb_ids=list(set(tmdb_ids)), region=reader_region(request.user))
    }


def rows_context(request: Request, serializer_class: type[serializers.Serializer], rows: Iterable) -> dict:
    """``offers_context`` of a page of ``rows`` shown by ``serializer_class`` ({} when it shows no offers)."""
    if not issubclass(serializer_class, OffersOnRequest):
        return {}
    return offers_context(request, [getattr(row, serializer_class.offers_key) for row in rows])


@extend_schema_field(MovieWatchProvidersSerializer(required=False))
class _OffersField(serializers.Field):
    def __init__(self, key: str, **kwargs) -> None:
        self.key = key
        # Not read_only, only so that the description does not list it as always present (it is
        # never read: no serializer mixing it in parses input).
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, value) -> dict | None:
        offers = self.context.get(OFFERS)
        found = offers.get(getattr(value, self.key)) if offers is not None else None
        return MovieWatchProvidersSerializer(found).data if found is not None else None


class OffersOnRequest(serializers.Serializer):
    """A movie row with ``offers`` when the context asks for them (``offers_context``); ``offers_key``
    names the row's attribute holding the TMDb id."""

    offers_key = "tmdb_id"

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields[OFFERS] = _OffersField(
            self.offers_key,
            help_text="With include=offers only: where the movie streams in your region (JustWatch data).",
        )
        return fields

    def to_representation(self, instance) -> dict:
        data = super().to_representation(instance)
        if self.context.get(OFFERS) is None:
            data.pop(OFFERS, None)
        return data
