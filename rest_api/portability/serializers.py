"""Delta sync's REST shapes: the ``updated_since`` parameter and the last changes per collection."""

from rest_framework import serializers


class UpdatedSinceQuerySerializer(serializers.Serializer):
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=(
            "Only rows added after this time (ISO 8601 with a time zone); the answer then also carries "
            "`removed`, the TMDb ids removed after it (oldest removal first). 410 `resync_required` "
            "when older than the removals kept."
        ),
    )


class LastActivitiesSerializer(serializers.Serializer):
    """When each collection last changed (null: never)."""

    favorites = serializers.DateTimeField(allow_null=True)
    watchlist = serializers.DateTimeField(allow_null=True)
