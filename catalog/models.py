"""The local movie catalog: what every endpoint can answer from without TMDb."""

import uuid
from decimal import Decimal

from django.db import models

from catalog.fields import NormalizedTitlesField, ReleaseYearField
from catalog.ratings import RATING_COLUMNS, RATING_VALUES

# The largest TMDb id we accept anywhere (the id columns are 32-bit integers on every database).
MAX_TMDB_ID = 2_147_483_647


class Genre(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tmdb_id = models.PositiveIntegerField(unique=True, null=True, blank=True)
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Keyword(models.Model):
    """A keyword (TMDb) or tag (MovieLens): a content feature of a movie."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tmdb_id = models.PositiveIntegerField(unique=True, null=True, blank=True)
    name = models.CharField(max_length=255)
    bio = models.TextField(blank=True)
    dob = models.DateField(null=True, blank=True)
    photo_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class Movie(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tmdb_id = models.PositiveIntegerField(unique=True)
    movielens_id = models.PositiveIntegerField(unique=True, null=True, blank=True)
    imdb_id = models.CharField(max_length=16, blank=True)
    title = models.CharField(max_length=500)
    original_title = models.CharField(max_length=500, blank=True)
    alternative_titles = models.JSONField(
        default=list, blank=True, help_text="Other titles the movie is known by (TMDb alternative_titles)."
    )
    # Derived on every write (catalog.titles); searched with trigram indexes on PostgreSQL.
    search_title = NormalizedTitlesField(sources=["title"])
    search_aliases = NormalizedTitlesField(
        sources=["original_title", "alternative_titles"], excluding="title"
    )
    overview = models.TextField(blank=True)
    tagline = models.CharField(max_length=500, blank=True)
    release_date = models.DateField(null=True, blank=True, help_text="Empty when only the year is known.")
    year = ReleaseYearField(null=True, blank=True, help_text="The release year (release_date's when set).")
    runtime = models.PositiveIntegerField(null=True, blank=True)
    poster_url = models.URLField(max_length=500, blank=True)
    backdrop_url = models.URLField(max_length=500, blank=True)
    vote_average = models.FloatField(default=0.0)
    vote_count = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=16, blank=True)
    popularity_score = models.FloatField(default=0.0)
    videos = models.JSONField(default=list, blank=True)
    admin_overrides = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Fields staff set (e.g. title, genres); TMDb upserts leave them as staff set them.",
    )
    # Aggregates of our own users' reviews, kept consistent by engagement services.
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.DecimalField(max_digits=12, decimal_places=1, default=0)  # half stars add up exactly
    # How many ratings of each half star (catalog.ratings.rating_column names them): the histogram.
    rated_1_0_count = models.PositiveIntegerField(default=0)
    rated_1_5_count = models.PositiveIntegerField(default=0)
    rated_2_0_count = models.PositiveIntegerField(default=0)
    rated_2_5_count = models.PositiveIntegerField(default=0)
    rated_3_0_count = models.PositiveIntegerField(default=0)
    rated_3_5_count = models.PositiveIntegerField(default=0)
    rated_4_0_count = models.PositiveIntegerField(default=0)
    rated_4_5_count = models.PositiveIntegerField(default=0)
    rated_5_0_count = models.PositiveIntegerField(default=0)
    genres = models.ManyToManyField(Genre, related_name="movies", blank=True)
    keywords = models.ManyToManyField(Keyword, related_name="movies", blank=True)
    cast = models.ManyToManyField(Person, through="MovieCast", related_name="acted_in", blank=True)
    crew = models.ManyToManyField(Person, through="MovieCrew", related_name="crewed_on", blank=True)
    tmdb_synced_at = models.DateTimeField(null=True, blank=True)
    watch_providers_fetched_at = models.DateTimeField(
        null=True, blank=True, help_text="When the movie's offers (watch providers) were last read from TMDb."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-popularity_score", "tmdb_id"]
        indexes = [
            models.Index(fields=["release_date"]),
            models.Index(fields=["year"]),
            models.Index(fields=["vote_average"]),
            models.Index(fields=["title"]),
            models.Index(fields=["-popularity_score"]),
            models.Index(fields=["watch_providers_fetched_at"], name="catalog_movie_offers_age"),
            # Discover (catalog.discover): a language in release order, runtime and vote count ranges.
            models.Index(fields=["language", "release_date"], name="catalog_movie_lang_released"),
            models.Index(fields=["runtime"], name="catalog_movie_runtime"),
            models.Index(fields=["vote_count"], name="catalog_movie_vote_count"),
            # Discover's common "years and a minimum vote average, by popularity" read from the index
            # alone (PostgreSQL; other databases ignore ``include``), the rows read for a page only.
            models.Index(
                fields=["year", "vote_average"],
                include=["popularity_score", "tmdb_id", "id"],
                name="catalog_movie_year_vote_cover",
            ),
        ]
        constraints = [
            # The sum of half-star ratings (a decimal since halves count) is never negative.
            models.CheckConstraint(
                condition=models.Q(rating_sum__gte=0), name="catalog_movie_rating_sum_gte_0"
            ),
        ]

    SEARCH_FIELDS = ("search_title", "search_aliases")

    def __str__(self) -> str:
        return self.title

    def refresh_search_titles(self) -> None:
        """Recompute the search fields from the titles (saves do it; bulk_update callers call this)."""
        for name in self.SEARCH_FIELDS:
            field = self._meta.get_field(name)
            setattr(self, field.attname, field.derive(self))

    @property
    def average_rating(self) -> float | None:
        """Mean of our users' ratings (1-5, half stars), or None without ratings."""
        return round(float(self.rating_sum) / self.rating_count, 2) if self.rating_count else None

    @property
    def rating_histogram(self) -> list[tuple[Decimal, int]]:
        """[(rating, count)] for each half star 1.0..5.0, zeros included, from the movie's own columns."""
        columns = zip(RATING_VALUES, RATING_COLUMNS, strict=True)
        return [(value, getattr(self, column)) for value, column in columns]


class MovieCast(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="cast_members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cast_roles")
    character_name = models.CharField(max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "person", "character_name"], name="catalog_cast_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.character_name}"


class MovieCrew(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="crew_members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="crew_roles")
    department = models.CharField(max_length=100, blank=True)
    role = models.CharField(max_length=200, help_text="The job, e.g. Director.")

    class Meta:
        ordering = ["department", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "person", "role"], name="catalog_crew_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


class TmdbFillRun(models.Model):
    """One run of ``fill_from_tmdb`` (the demo catalog filled from TMDb): its progress, for staff."""

    class Status(models.TextChoices):
        RUNNING = "running"
        DONE = "done"
        STOPPED = "stopped"

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    total = models.PositiveIntegerField(default=0, help_text="Movies this run set out to fill.")
    filled = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0, help_text="Movies TMDb has no page for.")
    note = models.CharField(max_length=500, blank=True, help_text="Why the run stopped, if it did.")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        done = self.filled + self.missing
        return f"TMDb fill {self.started_at:%Y-%m-%d %H:%M}: {done}/{self.total} {self.status}"


class WatchRegion(models.Model):
    """A country TMDb has watch providers for (its /watch/providers/regions list)."""

    code = models.CharField(max_length=2, primary_key=True, help_text="ISO 3166-1 alpha-2, e.g. US.")
    english_name = models.CharField(max_length=200)
    native_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["english_name", "code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.english_name})"


class WatchProvider(models.Model):
    """A streaming, rental or purchase service (TMDb's /watch/providers/movie list); its pk is TMDb's."""

    provider_id = models.PositiveIntegerField(primary_key=True, help_text="TMDb's provider_id.")
    name = models.CharField(max_length=200)
    logo_path = models.CharField(max_length=200, blank=True, help_text="TMDb image path of its logo.")
    display_priority = models.PositiveIntegerField(default=0, help_text="TMDb's order; lower comes first.")
    display_priorities = models.JSONField(
        default=dict, blank=True, help_text='TMDb\'s order per region it serves, e.g. {"US": 3}.'
    )

    class Meta:
        ordering = ["display_priority", "name", "provider_id"]

    def __str__(self) -> str:
        return self.name


class Monetization(models.TextChoices):
    """How an offer lets people watch: TMDb's keys in /movie/{id}/watch/providers."""

    FLATRATE = "flatrate"
    FREE = "free"
    ADS = "ads"
    RENT = "rent"
    BUY = "buy"


class MovieOffer(models.Model):
    """One way to watch a movie in one region: a provider and how it charges (JustWatch via TMDb)."""

    movie = models.ForeignKey(
        Movie, on_delete=models.CASCADE, to_field="tmdb_id", db_column="movie_tmdb_id", related_name="offers"
    )
    region = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    provider = models.ForeignKey(WatchProvider, on_delete=models.CASCADE, related_name="offers")
    monetization = models.CharField(max_length=8, choices=Monetization.choices)
    display_priority = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["region", "monetization", "display_priority", "provider_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["movie", "region", "provider", "monetization"], name="catalog_offer_unique"
            ),
        ]
        indexes = [
            # "Movies available in region R on providers P as M": an index-only semi-join.
            models.Index(fields=["region", "provider", "monetization", "movie"], name="catalog_offer_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.movie_id} {self.region} {self.provider_id} {self.monetization}"


class MovieWatchLink(models.Model):
    """The JustWatch-backed TMDb page listing a movie's offers in one region (the ``link`` TMDb gives)."""

    movie = models.ForeignKey(
        Movie,
        on_delete=models.CASCADE,
        to_field="tmdb_id",
        db_column="movie_tmdb_id",
        related_name="watch_links",
    )
    region = models.CharField(max_length=2)
    link = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["region"]
        constraints = [models.UniqueConstraint(fields=["movie", "region"], name="catalog_watch_link_unique")]

    def __str__(self) -> str:
        return f"{self.movie_id} {self.region}"
