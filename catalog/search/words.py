"""Word-level typo tolerance: each query word against the words of the catalog's names.

As typo-tolerant engines do (Typesense, Meilisearch): a query word of up to 4 letters matches
only exactly, from 5 letters one edit is forgiven, from 9 two, a transposition counting as one
edit (optimal string alignment distance). The last query word also matches the start of a name
word, so a word being typed finds its titles; such a prefix match costs no edit, so it ranks
before a typo ("braveh" finds Braveheart before Brave). Only the first MAX_QUERY_WORDS words
count.
"""

import bisect
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_QUERY_WORDS = 10
EXACT_WORD, PREFIX_WORD, TYPO_WORD = 0, 1, 2
TYPO_FROM, TWO_TYPOS_FROM = 5, 9  # letters a word needs before one, then two edits are forgiven


@dataclass(frozen=True)
class WordHit:
    """How one query word matches one name word."""

    kind: int  # EXACT_WORD, PREFIX_WORD or TYPO_WORD
    edits: int


@dataclass(frozen=True)
class WordMatch:
    """How the words of a query match one name: counts of exact, prefix and typo words, edits."""

    exact: int = 0
    prefix: int = 0
    typo: int = 0
    edits: int = 0

    @property
    def matched(self) -> int:
        return self.exact + self.prefix + self.typo

    def sort_key(self) -> tuple[int, int, int]:
        """More words matched, then more of them exactly, then fewer edits (a prefix costs none)."""
        return (-self.matched, -self.exact, self.edits)


NO_WORDS = WordMatch()


def query_words(query: str) -> list[str]:
    """The words of a normalized query that count (the first MAX_QUERY_WORDS)."""
    return query.split()[:MAX_QUERY_WORDS]


def edit_limit(word: str) -> int:
    """The edits forgiven in ``word``: 0 up to 4 letters, 1 from 5, 2 from 9."""
    return 2 if len(word) >= TWO_TYPOS_FROM else 1 if len(word) >= TYPO_FROM else 0


def vocabulary_hits(word: str, vocabulary: Sequence[str], *, last: bool) -> dict[str, WordHit]:
    """The words of a sorted ``vocabulary`` that ``word`` matches, and how (prefix only when ``last``)."""
    found: dict[str, WordHit] = {}
    start = bisect.bisect_left(vocabulary, word)
    if start < len(vocabulary) and vocabulary[start] == word:
        found[word] = WordHit(EXACT_WORD, 0)
    if last:
        for position in range(start, len(vocabulary)):
            if not vocabulary[position].startswith(word):
                break
            found.setdefault(vocabulary[position], WordHit(PREFIX_WORD, 0))
    if limit := edit_limit(word):
        close = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=None)
        for other, edits, _ in close:
            found.setdefault(other, WordHit(TYPO_WORD, int(edits)))
    return found


def name_match(per_word: Sequence[dict[str, WordHit]], name: str) -> WordMatch:
    """How the query words (their ``vocabulary_hits``, in order) match the words of ``name``."""
    words = name.split()
    counts = [0, 0, 0]
    edits = 0
    for hits in per_word:
        best = min((hits[w] for w in words if w in hits), key=lambda h: (h.kind, h.edits), default=None)
        if best is not None:
            counts[best.kind] += 1
            edits += best.edits
    return WordMatch(*counts, edits=edits)


def closest_word(word: str, vocabulary: Sequence[str], uses: Mapping[str, Collection]) -> str:
    """The ``vocabulary`` word closest to ``word`` within its edit limit, else ``word`` itself.

    Among equally close words, the one most names use (``uses``: word -> its names or movies).
    """
    if not (limit := edit_limit(word)) or word in uses:
        return word
    close = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not close:
        return word
    return min(close, key=lambda c: (c[1], -len(uses[c[0]]), c[0]))[0]
