"""Title search in process memory (SQLite and other databases without pg_trgm), with rapidfuzz.

Every process keeps an index of the catalog's normalized names, rebuilt when the shared
cache's title generation changes (catalog.search.generation) or when
it is older than INDEX_MAX_AGE seconds. Exact and prefix matches come from a sorted list
(binary search); similar ones from rapidfuzz's normalized Indel similarity against every
name and every name's tail from each inner word on ("lambs" is close to "silence of the lambs").
Word matches (catalog.search.words) come from the sorted vocabulary of every name's words and
the movies using each word.
"""

import bisect
import heapq
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from catalog.fields import ALIAS_SEPARATOR
from catalog.models import Movie
from catalog.search.generation import titles_generation
from catalog.search.ranking import EXACT, INNER_WORD_WEIGHT, PREFIX, SIMILAR, Hit, candidate_count, word_hit
from catalog.search.words import EXACT_WORD, closest_word, query_words, vocabulary_hits

INDEX_MAX_AGE = 300


@dataclass(frozen=True)
class _Movie:
    tmdb_id: int
    year: int | None
    rating_count: int
    popularity: float


@dataclass
class _Index:
    generation: str
    built_at: float
    movies: list[_Movie] = field(default_factory=list)
    sorted_names: list[str] = field(default_factory=list)  # whole names, sorted (exact and prefix)
    sorted_owners: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # whole names (similarity)
    owners: list[int] = field(default_factory=list)
    tails: list[str] = field(default_factory=list)  # each name from each inner word on (similarity)
    tail_owners: list[int] = field(default_factory=list)
    movie_names: list[list[str]] = field(default_factory=list)  # each movie's names
    vocabulary: list[str] = field(default_factory=list)  # every name word, sorted
    word_owners: dict[str, set[int]] = field(default_factory=dict)  # the movies using each word


_lock = threading.Lock()
_current: _Index | None = None


def _build(generation: str) -> _Index:
    index = _Index(generation=generation, built_at=time.monotonic())
    whole: list[tuple[str, int]] = []
    rows = Movie.objects.values_list(
        "tmdb_id", "search_title", "search_aliases", "year", "rating_count", "popularity_score"
    )
    for position, (tmdb_id, title, aliases, year, rating_count, popularity) in enumerate(rows.iterator()):
        index.movies.append(_Movie(tmdb_id, year, rating_count, popularity))
        index.movie_names.append(list(filter(None, [title, *aliases.split(ALIAS_SEPARATOR)])))
        for name in index.movie_names[-1]:
            whole.append((name, position))
            words = name.split()
            for word in words:
                index.word_owners.setdefault(word, set()).add(position)
            tails = [" ".join(words[start:]) for start in range(1, len(words))]
            index.names.append(name)
            index.owners.append(position)
            index.tails.extend(tails)
            index.tail_owners.extend([position] * len(tails))
    whole.sort()
    index.sorted_names = [name for name, _ in whole]
    index.sorted_owners = [owner for _, owner in whole]
    index.vocabulary = sorted(index.word_owners)
    return index


def _stale(index: _Index | None, generation: str) -> bool:
    return (
        index is None or index.generation != generation or time.monotonic() - index.built_at > INDEX_MAX_AGE
    )


def _index() -> _Index:
    global _current
    generation = titles_generation()
    if _stale(_current, generation):
        with _lock:
            if _stale(_current, generation):
                _current = _build(generation)
    return _current


def hits(query: str, *, year: int | None, min_score: float, limit: int) -> list[Hit]:
    """Title matches of a normalized ``query`` (released in ``year`` when given), unranked.

    Similarity is only scored when exact and prefix matches are fewer than ``limit``, and
    inner-word tails only when whole names leave fewer than ``limit`` matches.
    """
    index = _index()

    def hit(owner: int, tier: int, score: float) -> Hit | None:
        movie = index.movies[owner]
        if year is not None and movie.year != year:
            return None
        return Hit(movie.tmdb_id, tier, score, movie.rating_count, movie.popularity)

    found: list[Hit | None] = []
    start = bisect.bisect_left(index.sorted_names, query)
    for position in range(start, len(index.sorted_names)):
        name = index.sorted_names[position]
        if not name.startswith(query):
            break
        found.append(hit(index.sorted_owners[position], EXACT if name == query else PREFIX, 1.0))
    matched = [h for h in found if h is not None]
    if len({h.tmdb_id for h in matched}) >= limit:
        return matched
    wanted = max(limit * 4, 50)
    for names, owners, weight in (
        (index.names, index.owners, 1.0),
        (index.tails, index.tail_owners, INNER_WORD_WEIGHT),
    ):
        close = process.extract(
            query, names, scorer=fuzz.ratio, score_cutoff=min(100.0, min_score * 100 / weight), limit=wanted
        )
        for _, score, position in close:
            similar = hit(owners[position], SIMILAR, score / 100 * weight)
            if similar is not None:
                matched.append(similar)
        if len({h.tmdb_id for h in matched}) >= limit:
            break
    return matched


def word_hits(query: str, *, year: int | None, limit: int) -> list[Hit]:
    """Movies sharing a word with a normalized ``query`` (released in ``year`` when given), unranked.

    Only the ``candidate_count(limit)`` movies sharing the most query words (then the most
    exactly, then the most rated) are scored.
    """
    index = _index()
    words = query_words(query)
    per_word = [vocabulary_hits(w, index.vocabulary, last=i == len(words) - 1) for i, w in enumerate(words)]
    shared: Counter[int] = Counter()
    exact: Counter[int] = Counter()
    for hits in per_word:
        shared.update(set().union(*(index.word_owners[w] for w in hits)))
        exact.update(set().union(*(index.word_owners[w] for w, h in hits.items() if h.kind == EXACT_WORD)))
    owners = [o for o in shared if year is None or index.movies[o].year == year]
    best = heapq.nlargest(
        candidate_count(limit), owners, key=lambda o: (shared[o], exact[o], index.movies[o].rating_count, -o)
    )
    found = []
    for owner in best:
        movie = index.movies[owner]
        hit = word_hit(
            query,
            per_word,
            tmdb_id=movie.tmdb_id,
            names=index.movie_names[owner],
            rating_count=movie.rating_count,
            popularity=movie.popularity,
        )
        if hit is not None:
            found.append(hit)
    return found


def corrected(words: list[str]) -> list[str]:
    """``words`` each replaced by the closest word of the catalog's names (catalog.search.words)."""
    index = _index()
    return [closest_word(word, index.vocabulary, index.word_owners) for word in words]
