"""Movie shapes of the REST layer (spec section 6 / DESIGN REST contract)."""

from collections.abc import Iterable

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog import art, selectors
from catalog.models import Genre, Movie, MovieCast, MovieCrew
from engagement.viewer_state import state_of, viewer_states
from rest_api.catalog.offers_include import OffersOnRequest, offers_context
from rest_api.parsing import DomainBoundedCharField, DomainBoundedIntegerField

VIEWER_STATES = "viewer_states"


class GenreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Genre
        fields = ["id", "name", "slug"]


class ArtworkField(serializers.CharField):
    """A movie's poster or backdrop URL (catalog.art decides which); reads the whole movie."""

    def __init__(self, kind: art.Kind, source: str = "*", **kwargs) -> None:
        self.kind = kind
        super().__init__(source=source, read_only=True, help_text=art.URL_DESCRIPTION, **kwargs)

    def to_representation(self, value: Movie) -> str:
        return art.image_url(self.kind, tmdb_id=value.tmdb_id, stored=getattr(value, f"{self.kind}_url"))


class CatalogMovieSerializer(serializers.ModelSerializer):
    """A movie's catalog facts, the same for every reader."""

    genres = GenreSerializer(many=True, read_only=True)
    year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The release year; set when release_date is null too."
    )
    poster_url = ArtworkField("poster")
    backdrop_url = ArtworkField("backdrop")
    vote_average = serializers.FloatField(
        read_only=True, help_text="TMDb's average vote, on TMDb's 0-10 scale (average_rating is ours, 1-5)."
    )

    class Meta:
        model = Movie
        fields = [
            "tmdb_id",
            "title",
            "overview",
            "release_date",
            "year",
            "runtime",
            "poster_url",
            "backdrop_url",
            "vote_average",
            "language",
            "genres",
            "popularity_score",
        ]
        read_only_fields = fields


class ViewerStateSerializer(serializers.Serializer):
    """The signed-in reader's own state of a movie; only ever shown to that reader."""

    is_favorite = serializers.BooleanField(help_text="In the reader's favorites.")
    in_watchlist = serializers.BooleanField(help_text="On the reader's watchlist.")
    not_interested = serializers.BooleanField(help_text='Dismissed ("not interested") by the reader.')
    rating = serializers.FloatField(
        allow_null=True, help_text="The reader's rating, 1 to 5 in half stars (null when unrated)."
    )
    review_id = serializers.UUIDField(
        allow_null=True,
        help_text="The id of the reader's review or bare rating of the movie (null when unrated).",
    )
    plays = serializers.IntegerField(help_text="How many plays of the movie are in the reader's diary.")
    last_played_on = serializers.DateField(
        allow_null=True,
        help_text="The date of the reader's latest play of the movie (null when never played).",
    )
    liked = serializers.BooleanField(help_text="Any of the reader's plays of the movie is liked.")
    list_ids = serializers.ListField(
        child=serializers.UUIDField(),
        help_text="Ids of the reader's lists (owned or collaborated on) holding the movie.",
    )


def viewer_context(user, movies: Iterable[Movie]) -> dict:
    """Serializer context giving MovieSerializer the reader's state of ``movies``, read in one go
    (engagement.viewer_state); an anonymous reader's movies show ``viewer: null``."""
    if not user.is_authenticated:
        return {VIEWER_STATES: None}
    return {VIEWER_STATES: viewer_states(user=user, tmdb_ids={movie.tmdb_id for movie in movies})}


def movie_context(request, movies: Iterable[Movie]) -> dict:
    """Serializer context of a page of ``movies`` for MovieSerializer: the reader's state of each
    (``viewer_context``) and, when asked, their offers (rest_api.catalog.offers_include)."""
    movies = list(movies)
    return viewer_context(request.user, movies) | offers_context(request, [m.tmdb_id for m in movies])


class MovieSerializer(OffersOnRequest, CatalogMovieSerializer):
    """A catalog movie as its reader sees it: the catalog facts and the reader's own state of it."""

    # Serialized with the context of ``movie_context`` for the movies of the answer.

    viewer = serializers.SerializerMethodField(
        help_text="The signed-in reader's own state of the movie; null when anonymous. "
        "Never shown to anyone else."
    )

    class Meta(CatalogMovieSerializer.Meta):
        fields = [*CatalogMovieSerializer.Meta.fields, "viewer"]
        read_only_fields = fields

    @extend_schema_field(ViewerStateSerializer(allow_null=True))
    def get_viewer(self, movie: Movie) -> dict | None:
        states = self.context[VIEWER_STATES]
        if states is None:
            return None
        return ViewerStateSerializer(state_of(states, movie.tmdb_id)).data


class CastSerializer(serializers.ModelSerializer):
    tmdb_id = serializers.IntegerField(source="person.tmdb_id", allow_null=True)
    name = serializers.CharField(source="person.name")
    photo_url = serializers.CharField(source="person.photo_url")
    order = serializers.IntegerField(min_value=0, help_text="Billing order, 0 first.")

    class Meta:
        model = MovieCast
        fields = ["tmdb_id", "name", "character_name", "order", "photo_url"]


class CrewSerializer(serializers.ModelSerializer):
    tmdb_id = serializers.IntegerField(source="person.tmdb_id", allow_null=True)
    name = serializers.CharField(source="person.name")

    class Meta:
        model = MovieCrew
        fields = ["tmdb_id", "name", "department", "role"]


class VideoSerializer(serializers.Serializer):
    key = serializers.CharField()
    site = serializers.CharField()
    type = serializers.CharField()
    name = serializers.CharField(required=False, default="")
    official = serializers.BooleanField(required=False, default=False)


class RatingBucketSerializer(serializers.Serializer):
    rating = serializers.FloatField(help_text="1.0 to 5.0 in half stars.")
    count = serializers.IntegerField(help_text="How many of our users gave the movie this rating.")


class MovieDetailSerializer(MovieSerializer):
    """The movie with credits and videos, and our users' ratings (the histogram from the movie's row)."""

    cast = CastSerializer(source="cast_members", many=True, read_only=True)
    crew = CrewSerializer(source="crew_members", many=True, read_only=True)
    videos = VideoSerializer(many=True, read_only=True)
    average_rating = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Mean of our users' ratings, on our 1-5 scale in half stars (null without ratings); "
        "vote_average is TMDb's, 0-10.",
    )
    rating_count = serializers.IntegerField(
        read_only=True, help_text="How many of our users rated the movie (reviews and bare ratings)."
    )
    rating_histogram = serializers.SerializerMethodField(
        help_text="Our users' ratings counted per half star: nine buckets, 1.0 to 5.0, zeros included."
    )

    class Meta(MovieSerializer.Meta):
        fields = [
            *MovieSerializer.Meta.fields,
            "cast",
            "crew",
            "videos",
            "average_rating",
            "rating_count",
            "rating_histogram",
        ]
        read_only_fields = fields

    @extend_schema_field(RatingBucketSerializer(many=True))
    def get_rating_histogram(self, movie: Movie) -> list:
        buckets = [{"rating": rating, "count": count} for rating, count in movie.rating_histogram]
        return RatingBucketSerializer(buckets, many=True).data


class PageQuerySerializer(serializers.Serializer):
    page = DomainBoundedIntegerField(
        default=1,
        help_text=f"1 to {selectors.MAX_PAGE}.",
        stated_min=1,
        stated_max=selectors.MAX_PAGE,
    )


class SearchQuerySerializer(PageQuerySerializer):
    q = DomainBoundedCharField(
        required=False,
        default="",
        allow_blank=True,
        help_text=f"Up to {selectors.MAX_QUERY_LENGTH} characters.",
        stated_max_length=selectors.MAX_QUERY_LENGTH,
    )
    genre = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=100, help_text="Genre slug or name."
    )
    year = DomainBoundedIntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=f"{selectors.MIN_YEAR} to {selectors.MAX_YEAR}.",
        stated_min=selectors.MIN_YEAR,
        stated_max=selectors.MAX_YEAR,
    )


class MoviePageSerializer(serializers.Serializer):
    """The PageNumberPagination shape (documentation of list answers)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MovieSerializer(many=True)


class SearchPageSerializer(MoviePageSerializer):
    """A search page: the movie page plus "did you mean"."""

    did_you_mean = serializers.CharField(
        allow_null=True,
        help_text=(
            "When no title word matches q exactly: q with each word replaced by the closest word of"
            " the catalog's titles (e.g. “matrix” for “matirx”), else null."
        ),
    )
    suggestion = serializers.CharField(
        allow_null=True,
        help_text="Deprecated: renamed did_you_mean (the same value); kept for older clients.",
    )
    totals_estimated = serializers.BooleanField(
        help_text=(
            "Search only: true when an availability filter was applied to TMDb's results (a text"
            " search with a TMDb key): the totals are then TMDb's unfiltered estimate, an upper bound,"
            " and a page may hold fewer movies than the page size; false when the totals count exactly"
            " what the filter lets through."
        ),
    )


class AutocompleteQuerySerializer(serializers.Serializer):
    q = serializers.CharField(help_text="2 to 100 characters; typos are forgiven.")
    limit = serializers.IntegerField(default=8, help_text="1 to 20.")


class CompletionSerializer(serializers.Serializer):
    tmdb_id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    poster_url = serializers.CharField(allow_blank=True)


class AutocompleteSerializer(serializers.Serializer):
    results = CompletionSerializer(many=True)
