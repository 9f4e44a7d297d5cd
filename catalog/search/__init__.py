"""Typo-tolerant title search, shared by search, autocomplete, "did you mean" and title matching.

PostgreSQL searches with pg_trgm (catalog.search.postgres), other databases with an
in-process rapidfuzz index (catalog.search.memory); both find candidates and rank them with
catalog.search.ranking. Each query word may match a title word despite typos (catalog.search.words);
titles close to the query as a whole are only looked for when no title word matched exactly.
Autocomplete (``in_process=True``) uses the in-process index on every database: a keystroke's
answer must take milliseconds, and trigram similarity over every title takes tens of them.
A query ending in a plausible year ("alien 1979") lists that year's matches of the rest
first, then the matches of the whole text ("blade runner 2049" is a title too).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Abs

from catalog.models import Movie
from catalog.search import memory, postgres
from catalog.search.generation import titles_changed, titles_generation
from catalog.search.names import name_is
from catalog.search.ranking import Hit, ranked
from catalog.search.words import MAX_QUERY_WORDS, query_words
from catalog.titles import normalize_title, split_year

__all__ = [
    "MAX_QUERY_WORDS",
    "TitleSearch",
    "match_title",
    "normalize_title",
    "title_matches",
    "title_search",
    "titles_changed",
    "titles_generation",
]

MAX_MATCHES = 200
# Least whole-name similarity (0..1) of a match, per backend.
MATCH_SCORE = {"postgresql": 0.3, "memory": 0.6}
YEAR_SLACK = 1  # match_title: release years one off still match (festival vs. release year)


def _backend(in_process: bool):
    if connection.vendor == "postgresql" and not in_process:
        return "postgresql", postgres
    return "memory", memory


@dataclass(frozen=True)
class TitleSearch:
    """Title matches best first, and "did you mean" when the best is weak."""

    tmdb_ids: list[int]
    did_you_mean: str | None


def _hits(name: str, *, year: int | None, limit: int, in_process: bool = False) -> list[Hit]:
    kind, backend = _backend(in_process)
    found = backend.word_hits(name, year=year, limit=limit)
    if not any(hit.words.exact for hit in found):
        found += backend.hits(name, year=year, min_score=MATCH_SCORE[kind], limit=limit)
    return ranked(found)


def _ranked_hits(query: str, *, year: int | None, limit: int, in_process: bool) -> list[Hit]:
    name = normalize_title(query)
    if not name:
        return []
    hits: list[Hit] = []
    rest, query_year = split_year(name)
    if query_year is not None and year is None:
        hits += _hits(rest, year=query_year, limit=limit, in_process=in_process)
    hits += _hits(name, year=year, limit=limit, in_process=in_process)
    first: dict[int, Hit] = {}
    for hit in hits:
        first.setdefault(hit.tmdb_id, hit)
    return list(first.values())[:limit]


def title_matches(
    query: str, *, year: int | None = None, limit: int = MAX_MATCHES, in_process: bool = False
) -> list[int]:
    """TMDb ids of the movies whose names match ``query`` despite typos, best first (ranking rules).

    ``in_process`` searches the in-process index whatever the database (autocomplete).
    """
    return [hit.tmdb_id for hit in _ranked_hits(query, year=year, limit=limit, in_process=in_process)]


def title_search(query: str, *, year: int | None = None) -> TitleSearch:
    """The title matches of ``query`` (at most MAX_MATCHES) and, when no title word matched it
    exactly, "did you mean": the query with each word replaced by the closest catalog word
    (within the edit limits of catalog.search.words), if that changes it.
    """
    hits = _ranked_hits(query, year=year, limit=MAX_MATCHES, in_process=False)
    ids = [hit.tmdb_id for hit in hits]
    if hits and hits[0].words.exact:
        return TitleSearch(ids, None)
    words = query_words(normalize_title(query))
    fixed = memory.corrected(words) if words else words
    return TitleSearch(ids, " ".join(fixed) if fixed != words else None)


def match_title(title: str, year: int | None = None) -> Movie | None:
    """The catalog's movie called ``title`` (normalized: case, accents, articles, punctuation).

    Only exact names count (title, original or alternative title). With ``year``, the movie
    must be released that year or one off, the closest year winning; among equals the most
    rated. None when nothing matches.
    """
    name = normalize_title(title)
    if not name:
        return None
    movies = Movie.objects.filter(name_is(name))
    order = ["-rating_count", "-popularity_score", "tmdb_id"]
    if year is not None:
        movies = movies.filter(year__range=(year - YEAR_SLACK, year + YEAR_SLACK))
        order.insert(0, Abs(F("year") - Value(year)))
    return movies.order_by(*order).first()
