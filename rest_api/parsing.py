"""Parsing request input with a serializer: one place for validate-or-400."""

from typing import Any

from django.core.validators import MaxLengthValidator
from rest_framework.serializers import CharField, IntegerField, Serializer


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
