"""Automatic persisted queries (Apollo's protocol) and the allow-list mode.

A client sends ``extensions: {persistedQuery: {version: 1, sha256Hash}}``, first without the
query text. A known hash runs the query it names; an unknown one answers
``PersistedQueryNotFound`` and the client sends hash and text together, which registers the
text once it is checked against the hash. Registered texts (GRAPHQL_APQ_MAX_QUERY_BYTES
each) are kept until unused for GRAPHQL_APQ_TTL seconds, at most GRAPHQL_APQ_MAX_ENTRIES of
them, the least recently used evicted first (common/lru_store.py): no client can fill the store
for the others. Each client address and signed-in user may register at most the
``persist_query`` throttle's rate (api_policy); a registration over it still runs, it is just
not kept. Texts registered ahead with ``manage.py persist_queries``
live in the GRAPHQL_PERSISTED_QUERIES_FILE manifest and are always known; with
GRAPHQL_PERSISTED_ONLY=True they are the only ones that run.
"""

import functools
import hashlib
import json
import os
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, JsonResponse

from api_policy.operations import PERSIST_QUERY_THROTTLE
from api_policy.throttling import refusal
from common.lru_store import LruStore
from graphql_schema.errors import error_answer
from graphql_schema.operations import Operation

VERSION = 1
HASH_LENGTH = 64
_HEX = frozenset("0123456789abcdef")
store = LruStore("apq:")


class PersistedQueryError(Exception):
    """A persisted-query request refused before anything ran: a GraphQL error with a code."""

    def __init__(self, message: str, code: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.code, self.status = message, code, status

    def response(self) -> JsonResponse:
        return error_answer(self.message, self.code, self.status)


NOT_FOUND = PersistedQueryError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND", status=200)


def digest(query: str) -> str:
    """The SHA-256 of a query text, as Apollo clients compute it (hex of its UTF-8 bytes)."""
    return hashlib.sha256(query.encode()).hexdigest()


def requested_hash(operation: Operation) -> str | None:
    """The hash an operation names in ``extensions.persistedQuery``, checked; None when it names none."""
    extension = (operation.extensions or {}).get("persistedQuery")
    if extension is None:
        return None
    if not isinstance(extension, dict):
        raise PersistedQueryError("persistedQuery must be an object.", "BAD_REQUEST")
    if extension.get("version") != VERSION:
        raise PersistedQueryError("Unsupported persisted query version.", "PERSISTED_QUERY_VERSION")
    sha = extension.get("sha256Hash")
    if not isinstance(sha, str) or len(sha) != HASH_LENGTH or not _HEX.issuperset(sha):
        raise PersistedQueryError(
            "persistedQuery.sha256Hash must be 64 lowercase hexadecimal characters.", "BAD_REQUEST"
        )
    return sha


def check_size(query: str) -> None:
    """Refuse a text longer than a registered query may be, before it is hashed."""
    limit = settings.GRAPHQL_APQ_MAX_QUERY_BYTES
    if len(query) > limit or len(query.encode()) > limit:
        raise PersistedQueryError(f"Persisted queries are limited to {limit} bytes.", "QUERY_TOO_LARGE", 413)


def identify(operation: Operation) -> str | None:
    """The hash naming this operation's text, checked; None for a plain query nobody persisted.

    Raises PersistedQueryError for malformed persisted-query input, a text that does not
    match its hash, and (in allow-list mode) anything not registered ahead.
    """
    sha = requested_hash(operation)
    if settings.GRAPHQL_PERSISTED_ONLY:
        if sha is None:
            raise PersistedQueryError(
                "Only queries registered ahead are accepted; send extensions.persistedQuery.",
                "PERSISTED_QUERY_REQUIRED",
            )
        if sha not in manifest():
            raise NOT_FOUND
    if sha is None or operation.query is None:
        return sha
    check_size(operation.query)
    if digest(operation.query) != sha:
        raise PersistedQueryError("provided sha does not match query", "PERSISTED_QUERY_HASH_MISMATCH")
    return sha


def text(sha: str) -> str:
    """The query text registered under ``sha`` (ahead, or by a client); PersistedQueryNotFound if none."""
    found = manifest().get(sha)
    if found is None and not settings.GRAPHQL_PERSISTED_ONLY:
        found = store.get(sha, settings.GRAPHQL_APQ_TTL)
    if found is None:
        raise NOT_FOUND
    return found


def register(request: HttpRequest, sha: str, query: str) -> None:
    """Keep a checked text under its hash, unless it is known ahead or its client is over the
    registration rate (``persist_query`` throttle): then the query ran but is not kept."""
    if settings.GRAPHQL_PERSISTED_ONLY or sha in manifest():
        return
    if refusal(request, PERSIST_QUERY_THROTTLE) is not None:
        return
    store.put(sha, query, ttl=settings.GRAPHQL_APQ_TTL, limit=settings.GRAPHQL_APQ_MAX_ENTRIES)


def manifest() -> dict[str, str]:
    """The queries registered ahead (hash -> text), re-read when the manifest file changes."""
    path = Path(settings.GRAPHQL_PERSISTED_QUERIES_FILE)
    try:
        changed = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return {}
    return _load(path, changed)


@functools.lru_cache(maxsize=4)
def _load(path: Path, changed: int) -> dict[str, str]:
    return json.loads(path.read_text())
