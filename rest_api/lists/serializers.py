"""Shapes of user lists, their entries and collaborators (rules live in the services)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagement.models import MovieList
from rest_api.catalog.offers_include import OffersOnRequest
from rest_api.catalog.serializers import ArtworkField
from rest_api.parsing import DomainBoundedCharField
from rest_api.social.reaction_serializers import ReactionsSerializer
from social import lists


class ListInputSerializer(serializers.Serializer):
    """A list's settings; PATCH may send any of them."""

    name = DomainBoundedCharField(stated_max_length=100, trim_whitespace=False)
    description = DomainBoundedCharField(
        stated_max_length=2000, required=False, default="", allow_blank=True, trim_whitespace=False
    )
    visibility = serializers.ChoiceField(choices=MovieList.Visibility.choices, default="private")
    ranked = serializers.BooleanField(required=False, default=False)


class CollaboratorSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username", read_only=True)
    added_at = serializers.DateTimeField(read_only=True)


class ListSerializer(ReactionsSerializer):
    """A list; ``share_token`` is shown to its owner only (null for everyone else)."""

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    visibility = serializers.ChoiceField(choices=MovieList.Visibility.choices, read_only=True)
    ranked = serializers.BooleanField(read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True, help_text="The owner's username.")
    entry_count = serializers.IntegerField(read_only=True)
    share_token = serializers.SerializerMethodField()
    collaborators = CollaboratorSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_share_token(self, movie_list: MovieList) -> str | None:
        return lists.share_token_for(viewer=self.context["request"].user, movie_list=movie_list)


class EntryInputSerializer(serializers.Serializer):
    """A movie to put at the end of a list, by its TMDb id, with an optional note."""

    tmdb_id = serializers.IntegerField()
    note = DomainBoundedCharField(
        stated_max_length=1000, required=False, default="", allow_blank=True, trim_whitespace=False
    )


class EntryUpdateSerializer(serializers.Serializer):
    """A new note and/or a move: to ``position`` (0 first), or ``before``/``after`` another movie (one)."""

    note = DomainBoundedCharField(
        stated_max_length=1000, required=False, allow_blank=True, trim_whitespace=False
    )
    position = serializers.IntegerField(required=False)
    before = serializers.IntegerField(required=False, help_text="The TMDb id of the movie to go before.")
    after = serializers.IntegerField(required=False, help_text="The TMDb id of the movie to go after.")


class EntrySerializer(OffersOnRequest):
    offers_key = "movie_id"

    id = serializers.UUIDField(read_only=True)
    tmdb_id = serializers.IntegerField(source="movie_id", read_only=True)
    title = serializers.CharField(source="movie.title", read_only=True)
    poster_url = ArtworkField("poster", source="movie")
    position = serializers.IntegerField(read_only=True, help_text="0 for the first movie.")
    note = serializers.CharField(read_only=True)
    added_at = serializers.DateTimeField(read_only=True)
