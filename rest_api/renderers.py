"""CSV exports a spreadsheet never runs as formulas (OWASP's CSV injection advice)."""

from collections.abc import Iterator
from typing import Any

from rest_framework_csv.renderers import CSVRenderer

from common.spreadsheet import neutralized


class SafeCSVRenderer(CSVRenderer):
    """djangorestframework-csv's renderer with every cell, header included, ``neutralized``."""

    def tablize(self, data: Any, header: Any = None, labels: Any = None) -> Iterator[list]:
        for row in super().tablize(data, header=header, labels=labels):
            yield [neutralized(cell) for cell in row]
