"""The catalog's title generation: a stamp in the shared cache that title writes renew.

In-process title indexes and cached autocomplete answers carry the stamp they were built
under, so a renamed, added or removed movie shows in every process at its next search.
"""

import uuid

from django.core.cache import cache

GENERATION_KEY = "catalog:search:titles"


def titles_changed() -> None:
    """Retire every title index and cached autocomplete answer (after titles were written)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def titles_generation() -> str:
    """The current stamp (a fresh one when the cache has none, e.g. after a restart or flush)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation or uuid.uuid4().hex
