"""The user row a bearer token names, read from the cache so a signed-in request needs no SQL.

Authentication (accounts/authentication.py) reads the user here; a miss loads the row (password
hash left out) and adds it with ``cache.add``. Every save of a user writes the row as saved
(``cache.set``), so a reader that loaded the old row cannot put it back over the new one: its
``add`` fails once the new row is there, and the new row overwrites it otherwise. Logout,
password changes and deactivation therefore take effect at once. A save whose transaction then
rolls back leaves its row cached until USER_CACHE_TTL passes (for a revocation: refused, not let
in); rows changed without ``save`` (``QuerySet.update``) are also seen within USER_CACHE_TTL.
"""

from collections.abc import Hashable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

User = get_user_model()


def _key(user_id: Hashable) -> str:
    return f"accounts:user:{user_id}"


def _load(user_id: Hashable) -> Any:
    return User.objects.defer("password").filter(pk=user_id).first()


def cached_user(user_id: Hashable) -> Any:
    """The user with this primary key (without its password hash), or None if there is none."""
    user = cache.get(_key(user_id))
    if user is None:
        user = _load(user_id)
        if user is not None:
            cache.add(_key(user_id), user, timeout=settings.USER_CACHE_TTL)
    return user


def user_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save`` receiver: the cached row is the saved one (reloaded, so no password hash)."""
    cache.set(_key(instance.pk), _load(instance.pk), timeout=settings.USER_CACHE_TTL)


def user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_delete`` receiver: a deleted user's row leaves the cache."""
    cache.delete(_key(instance.pk))
