"""Prometheus metrics of the TMDb client: calls per endpoint and outcome, latencies, retries, breaker state.

Labels stay low-cardinality: ``endpoint`` is the path template (``movie/{id}/credits``), never an id,
a query string or the API key.
"""

import re

import pybreaker
from prometheus_client import Counter, Gauge, Histogram

REQUESTS = Counter(
    "moviverse_tmdb_requests_total",
    "TMDb HTTP attempts by endpoint and outcome: ok (HTTP 200), cached (answered by the HTTP cache), "
    "not_found, client_error, server_error, rate_limited, timeout, connection_error; breaker_open "
    "counts calls the open circuit refused without an attempt.",
    ["endpoint", "outcome"],
)
REQUEST_DURATION = Histogram(
    "moviverse_tmdb_request_duration_seconds",
    "Duration of TMDb HTTP attempts, failed ones included; HTTP-cache answers are not timed.",
    ["endpoint"],
)
RETRIES = Counter(
    "moviverse_tmdb_retries_total",
    "TMDb attempts retried after a transient failure (timeout, connection error, 5xx, 429).",
    ["endpoint"],
)
BREAKER_STATE = Gauge(
    "moviverse_tmdb_breaker_state",
    "State of the TMDb circuit breaker: 0 closed, 1 half-open, 2 open.",
    multiprocess_mode="livemax",
)
BREAKER_STATE_VALUES = {pybreaker.STATE_CLOSED: 0, pybreaker.STATE_HALF_OPEN: 1, pybreaker.STATE_OPEN: 2}

_ID_SEGMENT = re.compile(r"/\d+(?=/|$)")


def endpoint(path: str) -> str:
    """The ``endpoint`` label of a TMDb path: ``/movie/603/credits?x=1`` -> ``movie/{id}/credits``."""
    return _ID_SEGMENT.sub("/{id}", path.split("?", 1)[0]).strip("/")


def observe_attempt(path: str, outcome: str, seconds: float | None = None) -> None:
    """Count one TMDb attempt under ``outcome``; ``seconds`` (None when nothing was sent) is timed too."""
    label = endpoint(path)
    REQUESTS.labels(label, outcome).inc()
    if seconds is not None:
        REQUEST_DURATION.labels(label).observe(seconds)


class BreakerStateListener(pybreaker.CircuitBreakerListener):
    """Mirrors the breaker's state in ``moviverse_tmdb_breaker_state``."""

    def state_change(
        self,
        _cb: pybreaker.CircuitBreaker,
        _old_state: pybreaker.CircuitBreakerState | None,
        new_state: pybreaker.CircuitBreakerState,
    ) -> None:
        BREAKER_STATE.set(BREAKER_STATE_VALUES[new_state.name])
