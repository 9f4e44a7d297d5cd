"""Uploaded files are counted while they stream: reading stops once they pass UPLOAD_MAX_BYTES.

``LimitedUploadHandler`` comes first in FILE_UPLOAD_HANDLERS, so the chunk that crosses the
limit never reaches the handlers that keep files (in memory or on disk); the request is then
answered 413 by ``config.request_limits``. Every multipart path (REST, GraphQL, admin) goes
through it.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadTooLarge(RequestDataTooBig):
    """The files of a request passed the upload limit (a 413 where the middleware sees it)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"The uploaded files are larger than {limit} bytes.")


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file part of a request; raises UploadTooLarge past the limit."""

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.limit: int = settings.UPLOAD_MAX_BYTES
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            raise UploadTooLarge(self.limit)
        return raw_data

    def file_complete(self, _file_size: int) -> None:
        """Keeps no file itself: the next handler does."""
        return None
