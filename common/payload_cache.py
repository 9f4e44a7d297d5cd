"""Rendered answers cached with generation stamps, so a repeated read is one cache read.

A cached answer is stored with the stamps of every generation it depends on: the catalog
(admin edits, TMDb re-syncs), trending and recommendations (recomputed lists) and, for a
signed-in reader, that user's own generation (their favorites, watchlist, reviews and
views). The answer and the current stamps come back in one cache read; a write bumps its
generation, which retires every answer built under the old stamp at once. Each stored answer
carries a strong ETag made when it was built (from its key, stamps and build time), so a
conditional request is answered without rendering anything.
PAYLOAD_CACHE_TTL bounds what no generation tracks (rating averages moved by other users'
reviews, movies TMDb adds).
"""

import hashlib
import json
import time
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

CATALOG = "catalog"
TRENDING = "trending"
RECOMMENDATIONS = "recommendations"
GLOBAL_GENERATIONS = (CATALOG, TRENDING, RECOMMENDATIONS)
_PREFIX = "payload:"


def _generation_key(name: str) -> str:
    return f"{_PREFIX}gen:{name}"


def user_generation(user_id: Hashable) -> str:
    """The generation name of one user's own data."""
    return f"user:{user_id}"


def bump(*names: str) -> None:
    """Retire every cached answer that depends on any of these generations."""
    stamp = time.time_ns()
    cache.set_many({_generation_key(name): stamp for name in names}, timeout=None)


@dataclass(frozen=True)
class Slot:
    """Where one answer lives: key, the generation stamps read with it, current answer and its ETag."""

    key: str
    stamps: list
    value: Any
    etag: str | None = None


@dataclass(frozen=True)
class Place:
    """Where the answer to one request lives for one reader, and the generation stamps read with it."""

    key: str
    stamp_keys: tuple[str, ...]

    @property
    def keys(self) -> list[str]:
        """The cache keys to read (in one ``get_many``) for ``slot``."""
        return [self.key, *self.stamp_keys]

    def slot(self, found: dict[str, Any]) -> Slot:
        """The slot, from what a read of ``keys`` found."""
        stamps = [found.get(stamp_key) for stamp_key in self.stamp_keys]
        stored = found.get(self.key)
        if stored is None or len(stored) != 3 or stored[0] != stamps:
            return Slot(key=self.key, stamps=stamps, value=None)
        return Slot(key=self.key, stamps=stamps, value=stored[2], etag=stored[1])


def place(*, user_id: Hashable | None, parts: object) -> Place:
    """Where the answer to these request ``parts`` (JSON-able) lives for this reader.

    ``user_id`` is the reader (None when anonymous): a signed-in reader's answers are kept
    apart and follow their own generation too, so their writes show at once.
    """
    generations = list(GLOBAL_GENERATIONS)
    if user_id is not None:
        generations.append(user_generation(user_id))
    material = json.dumps([str(user_id), parts], sort_keys=True, default=str)
    key = _PREFIX + hashlib.sha256(material.encode()).hexdigest()
    return Place(key=key, stamp_keys=tuple(_generation_key(name) for name in generations))


def personal_place(*, user_id: Hashable, parts: object) -> Place:
    """Where an answer built from one user's own rows alone lives: it follows only that user's
    generation, so their writes retire it and nobody else's (nor a catalog change) does."""
    material = json.dumps([str(user_id), "personal", parts], sort_keys=True, default=str)
    key = _PREFIX + hashlib.sha256(material.encode()).hexdigest()
    return Place(key=key, stamp_keys=(_generation_key(user_generation(user_id)),))


def read(where: Place) -> Slot:
    """The slot at ``where``, in one cache read."""
    return where.slot(cache.get_many(where.keys))


def fill(slot: Slot, value: object, *, timeout: int | None = None) -> str:
    """Keep ``value`` in ``slot`` for ``timeout`` seconds (PAYLOAD_CACHE_TTL when not given), under
    the stamps read before it was built.

    A write that bumped a generation meanwhile leaves the stored stamps behind, so the next
    read builds afresh instead of serving what was built from older data. Returns the
    answer's strong ETag (quoted), new for every build, so it never names two different bodies.
    """
    material = json.dumps([slot.key, slot.stamps, time.time_ns()], default=str)
    etag = f'"{hashlib.sha256(material.encode()).hexdigest()[:32]}"'
    cache.set(slot.key, (slot.stamps, etag, value), timeout or settings.PAYLOAD_CACHE_TTL)
    return etag
