"""One circuit breaker per Redis server, shared by everything that talks to it.

A Redis that hangs (accepts connections, never answers) costs each call its socket timeout;
a request making several cache calls would wait them all out. Every connection we open to
Redis (the default cache, the limits store, the TMDb HTTP cache, ``get_redis_connection``)
is a ``guarded`` connection class: after REDIS_BREAKER_FAILURES consecutive timeouts or
connection errors on a server, its circuit opens and for REDIS_BREAKER_RESET_SECONDS every
call to that server fails at once with ``CircuitOpen`` (a ``redis.ConnectionError``, so each
caller's existing fallback serves: the default cache answers a miss, the limits store counts
in this process). After that window the next call is let through as a trial: an answer
closes the circuit, another failure opens it again.

pybreaker (the TMDb breaker) is not used here: its ``call`` holds one lock for the whole
guarded call, which would queue every cache call of a threaded worker behind a hung one.
"""

import logging
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from prometheus_client import Gauge
from redis.connection import Connection, SSLConnection, UnixDomainSocketConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("moviverse.cache")

STATE = Gauge(
    "moviverse_redis_breaker_open",
    "1 while the circuit breaker around a Redis server is open (calls to it skipped), else 0.",
    ["server"],
    multiprocess_mode="livemax",
)

_FAILURES = (RedisConnectionError, RedisTimeoutError, socket.timeout, OSError)


_OPEN_MESSAGE = "Redis circuit open"


class CircuitOpen(RedisConnectionError):
    """Raised instead of calling a Redis server whose circuit is open."""


class QuietWhileOpen(logging.Filter):
    """Drops the per-call log lines of calls an open circuit refused: its opening is logged once."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            if isinstance(error, CircuitOpen):
                return False
            error = error.__cause__
        return _OPEN_MESSAGE not in record.getMessage()


class Breaker:
    """Consecutive failures of one server, and until when its circuit stays open."""

    def __init__(self, server: str) -> None:
        self.server = server
        self._failures = 0
        self._open_until = 0.0

    def allows(self) -> bool:
        """Whether a call may be sent now: closed, or open long enough for a trial."""
        return time.monotonic() >= self._open_until

    @property
    def is_open(self) -> bool:
        return not self.allows()

    def failed(self) -> None:
        """Count a timeout or connection error; open the circuit at the threshold."""
        self._failures += 1
        if self._failures >= settings.REDIS_BREAKER_FAILURES:
            if self.allows():
                logger.warning("redis circuit open: %s skipped for a while", self.server)
            self._open_until = time.monotonic() + settings.REDIS_BREAKER_RESET_SECONDS
            STATE.labels(self.server).set(1)

    def succeeded(self) -> None:
        """An answer came back: the server is fine."""
        if self._failures:
            self._failures = 0
            self._open_until = 0.0
            STATE.labels(self.server).set(0)


_breakers: dict[str, Breaker] = {}


def breaker(server: str) -> Breaker:
    """The breaker of ``server`` (``host:port`` or a socket path), made on first use."""
    found = _breakers.get(server)
    if found is None:
        found = _breakers.setdefault(server, Breaker(server))
    return found


def breaker_for_url(url: str) -> Breaker:
    """The breaker of the server a ``redis://``, ``rediss://`` or ``unix://`` URL names."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return breaker(parts.path)
    return breaker(f"{parts.hostname or 'localhost'}:{parts.port or 6379}")


def open_breakers() -> list[str]:
    """The servers whose circuit is open now (for /health/)."""
    return sorted(server for server, each in _breakers.items() if each.is_open)


class _Guarded:
    """A redis-py connection that consults and feeds its server's breaker."""

    def _breaker(self) -> Breaker:
        path = getattr(self, "path", None)
        return breaker(path) if path else breaker(f"{self.host}:{self.port}")

    def _guard(self) -> Breaker:
        found = self._breaker()
        if not found.allows():
            raise CircuitOpen(f"{_OPEN_MESSAGE}: {found.server} not tried")
        return found

    def connect(self) -> None:
        found = self._guard()
        try:
            super().connect()
        except _FAILURES:
            found.failed()
            raise

    def send_packed_command(self, command, check_health: bool = True) -> None:
        found = self._guard()
        try:
            super().send_packed_command(command, check_health)
        except _FAILURES:
            found.failed()
            raise

    def read_response(self, *args, **kwargs):
        found = self._breaker()
        try:
            response = super().read_response(*args, **kwargs)
        except _FAILURES:
            found.failed()
            raise
        found.succeeded()
        return response


class GuardedConnection(_Guarded, Connection):
    """A TCP connection behind its server's breaker."""


class GuardedSSLConnection(_Guarded, SSLConnection):
    """A TLS connection behind its server's breaker."""


class GuardedUnixConnection(_Guarded, UnixDomainSocketConnection):
    """A Unix-socket connection behind its server's breaker."""


def guarded(url: str) -> type[Connection]:
    """The connection class to open ``url`` with, behind its server's breaker."""
    scheme = urlsplit(url).scheme
    if scheme == "rediss":
        return GuardedSSLConnection
    if scheme == "unix":
        return GuardedUnixConnection
    return GuardedConnection
