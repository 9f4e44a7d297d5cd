"""Discover's query parameters: typed here, checked by catalog.discover (the messages live there)."""

from rest_framework import serializers

from catalog import discover
from catalog.selectors import MAX_YEAR, MIN_YEAR
from rest_api.catalog.availability_serializers import AvailabilityQuerySerializer
from rest_api.parsing import DomainBoundedIntegerField

_LIST = f"Repeat the parameter for each; at most {discover.MAX_LIST}."


class DiscoverQuerySerializer(AvailabilityQuerySerializer):
    genres = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, help_text=f"Genre slugs. {_LIST}"
    )
    genres_match = serializers.ChoiceField(
        choices=discover.GENRE_MATCHES,
        default=discover.MATCH_ANY,
        help_text="any: a movie with one of the genres; all: with every one.",
    )
    exclude_genres = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text=f"Genre slugs to leave out. {_LIST}",
    )
    year_min = DomainBoundedIntegerField(required=False, stated_min=MIN_YEAR, stated_max=MAX_YEAR)
    year_max = DomainBoundedIntegerField(required=False, stated_min=MIN_YEAR, stated_max=MAX_YEAR)
    release_from = serializers.DateField(
        required=False, help_text="Released on or after (not with a year range)."
    )
    release_to = serializers.DateField(required=False, help_text="Released on or before.")
    runtime_min = DomainBoundedIntegerField(
        required=False, stated_min=0, stated_max=discover.MAX_RUNTIME, help_text="Minutes."
    )
    runtime_max = DomainBoundedIntegerField(
        required=False, stated_min=0, stated_max=discover.MAX_RUNTIME, help_text="Minutes."
    )
    rating_min = serializers.FloatField(
        required=False, help_text="Our users' average rating (0-5), at least."
    )
    rating_max = serializers.FloatField(required=False, help_text="Our users' average rating (0-5), at most.")
    vote_average_min = serializers.FloatField(
        required=False, help_text="TMDb's vote average (0-10), at least."
    )
    vote_average_max = serializers.FloatField(
        required=False, help_text="TMDb's vote average (0-10), at most."
    )
    vote_count_min = serializers.IntegerField(required=False, help_text="TMDb's vote count, at least.")
    language = serializers.CharField(
        required=False, max_length=8, help_text="Original language, ISO 639-1 (en)."
    )
    people = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=f"TMDb person ids, in cast or crew (any). {_LIST}",
    )
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, help_text=f"Keyword slugs (any). {_LIST}"
    )
    hide_seen = serializers.BooleanField(
        default=False, help_text="Leave out what you have seen, rated or dismissed (signed-in readers)."
    )
    order = serializers.ChoiceField(choices=list(discover.ORDERS), default="popularity")
    direction = serializers.ChoiceField(
        choices=discover.DIRECTIONS,
        required=False,
        help_text="Default: asc for title and shuffle, else desc.",
    )
    seed = DomainBoundedIntegerField(
        required=False,
        stated_min=0,
        stated_max=discover.MAX_SEED,
        help_text="The shuffle's seed (order=shuffle).",
    )
