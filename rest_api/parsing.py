"""Parsing request input with a serializer: one place for validate-or-400."""

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.serializers import Serializer

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
