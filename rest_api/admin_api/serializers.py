"""Shapes of the admin analytics endpoints."""

import json

from django.contrib.admin.models import LogEntry
from django_celery_results.models import TaskResult
from rest_framework import serializers

from analytics.selectors import ADMIN_LOG_KINDS, MAX_RANGE_DAYS
from recsys.admin_jobs import REFRESH_TARGETS
from recsys.models import RecommendationRun


class RangeQuerySerializer(serializers.Serializer):
    """A range of days, checked by the analytics selectors: start on or before end, a bounded span."""

    start = serializers.DateField(
        required=False,
        help_text="First day (YYYY-MM-DD, UTC); default end-29d; on or before end, "
        f"the range spanning at most {MAX_RANGE_DAYS} days.",
    )
    end = serializers.DateField(required=False, help_text="Last day (YYYY-MM-DD, UTC); default today.")


class MostWatchedQuerySerializer(RangeQuerySerializer):
    limit = serializers.IntegerField(required=False, default=20, min_value=1, max_value=100)


class DayCountSerializer(serializers.Serializer):
    date = serializers.DateField()
    count = serializers.IntegerField()


class MostWatchedSerializer(serializers.Serializer):
    tmdb_id = serializers.IntegerField()
    title = serializers.CharField()
    views = serializers.IntegerField()
    unique_viewers = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    users_total = serializers.IntegerField()
    new_users = serializers.IntegerField()
    dau_average = serializers.FloatField()
    views = serializers.IntegerField()
    reviews = serializers.IntegerField()
    cache_hit_ratio = serializers.FloatField(allow_null=True)
    top_movies = MostWatchedSerializer(many=True)


class FailedTaskSerializer(serializers.ModelSerializer):
    error = serializers.SerializerMethodField()

    class Meta:
        model = TaskResult
        fields = [
            "task_id",
            "task_name",
            "status",
            "date_done",
            "task_args",
            "task_kwargs",
            "worker",
            "error",
        ]

    def get_error(self, task: TaskResult) -> str:
        """``ExcType: message`` from the stored result."""
        try:
            result = json.loads(task.result or "{}")
        except ValueError:
            return task.result or ""
        message = " ".join(str(part) for part in result.get("exc_message", []))
        return f"{result.get('exc_type', 'Error')}: {message}".strip()


class CacheRefreshSerializer(serializers.Serializer):
    target = serializers.ChoiceField(
        choices=list(REFRESH_TARGETS), help_text="Which precomputed lists to rebuild."
    )


class RecommendationRunSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=RecommendationRun.Status.choices, read_only=True)
    model_version = serializers.CharField(
        allow_null=True, read_only=True, help_text="The fitted model the run scores with (null until fitted)."
    )

    class Meta:
        model = RecommendationRun
        fields = [
            "id",
            "status",
            "batches_total",
            "batches_done",
            "batches_failed",
            "users_done",
            "created_at",
            "started_at",
            "finished_at",
            "model_version",
            "error",
        ]
        read_only_fields = fields

    def to_representation(self, run: RecommendationRun) -> dict:
        data = super().to_representation(run)
        data["model_version"] = data["model_version"] or None
        return data


class CacheRefreshAnswerSerializer(serializers.Serializer):
    detail = serializers.CharField()
    run_id = serializers.IntegerField(
        required=False, help_text="The recommendation run queued, or the one already in progress."
    )


class AdminLogQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False,
        help_text="Only operations at or after this time (ISO 8601; a bare date is its 00:00 UTC).",
    )
    until = serializers.DateTimeField(
        required=False,
        help_text="Only operations at or before this time (ISO 8601; a bare date is its 00:00 UTC).",
    )
    kind = serializers.ChoiceField(
        choices=ADMIN_LOG_KINDS,
        required=False,
        help_text="admin: edits on the Django admin site; catalog: catalog edits through the API; "
        "cache_refresh: refreshes of precomputed lists; sync: TMDb re-syncs requested.",
    )

    def validate(self, attrs: dict) -> dict:
        if "since" in attrs and "until" in attrs and attrs["since"] > attrs["until"]:
            raise serializers.ValidationError({"until": ["Must not be before since."]})
        return attrs


class AdminLogEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="when")
    actor = serializers.EmailField(source="who", allow_null=True, help_text="Who did it (null: a job).")
    kind = serializers.ChoiceField(source="category", choices=ADMIN_LOG_KINDS)
    action = serializers.CharField(source="verb", help_text="create, update, delete, refresh or sync.")
    target = serializers.CharField(source="subject", help_text="What it acted on.")
    detail = serializers.SerializerMethodField()

    def get_detail(self, row: dict) -> str:
        """What changed; the Django admin's JSON change messages in words."""
        if row["category"] == "admin":
            return LogEntry(change_message=row["message"]).get_change_message()
        return row["message"]
