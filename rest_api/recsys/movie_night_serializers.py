"""Shapes of the movie night endpoints; the rules (counts, bounds, membership) live in recsys."""

from django.conf import settings
from rest_framework import serializers

from recsys import group_picks, movie_night
from rest_api.catalog.availability_serializers import AvailabilityQuerySerializer
from rest_api.catalog.serializers import MovieSerializer
from rest_api.parsing import DomainBoundedIntegerField


def _minutes(name: str) -> DomainBoundedIntegerField:
    return DomainBoundedIntegerField(
        required=False, help_text=f"{name}, in minutes.", stated_min=0, stated_max=group_picks.MAX_RUNTIME
    )


class GroupPicksRequestSerializer(serializers.Serializer):
    members = serializers.ListField(
        child=serializers.CharField(max_length=150),
        allow_empty=True,
        help_text=f"Usernames of 1 to {movie_night.MAX_OTHERS} others who share a live movie night with you.",
    )
    limit = DomainBoundedIntegerField(
        default=20,
        help_text=f"How many movies, 1 to {settings.MAX_PAGE_SIZE}.",
        stated_min=1,
        stated_max=settings.MAX_PAGE_SIZE,
    )
    runtime_min = _minutes("Runtime at least")
    runtime_max = _minutes("Runtime at most")
    genres = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text=f"Genre slugs (any; at most {group_picks.MAX_GENRES}).",
    )
    availability = AvailabilityQuerySerializer(
        required=False, help_text="Only movies available where this says (the availability filter)."
    )
    on_members_services = serializers.BooleanField(
        default=False,
        help_text="Available on at least one member's saved services, in that member's region (not with "
        "availability).",
    )


class MemberFitSerializer(serializers.Serializer):
    username = serializers.CharField()
    fit = serializers.FloatField(help_text="0 to 1: the member's score over their best candidate.")


class GroupPickSerializer(serializers.Serializer):
    movie = MovieSerializer()
    score = serializers.FloatField(
        help_text="The mean member fit, 0 to 1; the order of the picks, not this, is the ranking."
    )
    fits = MemberFitSerializer(many=True, help_text="One per member, you first.")
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text='Why, e.g. "a good fit for all 4 of you".'
    )


class GroupPicksSerializer(serializers.Serializer):
    results = GroupPickSerializer(many=True, help_text="Best first.")


class MovieNightSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Share it: whoever joins with it may pick movies with you.")
    expires_at = serializers.DateTimeField()
    members = serializers.ListField(
        child=serializers.CharField(), help_text="Usernames, in the order they joined."
    )


class JoinRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=movie_night.MAX_CODE_LENGTH, help_text="The invite code.")


def night_payload(night) -> dict:
    """A movie night as its members see it."""
    payload = {"code": night.code, "expires_at": night.expires_at}
    payload["members"] = movie_night.member_usernames(night=night)
    return MovieNightSerializer(payload).data
