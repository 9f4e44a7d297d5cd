"""The store of rate-limit, lockout and budget counters: one place to reach it.

Throttles (api_policy/throttling.py), the login lockout (django-axes, ``AXES_CACHE``) and any
per-client budget keep their counters in the ``limits`` cache. With Redis it is shared by every
process and falls back to a per-process store while Redis is down
(common.cache.FailoverRedisCache), so limits hold, degraded but closed; in the embedded default
it is process memory.
"""

import time
from collections.abc import Sequence

from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches

from common.cache import STALE, Counter, FailoverRedisCache, Guard, Spent, Window, spend_all_in

LIMITS_CACHE = "limits"


def limits_store() -> BaseCache:
    """The cache that holds rate-limit, lockout and budget counters."""
    return caches[LIMITS_CACHE]


def spend(
    windows: Sequence[Window],
    counters: Sequence[Counter] = (),
    *,
    read: Sequence[str] = (),
    guard: Guard | None = None,
) -> Spent:
    """Log one request in each window that has room; if all had room, add to each counter; and
    read ``read`` keys of the default cache.

    A refused request is not logged; its wait is the time until the window has room again.
    The values read are as ``cache.get_many`` answers them. With Redis holding both caches, all
    of it is one round trip. With a ``guard`` (a default-cache key and the value it must hold)
    nothing at all is done unless it holds (``Spent.stale``).
    """
    now = time.time()
    store, default = limits_store(), caches[DEFAULT_CACHE_ALIAS]
    if isinstance(store, FailoverRedisCache):
        return store.spend(windows, counters, now, read_from=default, read=read, guard=guard)
    if guard is not None and default.get(guard.key) != guard.value:
        return STALE
    spent = spend_all_in(store, windows, counters, now)
    return Spent(waits=spent.waits, counts=spent.counts, found=default.get_many(read) if read else {})
