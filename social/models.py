"""Social facts between users: privacy settings per area, follows (and follow requests), blocks,
activities, and likes and comments on reviews and lists."""

import uuid

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils import timezone


class Audience(models.TextChoices):
    """Who may read an area of a user's data (besides the user)."""

    PUBLIC = "public", "Anyone"
    FOLLOWERS = "followers", "Accepted followers"
    PRIVATE = "private", "Nobody else"


def _audience(default: Audience) -> models.CharField:
    return models.CharField(max_length=16, choices=Audience.choices, default=default)


class PrivacySettings(models.Model):
    """A user's audience per area and whether follows need approval.

    Made on the first change; a user without a row has the defaults below (social.privacy reads
    them in the same way, so the rule never depends on the row existing).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="privacy"
    )
    diary = _audience(Audience.FOLLOWERS)
    ratings = _audience(Audience.PUBLIC)
    lists = _audience(Audience.PUBLIC)
    favorites = _audience(Audience.PUBLIC)
    watchlist = _audience(Audience.FOLLOWERS)
    private_account = models.BooleanField(
        default=False, help_text="Follows wait for approval, and public areas read as followers-only."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "privacy settings"

    def __str__(self) -> str:
        return f"{self.user_id}: privacy"


class Follow(models.Model):
    """``follower`` follows ``followee``: a request until accepted (private accounts approve)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Requested"
        ACCEPTED = "accepted", "Following"

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    followee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    status = models.CharField(max_length=16, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="social_follow_once"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followee")), name="social_follow_not_self"
            ),
        ]
        indexes = [
            # A user's followers (or requests), newest first: their cursor keys.
            models.Index(fields=["followee", "status", "-created_at", "-id"], name="social_followers_page"),
            models.Index(fields=["follower", "status", "-created_at", "-id"], name="social_following_page"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} -> {self.followee_id} ({self.status})"


class Block(models.Model):
    """``blocker`` blocked ``blocked``: neither sees the other, and no follow joins them."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="social_block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="social_block_not_self"
            ),
        ]
        indexes = [models.Index(fields=["blocker", "-created_at", "-id"], name="social_blocks_page")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Activity(models.Model):
    """Something a user did that their followers' feeds show (social.activity writes and reads them).

    Each row points at its source (a review, a play, a list or a list entry, or the review or list
    a like is of), so deleting the source deletes the row. ``area`` is the actor's privacy area the
    row belongs to; the feed asks the privacy rule for it at read time, so a changed setting hides
    old rows at once.
    """

    class Verb(models.TextChoices):
        PLAY = "play", "Logged a play"
        RATING = "rating", "Rated a movie"
        REVIEW = "review", "Reviewed a movie"
        LIST_CREATED = "list_created", "Created a list"
        LIST_ENTRY_ADDED = "list_entry_added", "Added a movie to a list"
        LIKE = "like", "Liked"

    # Indexed by social_activity_actor below (its first column), not on its own.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities", db_index=False
    )
    verb = models.CharField(max_length=16, choices=Verb.choices)
    area = models.CharField(max_length=16, help_text="The actor's privacy area (social.privacy.Area value).")
    movie = models.ForeignKey(
        "catalog.Movie",
        on_delete=models.CASCADE,
        to_field="tmdb_id",
        db_column="movie_tmdb_id",
        null=True,
        blank=True,
        related_name="+",
    )
    movie_list = models.ForeignKey(
        "engagement.MovieList", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    review = models.OneToOneField(
        "engagement.Review", on_delete=models.CASCADE, null=True, blank=True, related_name="activity"
    )
    play = models.OneToOneField(
        "engagement.DiaryEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="activity"
    )
    entry = models.OneToOneField(
        "engagement.MovieListEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="activity"
    )
    # The review a like is of (its movie is ``movie``); ``review`` is the source of a review's row.
    liked_review = models.ForeignKey(
        "engagement.Review", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    rating = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    excerpt = models.CharField(max_length=280, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=["movie_list"],
                condition=models.Q(verb="list_created"),
                name="social_activity_list_created_once",
            ),
            models.UniqueConstraint(
                fields=["actor", "movie"], condition=models.Q(verb="like"), name="social_activity_like_movie"
            ),
            models.UniqueConstraint(
                fields=["actor", "movie_list"],
                condition=models.Q(verb="like"),
                name="social_activity_like_list",
            ),
            models.UniqueConstraint(
                fields=["actor", "liked_review"],
                condition=models.Q(verb="like"),
                name="social_activity_like_review",
            ),
        ]
        indexes = [
            # The feed: newest first over everyone, the followed actors picked as it goes.
            models.Index(fields=["-created_at", "-id"], name="social_activity_recent"),
            # One actor's items newest first (and the feed of a reader following few people).
            models.Index(fields=["actor", "-created_at", "-id"], name="social_activity_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} at {self.created_at}"


def _one_target() -> models.CheckConstraint:
    """A like or comment is on exactly one of a review and a list."""
    return models.Q(review__isnull=False, movie_list__isnull=True) | models.Q(
        review__isnull=True, movie_list__isnull=False
    )


class Like(models.Model):
    """``user`` likes a review or a list: at most once each (the partial unique constraints)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes")
    review = models.ForeignKey(
        "engagement.Review", on_delete=models.CASCADE, null=True, blank=True, related_name="likes"
    )
    movie_list = models.ForeignKey(
        "engagement.MovieList", on_delete=models.CASCADE, null=True, blank=True, related_name="likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="social_like_one_target"),
            models.UniqueConstraint(
                fields=["user", "review"],
                condition=models.Q(review__isnull=False),
                name="social_like_review_once",
            ),
            models.UniqueConstraint(
                fields=["user", "movie_list"],
                condition=models.Q(movie_list__isnull=False),
                name="social_like_list_once",
            ),
        ]
        indexes = [
            # Who liked a target, newest first (their cursor keys), and its count.
            models.Index(fields=["review", "-created_at", "-id"], name="social_like_review_page"),
            models.Index(fields=["movie_list", "-created_at", "-id"], name="social_like_list_page"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.review_id or self.movie_list_id}"


COMMENT_MAX_LENGTH = 2000


class Comment(models.Model):
    """A comment on a review or a list; a reply names its top comment (``parent``), one level deep.

    Deleting a top comment deletes its replies (the foreign key cascades).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    review = models.ForeignKey(
        "engagement.Review", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    movie_list = models.ForeignKey(
        "engagement.MovieList", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(max_length=COMMENT_MAX_LENGTH, validators=[MinLengthValidator(1)])
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=_one_target(), name="social_comment_one_target")]
        indexes = [
            # A target's top comments in order (their cursor keys), and a page's replies.
            models.Index(fields=["review", "parent", "created_at", "id"], name="social_comment_review_page"),
            models.Index(
                fields=["movie_list", "parent", "created_at", "id"], name="social_comment_list_page"
            ),
            models.Index(fields=["parent", "created_at", "id"], name="social_comment_replies"),
        ]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.review_id or self.movie_list_id}"
