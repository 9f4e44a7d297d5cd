"""The user row a bearer token names, read from the cache so a signed-in request needs no SQL.

Authentication (accounts/authentication.py) reads the user here; a miss loads the row (password
hash left out) and adds it with ``cache.add``. Every save of a user writes the row as saved
(``cache.set``), so a reader that loaded the old row cannot put it back over the new one: its
``add`` fails once the new row is there, and the new row overwrites it otherwise. Logout,
password changes and deactivation therefore take effect at once. A save whose transaction then
rolls back leaves its row cached until USER_CACHE_TTL passes (for a revocation: refused, not let
in); rows changed without ``save`` (``QuerySet.update``) are also seen within USER_CACHE_TTL
(twice that for a row this process remembers, below).

Each cached row has a stamp beside it (a random integer, new at every save, written after the row),
and each process remembers the last row it read together with its stamp. A cached read may use
the remembered row provisionally, guarded by its stamp (``remembered``): the guard is checked in
the same Redis round trip that spends the read's throttles, and a changed stamp spends nothing
and sends the request back to reading the row.
"""

import copy
import secrets
from collections.abc import Hashable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from common.cache import Guard

User = get_user_model()

REMEMBERED_KEPT = 4096
# user id (as text) -> (stamp, row) as this process last read them together.
_remembered: dict[str, tuple[int, Any]] = {}


def _key(user_id: Hashable) -> str:
    return f"accounts:user:{user_id}"


def _stamp_key(user_id: Hashable) -> str:
    return f"accounts:user-stamp:{user_id}"


def _new_stamp() -> int:
    # Random rather than a clock reading: two saves must never leave the same stamp.
    return secrets.randbits(62)


def _load(user_id: Hashable) -> Any:
    return User.objects.defer("password").filter(pk=user_id).first()


def cached_user(user_id: Hashable) -> Any:
    """The user with this primary key (without its password hash), or None if there is none."""
    found = cache.get_many([_key(user_id), _stamp_key(user_id)])
    user, stamp = found.get(_key(user_id)), found.get(_stamp_key(user_id))
    if user is None:
        user = _load(user_id)
        if user is not None:
            cache.add(_key(user_id), user, timeout=settings.USER_CACHE_TTL)
    elif stamp is not None:
        if len(_remembered) >= REMEMBERED_KEPT:
            _remembered.clear()
        _remembered[str(user_id)] = (stamp, user)
    if stamp is None and user is not None:
        cache.add(_stamp_key(user_id), _new_stamp(), timeout=settings.USER_CACHE_TTL)
    return user


def remembered(user_id: Hashable) -> tuple[Any, Guard] | None:
    """The row this process last read for ``user_id`` (a copy of it), with the guard that holds
    while the cached row is still that one; None when this process has none."""
    entry = _remembered.get(str(user_id))
    if entry is None:
        return None
    stamp, user = entry
    return copy.copy(user), Guard(key=_stamp_key(user_id), value=stamp)


def forget(user_id: Hashable) -> None:
    """Drop this process's remembered row of ``user_id`` (its guard no longer held)."""
    _remembered.pop(str(user_id), None)


def user_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save`` receiver: the cached row is the saved one (reloaded, so no password hash),
    then its stamp is new, which retires every process's remembered row."""
    cache.set(_key(instance.pk), _load(instance.pk), timeout=settings.USER_CACHE_TTL)
    cache.set(_stamp_key(instance.pk), _new_stamp(), timeout=settings.USER_CACHE_TTL)


def user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_delete`` receiver: a deleted user's row and stamp leave the cache."""
    cache.delete_many([_stamp_key(instance.pk), _key(instance.pk)])
