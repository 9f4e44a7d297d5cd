"""The production cache backend: django-redis with metrics, where no Redis error escapes."""

import logging

from django_prometheus.cache.backends.redis import RedisCache as InstrumentedRedisCache
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
