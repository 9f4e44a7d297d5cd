"""Uploads are bounded while they stream, on every multipart path: a JSON 413, little read, nothing kept."""

import json

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test import Client

from engagement.models import HistoryImport
from tests.errors import messages

pytestmark = pytest.mark.django_db

BOUNDARY = "upload-limit-boundary"
REST = "/api/user/import/"
GRAPHQL = "/graphql/"
IMPORT = "mutation($file: Upload!) { importHistory(file: $file) { __typename } }"
FIFTY_MB = 50 * 1024 * 1024
CHUNK = 64 * 1024  # Django reads uploads in chunks of this size


class CountingUpload:
    """A multipart body served lazily to ``wsgi.input``: form fields, then one file of ``size``
    bytes; counts the bytes the server reads."""

    def __init__(self, fields: dict[str, str], size: int) -> None:
        head = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="ratings.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        )
        self.head, self.tail = head.encode(), f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self.read_bytes = 0

    def _byte(self, at: int) -> bytes:
        if at < len(self.head):
            return self.head[at : at + 1]
        if at < self.length - len(self.tail):
            return b"a"
        return self.tail[at - (self.length - len(self.tail)) :][:1]

    def read(self, size: int = -1) -> bytes:
        end = self.length if size is None or size < 0 else min(self.length, self.read_bytes + size)
        start, self.read_bytes = self.read_bytes, end
        head_part = self.head[start:end] if start < len(self.head) else b""
        file_end = self.length - len(self.tail)
        body = b"a" * max(0, min(end, file_end) - max(start, len(self.head)))
        tail_part = self.tail[max(0, start - file_end) : max(0, end - file_end)]
        return head_part + body + tail_part

    def readline(self, size: int = -1) -> bytes:
        line = b""
        while self.read_bytes < self.length and (size < 0 or len(line) < size):
            line += self.read(1)
            if line.endswith(b"\n"):
                break
        return line


def _post(client: Client, path: str, upload: CountingUpload, token: str, *, declared: int | None = None):
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(upload.length if declared is None else declared),
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **{"wsgi.input": upload},
    )


def _graphql_fields() -> dict[str, str]:
    operations = json.dumps({"query": IMPORT, "variables": {"file": None}})
    return {"operations": operations, "map": json.dumps({"file": ["variables.file"]})}


SURFACES = pytest.mark.parametrize(
    ("path", "fields"), [(REST, {}), (GRAPHQL, _graphql_fields())], ids=["rest", "graphql"]
)


@SURFACES
def test_a_50_mb_upload_is_a_413_before_a_byte_is_read(client, access_token, path, fields):
    upload = CountingUpload(fields, FIFTY_MB)

    response = _post(client, path, upload, access_token)

    assert response.status_code == 413
    assert messages(response) == {None: [f"The request body is larger than {5 * 2**20 + 64 * 2**10} bytes."]}
    assert upload.read_bytes == 0
    assert not HistoryImport.objects.exists()


@pytest.fixture
def kept_bytes(monkeypatch) -> list[int]:
    """The bytes handed to the handler that keeps uploaded files in memory (next in line)."""
    kept: list[int] = []
    receive = MemoryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data: bytes, start: int):
        kept.append(len(raw_data))
        return receive(self, raw_data, start)

    monkeypatch.setattr(MemoryFileUploadHandler, "receive_data_chunk", counting)
    return kept


@SURFACES
def test_a_file_past_the_limit_stops_being_read_where_it_passes_it(
    client, access_token, settings, kept_bytes, path, fields
):
    settings.UPLOAD_MAX_BYTES, settings.UPLOAD_FORM_ALLOWANCE_BYTES = 200_000, 2_000_000
    upload = CountingUpload(fields, 2_000_000)  # within the declared-length cap, over the file limit

    response = _post(client, path, upload, access_token)

    assert response.status_code == 413
    assert messages(response) == {None: ["The request body is larger than 200000 bytes."]}
    assert sum(kept_bytes) <= 200_000
    assert upload.read_bytes <= 200_000 + 2 * CHUNK  # the limit, the chunk crossing it, a look-ahead
    assert not HistoryImport.objects.exists()


def test_a_body_declaring_less_than_it_sends_is_read_no_further_than_declared(client, access_token, settings):
    settings.UPLOAD_MAX_BYTES = 200_000
    upload = CountingUpload({}, FIFTY_MB)

    response = _post(client, REST, upload, access_token, declared=200_000)

    assert (response.status_code, messages(response)) == (400, {"file": ["No file was submitted."]})
    assert upload.read_bytes <= 200_000
    assert not HistoryImport.objects.exists()


def test_an_anonymous_graphql_upload_is_refused_before_a_byte_is_read(client):
    upload = CountingUpload(_graphql_fields(), 4 * 1024 * 1024)  # under every size limit

    response = client.generic(
        "POST",
        GRAPHQL,
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(upload.length),
        **{"wsgi.input": upload},
    )

    assert response.json() == {
        "errors": [{"message": "Sign in to upload files.", "extensions": {"code": "FORBIDDEN"}}]
    }
    assert upload.read_bytes == 0
