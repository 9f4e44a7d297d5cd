"""CSV exports a spreadsheet never runs as formulas (OWASP's CSV injection advice)."""

from collections.abc import Iterator
from typing import Any

from rest_framework_csv.renderers import CSVRenderer

# What a spreadsheet may read as the start of a formula (or of one hidden behind blank space).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(value: Any) -> Any:
    """``value`` as a cell a spreadsheet shows as text: text starting like a formula gets a "'".

    Only text is changed. Numbers (int, float, Decimal) stay numbers, so a real negative value is
    still -1; text is neutralized whatever it looks like, so a title "-1" is written "'-1" (text
    cannot be told apart from a formula reliably, numbers can).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSVRenderer(CSVRenderer):
    """djangorestframework-csv's renderer with every cell, header included, ``neutralized``."""

    def tablize(self, data: Any, header: Any = None, labels: Any = None) -> Iterator[list]:
        for row in super().tablize(data, header=header, labels=labels):
            yield [neutralized(cell) for cell in row]
