"""What can go wrong talking to TMDb; messages never carry the API key."""


class TmdbError(Exception):
    """Base class of TMDb failures."""


class TmdbUnavailable(TmdbError):
    """TMDb cannot answer now: no key, circuit open, network failure, 5xx, 429 or a junk payload."""


class TmdbNotConfigured(TmdbUnavailable):
    """No TMDB_API_KEY is set: every read is served from the local catalog."""


class TmdbUnauthorized(TmdbUnavailable):
    """TMDb refused the API key (HTTP 401, status_code 7): nothing works until the key is fixed."""


class TmdbBadResponse(TmdbUnavailable):
    """TMDb answered with something that is not the documented JSON (HTML page, wrong types)."""


class TmdbNotFound(TmdbError):
    """TMDb says the resource does not exist (status_code 34, HTTP 404)."""


class TmdbTransientError(TmdbUnavailable):
    """A failure worth retrying: timeout, connection error, 5xx or 429 (with its Retry-After)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
