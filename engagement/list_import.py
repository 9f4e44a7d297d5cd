"""Imported lists: a Letterboxd or Trakt list export as one of the user's lists.

A list is known by its name: an import adds the films missing from the user's list of that
name (the oldest, when several share it), or creates it, private, ranked when the file gives
every film a position. Films go on in the file's order (by position when ranked) after those
already there, with their notes; so importing a list twice adds nothing. Films the list cannot
take (on it twice in the file, past LIST_MAX_ENTRIES) and a list past LISTS_PER_USER_MAX are
reported with the films not found, never dropped silently.
"""

from django.conf import settings

from catalog.models import Movie
from common.exceptions import Conflict
from engagement.history_formats import Entry, Export
from engagement.lists import list_create
from engagement.models import MovieList, MovieListEntry

TWICE = "on the list twice in the file"
LIST_FULL = "the list is full (at most {limit:,} films)"
TOO_MANY_LISTS = "you own as many lists as one may"


def _missed(export: Export, entry: Entry, why: str) -> dict:
    return {"title": entry.title, "year": entry.year, "why": f"{why} (list: {export.name})"}


def add_list(user, export: Export, pairs: list[tuple[Entry, Movie]]) -> tuple[int, int, list[dict]]:
    """Import one list (see the module doc): (lists created, films added, films not added)."""
    movie_list = MovieList.objects.filter(owner=user, name=export.name).order_by("created_at", "id").first()
    created = 0
    if movie_list is None:
        try:
            movie_list = list_create(
                user=user, name=export.name, description=export.description, ranked=export.ranked
            )
        except Conflict:
            return 0, 0, [_missed(export, entry, TOO_MANY_LISTS) for entry, _ in pairs]
        created = 1
    movie_list = MovieList.objects.select_for_update().get(pk=movie_list.pk)
    if export.ranked:
        pairs = sorted(pairs, key=lambda pair: pair[0].position)
    on_list = set(MovieListEntry.objects.filter(list=movie_list).values_list("movie_id", flat=True))
    known = set(on_list)
    new, missed = [], []
    for entry, movie in pairs:
        if movie.tmdb_id in known:
            if movie.tmdb_id not in on_list:
                missed.append(_missed(export, entry, TWICE))
            continue
        if movie_list.entry_count + len(new) >= settings.LIST_MAX_ENTRIES:
            missed.append(_missed(export, entry, LIST_FULL.format(limit=settings.LIST_MAX_ENTRIES)))
            continue
        known.add(movie.tmdb_id)
        new.append(
            MovieListEntry(
                list=movie_list,
                movie_id=movie.tmdb_id,
                position=movie_list.entry_count + len(new),
                note=entry.note,
                added_by=user,
            )
        )
    MovieListEntry.objects.bulk_create(new, batch_size=1000)
    movie_list.entry_count += len(new)
    movie_list.save(update_fields=["entry_count", "updated_at"])
    return created, len(new), missed
