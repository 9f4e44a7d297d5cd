"""Request bodies as JSON: one rule for both surfaces on bodies nested too deeply to decode."""

import json
from typing import Any

TOO_DEEP = "JSON is nested too deeply."


class JSONTooDeep(ValueError):
    """The body nests arrays or objects deeper than the decoder can follow."""

    def __init__(self) -> None:
        super().__init__(TOO_DEEP)


def loads(data: str | bytes) -> Any:
    """``json.loads``, where a body too deep to decode is a JSONTooDeep instead of a RecursionError."""
    try:
        return json.loads(data)
    except RecursionError:
        raise JSONTooDeep() from None
