"""TMDb v3 client: see ``api`` (endpoints and caching), ``http`` (transport) and ``normalize`` (shapes)."""

from catalog.tmdb.errors import (
    TmdbBadResponse,
    TmdbError,
    TmdbNotConfigured,
    TmdbNotFound,
    TmdbTransientError,
    TmdbUnauthorized,
    TmdbUnavailable,
)

__all__ = [
    "TmdbBadResponse",
    "TmdbError",
    "TmdbNotConfigured",
    "TmdbNotFound",
    "TmdbTransientError",
    "TmdbUnauthorized",
    "TmdbUnavailable",
]
