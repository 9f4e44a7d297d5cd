"""Every TMDb v3 endpoint MoviVerse uses (spec 7.2), normalized and cached under the spec's keys.

Normalized payloads live in the Django cache (``tmdb:trending:week``, ``tmdb:popular:page:1``,
``tmdb:movie:{id}:detail``, ...) with spec 7.4's TTLs, plus a long-lived stale copy that is
served when TMDb cannot answer. Raw HTTP responses are cached once more by requests-cache.
"""

import hashlib
from collections.abc import Callable
from functools import partial
from typing import Any, Literal, TypeVar

from django.conf import settings
from django.core.cache import cache

from catalog.tmdb import normalize
from catalog.tmdb.errors import TmdbError, TmdbUnavailable
from catalog.tmdb.http import get_json
from catalog.tmdb.normalize import GenreData, MovieDetail, MoviePageData, ProviderData, RegionData

T = TypeVar("T")
OnFresh = Callable[[Any], None]
ListKind = Literal["popular", "top_rated", "upcoming"]
STALE_TTL = 7 * 24 * 3600
# An unreachable /configuration is retried after this long; meanwhile the fallback image base is used.
CONFIGURATION_RETRY_TTL = 60


def detail_key(tmdb_id: int) -> str:
    """Cache key of a movie's normalized TMDb detail (spec 7.4); admin saves delete it."""
    return f"tmdb:movie:{tmdb_id}:detail"


def _cached(key: str, ttl: int, fetch: Callable[[], T], on_fresh: OnFresh | None = None) -> T:
    """The cached value, else a fresh fetch (passed to on_fresh, then cached), else the stale copy.

    TmdbUnavailable only when TMDb fails and no stale copy exists.
    """
    value = cache.get(key)
    if value is not None:
        return value
    try:
        value = fetch()
    except TmdbUnavailable:
        stale = cache.get(f"{key}:stale")
        if stale is None:
            raise
        return stale
    if on_fresh is not None:
        on_fresh(value)
    cache.set(key, value, ttl)
    cache.set(f"{key}:stale", value, STALE_TTL)
    return value


def image_base() -> str:
    """images.secure_base_url from /configuration, or settings.TMDB_IMAGE_BASE_URL."""
    key = "tmdb:configuration:images"
    base = cache.get(key)
    if base is None:
        try:
            base = normalize.image_base_url(get_json("/configuration"), settings.TMDB_IMAGE_BASE_URL)
            cache.set(key, base, settings.TMDB_CONFIGURATION_TTL)
        except TmdbError:
            base = settings.TMDB_IMAGE_BASE_URL
            cache.set(key, base, CONFIGURATION_RETRY_TTL)
    return base


def genre_list() -> list[GenreData]:
    """/genre/movie/list: TMDb's movie genres (maps a list's genre_ids to names)."""
    return _cached("tmdb:genres", settings.TMDB_CONFIGURATION_TTL, _fetch_genres)


def _fetch_genres() -> list[GenreData]:
    return normalize.genres(get_json("/genre/movie/list").get("genres"))


def _page(path: str, params: dict[str, Any] | None = None, *, movies_only: bool = False) -> MoviePageData:
    raw = get_json(path, params)
    return normalize.movie_page(raw, image_base(), movies_only=movies_only)


def trending(time_range: Literal["day", "week"], on_fresh: OnFresh | None = None) -> MoviePageData:
    """/trending/movie/{day|week}, first page."""
    fetch = partial(_page, f"/trending/movie/{time_range}")
    return _cached(f"tmdb:trending:{time_range}", settings.TMDB_LIST_TTL, fetch, on_fresh)


def movie_list(kind: ListKind, page: int = 1, on_fresh: OnFresh | None = None) -> MoviePageData:
    """/movie/popular, /movie/top_rated or /movie/upcoming, one page."""
    fetch = partial(_page, f"/movie/{kind}", {"page": page})
    return _cached(f"tmdb:{kind}:page:{page}", settings.TMDB_LIST_TTL, fetch, on_fresh)


def _fetch_detail(tmdb_id: int, refresh: bool) -> MovieDetail:
    appended = {"append_to_response": "credits,videos,alternative_titles,watch/providers"}
    raw = get_json(f"/movie/{tmdb_id}", appended, refresh=refresh)
    return normalize.movie_detail(raw, image_base())


def movie_detail(tmdb_id: int, on_fresh: OnFresh | None = None, *, refresh: bool = False) -> MovieDetail:
    """/movie/{id}?append_to_response=credits,videos,alternative_titles,watch/providers; TmdbNotFound
    for an unknown id.

    ``refresh`` skips both caches (the fresh payload is cached again).
    """
    if refresh:
        cache.delete(detail_key(tmdb_id))
    fetch = partial(_fetch_detail, tmdb_id, refresh)
    return _cached(detail_key(tmdb_id), settings.TMDB_DETAIL_TTL, fetch, on_fresh)


def similar(tmdb_id: int, page: int = 1, on_fresh: OnFresh | None = None) -> MoviePageData:
    """/movie/{id}/similar, one page."""
    fetch = partial(_page, f"/movie/{tmdb_id}/similar", {"page": page})
    return _cached(f"tmdb:movie:{tmdb_id}:similar:page:{page}", settings.TMDB_LIST_TTL, fetch, on_fresh)


def search_movies(query: str, page: int = 1, on_fresh: OnFresh | None = None) -> MoviePageData:
    """/search/multi keeping movie results only (tv shows and people are dropped)."""
    digest = hashlib.sha256(f"{query.casefold()}|{page}".encode()).hexdigest()[:32]
    params = {"query": query, "page": page, "include_adult": "false"}
    fetch = partial(_page, "/search/multi", params, movies_only=True)
    return _cached(f"tmdb:search:{digest}", settings.TMDB_SEARCH_TTL, fetch, on_fresh)


def watch_provider_list(on_fresh: OnFresh | None = None) -> list[ProviderData]:
    """/watch/providers/movie: every provider of movies, worldwide (cached for TMDB_CONFIGURATION_TTL)."""
    return _cached("tmdb:watch_providers", settings.TMDB_CONFIGURATION_TTL, _fetch_providers, on_fresh)


def watch_region_list(on_fresh: OnFresh | None = None) -> list[RegionData]:
    """/watch/providers/regions: the countries TMDb has offers for (cached for TMDB_CONFIGURATION_TTL)."""
    return _cached("tmdb:watch_regions", settings.TMDB_CONFIGURATION_TTL, _fetch_regions, on_fresh)


def _fetch_providers() -> list[ProviderData]:
    return normalize.providers(get_json("/watch/providers/movie"))


def _fetch_regions() -> list[RegionData]:
    return normalize.regions(get_json("/watch/providers/regions"))
