"""Reading other services' history exports into one neutral shape.

Recognised from their header (CSV) or structure (JSON):

* Letterboxd ``ratings.csv`` (Date, Name, Year, Letterboxd URI, Rating 0.5-5), ``diary.csv``
  (the same plus Rewatch, Tags, Watched Date), ``watched.csv``, ``watchlist.csv`` and
  ``likes/films.csv`` (Date, Name, Year, Letterboxd URI; they differ only by name, so a file named
  ``*watchlist*`` is a watchlist, one named ``*likes*`` likes); a list (``lists/<name>.csv``:
  "Letterboxd list export v7", the list's Date, Name, Tags, URL, Description, a blank line,
  then Position, Name, Year, URL, Description per film). An optional ``tmdbID`` column (which
  Letterboxd's own importer reads too) matches by TMDb id;
* IMDb's ratings export (Const, Your Rating 1-10, Date Rated, Title, Title Type, Year, ...);
* Trakt JSON (API v2 field names): a list of history (``watched_at``), ratings (``rating`` 1-10)
  or watchlist (``listed_at``) items, each with ``type`` and a ``movie`` (or show/episode)
  carrying ``title``, ``year`` and ``ids`` (``imdb``, ``tmdb``); a list is an object with
  ``name``, ``description`` and ``items`` (``rank``, ``notes``, ``movie``), or a bare array of
  such items in a file named ``*list*`` (not ``*watchlist*``), named after the file.

Ratings are scaled to 1-5 (half stars and tens round half up). Any malformed value is an
ExportError naming the line or item, so a file is read whole or not at all. Text cells that
our own export neutralized against spreadsheet formulas (a leading "'") are read back as written.
"""

import csv
import dataclasses
import datetime
import io
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from common.spreadsheet import restored

SOURCES = ("letterboxd", "imdb", "trakt")
MAX_ROWS = 20_000
LETTERBOXD_COLUMNS = {"Date", "Name", "Year", "Letterboxd URI"}
IMDB_COLUMNS = {"Const", "Your Rating", "Title", "Title Type", "Year"}
# IMDb "Title Type" values (old and new exports) of TV series and episodes.
IMDB_TV_TYPES = {"tvseries", "tvminiseries", "tvepisode", "tv series", "tv mini series", "tv episode"}
TRAKT_TV_TYPES = {"show", "season", "episode"}
LIST_HEADER = "Letterboxd list export"
LIST_ENTRY_COLUMNS = {"Position", "Name", "Year"}
MAX_TAGS = 20
MAX_TAG_LENGTH = 50
LIST_NAME_LENGTH = 100
LIST_DESCRIPTION_LENGTH = 2000
NOTE_LENGTH = 1000


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
    tv: bool = False
    watched_on: datetime.date | None = None  # a diary play's date, as the file gives it
    tags: tuple[str, ...] = ()
    position: int | None = None  # on a ranked list
    note: str = ""  # on a list


@dataclass(frozen=True)
class Export:
    source: str  # one of SOURCES
    kind: str  # ratings, diary, watched, watchlist, history, likes or list
    entries: list[Entry]
    name: str = ""  # a list's
    description: str = ""  # a list's
    ranked: bool = False  # a list's: its films carry positions


def read_export(text: str, *, file_name: str = "", source: str = "auto") -> Export:
    """The entries of an export; ``source`` (or ``auto``) must match what the file is."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("[", "{")):
        export = _trakt(stripped, file_name)
    elif stripped.startswith(LIST_HEADER):
        export = _letterboxd_list(stripped)
    else:
        export = _csv(stripped, file_name)
    if source not in ("auto", export.source):
        raise ExportError(f"This is a {export.source} export, not a {source} one.")
    return export


# --- CSV -----------------------------------------------------------------------


def _plain_kind(file_name: str) -> str:
    """The kind of a Letterboxd file of films only, from its name."""
    name = file_name.lower()
    if "watchlist" in name:
        return "watchlist"
    return "likes" if "likes" in name else "watched"


def _csv(text: str, file_name: str) -> Export:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = set(reader.fieldnames or [])
    if columns >= LETTERBOXD_COLUMNS:
        read, source = _letterboxd_row, "letterboxd"
        if "Rating" in columns:
            kind = "diary" if "Watched Date" in columns else "ratings"
        else:
            kind = _plain_kind(file_name)
    elif columns >= IMDB_COLUMNS:
        read, source, kind = _imdb_row, "imdb", "ratings"
    else:
        shown = ", ".join(sorted(columns))[:200] or "none"
        raise ExportError(
            f"Unrecognised file: expected a Letterboxd, IMDb or Trakt export (columns found: {shown})."
        )
    return Export(source=source, kind=kind, entries=_rows(reader, lambda row: read(row, kind)))


def _rows(reader: csv.DictReader, read, *, first_line: int = 0) -> list[Entry]:
    """Every row of ``reader`` read by ``read``; an ExportError names the line of a bad one."""
    entries = []
    try:
        for row in reader:
            line = first_line + reader.line_num
            if reader.line_num > MAX_ROWS + 1:
                raise ExportError(f"Too many rows: at most {MAX_ROWS} films per file.")
            if None in row or None in row.values():
                raise ExportError(f"Line {line}: wrong number of columns.")
            try:
                entries.append(read(row))
            except (ValueError, TypeError) as error:
                raise ExportError(f"Line {line}: {error}") from None
    except csv.Error as error:
        raise ExportError(f"Line {first_line + reader.line_num}: not valid CSV ({error}).") from None
    return entries


def _year(raw: str | int | None) -> int | None:
    if raw in (None, ""):
        return None
    year = int(raw)
    if not 1870 <= year <= 2100:
        raise ValueError(f"Year {year} is out of range.")
    return year


def _day(raw: str) -> datetime.date:
    day = datetime.date.fromisoformat(raw.strip())
    if not 1870 <= day.year <= 2100:
        raise ValueError(f"Date {raw.strip()} is out of range.")
    return day


def _date(raw: str) -> datetime.datetime | None:
    if not raw:
        return None
    return datetime.datetime.combine(_day(raw), datetime.time(12), tzinfo=datetime.UTC)


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
    title = restored((raw or "").strip())
    if not title:
        raise ValueError("A title is required.")
    return title[:500]


def _tmdb_id(raw) -> int | None:
    if raw in (None, ""):
        return None
    tmdb_id = int(raw)
    if tmdb_id < 1:
        raise ValueError("A TMDb id is a positive integer.")
    return tmdb_id


def _tags(raw: str | None) -> tuple[str, ...]:
    """Letterboxd's tags cell: tags joined by ", " (a tag may hold spaces, never a comma)."""
    tags = tuple(dict.fromkeys(restored(" ".join(t.split())) for t in (raw or "").split(",") if t.strip()))
    if len(tags) > MAX_TAGS:
        raise ValueError(f"A play has at most {MAX_TAGS} tags.")
    if any(len(tag) > MAX_TAG_LENGTH for tag in tags):
        raise ValueError(f"A tag is at most {MAX_TAG_LENGTH} characters.")
    return tags


def _letterboxd_row(row: dict[str, str], kind: str) -> Entry:
    when = row.get("Watched Date") or row["Date"]
    return Entry(
        title=_title(row["Name"]),
        year=_year(row["Year"]),
        tmdb_id=_tmdb_id(row.get("tmdbID")),
        rating=_scaled(row.get("Rating"), 5.0),
        watched_at=_date(when) if kind != "watchlist" else None,
        watched_on=_day(when) if kind == "diary" else None,
        tags=_tags(row.get("Tags")) if kind == "diary" else (),
    )


def _letterboxd_list(text: str) -> Export:
    """A Letterboxd list export: a header block describing the list, a blank line, its films."""
    head, _, body = re.sub(r"\r\n?", "\n", text).partition("\n\n")
    head_lines = head.split("\n")[1:]
    try:
        about = next(csv.DictReader(io.StringIO("\n".join(head_lines), newline="")), None)
    except csv.Error as error:
        raise ExportError(f"Line 2: not valid CSV ({error}).") from None
    name = restored((about or {}).get("Name") or "").strip()
    if not name:
        raise ExportError("Line 3: the list has no name.")
    reader = csv.DictReader(io.StringIO(body.lstrip("\n"), newline=""))
    if not set(reader.fieldnames or []) >= LIST_ENTRY_COLUMNS:
        raise ExportError(
            "Unrecognised list: expected its films under Position, Name, Year, URL, Description."
        )
    first_line = len(head_lines) + 1 + (len(body) - len(body.lstrip("\n"))) + 1
    entries = _rows(reader, _list_row, first_line=first_line)
    return Export(
        source="letterboxd",
        kind="list",
        entries=entries,
        name=name[:LIST_NAME_LENGTH],
        description=restored(about.get("Description") or "")[:LIST_DESCRIPTION_LENGTH],
        ranked=bool(entries) and all(entry.position is not None for entry in entries),
    )


def _list_row(row: dict[str, str]) -> Entry:
    position = row.get("Position") or ""
    return Entry(
        title=_title(row["Name"]),
        year=_year(row["Year"]),
        tmdb_id=_tmdb_id(row.get("tmdbID")),
        position=int(position) if position.strip() else None,
        note=restored(row.get("Description") or "")[:NOTE_LENGTH],
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


def _is_list_file(file_name: str) -> bool:
    return "list" in file_name.lower().replace("watchlist", "")


def _trakt(text: str, file_name: str) -> Export:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"Not valid JSON: {error.msg} (line {error.lineno}).") from None
    about = {"name": file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]}
    one_list = isinstance(items, dict) and isinstance(items.get("items"), list)
    if one_list:
        about, items = items, items["items"]
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise ExportError("A Trakt export is a non-empty JSON list of history, ratings or watchlist items.")
    if len(items) > MAX_ROWS:
        raise ExportError(f"Too many rows: at most {MAX_ROWS} films per file.")
    kinds = {_trakt_kind(item) for item in items}
    if one_list or (kinds == {"watchlist"} and _is_list_file(file_name)):
        return _trakt_list(about, items)
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


def _trakt_list(about: dict, items: list[dict]) -> Export:
    name = str(about.get("name") or "").strip()
    if not name:
        raise ExportError("The Trakt list has no name.")
    entries = []
    for position, item in enumerate(items, start=1):
        try:
            entry = _trakt_item(item, "watchlist")
            rank = item.get("rank")
            if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int)):
                raise ValueError("rank must be an integer.")
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise ExportError(f"Item {position}: {error}") from None
        note = str(item.get("notes") or "")[:NOTE_LENGTH]
        entries.append(dataclasses.replace(entry, position=rank, note=note))
    return Export(
        source="trakt",
        kind="list",
        entries=entries,
        name=name[:LIST_NAME_LENGTH],
        description=str(about.get("description") or "")[:LIST_DESCRIPTION_LENGTH],
        ranked=all(entry.position is not None for entry in entries),
    )


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
        tv=media_type in TRAKT_TV_TYPES,
    )
