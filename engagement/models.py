"""What users do with movies: favorites, watchlist, views, reviews, diary plays, "not interested" and
lists.

Every row points at the catalog movie through its TMDb id (column ``movie_tmdb_id``).
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.utils import timezone

from catalog.models import Movie, WatchProvider
from catalog.ratings import RATING_VALUES


def _movie_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Movie,
        on_delete=models.CASCADE,
        to_field="tmdb_id",
        db_column="movie_tmdb_id",
        related_name=related_name,
    )


class FavoriteMovie(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favorites")
    movie = _movie_fk("favorited_by")
    added_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "movie"], name="engagement_favorite_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.movie_id}"


class WatchlistItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watchlist")
    movie = _movie_fk("watchlisted_by")
    added_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "movie"], name="engagement_watchlist_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.movie_id}"


class WatchHistory(models.Model):
    """One view event; anonymous views carry a hashed viewer key so unique viewers can be counted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="history", null=True, blank=True
    )
    viewer_key = models.CharField(max_length=64, db_index=True)
    movie = _movie_fk("views")
    watched_at = models.DateTimeField(default=timezone.now, db_index=True)
    progress_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-watched_at", "-id"]
        verbose_name_plural = "watch history"
        indexes = [models.Index(fields=["movie", "watched_at"])]

    def __str__(self) -> str:
        return f"{self.viewer_key}: {self.movie_id} at {self.watched_at}"


class Review(models.Model):
    """A user's rating of a movie, with optional text: with text it is a review, without a bare rating."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    movie = _movie_fk("reviews")
    rating = models.DecimalField(max_digits=2, decimal_places=1, help_text="1.0 to 5.0 in half stars.")
    text = models.TextField(max_length=5000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "movie"], name="engagement_review_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__in=RATING_VALUES), name="engagement_review_rating_half_stars"
            ),
        ]
        indexes = [
            # A movie's review list (text only, the default) reads this index, not its bare ratings.
            models.Index(
                fields=["movie", "-created_at", "-id"],
                condition=~models.Q(text=""),
                name="engagement_review_with_text",
            ),
            models.Index(fields=["movie", "rating"], name="engagement_review_movie_rating"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.movie_id} ({self.rating}/5)"


TAG_MAX_LENGTH = 50


class DiaryTag(models.Model):
    """One of a user's own diary tags: ``name`` as first written, ``slug`` its case-folded identity."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_tags")
    name = models.CharField(max_length=TAG_MAX_LENGTH)
    slug = models.CharField(max_length=TAG_MAX_LENGTH)

    class Meta:
        ordering = ["slug", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "slug"], name="engagement_diary_tag_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.name}"


class DiaryEntry(models.Model):
    """One play of a movie by a user, on ``watched_on`` (a date in the user's time zone).

    ``watched_at`` is the instant when one was given (null for a date only); ``played_at``
    orders plays within a day: ``watched_at`` when given, else when the play was logged.
    ``view`` is the history event the play added.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary")
    movie = _movie_fk("plays")
    watched_on = models.DateField()
    watched_at = models.DateTimeField(null=True, blank=True)
    played_at = models.DateTimeField()
    rating = models.DecimalField(
        max_digits=2, decimal_places=1, null=True, blank=True, help_text="1.0 to 5.0 in half stars."
    )
    liked = models.BooleanField(default=False)
    review = models.TextField(max_length=Review._meta.get_field("text").max_length, blank=True)
    spoiler = models.BooleanField(default=False)
    tags = models.ManyToManyField(DiaryTag, blank=True, related_name="entries")
    view = models.OneToOneField(
        WatchHistory, on_delete=models.SET_NULL, null=True, blank=True, related_name="play"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-watched_on", "-played_at", "-id"]
        verbose_name_plural = "diary entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__in=RATING_VALUES),
                name="engagement_diary_rating_half_stars",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-watched_on", "-played_at", "-id"], name="engagement_diary_page"),
            models.Index(fields=["user", "movie", "watched_on"], name="engagement_diary_movie"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.movie_id} on {self.watched_on}"


class NotInterested(models.Model):
    """A movie the user dismissed: kept out of their recommendations and trending, a negative signal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="not_interested"
    )
    movie = _movie_fk("dismissed_by")
    added_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-added_at"]
        verbose_name_plural = "not interested"
        constraints = [
            models.UniqueConstraint(fields=["user", "movie"], name="engagement_not_interested_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: not {self.movie_id}"


class HistoryImport(models.Model):
    """One upload of a Letterboxd, IMDb or Trakt export, imported by a background job."""

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField(max_length=16)  # letterboxd, imdb or trakt (as detected)
    kind = models.CharField(
        max_length=16
    )  # ratings, diary, watched, watchlist, history, likes, list or archive
    file_name = models.CharField(max_length=255, blank=True)
    content = models.TextField(blank=True, help_text="The uploaded text; emptied once imported.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    matched = models.PositiveIntegerField(default=0)
    unmatched = models.JSONField(default=list, blank=True)  # [{"title", "year", "why"}]
    created = models.JSONField(default=dict, blank=True)  # {"reviews", "history", "watchlist"}
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.source} {self.kind} ({self.status})"


def new_share_token() -> str:
    """A random, URL-safe share token (32 bytes of entropy)."""
    return secrets.token_urlsafe(32)


class MovieList(models.Model):
    """A user's list of movies, ranked or not, shared with collaborators who may edit it.

    Who may read it is decided in one place (social.privacy); ``entry_count`` moves with its
    entries inside the same transaction, under a lock on this row (engagement.lists).
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public"
        UNLISTED = "unlisted"  # readable by its share link only
        PRIVATE = "private"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="movie_lists")
    name = models.CharField(max_length=100, validators=[MinLengthValidator(1)])
    description = models.TextField(max_length=2000, blank=True, validators=[MaxLengthValidator(2000)])
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE)
    ranked = models.BooleanField(default=False)
    share_token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    entry_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at", "-id"], name="engagement_list_owner")]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.name}"


class MovieListEntry(models.Model):
    """A movie on a list at a position (0, 1, ... n-1: unique and dense), with a note."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    list = models.ForeignKey(MovieList, on_delete=models.CASCADE, related_name="entries")
    movie = _movie_fk("list_entries")
    position = models.IntegerField()
    note = models.TextField(max_length=1000, blank=True, validators=[MaxLengthValidator(1000)])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "movie list entries"
        constraints = [
            models.UniqueConstraint(fields=["list", "movie"], name="engagement_list_entry_unique"),
            models.UniqueConstraint(fields=["list", "position"], name="engagement_list_entry_position"),
        ]

    def __str__(self) -> str:
        return f"{self.list_id}: {self.movie_id} at {self.position}"


class ListCollaborator(models.Model):
    """A user the owner invited to edit a list."""

    list = models.ForeignKey(MovieList, on_delete=models.CASCADE, related_name="collaborators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["list", "user"], name="engagement_list_collaborator")]

    def __str__(self) -> str:
        return f"{self.list_id}: {self.user_id}"


class UserServices(models.Model):
    """The streaming services a user has, in the region they watch from (where to watch)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="services"
    )
    region = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2, e.g. US.")
    providers = models.ManyToManyField(WatchProvider, blank=True, related_name="subscribers")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "user services"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.region}"
