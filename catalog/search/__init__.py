"""Typo-tolerant title search, shared by search, autocomplete, "did you mean" and title matching.

PostgreSQL searches with pg_trgm (catalog.search.postgres), other databases with an
in-process rapidfuzz index (catalog.search.memory); both follow catalog.search.ranking.
Autocomplete (``in_process=True``) uses the in-process index on every database: a keystroke's
answer must take milliseconds, and trigram similarity over every title takes tens of them.
A query ending in a plausible year ("alien 1979") lists that year's matches of the rest
first, then the matches of the whole text ("blade runner 2049" is a title too).
"""

from django.db import connection
from django.db.models import Value
from django.db.models.functions import Abs, ExtractYear

from catalog.models import Movie
from catalog.search import memory, postgres
from catalog.search.generation import titles_changed, titles_generation
from catalog.search.names import name_is
from catalog.search.ranking import Hit, ranked
from catalog.titles import normalize_title, split_year

__all__ = [
    "match_title",
    "normalize_title",
    "suggestion",
    "title_matches",
    "titles_changed",
    "titles_generation",
]

MAX_MATCHES = 200
# Least similarity (0..1) of a match, and of a "did you mean" suggestion, per backend.
MATCH_SCORE = {"postgresql": 0.3, "memory": 0.6}
SUGGEST_SCORE = {"postgresql": 0.15, "memory": 0.4}
YEAR_SLACK = 1  # match_title: release years one off still match (festival vs. release year)


def _backend(in_process: bool):
    if connection.vendor == "postgresql" and not in_process:
        return "postgresql", postgres
    return "memory", memory


def _hits(
    name: str, *, year: int | None, scores: dict[str, float], limit: int, in_process: bool = False
) -> list[Hit]:
    kind, backend = _backend(in_process)
    return ranked(backend.hits(name, year=year, min_score=scores[kind], limit=limit))


def title_matches(
    query: str, *, year: int | None = None, limit: int = MAX_MATCHES, in_process: bool = False
) -> list[int]:
    """TMDb ids of the movies whose names match ``query`` despite typos, best first (ranking rules).

    ``in_process`` searches the in-process index whatever the database (autocomplete).
    """
    name = normalize_title(query)
    if not name:
        return []
    hits: list[Hit] = []
    rest, query_year = split_year(name)
    if query_year is not None and year is None:
        hits += _hits(rest, year=query_year, scores=MATCH_SCORE, limit=limit, in_process=in_process)
    hits += _hits(name, year=year, scores=MATCH_SCORE, limit=limit, in_process=in_process)
    return list(dict.fromkeys(hit.tmdb_id for hit in hits))[:limit]


def suggestion(query: str) -> str | None:
    """The lower-case title closest to ``query`` by a looser measure ("did you mean"), if any."""
    name = normalize_title(query)
    best = _hits(name, year=None, scores=SUGGEST_SCORE, limit=1) if name else []
    if not best:
        return None
    return Movie.objects.values_list("title", flat=True).get(tmdb_id=best[0].tmdb_id).lower()


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
        movies = movies.filter(release_date__year__range=(year - YEAR_SLACK, year + YEAR_SLACK))
        order.insert(0, Abs(ExtractYear("release_date") - Value(year)))
    return movies.order_by(*order).first()
