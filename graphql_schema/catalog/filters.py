"""Filters and ordering of the GraphQL ``movies`` list (local catalog)."""

import strawberry_django
from django.db.models import Q, QuerySet
from graphql import GraphQLError
from strawberry import auto

from catalog import models, selectors
from catalog.selectors import MAX_YEAR, MIN_YEAR
from graphql_schema.context import Info
from graphql_schema.policy import spend_or_refuse


@strawberry_django.filter_type(models.Movie)
class MovieFilter:
    """All given conditions must hold."""

    release_date: strawberry_django.DateFilterLookup | None = strawberry_django.filter_field(
        description='Release date lookups, e.g. {range: {start: "1990-01-01", end: "1999-12-31"}}.'
    )

    @strawberry_django.filter_field(
        description="Title contains this text (case-insensitive). Spends the search rate limit."
    )
    def title_contains(self, info: Info, value: str, prefix: str) -> Q:
        spend_or_refuse(info.context.request, "search")
        return Q(**{f"{prefix}title__icontains": value})

    @strawberry_django.filter_field(
        description=(
            "Title matches this text despite typos, accents, articles or punctuation (original and"
            " alternative titles too); best match first unless an order is given. Spends the search rate"
            " limit."
        )
    )
    def title_search(self, info: Info, queryset: QuerySet, value: str, prefix: str) -> tuple[QuerySet, Q]:
        spend_or_refuse(info.context.request, "search")
        return selectors.movies_matching_title(queryset, q=value), Q()

    @strawberry_django.filter_field(description="Has the genre with this slug, e.g. science-fiction.")
    def genre(self, value: str, prefix: str) -> Q:
        return Q(**{f"{prefix}genres__slug": value.strip().lower()})

    @strawberry_django.filter_field(description=f"Released in this year ({MIN_YEAR} to {MAX_YEAR}).")
    def year(self, value: int, prefix: str) -> Q:
        if not MIN_YEAR <= value <= MAX_YEAR:
            raise GraphQLError(f"filters.year: Year must be between {MIN_YEAR} and {MAX_YEAR}.")
        return Q(**{f"{prefix}year": value})

    @strawberry_django.filter_field(description="TMDb vote average (0-10) at least this.")
    def vote_average_gte(self, value: float, prefix: str) -> Q:
        return Q(**{f"{prefix}vote_average__gte": value})


@strawberry_django.order_type(models.Movie)
class MovieOrder:
    """One key per entry: ASC or DESC. Equal keys fall back to the catalog order (popularity, TMDb id)."""

    title: auto
    release_date: auto
    year: auto
    vote_average: auto
    popularity_score: auto
