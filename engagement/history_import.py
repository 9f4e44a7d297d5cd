"""History import: an uploaded export becomes reviews, diary plays, watch history, watchlist
items, likes and lists.

``history_import_start`` checks the upload at once (size, text or a Letterboxd export ZIP, a
recognised export whose every row reads) so a bad file is a ValidationError before any job
exists, then queues the job
(``engagement.history_job.history_import_run``, run by a Celery task). A user has at most
HISTORY_IMPORT_MAX_ACTIVE jobs pending or running at a time (one left so for a day counts as
abandoned); ``history_job.history_import_prune`` deletes them once they are old.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.exceptions import Conflict
from common.queue import enqueue
from engagement.history_archive import (
    ARCHIVE_KIND,
    ArchiveError,
    archive_files,
    is_archive,
    job_exports,
    packed,
)
from engagement.history_formats import SOURCES, ExportError
from engagement.history_job import ABANDONED_AFTER
from engagement.models import HistoryImport
from engagement.tasks import import_history

SOURCE_CHOICES = ("auto", *SOURCES)
NOT_TEXT = "The file is not text: upload the CSV or JSON file of your export."


def _decoded(data: bytes, name: str = "") -> str:
    message = f"{name}: {NOT_TEXT}" if name else NOT_TEXT
    if b"\x00" in data:
        raise ValidationError({"file": [message]})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": [message]}) from None


def _upload(data: bytes) -> tuple[str, str]:
    """(kind, text) of an upload: ARCHIVE_KIND and its packed files for a ZIP, else "" and the text."""
    if not is_archive(data):
        return "", _decoded(data)
    try:
        files = archive_files(data)
    except ArchiveError as error:
        raise ValidationError({"file": [str(error)]}) from None
    return ARCHIVE_KIND, packed([(name, _decoded(content, name)) for name, content in files])


def max_upload_bytes() -> int:
    """The largest file an import takes (the upload limit, UPLOAD_MAX_BYTES)."""
    return settings.UPLOAD_MAX_BYTES


def _check_active_jobs(user) -> None:
    """Conflict when ``user`` already has the most jobs pending or running that one may have."""
    # The user's row is locked so that parallel uploads count one another.
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    limit = settings.HISTORY_IMPORT_MAX_ACTIVE
    active = (HistoryImport.Status.PENDING, HistoryImport.Status.RUNNING)
    since = timezone.now() - ABANDONED_AFTER
    if HistoryImport.objects.filter(user=user, status__in=active, created_at__gte=since).count() >= limit:
        raise Conflict(f"You already have {limit} imports waiting or running; try again once one is done.")


@transaction.atomic
def history_import_start(*, user, file_name: str, data: bytes, source: str = "auto") -> HistoryImport:
    """Check an upload and queue its import; returns the pending job.

    Raises ValidationError (on ``file`` or ``source``) for a file over the upload limit (5 MB),
    binary data, an unrecognised or malformed export (or ZIP: history_archive), or a ``source``
    the file is not; Conflict when the user has HISTORY_IMPORT_MAX_ACTIVE imports pending or
    running already.
    """
    if source not in SOURCE_CHOICES:
        raise ValidationError({"source": [f"source must be one of: {', '.join(SOURCE_CHOICES)}."]})
    if len(data) > max_upload_bytes():
        raise ValidationError({"file": [f"The file is larger than {max_upload_bytes() / 2**20:g} MB."]})
    kind, text = _upload(data)
    try:
        exports = [
            export for _, export in job_exports(kind=kind, file_name=file_name, content=text, source=source)
        ]
    except ExportError as error:
        raise ValidationError({"file": [str(error)]}) from None
    if not any(export.entries for export in exports) and not any(e.kind == "list" for e in exports):
        raise ValidationError({"file": ["The file lists no films."]})
    _check_active_jobs(user)
    job = HistoryImport.objects.create(
        user=user,
        source=exports[0].source,
        kind=kind or exports[0].kind,
        file_name=file_name[:255],
        content=text,
    )
    transaction.on_commit(lambda: enqueue(import_history, import_id=str(job.pk)))
    return job
