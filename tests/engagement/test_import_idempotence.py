"""Importing the same export twice adds nothing: every table an import writes (plays, views,
ratings and the movies' rating counts, likes and favorites, watchlist, lists and their entries,
tags) reads the same after the second import as after the first."""

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.apps import apps

from catalog.models import Movie
from engagement import history_import, history_job
from engagement.models import HistoryImport
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

EXPORTS = Path(__file__).parent / "exports"
LETTERBOXD = EXPORTS / "letterboxd"
TRAKT = EXPORTS / "trakt"
# Letterboxd's ratings.csv and watched.csv: the date is the day the film was rated or marked watched.
RATINGS_CSV = (
    "Date,Name,Year,Letterboxd URI,Rating\n"
    "2023-09-01,The Matrix,1999,https://boxd.it/2a1m,5\n"
    '2023-06-10,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/1Tlm,4\n'
    "2023-07-01,Heat,1995,https://boxd.it/2a7a,3.5\n"
)
WATCHED_CSV = (
    "Date,Name,Year,Letterboxd URI\n"
    "2023-02-04,The Matrix,1999,https://boxd.it/2a1m\n"
    "2023-06-11,Amélie,2001,https://boxd.it/2aHi\n"
    "2023-07-01,Heat,1995,https://boxd.it/2a7a\n"
    "2023-07-02,Spirited Away,2001,https://boxd.it/2b0k\n"
)
WATCHLIST_CSV = (
    "Date,Name,Year,Letterboxd URI\n"
    "2024-01-02,Spirited Away,2001,https://boxd.it/2b0k\n"
    "2024-01-03,Heat,1995,https://boxd.it/2a7a\n"
)
TRAKT_RATINGS = [
    {
        "rated_at": "2024-03-02T09:00:00.000Z",
        "rating": 8,
        "type": "movie",
        "movie": {"title": "Heat", "year": 1995, "ids": {"trakt": 1, "imdb": "tt0113277", "tmdb": 949}},
    },
    {
        "rated_at": "2024-03-11T09:00:00.000Z",
        "rating": 9,
        "type": "movie",
        "movie": {"title": "Amélie", "year": 2001, "ids": {"trakt": 194, "imdb": "tt0211915", "tmdb": 194}},
    },
]
TRAKT_WATCHLIST = [
    {
        "rank": 1,
        "id": 77,
        "listed_at": "2024-04-01T10:00:00.000Z",
        "notes": None,
        "type": "movie",
        "movie": {"title": "Spirited Away", "year": 2001, "ids": {"trakt": 129, "tmdb": 129}},
    }
]


@pytest.fixture
def films():
    made = [
        (603, "The Matrix", 1999),
        (949, "Heat", 1995),
        (194, "Amélie", 2001),
        (146, "Crouching Tiger, Hidden Dragon", 2000),
        (129, "Spirited Away", 2001),
    ]
    for tmdb_id, title, year in made:
        MovieRefFactory(tmdb_id=tmdb_id, title=title, release_date=datetime.date(year, 6, 1))


def _letterboxd_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ratings.csv", RATINGS_CSV)
        archive.writestr("diary.csv", (LETTERBOXD / "diary.csv").read_bytes())
        archive.writestr("watched.csv", WATCHED_CSV)
        archive.writestr("watchlist.csv", WATCHLIST_CSV)
        archive.writestr("likes/films.csv", (LETTERBOXD / "likes/films.csv").read_bytes())
        for path in sorted((LETTERBOXD / "lists").iterdir()):
            archive.writestr(f"lists/{path.name}", path.read_bytes())
    return out.getvalue()


def _trakt_files() -> list[tuple[str, bytes]]:
    return [
        ("watched-history.json", (TRAKT / "watched-history.json").read_bytes()),
        ("ratings-movies.json", json.dumps(TRAKT_RATINGS).encode()),
        ("watchlist.json", json.dumps(TRAKT_WATCHLIST).encode()),
        ("lists-heist-night.json", (TRAKT / "lists-heist-night.json").read_bytes()),
    ]


def _run(user, file_name: str, data: bytes) -> HistoryImport:
    job = history_import.history_import_start(user=user, file_name=file_name, data=data)
    job = history_job.history_import_run(import_id=job.pk)
    assert job.status == HistoryImport.Status.DONE, job.error
    return job


def _snapshot() -> dict:
    """Every table's row count (the import jobs aside), and the movies' rating counters."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model is not HistoryImport
    }
    ratings = list(Movie.objects.order_by("tmdb_id").values_list("tmdb_id", "rating_sum", "rating_count"))
    return {"counts": counts, "ratings": ratings}


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Tokyo"])
def test_a_letterboxd_export_imported_twice_adds_nothing(user, films, zone):
    user.time_zone = zone
    user.save()
    first = _run(user, "letterboxd-someone-2024-05-01.zip", _letterboxd_zip())
    after_first = _snapshot()

    again = _run(user, "letterboxd-someone-2024-05-01.zip", _letterboxd_zip())

    assert first.created["diary"] > 0
    assert first.created["lists"] == 2
    assert again.created == dict.fromkeys(history_job.COUNTS, 0)
    assert _snapshot() == after_first


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Tokyo"])
def test_trakt_files_imported_twice_add_nothing(user, films, zone):
    user.time_zone = zone
    user.save()
    for name, data in _trakt_files():
        _run(user, name, data)
    after_first = _snapshot()

    again = [_run(user, name, data) for name, data in _trakt_files()]

    assert [job.created for job in again] == [dict.fromkeys(history_job.COUNTS, 0)] * 4
    assert _snapshot() == after_first


def test_a_diary_imported_again_after_the_user_changes_time_zone_adds_nothing(user, films):
    for name, data in [("diary.csv", (LETTERBOXD / "diary.csv").read_bytes()), *_trakt_files()[:1]]:
        _run(user, name, data)
        after_first = _snapshot()
        user.time_zone = "Asia/Tokyo" if user.time_zone != "Asia/Tokyo" else "America/Los_Angeles"
        user.save()

        again = _run(user, name, data)

        assert again.created == dict.fromkeys(history_job.COUNTS, 0), name
        assert _snapshot() == after_first, name
