"""Shapes of the admin analytics endpoints."""

import json

from django_celery_results.models import TaskResult
from rest_framework import serializers

from analytics.selectors import MAX_RANGE_DAYS


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
        choices=["trending", "recommendations"], help_text="Which precomputed lists to rebuild."
    )
