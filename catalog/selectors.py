"""Catalog reads. Every function returns a QuerySet so the GraphQL optimizer can still shape it."""

from collections.abc import Sequence

from django.db.models import Case, IntegerField, QuerySet, When

from catalog.models import Movie


def movies_by_tmdb_ids(*, tmdb_ids: Sequence[int]) -> QuerySet[Movie]:
    """Movies with these TMDb ids, in the given order (unknown ids are skipped)."""
    ids = list(dict.fromkeys(tmdb_ids))
    if not ids:
        return Movie.objects.none()
    order = Case(
        *(When(tmdb_id=tmdb_id, then=pos) for pos, tmdb_id in enumerate(ids)), output_field=IntegerField()
    )
    return Movie.objects.filter(tmdb_id__in=ids).order_by(order)
