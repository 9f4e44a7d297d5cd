"""History import: an uploaded export becomes reviews, watch history and watchlist items.

``history_import_start`` checks the upload at once (size, text, a recognised export whose every
row reads) so a bad file is a ValidationError before any job exists, then queues the job
(``engagement.history_job.history_import_run``, run by a Celery task).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from common.queue import enqueue
from engagement.history_formats import SOURCES, ExportError, read_export
from engagement.models import HistoryImport
from engagement.tasks import import_history

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SOURCE_CHOICES = ("auto", *SOURCES)
NOT_TEXT = "The file is not text: upload the CSV or JSON file of your export."


def _decoded(data: bytes) -> str:
    if b"\x00" in data:
        raise ValidationError({"file": [NOT_TEXT]})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": [NOT_TEXT]}) from None


@transaction.atomic
def history_import_start(*, user, file_name: str, data: bytes, source: str = "auto") -> HistoryImport:
    """Check an upload and queue its import; returns the pending job.

    Raises ValidationError (on ``file`` or ``source``) for a file over 5 MB, binary data,
    an unrecognised or malformed export, or a ``source`` the file is not.
    """
    if source not in SOURCE_CHOICES:
        raise ValidationError({"source": [f"source must be one of: {', '.join(SOURCE_CHOICES)}."]})
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": ["The file is larger than 5 MB."]})
    text = _decoded(data)
    try:
        export = read_export(text, file_name=file_name, source=source)
    except ExportError as error:
        raise ValidationError({"file": [str(error)]}) from None
    if not export.entries:
        raise ValidationError({"file": ["The file lists no films."]})
    job = HistoryImport.objects.create(
        user=user, source=export.source, kind=export.kind, file_name=file_name[:255], content=text
    )
    transaction.on_commit(lambda: enqueue(import_history, import_id=str(job.pk)))
    return job
