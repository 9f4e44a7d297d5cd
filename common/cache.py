"""Cache backends (django-redis, local memory, files) with metrics, and a failover store for limits."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django_prometheus.cache.backends.locmem import LocMemCache as InstrumentedLocMemCache
from django_prometheus.cache.backends.redis import RedisCache as InstrumentedRedisCache
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)
from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.commands.core import Script
from redis.exceptions import RedisError

from common import redis_breaker

logger = logging.getLogger("moviverse.cache")


@dataclass(frozen=True)
class Window:
    """A sliding-log rate: at most ``limit`` requests in any ``period`` seconds, logged under ``key``."""

    key: str
    limit: int
    period: int


@dataclass(frozen=True)
class Counter:
    """``amount`` to add to the counter at ``key``, which expires ``period`` seconds after its first use."""

    key: str
    amount: int
    period: int


@dataclass(frozen=True)
class Guard:
    """A spend's precondition: the default cache holds ``value`` (an int) at ``key``.

    When it does not, the spend does nothing at all: no window is logged, no counter added,
    nothing read (``Spent.stale``).
    """

    key: str
    value: int


@dataclass(frozen=True)
class Spent:
    """What ``spend`` did: per window None (logged) or the wait in seconds; the counters' new
    values (None when a window refused, so nothing was added); the values read; ``stale`` when
    its guard did not hold, so nothing was done."""

    waits: list[float | None]
    counts: list[int] | None
    found: dict[str, Any]
    stale: bool = False


STALE = Spent(waits=[], counts=None, found={}, stale=True)


def spend_in(store: BaseCache, window: Window, now: float) -> float | None:
    """Log one request at ``now`` in ``window`` of ``store`` if it has room: None, else the wait in seconds.

    DRF's sliding log (SimpleRateThrottle): the times of the requests let through in the last
    ``period`` seconds, newest first; a refused request is not logged, and its wait is the time
    until the log holds fewer than ``limit`` requests again.
    """
    history = [stamp for stamp in store.get(window.key, []) if stamp > now - window.period]
    if len(history) >= window.limit:
        return window.period - (now - history[window.limit - 1]) if window.limit else window.period
    store.set(window.key, [now, *history], window.period)
    return None


def spend_all_in(
    store: BaseCache, windows: Sequence[Window], counters: Sequence[Counter], now: float
) -> Spent:
    """``spend_in`` for each window, then, if all of them had room, ``count_in`` for each counter."""
    waits = [spend_in(store, window, now) for window in windows]
    if any(wait is not None for wait in waits):
        return Spent(waits=waits, counts=None, found={})
    counts = [count_in(store, counter.key, counter.amount, counter.period) for counter in counters]
    return Spent(waits=waits, counts=counts, found={})


def guarded_params(server: str, params: dict) -> dict:
    """A django-redis cache's ``params`` with its connections behind the server's circuit breaker."""
    options = dict(params.get("OPTIONS", {}))
    pool = {"connection_class": redis_breaker.guarded(server), **options.get("CONNECTION_POOL_KWARGS", {})}
    return {**params, "OPTIONS": {**options, "CONNECTION_POOL_KWARGS": pool}}


class RedisCache(InstrumentedRedisCache):
    """django-redis with hit/miss counters that degrades cleanly when Redis is down or hung.

    Its connections share the server's circuit breaker (common/redis_breaker.py), so while it
    is open every call is a miss at once. django-redis lets connection errors escape from
    ``touch`` and answers an ignored ``incr`` with None; django-axes' cache handler calls both
    on every failed login, so a dead Redis would fail those requests. Here ``touch`` swallows
    the error and ``incr`` counts 0.
    """

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, guarded_params(server, params))

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


_MISSING = object()


class LocalMemoryCache(InstrumentedLocMemCache):
    """django-prometheus's local-memory cache (the embedded default), whose ``get`` answered
    ``cached or default``: a stored 0, "", [] or {} read as a miss (and ``get_many`` left it
    out). Here every stored value is a hit, counted in the same metrics."""

    def get(self, key, default=None, version=None):
        django_cache_get_total.labels(backend="locmem").inc()
        cached = LocMemCache.get(self, key, _MISSING, version=version)
        if cached is _MISSING:
            django_cache_misses_total.labels(backend="locmem").inc()
            return default
        django_cache_hits_total.labels(backend="locmem").inc()
        return cached


class FileCache(FileBasedCache):
    """Django's file cache with the same metrics (`make run`: web, worker and beat share it);
    like ``LocalMemoryCache``, a stored 0, "", [] or {} is a hit."""

    def get(self, key, default=None, version=None):
        django_cache_get_total.labels(backend="filebased").inc()
        cached = super().get(key, _MISSING, version=version)
        if cached is _MISSING:
            django_cache_misses_total.labels(backend="filebased").inc()
            return default
        django_cache_hits_total.labels(backend="filebased").inc()
        return cached


class FailoverRedisCache(BaseCache):
    """Redis while it answers; a per-process memory store while it does not.

    For counters that must keep limiting when Redis is down (throttles, login lockout,
    budgets): django-redis with IGNORE_EXCEPTIONS would answer every read with a miss, which
    lets every request through. Here a failed call is answered from a local LocMemCache
    instead, and Redis is left alone while its circuit breaker is open (common/redis_breaker.py,
    shared with the default cache). Degraded, as each process counts on its own (N processes
    allow up to N times a limit), but closed. The counters this process added to during an
    outage (``add`` of a number, ``incr``: the login lockout's) are added to Redis with INCRBY
    when it answers again, so a lockout counted during the outage still holds after it; the
    sliding logs of throttles (a minute or so long) are not copied back.
    """

    # ``spend_all_in`` on Redis (windows are lists, newest first), then a GET-many of the keys
    # after them, in one round trip, unless a guard key does not hold its value. KEYS: the
    # guard's (when ARGV[3] is not empty), the windows', the counters', the keys to read. ARGV:
    # now, the number of windows, the guard's value or "", limit and period per window, then
    # amount and period per counter. Answers 0 when the guard did not hold; else 1, then per
    # window "" (logged) or the wait, per counter its new value (false when a window refused),
    # then the values read (false where missing).
    _SPEND_SCRIPT = """
local now, windows, guard = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local base = 0
if guard ~= '' then
  if redis.call('GET', KEYS[1]) ~= guard then return {0} end
  base = 1
end
local counters = (#ARGV - 3 - 2 * windows) / 2
local answer, refused = {1}, false
for i = 1, windows do
  local key, limit, period = KEYS[base + i], tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  local oldest = redis.call('LINDEX', key, -1)
  while oldest and tonumber(oldest) <= now - period do
    redis.call('RPOP', key)
    oldest = redis.call('LINDEX', key, -1)
  end
  if redis.call('LLEN', key) < limit then
    redis.call('LPUSH', key, ARGV[1])
    redis.call('EXPIRE', key, period)
    answer[1 + i] = ''
  else
    refused = true
    if limit == 0 then
      answer[1 + i] = tostring(period)
    else
      answer[1 + i] = tostring(period - (now - tonumber(redis.call('LINDEX', key, limit - 1))))
    end
  end
end
for j = 1, counters do
  local key, at = KEYS[base + windows + j], 3 + 2 * windows + 2 * j
  if refused then
    answer[1 + windows + j] = false
  else
    local value = redis.call('INCRBY', key, ARGV[at - 1])
    if value == tonumber(ARGV[at - 1]) then redis.call('EXPIRE', key, ARGV[at]) end
    answer[1 + windows + j] = value
  end
end
local first = base + windows + counters + 1
if #KEYS >= first then
  local found = redis.call('MGET', unpack(KEYS, first))
  for i = 1, #found do
    answer[1 + windows + counters + i] = found[i]
  end
end
return answer
"""

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(params)
        params = guarded_params(server, params)
        options = {**params["OPTIONS"], "IGNORE_EXCEPTIONS": False}
        self._primary = DjangoRedisCache(server, {**params, "OPTIONS": options})
        self._fallback = LocMemCache(f"failover:{server}", {**params, "OPTIONS": {}})
        self._spend_script: Script | None = None
        # Counter increments made in this process while Redis was away: (key, version) -> (delta, timeout).
        self._unsynced: dict[tuple[Any, Any], tuple[int, Any]] = {}

    @property
    def _breaker(self) -> redis_breaker.Breaker:
        return redis_breaker.breaker_for_url(self._primary._server)

    def _call(self, method: str, *args, **kwargs):
        if self._breaker.allows():
            try:
                self._replay()
                return getattr(self._primary, method)(*args, **kwargs)
            except (RedisError, ConnectionInterrupted, OSError):
                logger.warning("limits store: Redis unreachable, counting in this process", exc_info=True)
        if method == "incr":
            return self._fallback_incr(*args, **kwargs)
        answer = getattr(self._fallback, method)(*args, **kwargs)
        if method == "add" and answer and isinstance(args[1], int):
            self._unsynced[args[0], kwargs.get("version")] = (args[1], kwargs.get("timeout", DEFAULT_TIMEOUT))
        elif method == "delete":
            self._unsynced.pop((args[0], kwargs.get("version")), None)
        return answer

    def _replay(self) -> None:
        """Add to Redis the counter increments this process made while it was away (INCRBY)."""
        if not self._unsynced:
            return
        pending, self._unsynced = self._unsynced, {}
        try:
            with self._primary.client.get_client(write=True).pipeline(transaction=False) as pipe:
                for (key, version), (delta, timeout) in pending.items():
                    name = self._primary.make_key(key, version=version)
                    pipe.incrby(name, delta)
                    timeout = self._primary.get_backend_timeout(timeout)
                    if timeout is not None:
                        pipe.expire(name, max(int(timeout), 1), nx=True)
                pipe.execute()
        except (RedisError, OSError):
            for item, (delta, timeout) in pending.items():
                self._unsynced[item] = (self._unsynced.get(item, (0, timeout))[0] + delta, timeout)
            raise

    def spend(
        self,
        windows: Sequence[Window],
        counters: Sequence[Counter],
        now: float,
        *,
        read_from: BaseCache | None = None,
        read: Sequence[str] = (),
        guard: Guard | None = None,
    ) -> Spent:
        """``spend_all_in``, and ``read_from.get_many(read)``: one round trip when both live on
        this Redis. While Redis is down the windows and counters are kept in this process and
        the read finds nothing (as the default cache, ignoring its errors, would answer).

        A ``guard`` (a key of ``read_from``) is checked in the same round trip; it counts as
        not holding (``STALE``) whenever it cannot be checked there: Redis down, or
        ``read_from`` on another server.
        """
        shared = isinstance(read_from, DjangoRedisCache) and read_from._server == self._primary._server
        if guard is not None and (not shared or not self._breaker.allows()):
            return STALE
        if self._breaker.allows():
            try:
                if shared or not read:
                    return self._redis_spend(windows, counters, now, read_from, read, guard)
                spent = self._redis_spend(windows, counters, now, None, (), None)
                return Spent(waits=spent.waits, counts=spent.counts, found=read_from.get_many(read))
            except (RedisError, ConnectionInterrupted, OSError):
                logger.warning("limits store: Redis unreachable, counting in this process", exc_info=True)
                if guard is not None:
                    return STALE
        spent = spend_all_in(self._fallback, windows, counters, now)
        found = read_from.get_many(read) if read and not shared else {}
        return Spent(waits=spent.waits, counts=spent.counts, found=found)

    def _redis_spend(
        self,
        windows: Sequence[Window],
        counters: Sequence[Counter],
        now: float,
        read_from: BaseCache | None,
        read: Sequence[str],
        guard: Guard | None,
    ) -> Spent:
        client = self._primary.client.get_client(write=True)
        if self._spend_script is None:
            self._spend_script = client.register_script(self._SPEND_SCRIPT)
        keys = [read_from.make_key(guard.key)] if guard is not None else []
        keys += [self._primary.make_key(item.key) for item in (*windows, *counters)]
        keys += [read_from.make_key(key) for key in read]
        args: list[object] = [repr(now), len(windows), "" if guard is None else str(guard.value)]
        for window in windows:
            args += [window.limit, window.period]
        for counter in counters:
            args += [counter.amount, int(counter.period)]
        status, *answer = self._spend_script(keys=keys, args=args, client=client)
        if not status:
            return STALE
        waits = [float(wait) if wait else None for wait in answer[: len(windows)]]
        counts = answer[len(windows) : len(windows) + len(counters)]
        values = zip(read, answer[len(windows) + len(counters) :], strict=True)
        return Spent(
            waits=waits,
            counts=None if any(wait is not None for wait in waits) else [int(count) for count in counts],
            found={key: read_from.client.decode(value) for key, value in values if value is not None},
        )

    def _fallback_incr(self, key, delta: int = 1, version=None) -> int:
        # A counter that Redis held when it went away starts again from here.
        done, timeout = self._unsynced.get((key, version), (0, DEFAULT_TIMEOUT))
        self._unsynced[key, version] = (done + delta, timeout)
        try:
            return self._fallback.incr(key, delta, version=version)
        except ValueError:
            self._fallback.set(key, delta, timeout=timeout, version=version)
            return delta

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._call("set", key, value, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._call("add", key, value, timeout=timeout, version=version)

    def incr(self, key, delta: int = 1, version=None) -> int:
        return self._call("incr", key, delta, version=version)

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
    """Add ``delta`` to a counter of ``store`` that expires ``timeout`` seconds after its first use
    (a store of this process: FailoverRedisCache counts on Redis in its spend script)."""
    store.add(key, 0, timeout=timeout)
    try:
        return store.incr(key, delta)
    except ValueError:  # expired between the two calls
        store.set(key, delta, timeout=timeout)
        return delta
