"""Reading other services' history exports into one neutral shape.

Recognised from their header (CSV) or structure (JSON):

* Letterboxd ``ratings.csv`` (Date, Name, Year, Letterboxd URI, Rating 0.5-5), ``diary.csv``
  (the same plus Rewatch, Tags, Watched Date), ``watched.csv`` and ``watchlist.csv`` (Date, Name,
  Year, Letterboxd URI; the two differ only by name, so a file named ``*watchlist*`` is a watchlist);
* IMDb's ratings export (Const, Your Rating 1-10, Date Rated, Title, Title Type, Year, ...);
* Trakt JSON: a list of history (``watched_at``), ratings (``rating`` 1-10) or watchlist
  (``listed_at``) items, each with ``type`` and a ``movie`` (or show/episode) carrying ``title``,
  ``year`` and ``ids`` (``imdb``, ``tmdb``).

Ratings are scaled to 1-5 (half stars and tens round half up). Any malformed value is an
ExportError naming the line or item, so a file is read whole or not at all.
"""

import csv
import datetime
import io
import json
import math
from dataclasses import dataclass
from decimal import Decimal

SOURCES = ("letterboxd", "imdb", "trakt")
MAX_ROWS = 20_000
LETTERBOXD_COLUMNS = {"Date", "Name", "Year", "Letterboxd URI"}
IMDB_COLUMNS = {"Const", "Your Rating", "Title", "Title Type", "Year"}
# IMDb "Title Type" values (old and new exports) of TV series and episodes.
IMDB_TV_TYPES = {"tvseries", "tvminiseries", "tvepisode", "tv series", "tv mini series", "tv episode"}
TRAKT_TV_TYPES = {"show", "season", "episode"}


class ExportError(ValueError):
    """The file is not a readable export; the message says why, for the uploader."""


@dataclass(frozen=True)
class Entry:
    """One film of an export, as the file describes it."""

    title: str
    year: int | None
    imdb_id: str = ""
    tmdb_id: int | None = None
    rating: Decimal | None = None  # 1.0-5.0 in half stars
    watched_at: datetime.datetime | None = None
    watchlist: bool = False
    tv: bool = False


@dataclass(frozen=True)
class Export:
    source: str  # one of SOURCES
    kind: str  # ratings, diary, watched, watchlist or history
    entries: list[Entry]


def read_export(text: str, *, file_name: str = "", source: str = "auto") -> Export:
    """The entries of an export; ``source`` (or ``auto``) must match what the file is."""
    stripped = text.lstrip("\ufeff \t\r\n")
    export = _trakt(stripped) if stripped.startswith(("[", "{")) else _csv(stripped, file_name)
    if source not in ("auto", export.source):
        raise ExportError(f"This is a {export.source} export, not a {source} one.")
    return export


# --- CSV -----------------------------------------------------------------------


def _csv(text: str, file_name: str) -> Export:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = set(reader.fieldnames or [])
    if columns >= LETTERBOXD_COLUMNS:
        read, source = _letterboxd_row, "letterboxd"
        if "Rating" in columns:
            kind = "diary" if "Watched Date" in columns else "ratings"
        else:
            kind = "watchlist" if "watchlist" in file_name.lower() else "watched"
    elif columns >= IMDB_COLUMNS:
        read, source, kind = _imdb_row, "imdb", "ratings"
    else:
        shown = ", ".join(sorted(columns))[:200] or "none"
        raise ExportError(
            f"Unrecognised file: expected a Letterboxd, IMDb or Trakt export (columns found: {shown})."
        )
    entries = []
    try:
        for row in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise ExportError(f"Too many rows: at most {MAX_ROWS} films per file.")
            if None in row or None in row.values():
                raise ExportError(f"Line {reader.line_num}: wrong number of columns.")
            try:
                entries.append(read(row, kind))
            except (ValueError, TypeError) as error:
                raise ExportError(f"Line {reader.line_num}: {error}") from None
    except csv.Error as error:
        raise ExportError(f"Line {reader.line_num}: not valid CSV ({error}).") from None
    return Export(source=source, kind=kind, entries=entries)


def _year(raw: str | int | None) -> int | None:
    if raw in (None, ""):
        return None
    year = int(raw)
    if not 1870 <= year <= 2100:
        raise ValueError(f"Year {year} is out of range.")
    return year


def _date(raw: str) -> datetime.datetime | None:
    if not raw:
        return None
    day = datetime.date.fromisoformat(raw.strip())
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _scaled(raw: str | float | None, top: float) -> Decimal | None:
    """A rating on 0-``top`` as 1-5 in half stars (Letterboxd's 4.5 stays 4.5, a 1-10 score of 9 is
    4.5), nearest half rounding up, the lowest (0.5) raised to 1; None when absent."""
    if raw in (None, ""):
        return None
    value = float(raw)
    if not (math.isfinite(value) and 0 < value <= top):
        raise ValueError(f"Rating {raw} is not between {top / 10:g} and {top:g}.")
    halves = min(10, max(2, math.floor(value * 10 / top + 0.5)))
    return (Decimal(halves) / 2).quantize(Decimal("0.1"))


def _title(raw: str | None) -> str:
    title = (raw or "").strip()
    if not title:
        raise ValueError("A title is required.")
    return title[:500]


def _letterboxd_row(row: dict[str, str], kind: str) -> Entry:
    return Entry(
        title=_title(row["Name"]),
        year=_year(row["Year"]),
        rating=_scaled(row.get("Rating"), 5.0),
        watched_at=_date(row.get("Watched Date") or row["Date"]) if kind != "watchlist" else None,
        watchlist=kind == "watchlist",
    )


def _imdb_row(row: dict[str, str], kind: str) -> Entry:
    const = row["Const"].strip()
    if not (const.startswith("tt") and const[2:].isdigit()):
        raise ValueError(f"Const {const[:20]!r} is not an IMDb title id.")
    return Entry(
        title=_title(row["Title"]),
        year=_year(row["Year"]),
        imdb_id=const,
        rating=_scaled(row["Your Rating"], 10.0),
        watched_at=_date(row.get("Date Rated", "")),
        tv=row["Title Type"].strip().lower() in IMDB_TV_TYPES,
    )


# --- Trakt JSON ------------------------------------------------------------------


def _trakt(text: str) -> Export:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"Not valid JSON: {error.msg} (line {error.lineno}).") from None
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise ExportError("A Trakt export is a non-empty JSON list of history, ratings or watchlist items.")
    if len(items) > MAX_ROWS:
        raise ExportError(f"Too many rows: at most {MAX_ROWS} films per file.")
    kinds = {_trakt_kind(item) for item in items}
    if len(kinds) != 1 or None in kinds:
        raise ExportError("Unrecognised file: every Trakt item needs watched_at, rating or listed_at.")
    kind = kinds.pop()
    entries = []
    for position, item in enumerate(items, start=1):
        try:
            entries.append(_trakt_item(item, kind))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise ExportError(f"Item {position}: {error}") from None
    return Export(source="trakt", kind=kind, entries=entries)


def _trakt_kind(item: dict) -> str | None:
    for field, kind in (("watched_at", "history"), ("rating", "ratings"), ("listed_at", "watchlist")):
        if field in item:
            return kind
    return None


def _trakt_item(item: dict, kind: str) -> Entry:
    media_type = str(item.get("type", "movie"))
    # An episode or season is listed under its show's title.
    media = (item.get("show") if media_type in TRAKT_TV_TYPES else None) or item.get(media_type) or {}
    if not isinstance(media, dict):
        raise ValueError(f"{media_type} must be an object.")
    ids = media.get("ids") or {}
    tmdb_id = ids.get("tmdb")
    if tmdb_id is not None and (isinstance(tmdb_id, bool) or not isinstance(tmdb_id, int) or tmdb_id < 1):
        raise ValueError("ids.tmdb must be a positive integer.")
    stamp = item.get("watched_at") or item.get("rated_at")
    watched_at = datetime.datetime.fromisoformat(stamp) if kind != "watchlist" and stamp else None
    if watched_at is not None and watched_at.tzinfo is None:
        watched_at = watched_at.replace(tzinfo=datetime.UTC)
    return Entry(
        title=_title(media.get("title")),
        year=_year(media.get("year")),
        imdb_id=str(ids.get("imdb") or "")[:16],
        tmdb_id=tmdb_id,
        rating=_scaled(item.get("rating"), 10.0) if kind == "ratings" else None,
        watched_at=watched_at,
        watchlist=kind == "watchlist",
        tv=media_type in TRAKT_TV_TYPES,
    )
