"""OpenAPI generation: every operation documents the error answers it can give.

The error statuses are derived from what the operation is (its inputs, path parameters, permissions
and throttles), so an endpoint added later documents them without doing anything. Each one carries
the single error body that ``rest_api.exceptions`` produces.
"""

from drf_spectacular.openapi import AutoSchema
from drf_standardized_errors.types import CLIENT_ERROR, SERVER_ERROR, VALIDATION_ERROR
from rest_framework import serializers
from rest_framework.permissions import AllowAny

# Throttle scopes of views that call TMDb and answer 503 when it is down and nothing local answers.
UPSTREAM_SCOPES = frozenset({"tmdb", "search"})


# drf-standardized-errors' kinds of error body.
ERROR_TYPES = [VALIDATION_ERROR, CLIENT_ERROR, SERVER_ERROR]


class _ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable, machine-readable code, e.g. `required` or `throttled`.")
    detail = serializers.CharField(help_text="What went wrong, for people.")
    attr = serializers.CharField(
        allow_null=True, help_text="The input field at fault (dotted for nested ones), or null."
    )

    class Meta:
        ref_name = "ErrorItem"


class ErrorSerializer(serializers.Serializer):
    """drf-standardized-errors' body: the kind of error and each error with its code."""

    type = serializers.ChoiceField(choices=ERROR_TYPES)
    errors = _ErrorItemSerializer(many=True)

    class Meta:
        ref_name = "Error"


# Media types of files answered as they are: their errors are JSON.
BINARY = {"application/zip": "application/json", "text/calendar": "application/json"}


class ErrorDocumentingAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        component = self.resolve_serializer(ErrorSerializer, "response")
        media_types = self._media_types(operation["responses"])
        responses = operation["responses"]
        for code, description in self._error_answers(operation):
            responses.setdefault(code, {"description": description})
        for code, response in responses.items():
            # Every error answer carries the error body, those a view declares with a description too.
            if code.isdigit() and int(code) >= 400 and not response.get("content"):
                body = {media: {"schema": component.ref} for media in media_types}
                responses[code] = {"content": body, **response}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    @staticmethod
    def _media_types(responses: dict) -> list[str]:
        """Errors come in the media types the operation answers in (a CSV export's errors are CSV);
        a file download's (a ZIP, a calendar) in JSON."""
        for response in responses.values():
            if response.get("content"):
                return list(dict.fromkeys(BINARY.get(media, media) for media in response["content"]))
        return ["application/json"]

    def _error_answers(self, operation: dict) -> list[tuple[str, str]]:
        parameters = operation.get("parameters", [])
        answers = [("401", "Missing, invalid or expired credentials.")]
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            answers.append(
                (
                    "400",
                    "Invalid input: each error names its field in `attr` (null for the input as a whole).",
                )
            )
        if any(not isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            answers.append(("403", "Signed in without the permission this operation needs."))
        if "requestBody" in operation or any(p["in"] == "path" or p["name"] == "page" for p in parameters):
            answers.append(("404", "No such object (in the path or the body), or no such page."))
        if any(p["in"] == "query" and p.get("schema", {}).get("type") == "array" for p in parameters):
            # A list parameter repeats without bound: a long enough list passes API_MAX_URL_BYTES.
            answers.append(("414", "The URL (path and query) is longer than the API accepts."))
        if self.view.get_throttles():
            answers.append(("429", "Too many requests: retry after the `Retry-After` seconds."))
        if getattr(self.view, "throttle_scope", None) in UPSTREAM_SCOPES:
            answers.append(("503", "TMDb is unavailable and nothing local can answer."))
        return answers
