"""Finding the catalog movie of an exported film: by IMDb or TMDb id, else title and year.

``normalized_title`` and ``match_titles`` are the one place a smarter (typo-tolerant) title
match would plug in.
"""

import re
import unicodedata
from collections.abc import Sequence

from django.db.models.functions import Lower

from catalog.models import Movie
from engagement.history_formats import Entry

BATCH = 500
NOT_IN_CATALOG = "not in our catalog"
TV_TITLE = "a TV title: only films are imported"


def normalized_title(title: str) -> str:
    """Lower case, accents and punctuation dropped, "&" read as "and", spaces collapsed."""
    text = unicodedata.normalize("NFKD", title.casefold().replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def match_titles(wanted: set[tuple[str, int | None]]) -> dict[tuple[str, int | None], Movie]:
    """Movies by (title as exported, year): the one catalog movie of that title (up to case,
    accents and punctuation) released that year; a year of None needs the title to be unique."""
    by_title: dict[str, list[Movie]] = {}
    lowered = sorted({title.lower() for title, _ in wanted})
    for chunk in chunks(lowered):
        candidates = Movie.objects.annotate(lowered=Lower("title")).filter(lowered__in=chunk)
        for movie in candidates.only("tmdb_id", "title", "year"):
            by_title.setdefault(normalized_title(movie.title), []).append(movie)
    found = {}
    for title, year in wanted:
        movies = by_title.get(normalized_title(title), [])
        if year is not None:
            movies = [m for m in movies if m.year is None or m.year == year]
        if len(movies) == 1:
            found[title, year] = movies[0]
    return found


def find_movies(entries: Sequence[Entry]) -> list[tuple[Movie | None, str]]:
    """Per entry: its catalog movie, or None and why not."""
    imdb_ids = {e.imdb_id for e in entries if e.imdb_id}
    tmdb_ids = {e.tmdb_id for e in entries if e.tmdb_id}
    by_imdb: dict[str, Movie] = {}
    by_tmdb: dict[int, Movie] = {}
    for chunk in chunks(sorted(imdb_ids)):
        by_imdb.update(
            {m.imdb_id: m for m in Movie.objects.filter(imdb_id__in=chunk).only("tmdb_id", "imdb_id")}
        )
    for chunk in chunks(sorted(tmdb_ids)):
        by_tmdb.update({m.tmdb_id: m for m in Movie.objects.filter(tmdb_id__in=chunk).only("tmdb_id")})
    by_ids = [None if e.tv else by_tmdb.get(e.tmdb_id) or by_imdb.get(e.imdb_id) for e in entries]
    by_title = match_titles(
        {(e.title, e.year) for e, movie in zip(entries, by_ids, strict=True) if not (movie or e.tv)}
    )
    results: list[tuple[Movie | None, str]] = []
    for entry, movie in zip(entries, by_ids, strict=True):
        if entry.tv:
            results.append((None, TV_TITLE))
            continue
        movie = movie or by_title.get((entry.title, entry.year))
        results.append((movie, "" if movie else NOT_IN_CATALOG))
    return results


def chunks(values: list) -> list[list]:
    """``values`` in runs of BATCH, small enough for one query's parameters on any database."""
    return [values[start : start + BATCH] for start in range(0, len(values), BATCH)]
