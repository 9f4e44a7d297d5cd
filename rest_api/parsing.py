"""Parsing request input with a serializer: one place for validate-or-400."""

from typing import Any

from rest_framework.serializers import Serializer


def validated(serializer_class: type[Serializer], data: Any, *, partial: bool = False) -> dict:
    """``data`` validated by ``serializer_class``; raises ValidationError (a 400) otherwise."""
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
