"""Shapes of the admin catalog endpoints. Input serializers check types only: lengths,
ranges and uniqueness are the catalog services' rules (catalog/services.py)."""

from rest_framework import serializers

from catalog.models import MAX_TMDB_ID, Keyword
from catalog.services import OVERRIDABLE
from rest_api.catalog.serializers import CatalogMovieSerializer


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Keyword
        fields = ["id", "name", "slug"]


STORED_IMAGE_HELP = 'The stored image URL, or "" (the public APIs then link a drawn image).'


class AdminMovieSerializer(CatalogMovieSerializer):
    """A movie as staff see it: the public fields plus the rest of the editable metadata."""

    tags = TagSerializer(source="keywords", many=True, read_only=True)
    # The stored values staff edit; when one is blank the public APIs link a drawn image instead.
    poster_url = serializers.CharField(read_only=True, help_text=STORED_IMAGE_HELP)
    backdrop_url = serializers.CharField(read_only=True, help_text=STORED_IMAGE_HELP)
    admin_overrides = serializers.ListField(
        child=serializers.ChoiceField(choices=OVERRIDABLE),
        read_only=True,
        help_text="Fields staff set: TMDb re-syncs leave them as they are until cleared (clear_overrides).",
    )

    class Meta(CatalogMovieSerializer.Meta):
        fields = [
            *CatalogMovieSerializer.Meta.fields,
            "original_title",
            "tagline",
            "imdb_id",
            "vote_count",
            "tags",
            "admin_overrides",
            "updated_at",
        ]
        read_only_fields = fields


class MovieWriteSerializer(serializers.Serializer):
    """Movie metadata; on PATCH a field left out keeps its value. ``tmdb_id`` never changes."""

    title = serializers.CharField(help_text="Up to 500 characters.")
    original_title = serializers.CharField(required=False, allow_blank=True)
    overview = serializers.CharField(required=False, allow_blank=True)
    tagline = serializers.CharField(required=False, allow_blank=True)
    release_date = serializers.DateField(required=False, allow_null=True, help_text="Year 1870 to 2100.")
    runtime = serializers.IntegerField(required=False, allow_null=True, help_text="Minutes, 0 to 60000.")
    poster_url = serializers.CharField(required=False, allow_blank=True, help_text="An absolute URL.")
    backdrop_url = serializers.CharField(required=False, allow_blank=True, help_text="An absolute URL.")
    language = serializers.CharField(required=False, allow_blank=True, help_text="ISO 639-1, e.g. en.")
    imdb_id = serializers.CharField(required=False, allow_blank=True, help_text="e.g. tt0133093.")
    vote_average = serializers.FloatField(required=False, help_text="0 to 10.")
    vote_count = serializers.IntegerField(required=False, help_text="0 or more.")
    popularity_score = serializers.FloatField(required=False, help_text="0 or more.")
    genre_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, help_text="Replaces the movie's genres."
    )
    tag_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, help_text="Replaces the movie's tags."
    )


class MovieUpdateSerializer(MovieWriteSerializer):
    """Movie metadata to change, plus overrides to hand back to TMDb."""

    clear_overrides = serializers.ListField(
        child=serializers.ChoiceField(choices=OVERRIDABLE),
        required=False,
        help_text="Fields (as admin_overrides names them) to take TMDb's values again; the movie is "
        "re-synced from TMDb. Not together with a new value for the same field.",
    )


class MovieCreateSerializer(MovieWriteSerializer):
    tmdb_id = serializers.IntegerField(help_text=f"The movie's identity: 1 to {MAX_TMDB_ID}, not yet used.")


class NamedSerializer(serializers.Serializer):
    """A genre or tag to write; on PATCH a field left out keeps its value."""

    name = serializers.CharField(help_text="Genres: up to 100 characters, unique; tags: up to 200.")
    slug = serializers.CharField(
        required=False, allow_blank=True, help_text="Unique; derived from the name when blank or left out."
    )


class AdminListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=200,
        help_text="Only titles/names containing this.",
    )


class MovieDeleteQuerySerializer(serializers.Serializer):
    force = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Also delete users' favorites, watchlist entries, reviews and views of the movie.",
    )
