"""The HTTP layer of the TMDb client: authentication, timeouts, retries, circuit breaker, HTTP cache.

A v3 API key travels in the ``api_key`` query parameter, a v4 read access token (a long JWT)
in ``Authorization: Bearer``. Neither is ever logged or put in an exception message: logs
name the path and the non-secret parameters only, and urllib3's debug log is redacted.
"""

import logging
import re
import time
from typing import Any

import pybreaker
import requests
import requests_cache
from django.conf import settings
from redis import Redis, RedisError
from redis.backoff import NoBackoff
from redis.retry import Retry
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from catalog.tmdb import metrics
from catalog.tmdb.errors import (
    TmdbBadResponse,
    TmdbNotConfigured,
    TmdbNotFound,
    TmdbTransientError,
    TmdbUnauthorized,
    TmdbUnavailable,
)
from common import redis_breaker

logger = logging.getLogger("moviverse.tmdb")

# TMDb error codes (``status_code`` of an error body) with a meaning of their own.
STATUS_NOT_FOUND = 34
STATUS_RATE_LIMITED = 25
STATUS_INVALID_KEY = 7
_SECRET_PARAM = re.compile(r"(api_key=)[^&\s\"']+")


class _RedactSecrets(logging.Filter):
    """Strips api_key values from urllib3's debug lines (which print the full request URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(
                _SECRET_PARAM.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args
            )
        record.msg = _SECRET_PARAM.sub(r"\1***", str(record.msg))
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_RedactSecrets())
# requests-cache logs whole request URLs (api_key included) at DEBUG: keep it at INFO and up.
logging.getLogger("requests_cache").setLevel(logging.INFO)

breaker = pybreaker.CircuitBreaker(
    fail_max=settings.TMDB_BREAKER_FAIL_MAX,
    reset_timeout=settings.TMDB_BREAKER_RESET_SECONDS,
    exclude=[TmdbNotFound],
    name="tmdb",
    listeners=[metrics.BreakerStateListener()],
    # The call that trips the circuit raises its own error: CircuitBreakerError means "not even tried".
    throw_new_error_on_trip=False,
)

_session: requests_cache.CachedSession | None = None


def _expire_after() -> dict[str, int]:
    """HTTP-cache lifetimes per URL pattern (first match wins): spec 7.4's TTLs."""
    lists, detail = settings.TMDB_LIST_TTL, settings.TMDB_DETAIL_TTL
    return {
        "*/trending/*": lists,
        "*/movie/popular": lists,
        "*/movie/top_rated": lists,
        "*/movie/upcoming": lists,
        "*/movie/*/similar": lists,
        "*/search/*": settings.TMDB_SEARCH_TTL,
        "*/configuration": settings.TMDB_CONFIGURATION_TTL,
        "*/genre/*": settings.TMDB_CONFIGURATION_TTL,
        "*/watch/providers/*": settings.TMDB_CONFIGURATION_TTL,
        "*/movie/*": detail,
    }


def session() -> requests_cache.CachedSession:
    """The process-wide HTTP session, caching in Redis when REDIS_URL is set, else in memory."""
    global _session
    if _session is None:
        backend: Any = "memory"
        if settings.REDIS_URL:
            backend = requests_cache.RedisCache(
                namespace="tmdb-http",
                # Behind the same circuit breaker as the caches, and never retried: once Redis
                # hangs, a TMDb read neither waits out timeouts nor sleeps between retries.
                connection=Redis.from_url(
                    settings.REDIS_URL,
                    socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
                    socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
                    connection_class=redis_breaker.guarded(settings.REDIS_URL),
                    retry=Retry(NoBackoff(), 0),
                ),
            )
        _session = requests_cache.CachedSession(
            backend=backend,
            expire_after=settings.TMDB_LIST_TTL,
            urls_expire_after=_expire_after(),
            allowable_codes=(200,),
            stale_if_error=False,
        )
    return _session


def reset() -> None:
    """Forget cached HTTP responses and close the circuit (tests and admin resyncs)."""
    global _session
    try:
        session().cache.clear()
    except RedisError:
        logger.warning("tmdb.http_cache_unreachable")
    session().close()
    _session = None
    breaker.close()


def _credentials(api_key: str) -> tuple[dict[str, str], dict[str, str]]:
    """(query params, headers) carrying the key: a v4 token as a Bearer header, a v3 key as api_key."""
    if api_key.count(".") == 2 and len(api_key) > 64:
        return {}, {"Authorization": f"Bearer {api_key}"}
    return {"api_key": api_key}, {}


def _retry_after(response: requests.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


def _error_body(response: requests.Response) -> tuple[int | None, str]:
    try:
        body = response.json()
    except ValueError:
        return None, ""
    if not isinstance(body, dict):
        return None, ""
    code = body.get("status_code")
    # The message goes into logs and task failures: a gateway that echoes the request must not leak the key.
    message = str(body.get("status_message", ""))
    if settings.TMDB_API_KEY:
        message = message.replace(settings.TMDB_API_KEY, "***")
    return (code if isinstance(code, int) else None), _SECRET_PARAM.sub(r"\1***", message)[:200]


def _outcome(status: int, code: int | None) -> str:
    """What an answer is (its metrics outcome); _check raises the error that goes with it."""
    if status == 429 or code == STATUS_RATE_LIMITED:
        return "rate_limited"
    if status >= 500:
        return "server_error"
    if status == 404 or code == STATUS_NOT_FOUND:
        return "not_found"
    return "ok" if status == 200 else "client_error"


def _check(response: requests.Response, path: str, seconds: float) -> Any:
    """The decoded JSON body, or the TMDb error it stands for; the attempt is counted under its outcome.

    ``seconds`` is how long the attempt took; an answer of the HTTP cache is counted as ``cached``, untimed.
    """
    status = response.status_code
    code, message = _error_body(response)
    outcome = _outcome(status, code)
    if response.from_cache:
        metrics.observe_attempt(path, "cached")
    else:
        metrics.observe_attempt(path, outcome, seconds)
    if outcome == "rate_limited":
        raise TmdbTransientError(f"TMDb rate limit on {path}", retry_after=_retry_after(response))
    if outcome == "server_error":
        raise TmdbTransientError(f"TMDb answered HTTP {status} on {path}")
    if outcome == "not_found":
        raise TmdbNotFound(f"TMDb has no {path}")
    if outcome == "client_error" and (status == 401 or code == STATUS_INVALID_KEY):
        raise TmdbUnauthorized(f"TMDb refused the API key on {path}: HTTP {status} (code {code})")
    if outcome == "client_error":
        raise TmdbUnavailable(f"TMDb refused {path}: HTTP {status} (code {code}) {message}".strip())
    try:
        body = response.json()
    except ValueError:
        raise TmdbBadResponse(f"TMDb sent a non-JSON body for {path}") from None
    if not isinstance(body, dict):
        raise TmdbBadResponse(f"TMDb sent a {type(body).__name__} instead of an object for {path}")
    if body.get("success") is False:
        raise TmdbUnavailable(f"TMDb error on {path}: code {code} {message}".strip())
    return body


def _send(path: str, params: dict[str, Any], refresh: bool = False) -> dict[str, Any]:
    auth_params, headers = _credentials(settings.TMDB_API_KEY)
    url = settings.TMDB_BASE_URL.rstrip("/") + path
    started = time.perf_counter()
    try:
        try:
            response = session().get(
                url,
                params={**params, **auth_params},
                headers=headers,
                timeout=settings.TMDB_TIMEOUT,
                force_refresh=refresh,
            )
        except RedisError:
            with session().cache_disabled():
                response = session().get(
                    url, params={**params, **auth_params}, headers=headers, timeout=settings.TMDB_TIMEOUT
                )
    except (requests.Timeout, requests.ConnectionError) as exc:
        outcome = "timeout" if isinstance(exc, requests.Timeout) else "connection_error"
        metrics.observe_attempt(path, outcome, time.perf_counter() - started)
        raise TmdbTransientError(f"TMDb unreachable on {path}: {type(exc).__name__}") from None
    except requests.RequestException as exc:
        metrics.observe_attempt(path, "connection_error", time.perf_counter() - started)
        raise TmdbUnavailable(f"TMDb request failed on {path}: {type(exc).__name__}") from None
    seconds = time.perf_counter() - started
    logger.debug(
        "tmdb.response",
        extra={"path": path, "params": params, "status": response.status_code, "cached": response.from_cache},
    )
    return _check(response, path, seconds)


class _WaitRetryAfterOrBackoff:
    """Honours a 429's Retry-After (capped), else exponential backoff with full jitter."""

    def __call__(self, retry_state) -> float:
        cap = settings.TMDB_RETRY_AFTER_MAX_SECONDS
        error = retry_state.outcome.exception() if retry_state.outcome else None
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return max(0.0, min(retry_after, cap))
        backoff = wait_random_exponential(multiplier=settings.TMDB_BACKOFF_SECONDS, max=cap)
        return backoff(retry_state)


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _note_retry(path: str, state: RetryCallState) -> None:
    logger.warning("tmdb.retry", extra={"path": path, "attempt": state.attempt_number})
    metrics.RETRIES.labels(metrics.endpoint(path)).inc()


def _with_retries(path: str, params: dict[str, Any], refresh: bool) -> dict[str, Any]:
    retrying = Retrying(
        retry=retry_if_exception_type(TmdbTransientError),
        wait=_WaitRetryAfterOrBackoff(),
        stop=stop_after_attempt(max(1, settings.TMDB_MAX_ATTEMPTS)),
        sleep=lambda seconds: _sleep(seconds),
        before_sleep=lambda state: _note_retry(path, state),
        reraise=True,
    )
    return retrying(_send, path, params, refresh)


def get_json(path: str, params: dict[str, Any] | None = None, *, refresh: bool = False) -> dict[str, Any]:
    """GET a TMDb v3 path: the JSON object, or TmdbNotFound / TmdbUnavailable (never anything else).

    ``refresh`` bypasses the HTTP cache (admin resyncs).
    """
    if not settings.TMDB_API_KEY:
        raise TmdbNotConfigured("TMDB_API_KEY is not set")
    query = {"language": settings.TMDB_LANGUAGE, **(params or {})}
    try:
        return breaker.call(_with_retries, path, query, refresh)
    except pybreaker.CircuitBreakerError:
        metrics.observe_attempt(path, "breaker_open")
        logger.warning("tmdb.circuit_open", extra={"path": path})
        raise TmdbUnavailable(f"TMDb circuit open; not calling {path}") from None
    except TmdbUnavailable as exc:
        logger.warning("tmdb.failure", extra={"path": path, "error": str(exc)})
        raise
