"""Shapes of user lists, view events and reviews (input types only; rules live in the services)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagement import stats
from engagement.history_import import SOURCE_CHOICES
from rest_api.catalog.offers_include import OffersOnRequest
from rest_api.catalog.serializers import ArtworkField
from rest_api.catalog.watch_provider_serializers import WatchProviderSerializer
from rest_api.social.reaction_serializers import ReactionsSerializer

IGNORED = (
    "Ignored, accepted for compatibility: a movie's facts come from the catalog or TMDb, never from "
    "the request."
)


class MovieRefInputSerializer(serializers.Serializer):
    """A movie to add to a list, by its TMDb id (a movie neither the catalog nor TMDb knows is 404)."""

    tmdb_id = serializers.IntegerField()
    title = serializers.CharField(required=False, default="", allow_blank=True, help_text=IGNORED)
    poster_url = serializers.CharField(required=False, default="", allow_blank=True, help_text=IGNORED)


class TmdbIdInputSerializer(serializers.Serializer):
    """A catalog movie, by its TMDb id."""

    tmdb_id = serializers.IntegerField()


class UserEntrySerializer(OffersOnRequest):
    """A favorite, watchlist or "not interested" entry."""

    offers_key = "movie_id"

    id = serializers.UUIDField(read_only=True)
    tmdb_id = serializers.IntegerField(source="movie_id", read_only=True)
    title = serializers.CharField(source="movie.title", read_only=True)
    poster_url = ArtworkField("poster", source="movie")
    added_at = serializers.DateTimeField(read_only=True)


class TrackViewInputSerializer(serializers.Serializer):
    progress_seconds = serializers.IntegerField(required=False, allow_null=True, default=None)


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    tmdb_id = serializers.IntegerField(source="movie_id", read_only=True)
    title = serializers.CharField(source="movie.title", read_only=True)
    poster_url = ArtworkField("poster", source="movie")
    watched_at = serializers.DateTimeField(read_only=True)
    progress_seconds = serializers.IntegerField(read_only=True, allow_null=True)


RATING_HELP = "1 to 5 in half stars (1, 1.5, 2, ..., 5); a whole number is a whole star (4 is 4.0)."


class RatingField(serializers.FloatField):
    """A JSON number (or numeric string) as sent; true and false are not numbers here."""

    def to_internal_value(self, data) -> float:
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class ReviewInputSerializer(serializers.Serializer):
    """A rating and optional text (at most 5,000 characters; none: a bare rating); PATCH may send either."""

    rating = RatingField(help_text=RATING_HELP)
    text = serializers.CharField(required=False, default="", allow_blank=True, trim_whitespace=False)


class ReviewSerializer(ReactionsSerializer):
    id = serializers.UUIDField(read_only=True)
    tmdb_id = serializers.IntegerField(source="movie_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    rating = serializers.FloatField(read_only=True, help_text="1.0 to 5.0 in half stars.")
    text = serializers.CharField(read_only=True, help_text='"" for a bare rating (a rating without text).')
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class ReviewListQuerySerializer(serializers.Serializer):
    include_ratings = serializers.BooleanField(
        default=False,
        help_text="Also list bare ratings (a rating without text); by default only reviews with text.",
    )


class HistoryImportInputSerializer(serializers.Serializer):
    """An export file (at most 5 MB) and what it is (``auto``: detected from its header)."""

    file = serializers.FileField()
    source = serializers.ChoiceField(choices=SOURCE_CHOICES, default="auto")


class ExportLinkQuerySerializer(serializers.Serializer):
    link = serializers.CharField(
        required=False, max_length=200, help_text="A signed download link's token, instead of signing in."
    )


class UnmatchedFilmSerializer(serializers.Serializer):
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    why = serializers.CharField()


class ImportCountsSerializer(serializers.Serializer):
    reviews = serializers.IntegerField(default=0)
    history = serializers.IntegerField(default=0)
    watchlist = serializers.IntegerField(default=0)
    diary = serializers.IntegerField(default=0, help_text="Diary plays added (each with its view).")
    likes = serializers.IntegerField(default=0, help_text="Plays marked liked and liked films favorited.")
    lists = serializers.IntegerField(default=0, help_text="Lists created.")
    list_entries = serializers.IntegerField(default=0, help_text="Films added to lists.")


class HistoryImportSerializer(serializers.Serializer):
    """An import job: pending, running, done (what it matched and created) or failed (``error``)."""

    id = serializers.UUIDField(read_only=True)
    status = serializers.CharField(read_only=True)
    source = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    file_name = serializers.CharField(read_only=True)
    matched = serializers.IntegerField(read_only=True)
    unmatched = serializers.SerializerMethodField(
        help_text="The first films not imported (a page's worth); all of them, a page at a time, at "
        "unmatched/ below this job."
    )
    unmatched_count = serializers.SerializerMethodField(help_text="How many films were not imported.")
    created = ImportCountsSerializer(read_only=True)
    error = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)

    @extend_schema_field(UnmatchedFilmSerializer(many=True))
    def get_unmatched(self, job) -> list:
        return UnmatchedFilmSerializer(job.unmatched[: settings.REST_FRAMEWORK["PAGE_SIZE"]], many=True).data

    def get_unmatched_count(self, job) -> int:
        return len(job.unmatched)


class ImportAcceptedSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    status = serializers.CharField(read_only=True)


class OffsetDateTimeField(serializers.DateTimeField):
    """A date and time with its UTC offset; one without is refused (the domain says which)."""

    def enforce_timezone(self, value):
        return value


class DiaryPlayInputSerializer(serializers.Serializer):
    """What a play says; each field left out keeps its value (PATCH) or its default (POST)."""

    watched_on = serializers.DateField(
        required=False, help_text="The date of the play, in your time zone (from 1870 to tomorrow)."
    )
    watched_at = OffsetDateTimeField(
        required=False,
        help_text="The instant of the play, with its UTC offset (instead of watched_on); "
        "neither: now. Its date in your time zone is the play's date.",
    )
    rating = RatingField(
        required=False, allow_null=True, help_text=f"{RATING_HELP} Also your rating of the movie."
    )
    liked = serializers.BooleanField(required=False)
    review = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    spoiler = serializers.BooleanField(required=False)
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        help_text="At most 20; trimmed, inner spaces collapsed, one per case-folded spelling.",
    )


class DiaryLogInputSerializer(DiaryPlayInputSerializer):
    tmdb_id = serializers.IntegerField()


class DiaryTagSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True, help_text="The tag's identity: filter the diary by it.")


class DiaryTagCountSerializer(DiaryTagSerializer):
    plays = serializers.IntegerField(read_only=True, help_text="How many of your plays carry it.")


class DiaryEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    tmdb_id = serializers.IntegerField(source="movie_id", read_only=True)
    title = serializers.CharField(source="movie.title", read_only=True)
    poster_url = ArtworkField("poster", source="movie")
    watched_on = serializers.DateField(read_only=True)
    watched_at = serializers.DateTimeField(read_only=True, allow_null=True)
    rating = serializers.FloatField(read_only=True, allow_null=True)
    liked = serializers.BooleanField(read_only=True)
    review = serializers.CharField(read_only=True)
    spoiler = serializers.BooleanField(read_only=True)
    rewatch = serializers.BooleanField(
        read_only=True, help_text="An earlier play of this movie is in your diary."
    )
    tags = DiaryTagSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class DiaryListQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    month = serializers.IntegerField(required=False, help_text="1 to 12; needs year.")
    tag = serializers.CharField(required=False, help_text="A tag, in any spelling.")
    rating = RatingField(required=False, help_text="Exactly this rating, in half stars.")
    liked = serializers.BooleanField(required=False, allow_null=True, default=None)


class StatsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, help_text="From 1870 to next year (in your time zone); left out: all time."
    )


class PeriodCountSerializer(serializers.Serializer):
    period = serializers.IntegerField(
        read_only=True, help_text="A month (1-12), weekday (1 Monday to 7 Sunday), year or decade."
    )
    plays = serializers.IntegerField(read_only=True)


class StatsRatingCountSerializer(serializers.Serializer):
    rating = serializers.FloatField(read_only=True, help_text="1 to 5 in half stars.")
    count = serializers.IntegerField(read_only=True)


class GenreCountSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    plays = serializers.IntegerField(read_only=True)


class PersonCountSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    tmdb_id = serializers.IntegerField(read_only=True, allow_null=True)
    plays = serializers.IntegerField(read_only=True)


class StreakSerializer(serializers.Serializer):
    """Your most consecutive days with a play (the latest of equal runs); 0 days, null dates without plays."""

    days = serializers.IntegerField(read_only=True)
    start = serializers.DateField(read_only=True, allow_null=True)
    end = serializers.DateField(read_only=True, allow_null=True)


class RatedFilmSerializer(serializers.Serializer):
    tmdb_id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    rating = serializers.FloatField(read_only=True, help_text="Its best rating in the period.")
    last_played_on = serializers.DateField(read_only=True, help_text="Your latest play of it in the period.")


class StatsSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True, allow_null=True, help_text="Null: all time.")
    completed = serializers.BooleanField(
        read_only=True, help_text="A year before this one (your time zone): a year in review."
    )
    films = serializers.IntegerField(read_only=True, help_text="Distinct movies played.")
    plays = serializers.IntegerField(read_only=True)
    rewatches = serializers.IntegerField(read_only=True, help_text="Plays of a movie you had played before.")
    liked = serializers.IntegerField(read_only=True, help_text="Plays you liked.")
    hours = serializers.FloatField(read_only=True, help_text="The runtimes of your plays, in hours.")
    plays_without_runtime = serializers.IntegerField(
        read_only=True, help_text="Plays of movies whose runtime is unknown."
    )
    by_month = PeriodCountSerializer(many=True, read_only=True, help_text="12 months, with a year only.")
    by_year = PeriodCountSerializer(many=True, read_only=True, help_text="Years with plays, all time only.")
    by_weekday = PeriodCountSerializer(many=True, read_only=True, help_text="7 days, Monday first.")
    ratings = StatsRatingCountSerializer(many=True, read_only=True, help_text="9 half stars, zeros included.")
    genres = GenreCountSerializer(many=True, read_only=True, help_text="The 10 most played.")
    directors = PersonCountSerializer(many=True, read_only=True, help_text="The 10 most played.")
    actors = PersonCountSerializer(
        many=True,
        read_only=True,
        help_text=f"The 10 most played, billed in a movie's first {stats.TOP_BILLED} places.",
    )
    decades = PeriodCountSerializer(
        many=True, read_only=True, help_text="Release decades, most played first."
    )
    streak = StreakSerializer(read_only=True)
    highest_rated = RatedFilmSerializer(
        many=True, read_only=True, help_text="Your 10 best-rated films, ties by latest play."
    )


class StatsYearsSerializer(serializers.Serializer):
    years = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="The years with plays in your diary, newest first: the years in review.",
    )


class UserServicesSerializer(serializers.Serializer):
    region = serializers.CharField(
        read_only=True, help_text="ISO 3166-1 alpha-2; movies' watch providers default to it."
    )
    providers = WatchProviderSerializer(many=True, read_only=True)


class UserServicesInputSerializer(serializers.Serializer):
    region = serializers.CharField(allow_blank=True, max_length=20, help_text="ISO 3166-1 alpha-2, e.g. US.")
    provider_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2_147_483_647),
        max_length=1000,
        help_text="TMDb provider ids (GET /api/watch-providers/), "
        f"at most {settings.USER_SERVICES_MAX_PROVIDERS}.",
    )
