"""Filters and ordering of the GraphQL ``movies`` list (local catalog)."""

import strawberry_django
from django.db.models import Q, QuerySet
from strawberry import auto

from catalog import models, selectors


@strawberry_django.filter_type(models.Movie)
class MovieFilter:
    """All given conditions must hold."""

    release_date: strawberry_django.DateFilterLookup | None = strawberry_django.filter_field(
        description='Release date lookups, e.g. {range: {start: "1990-01-01", end: "1999-12-31"}}.'
    )

    @strawberry_django.filter_field(description="Title contains this text (case-insensitive).")
    def title_contains(self, value: str, prefix: str) -> Q:
        return Q(**{f"{prefix}title__icontains": value})

    @strawberry_django.filter_field(
        description=(
            "Title matches this text despite typos, accents, articles or punctuation (original and"
            " alternative titles too); best match first unless an order is given."
        )
    )
    def title_search(self, queryset: QuerySet, value: str, prefix: str) -> tuple[QuerySet, Q]:
        return selectors.movies_matching_title(queryset, q=value), Q()

    @strawberry_django.filter_field(description="Has the genre with this slug, e.g. science-fiction.")
    def genre(self, value: str, prefix: str) -> Q:
        return Q(**{f"{prefix}genres__slug": value.strip().lower()})

    @strawberry_django.filter_field(description="Released in this year.")
    def year(self, value: int, prefix: str) -> Q:
        return Q(**{f"{prefix}release_date__year": value})

    @strawberry_django.filter_field(description="TMDb vote average (0-10) at least this.")
    def vote_average_gte(self, value: float, prefix: str) -> Q:
        return Q(**{f"{prefix}vote_average__gte": value})


@strawberry_django.order_type(models.Movie)
class MovieOrder:
    """One key per entry: ASC or DESC."""

    title: auto
    release_date: auto
    vote_average: auto
    popularity_score: auto
