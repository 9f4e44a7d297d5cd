"""Precomputed trending and recommendation lists, and the runs that build users' lists."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class TrendingCache(models.Model):
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=list)
    ttl = models.PositiveIntegerField(help_text="Seconds the payload stays fresh.")
    last_updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class RecommendationCache(models.Model):
    """Lists shared by every user: each movie's neighbour rows, the popular list, novelty."""

    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=list)
    # A movie's scoring rows (the payload's "score") packed by recsys.scoring_rows; else null.
    scores = models.BinaryField(null=True, editable=False)
    ttl = models.PositiveIntegerField(help_text="Seconds the payload stays fresh.")
    last_updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class RecommendationRun(models.Model):
    """One full run: the models fitted once, every active user scored in batches, then switched to.

    Readers serve the lists of the latest done run (recsys.runs.current_run_id); a run that is
    pending, running or failed leaves the previous run's lists serving.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    batches_total = models.PositiveIntegerField(default=0)
    batches_done = models.PositiveIntegerField(default=0)
    batches_failed = models.PositiveIntegerField(default=0)
    users_done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set once the models are fitted and the artefact stored: "<run id>.<fit time>".
    model_version = models.CharField(max_length=40, blank=True)
    # The fitted models every batch scores with (recsys.artefacts), kept while the run may serve.
    artefact = models.BinaryField(null=True, editable=False)
    error = models.TextField(blank=True)
    # Last sign of life (created, fitting, each batch counted, finished): a run whose heartbeat is
    # older than RECSYS["RUN_STALE_SECONDS"] lost its worker and is resumed or restarted (recsys.runs).
    heartbeat_at = models.DateTimeField(default=timezone.now)
    # What the model was fitted on (set with model_version): the catalog's growth since then
    # schedules a refit before the nightly run (recsys.runs.refit_reason).
    movies_fitted = models.PositiveIntegerField(default=0)
    interactions_fitted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]
        constraints = [
            # The run lock: two runs never interleave (recsys.runs).
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="running"), name="recsys_one_running_run"
            )
        ]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"


class RecommendationBatch(models.Model):
    """One batch of a run's users; marked done once, however often its task is delivered."""

    class Status(models.TextChoices):
        PENDING = "pending"
        DONE = "done"
        FAILED = "failed"

    run = models.ForeignKey(RecommendationRun, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    user_ids = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="recsys_batch_unique")]

    def __str__(self) -> str:
        return f"run {self.run_id} batch {self.number} ({self.status})"


class UserRecommendations(models.Model):
    """A user's three lists as built by one run, compact (recsys.compact): ids, scores, reason codes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendation_lists"
    )
    run = models.ForeignKey(RecommendationRun, on_delete=models.CASCADE, related_name="lists")
    payload = models.JSONField()
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "user"], name="recsys_user_lists_unique")]

    def __str__(self) -> str:
        return f"user {self.user_id} (run {self.run_id})"


class MovieNight(models.Model):
    """A short-lived invite: whoever joins it by its code may pick movies with its other members."""

    code = models.CharField(max_length=32, unique=True)
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="movie_nights_created"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"movie night of {self.creator_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class MovieNightMember(models.Model):
    """One member of a movie night (its creator included)."""

    movie_night = models.ForeignKey(MovieNight, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="movie_night_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["movie_night", "user"], name="recsys_movie_night_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in movie night {self.movie_night_id}"
