"""Cache backends: django-redis with metrics, and a failover store for limit counters."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django_prometheus.cache.backends.redis import RedisCache as InstrumentedRedisCache
from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger("moviverse.cache")


class RedisCache(InstrumentedRedisCache):
    """django-redis with hit/miss counters that degrades cleanly when Redis is down.

    django-redis lets connection errors escape from ``touch`` and answers an ignored
    ``incr`` with None; django-axes' cache handler calls both on every failed login,
    so a dead Redis would fail those requests. Here ``touch`` swallows the error and
    ``incr`` counts 0 (no lockout is recorded while Redis is away).
    """

    def incr(self, *args, **kwargs) -> int:
        value = super().incr(*args, **kwargs)
        return 0 if value is None else value

    def touch(self, *args, **kwargs) -> bool:
        try:
            return super().touch(*args, **kwargs)
        except (RedisError, OSError):
            if not self._ignore_exceptions:
                raise
            logger.warning("cache touch failed; ignored", exc_info=True)
            return False


class FailoverRedisCache(BaseCache):
    """Redis while it answers; a per-process memory store while it does not.

    For counters that must keep limiting when Redis is down (throttles, login lockout,
    budgets): django-redis with IGNORE_EXCEPTIONS would answer every read with a miss, which
    lets every request through. Here a failed call is answered from a local LocMemCache
    instead, and Redis is left alone for ``RETRY_SECONDS`` (option, default 5) before it is
    tried again. Degraded, as each process counts on its own (N processes allow up to N times a
    limit), but closed. Counts made during an outage are not copied back to Redis.
    """

    # INCRBY, and on a counter's first use its expiry, in one round trip.
    _COUNT_SCRIPT = (
        "local v = redis.call('INCRBY', KEYS[1], ARGV[1]) "
        "if v == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end "
        "return v"
    )

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        self._retry_seconds = float(options.pop("RETRY_SECONDS", 5.0))
        options["IGNORE_EXCEPTIONS"] = False
        self._primary = DjangoRedisCache(server, {**params, "OPTIONS": options})
        self._fallback = LocMemCache(f"failover:{server}", {**params, "OPTIONS": {}})
        self._down_until = 0.0

    def _call(self, method: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                if method == "count":
                    return self._redis_count(*args, **kwargs)
                return getattr(self._primary, method)(*args, **kwargs)
            except (RedisError, ConnectionInterrupted, OSError):
                self._down_until = time.monotonic() + self._retry_seconds
                logger.warning("limits store: Redis unreachable, counting in this process", exc_info=True)
        if method == "incr":
            return self._fallback_incr(*args, **kwargs)
        if method == "count":
            return count_in(self._fallback, *args, **kwargs)
        return getattr(self._fallback, method)(*args, **kwargs)

    def _redis_count(self, key, delta: int, timeout: int) -> int:
        client = self._primary.client.get_client(write=True)
        return int(client.eval(self._COUNT_SCRIPT, 1, self._primary.make_key(key), delta, int(timeout)))

    def _fallback_incr(self, key, delta: int = 1, version=None) -> int:
        # A counter that Redis held when it went away starts again from here.
        try:
            return self._fallback.incr(key, delta, version=version)
        except ValueError:
            self._fallback.set(key, delta, version=version)
            return delta

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._call("set", key, value, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._call("add", key, value, timeout=timeout, version=version)

    def incr(self, key, delta: int = 1, version=None) -> int:
        return self._call("incr", key, delta, version=version)

    def count(self, key, delta: int, timeout: int) -> int:
        """Add ``delta`` to a counter that expires ``timeout`` seconds after its first use; one
        round trip on Redis (a script), the new value either way."""
        return self._call("count", key, delta, timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None) -> bool:
        return self._call("delete", key, version=version)

    def has_key(self, key, version=None) -> bool:
        return self._call("has_key", key, version=version)

    def clear(self) -> None:
        self._fallback.clear()
        self._call("clear")


def count_in(store: BaseCache, key, delta: int, timeout: int) -> int:
    """Add ``delta`` to a counter of ``store`` that expires ``timeout`` seconds after its first use.

    One round trip when the store has ``count`` (FailoverRedisCache); else add, then incr.
    """
    if isinstance(store, FailoverRedisCache):
        return store.count(key, delta, timeout)
    store.add(key, 0, timeout=timeout)
    try:
        return store.incr(key, delta)
    except ValueError:  # expired between the two calls
        store.set(key, delta, timeout=timeout)
        return delta
