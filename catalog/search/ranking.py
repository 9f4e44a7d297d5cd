"""The ranking rules both search backends follow.

Titles are compared in normalized form (catalog.titles): a movie's title, original title
and alternative titles all count. Matches fall in tiers, best first:

1. exact: the query is one of the movie's names;
2. prefix: one of its names starts with the query;
3. similar: a name is close enough despite typos (PostgreSQL: pg_trgm trigram similarity,
   whole title or words inside it; SQLite: rapidfuzz's normalized edit distance, whole title
   or from any word on).

Within a tier the closer match comes first, then the more rated movie (our users' rating
count, then TMDb popularity), then the lower TMDb id. Movies matching only by overview
words come after every title match.
"""

from dataclasses import dataclass

EXACT, PREFIX, SIMILAR = 0, 1, 2
# Scores run 0..1. A name found from one of its inner words counts a little less than the whole name.
INNER_WORD_WEIGHT = 0.9
SCORE_DECIMALS = 2


@dataclass(frozen=True)
class Hit:
    """One matching movie with what ranks it."""

    tmdb_id: int
    tier: int
    score: float
    rating_count: int
    popularity: float

    def sort_key(self) -> tuple:
        return (
            self.tier,
            -round(self.score, SCORE_DECIMALS),
            -self.rating_count,
            -self.popularity,
            self.tmdb_id,
        )


def ranked(hits: list[Hit]) -> list[Hit]:
    """``hits`` best first, one per movie (its best tier and score)."""
    best: dict[int, Hit] = {}
    for hit in sorted(hits, key=Hit.sort_key):
        best.setdefault(hit.tmdb_id, hit)
    return list(best.values())
