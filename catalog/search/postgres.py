"""Title search on PostgreSQL: pg_trgm through django.contrib.postgres, served by GIN trigram indexes.

Candidates are rows whose normalized title starts with the query or is trigram-similar to
it, whole (``%``) or around one of its words (``%>``, word similarity), or whose aliases
are; the thresholds are set for the transaction to the caller's minimum score. Word matches
(catalog.search.words) are scored in Python over the ``candidate_count`` rows whose titles
are most word-similar to the query's words.
"""

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Greatest

from catalog.fields import ALIAS_SEPARATOR
from catalog.models import Movie
from catalog.search.names import name_is, name_starts
from catalog.search.ranking import EXACT, INNER_WORD_WEIGHT, PREFIX, SIMILAR, Hit, candidate_count, word_hit
from catalog.search.words import query_words, vocabulary_hits

# Least trigram word similarity of a word candidate: a 5-letter word with one edit keeps about 1/3.
WORD_SIMILARITY = 0.25
# Shorter query words ("of", "a") find candidates only when the query has no longer one.
CANDIDATE_WORD_LENGTH = 3


def hits(query: str, *, year: int | None, min_score: float, limit: int) -> list[Hit]:
    """Title matches of a normalized ``query`` (released in ``year`` when given), best ``limit`` first.

    Exact and prefix matches score 1.0, as in every backend: popularity orders them.
    """
    candidates = (
        Q(search_title__startswith=query)
        | Q(search_title__trigram_similar=query)
        | Q(search_title__trigram_word_similar=query)
        | Q(search_aliases__trigram_word_similar=query)
    )
    score = Greatest(
        TrigramSimilarity("search_title", query),
        TrigramWordSimilarity(query, "search_title") * Value(INNER_WORD_WEIGHT),
        TrigramWordSimilarity(query, "search_aliases"),
        output_field=FloatField(),
    )
    tier = Case(
        When(name_is(query), then=Value(EXACT)),
        When(name_starts(query), then=Value(PREFIX)),
        default=Value(SIMILAR),
        output_field=IntegerField(),
    )
    movies = Movie.objects.filter(candidates)
    if year is not None:
        movies = movies.filter(year=year)
    movies = (
        movies.annotate(tier=tier, similarity=score)
        .filter(Q(tier__lt=SIMILAR) | Q(similarity__gte=min_score))
        .annotate(score=Case(When(tier__lt=SIMILAR, then=Value(1.0)), default=F("similarity")))
        .order_by("tier", F("score").desc(), "-rating_count", "-popularity_score", "tmdb_id")
        .values_list("tmdb_id", "tier", "score", "rating_count", "popularity_score")[:limit]
    )
    with transaction.atomic():
        _thresholds(min_score)
        return [Hit(*row) for row in movies]


def word_hits(query: str, *, year: int | None, limit: int) -> list[Hit]:
    """Movies sharing a word with a normalized ``query`` (released in ``year`` when given), unranked."""
    words = query_words(query)
    telling = [word for word in words if len(word) >= CANDIDATE_WORD_LENGTH] or words
    candidates = Q()
    for word in telling:
        candidates |= Q(search_title__trigram_word_similar=word) | Q(
            search_aliases__trigram_word_similar=word
        )
    closeness = [TrigramWordSimilarity(word, "search_title") for word in telling]
    movies = Movie.objects.filter(candidates)
    if year is not None:
        movies = movies.filter(year=year)
    rows = (
        movies.annotate(closeness=sum(closeness[1:], closeness[0]))
        .order_by("-closeness", "-rating_count", "tmdb_id")
        .values_list("tmdb_id", "search_title", "search_aliases", "rating_count", "popularity_score")
    )
    with transaction.atomic():
        _thresholds(WORD_SIMILARITY)
        rows = list(rows[: candidate_count(limit)])
    names = {row[0]: list(filter(None, [row[1], *row[2].split(ALIAS_SEPARATOR)])) for row in rows}
    vocabulary = sorted({word for each in names.values() for name in each for word in name.split()})
    per_word = [vocabulary_hits(w, vocabulary, last=i == len(words) - 1) for i, w in enumerate(words)]
    found = (
        word_hit(
            query, per_word, tmdb_id=tmdb_id, names=names[tmdb_id], rating_count=rated, popularity=popular
        )
        for tmdb_id, _, _, rated, popular in rows
    )
    return [hit for hit in found if hit is not None]


def _thresholds(value: float) -> None:
    """Set pg_trgm's similarity thresholds for the current transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true),"
            " set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(value), str(value)],
        )
