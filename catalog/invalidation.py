"""Retiring what caches show of the catalog after it changes outside TMDb upserts."""

from django.core.cache import cache

from catalog.search import generation as search_generation
from catalog.tmdb import api
from common import payload_cache


def catalog_changed() -> None:
    """Retire every cached answer showing catalog data (after any catalog write outside TMDb upserts)."""
    payload_cache.bump(payload_cache.CATALOG)
    search_generation.titles_changed()


def movie_detail_invalidate(*, tmdb_id: int) -> None:
    """Drop a movie's cached TMDb detail and the answers showing it (after an admin edit)."""
    cache.delete(api.detail_key(tmdb_id))
    catalog_changed()
