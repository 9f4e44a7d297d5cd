"""Parsing request input with a serializer: one place for validate-or-400."""

from typing import Any

from django.core.validators import MaxLengthValidator
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.serializers import CharField, IntegerField, Serializer

from common.json_body import TOO_DEEP


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, where a body nested too deeply to decode is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - {TOO_DEEP}") from None


def validated(serializer_class: type[Serializer], data: Any, *, partial: bool = False) -> dict:
    """``data`` validated by ``serializer_class``; raises ValidationError (a 400) otherwise."""
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class DomainBoundedIntegerField(IntegerField):
    """An integer whose bounds (``stated_min``, ``stated_max``) the domain enforces with its own message.

    Shared with GraphQL, the rule and its message live once in the domain: this field adds no
    validator, it only states the bounds in the OpenAPI schema (set in ``__init__`` so that they
    survive the copy DRF makes of declared fields).
    """

    def __init__(self, *, stated_min: int, stated_max: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_value, self.max_value = stated_min, stated_max


class _StatedMaxLength(MaxLengthValidator):
    """Shows drf-spectacular a ``maxLength``; checks nothing (the domain does)."""

    def __call__(self, value: Any) -> None:
        return None


class DomainBoundedCharField(CharField):
    """A string whose maximum length (``stated_max_length``) the domain enforces."""

    def __init__(self, *, stated_max_length: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(_StatedMaxLength(stated_max_length))
