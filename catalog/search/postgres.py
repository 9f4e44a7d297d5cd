"""Title search on PostgreSQL: pg_trgm through django.contrib.postgres, served by GIN trigram indexes.

Candidates are rows whose normalized title starts with the query or is trigram-similar to
it, whole (``%``) or around one of its words (``%>``, word similarity), or whose aliases
are; the thresholds are set for the transaction to the caller's minimum score.
"""

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Greatest

from catalog.models import Movie
from catalog.search.names import name_is, name_starts
from catalog.search.ranking import EXACT, INNER_WORD_WEIGHT, PREFIX, SIMILAR, Hit


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
        movies = movies.filter(release_date__year=year)
    movies = (
        movies.annotate(tier=tier, similarity=score)
        .filter(Q(tier__lt=SIMILAR) | Q(similarity__gte=min_score))
        .annotate(score=Case(When(tier__lt=SIMILAR, then=Value(1.0)), default=F("similarity")))
        .order_by("tier", F("score").desc(), "-rating_count", "-popularity_score", "tmdb_id")
        .values_list("tmdb_id", "tier", "score", "rating_count", "popularity_score")[:limit]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true),"
            " set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(min_score), str(min_score)],
        )
        return [Hit(*row) for row in movies]
