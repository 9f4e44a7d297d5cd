"""Conditions on a movie's normalized names (title, then aliases one per line)."""

from django.db.models import Q

from catalog.fields import ALIAS_SEPARATOR


def name_is(name: str) -> Q:
    """The movie's normalized title or one of its aliases is ``name``."""
    line = ALIAS_SEPARATOR
    return (
        Q(search_title=name)
        | Q(search_aliases=name)
        | Q(search_aliases__startswith=name + line)
        | Q(search_aliases__endswith=line + name)
        | Q(search_aliases__contains=line + name + line)
    )


def name_starts(prefix: str) -> Q:
    """The movie's normalized title or one of its aliases starts with ``prefix``."""
    return (
        Q(search_title__startswith=prefix)
        | Q(search_aliases__startswith=prefix)
        | Q(search_aliases__contains=ALIAS_SEPARATOR + prefix)
    )
