"""The store of rate-limit, lockout and budget counters: one place to reach it.

Throttles (api_policy/throttling.py), the login lockout (django-axes, ``AXES_CACHE``) and any
per-client budget keep their counters in the ``limits`` cache. With Redis it is shared by every
process and falls back to a per-process store while Redis is down
(common.cache.FailoverRedisCache), so limits hold, degraded but closed; in the embedded default
it is process memory.
"""

from django.core.cache import BaseCache, caches

LIMITS_CACHE = "limits"


def limits_store() -> BaseCache:
    """The cache that holds rate-limit, lockout and budget counters."""
    return caches[LIMITS_CACHE]
