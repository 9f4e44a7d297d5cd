"""The ranking rules both search backends follow.

Titles are compared in normalized form (catalog.titles): a movie's title, original title
and alternative titles all count. A movie ranks by its best name:

1. query words matched: more of them first, then more of them matched exactly, then fewer
   edits (a last word matched as a prefix costs none; catalog.search.words);
2. the whole name: the query is one of its names, then one of its names starts with the
   query, then a name is close to the query as a whole despite typos (PostgreSQL: pg_trgm
   trigram similarity; other databases: rapidfuzz's normalized edit distance), the closer
   first; whole-name similarity only finds titles when no title word matched exactly;
3. our users' rating count, then TMDb popularity, then the lower TMDb id.

So a title sharing no word with the query never ranks above one that shares a word. Movies
matching only by overview words come after every title match.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from catalog.search.words import NO_WORDS, WordHit, WordMatch, name_match

EXACT, PREFIX, SIMILAR = 0, 1, 2
# Scores run 0..1. A name found from one of its inner words counts a little less than the whole name.
INNER_WORD_WEIGHT = 0.9
SCORE_DECIMALS = 2
MAX_CANDIDATES = 200  # movies scored for word matches at most, those sharing the most query words


@dataclass(frozen=True)
class Hit:
    """One matching movie with what ranks it."""

    tmdb_id: int
    tier: int
    score: float
    rating_count: int
    popularity: float
    words: WordMatch = NO_WORDS

    def sort_key(self) -> tuple:
        return (
            *self.words.sort_key(),
            self.tier,
            -round(self.score, SCORE_DECIMALS),
            -self.rating_count,
            -self.popularity,
            self.tmdb_id,
        )


def candidate_count(limit: int) -> int:
    """How many movies to score for word matches when ``limit`` are wanted (a few times more)."""
    return min(MAX_CANDIDATES, max(limit * 4, 50))


def whole_name_tier(query: str, names: list[str]) -> int:
    """EXACT when ``query`` is one of ``names``, PREFIX when one starts with it, else SIMILAR."""
    if query in names:
        return EXACT
    return PREFIX if any(name.startswith(query) for name in names) else SIMILAR


def word_hit(
    query: str,
    per_word: Sequence[dict[str, WordHit]],
    *,
    tmdb_id: int,
    names: list[str],
    rating_count: int,
    popularity: float,
) -> Hit | None:
    """The hit of a movie called ``names`` whose words ``query`` matches (``vocabulary_hits``), else None."""
    match = min((name_match(per_word, name) for name in names), key=WordMatch.sort_key, default=NO_WORDS)
    if not match.matched:
        return None
    return Hit(tmdb_id, whole_name_tier(query, names), 1.0, rating_count, popularity, match)


def ranked(hits: list[Hit]) -> list[Hit]:
    """``hits`` best first, one per movie (its best)."""
    best: dict[int, Hit] = {}
    for hit in sorted(hits, key=Hit.sort_key):
        best.setdefault(hit.tmdb_id, hit)
    return list(best.values())
