"""A Letterboxd export ZIP: the files of it an import reads, with a guard against ZIP bombs.

Read: ``diary.csv``, ``ratings.csv``, ``watched.csv``, ``watchlist.csv``, ``likes/films.csv``
and ``lists/*.csv``, at the top of the archive (or of the one folder holding all of it); anything else
(reviews, comments, profile, the ``deleted``/``orphaned`` folders) is left out. An archive
with more than ARCHIVE_MAX_MEMBERS members, or whose files read uncompress to more than
ARCHIVE_MAX_BYTES (counted while inflating, not trusted from its headers), is refused.
Files are read in the order their imports build on each other: ratings first (a film's
current rating), then plays, views, watchlist, likes (which mark plays), lists.
"""

import io
import json
import zipfile

from engagement.history_formats import Export, ExportError, read_export

ARCHIVE_KIND = "archive"
ZIP_MAGIC = b"PK\x03\x04"
ARCHIVE_MAX_MEMBERS = 1000
ARCHIVE_MAX_BYTES = 25 * 2**20
ORDER = ("ratings.csv", "diary.csv", "watched.csv", "watchlist.csv", "likes/films.csv", "lists/")


class ArchiveError(ValueError):
    """The archive cannot be read; the message says why, for the uploader."""


def is_archive(data: bytes) -> bool:
    """Whether ``data`` is a ZIP archive."""
    return data.startswith(ZIP_MAGIC)


def _place(path: str) -> int | None:
    """Where a member goes in ORDER (None: not read), by its path in the archive."""
    for rank, wanted in enumerate(ORDER):
        in_folder = wanted.endswith("/") and path.startswith(wanted) and path.endswith(".csv")
        if path == wanted or (in_folder and "/" not in path[len(wanted) :]):
            return rank
    return None


def _top_folder(names: list[str]) -> str:
    """The one folder every member is in ("" when they are not all in one), with its "/"."""
    tops = {name.split("/", 1)[0] + "/" if "/" in name else "" for name in names}
    return tops.pop() if len(tops) == 1 else ""


def archive_files(data: bytes) -> list[tuple[str, bytes]]:
    """The (name, content) of the files an import reads, in ORDER; ArchiveError when unreadable."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as error:
        raise ArchiveError(f"Not a readable ZIP archive ({error}).") from None
    if len(members) > ARCHIVE_MAX_MEMBERS:
        raise ArchiveError(f"The archive holds more than {ARCHIVE_MAX_MEMBERS} files.")
    top = _top_folder([info.filename for info in members])
    wanted = sorted(
        (
            (place, info)
            for info in members
            if not info.is_dir() and (place := _place(info.filename.removeprefix(top))) is not None
        ),
        key=lambda pair: (pair[0], pair[1].filename),
    )
    files, budget = [], ARCHIVE_MAX_BYTES
    for _, info in wanted:
        if info.file_size > budget:
            raise ArchiveError(_too_big())
        try:
            with archive.open(info) as member:
                content = member.read(budget + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError) as error:
            raise ArchiveError(f"{info.filename}: cannot be read ({error}).") from None
        if len(content) > budget:
            raise ArchiveError(_too_big())
        budget -= len(content)
        files.append((info.filename, content))
    if not files:
        raise ArchiveError("The archive holds no diary.csv, ratings.csv, watched.csv, likes or lists.")
    return files


def _too_big() -> str:
    return f"The archive's files uncompress to more than {ARCHIVE_MAX_BYTES // 2**20} MB."


def packed(files: list[tuple[str, str]]) -> str:
    """The decoded files of an archive as one text, to keep with its import job."""
    return json.dumps(files, ensure_ascii=False)


def job_exports(*, kind: str, file_name: str, content: str, source: str) -> list[tuple[str, Export]]:
    """The (file name, export) pairs of a job's upload: its files for an archive, else the one."""
    files = json.loads(content) if kind == ARCHIVE_KIND else [(file_name, content)]
    exports = []
    for name, text in files:
        try:
            exports.append((name, read_export(text, file_name=name, source=source)))
        except ExportError as error:
            raise ExportError(f"{name}: {error}" if kind == ARCHIVE_KIND else str(error)) from None
    return exports
