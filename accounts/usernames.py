"""Usernames that only look alike count as one: the confusable-aware key and its checks."""

import unicodedata

from confusable_homoglyphs import confusables
from django.core.exceptions import ValidationError

MAX_KEY_LENGTH = 150
SIMILAR_USERNAME = "A user with a similar username exists."
MIXED_SCRIPTS = (
    "Usernames cannot mix scripts whose letters look alike (such as Latin and Cyrillic); use one script."
)
KEY_TOO_LONG = f"Ensure this username has at most {MAX_KEY_LENGTH} characters once normalized."
# Joins a legacy duplicate's key to its suffix (accounts/migrations/0005); no username contains it.
LEGACY_SUFFIX_SEPARATOR = "#"


def username_key(username: str) -> str:
    """A username's identity: NFKC-normalized, case-folded (fullwidth ``BOB`` and ``Bob`` are ``bob``)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())


def key_is_current(username: str, key: str) -> bool:
    """Whether ``key`` was derived from ``username`` (a legacy duplicate's suffixed key counts)."""
    fresh = username_key(username)
    return key == fresh or key.startswith(fresh + LEGACY_SUFFIX_SEPARATOR)


def username_problem(username: str) -> str | None:
    """Why a username cannot be taken on its own merits (scripts, length), or None."""
    if confusables.is_dangerous(unicodedata.normalize("NFKC", username)):
        return MIXED_SCRIPTS
    if len(username_key(username)) > MAX_KEY_LENGTH:
        return KEY_TOO_LONG
    return None


def validate_username(username: str, *, taken: bool) -> None:
    """Raise ValidationError on ``username`` when it is refused; ``taken``: its key is in use."""
    problem = username_problem(username) or (SIMILAR_USERNAME if taken else None)
    if problem is not None:
        raise ValidationError({"username": [problem]})
