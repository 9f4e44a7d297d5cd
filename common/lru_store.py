"""A bounded store of texts: at most ``limit`` of them, the least recently used evicted first.

With Redis as the default cache, each text lives under its own key with a TTL refreshed when
it is read, and a sorted set beside them holds their names scored by last use; storing one
trims the set to ``limit``, deleting the texts it drops. Reading or storing is one round trip
(a script). Without Redis (the embedded default, one process) the texts live in an ordered
dictionary of this process with the same bound. A Redis that is down or hung answers every
read with a miss and keeps nothing (its circuit breaker, common/redis_breaker.py, makes that
immediate once open).
"""

import logging
import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django_redis.cache import RedisCache
from redis.commands.core import Script
from redis.exceptions import RedisError

logger = logging.getLogger("moviverse.cache")

# KEYS: the text's key, the recency set. ARGV: now, TTL, the text's name in the set.
_READ = """
local text = redis.call('GET', KEYS[1])
if text then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
return text
"""
# KEYS: the text's key, the recency set. ARGV: now, TTL, the text's name in the set, the text,
# the limit, the prefix that makes a name a text's key. Names unused for a TTL have expired.
_WRITE = """
local now, ttl, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[5])
redis.call('SET', KEYS[1], ARGV[4], 'EX', ttl)
redis.call('ZADD', KEYS[2], now, ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
local excess = redis.call('ZCARD', KEYS[2]) - limit
if excess > 0 then
  for _, name in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess - 1)) do
    redis.call('DEL', ARGV[6] .. name)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
end
redis.call('EXPIRE', KEYS[2], ttl)
"""


class LruStore:
    """Texts under ``prefix`` in the default cache (Redis) or this process, bounded by last use."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._local: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._scripts: dict[str, Script] = {}

    def get(self, name: str, ttl: int) -> str | None:
        """The text stored as ``name``, now the most recently used (its TTL restarts); None if none."""
        if not isinstance(cache, RedisCache):
            return self._local_get(name, ttl)
        try:
            found = self._run(_READ, name, [repr(time.time()), ttl, name])
        except (RedisError, OSError):
            logger.warning("persisted text unreadable; answered as a miss", exc_info=True)
            return None
        return None if found is None else cache.client.decode(found)

    def put(self, name: str, text: str, *, ttl: int, limit: int) -> None:
        """Store ``text`` as ``name`` for ``ttl`` seconds; evict the least recently used beyond ``limit``."""
        if not isinstance(cache, RedisCache):
            return self._local_put(name, text, ttl, limit)
        args = [repr(time.time()), ttl, name, cache.client.encode(text), limit, cache.make_key(self._prefix)]
        try:
            self._run(_WRITE, name, args)
        except (RedisError, OSError):
            logger.warning("persisted text not stored", exc_info=True)

    def clear_local(self) -> None:
        """Forget the texts this process holds (the embedded default's whole store)."""
        with self._lock:
            self._local.clear()

    def _run(self, source: str, name: str, args: list[object]):
        client = cache.client.get_client(write=True)
        script = self._scripts.get(source)
        if script is None:
            script = self._scripts[source] = client.register_script(source)
        keys = [cache.make_key(self._prefix + name), cache.make_key(self._prefix + "recency")]
        return script(keys=keys, args=args, client=client)

    def _local_get(self, name: str, ttl: int) -> str | None:
        now = time.monotonic()
        with self._lock:
            found = self._local.get(name)
            if found is None or found[1] <= now:
                self._local.pop(name, None)
                return None
            self._local[name] = (found[0], now + ttl)
            self._local.move_to_end(name)
            return found[0]

    def _local_put(self, name: str, text: str, ttl: int, limit: int) -> None:
        with self._lock:
            self._local[name] = (text, time.monotonic() + ttl)
            self._local.move_to_end(name)
            while len(self._local) > limit:
                self._local.popitem(last=False)
