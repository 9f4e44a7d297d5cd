"""The ``includeRatings`` argument of review lists: reviews with text only unless it is true."""

from typing import Any

from django.db.models import QuerySet
from strawberry.annotation import StrawberryAnnotation
from strawberry.types.arguments import StrawberryArgument
from strawberry_django.optimizer import is_optimized_by_prefetching

from engagement import selectors
from graphql_schema.pagination import PagedField
from social import profiles

INCLUDE_RATINGS = "Also list bare ratings (a rating without text); by default only reviews with text."


class ReviewsField(PagedField):
    """A paged list of reviews taking ``includeRatings`` (default false) and the privacy rule,
    applied when the optimizer prefetches the list for many movies as well as when it is read alone."""

    @property
    def arguments(self) -> list[StrawberryArgument]:
        include = StrawberryArgument(
            python_name="include_ratings",
            graphql_name=None,
            type_annotation=StrawberryAnnotation(bool),
            default=False,
            description=INCLUDE_RATINGS,
        )
        return [*super().arguments, include]

    @arguments.setter
    def arguments(self, value: list[StrawberryArgument]) -> None:
        PagedField.arguments.fset(self, value)

    def get_queryset(self, queryset: QuerySet, info: Any, *, include_ratings: bool = False, **kwargs: Any):
        if not is_optimized_by_prefetching(queryset):
            queryset = selectors.reviews_or_ratings(queryset, include_ratings=include_ratings)
            # Only the reviews whose authors' ratings the reader may read (social.privacy).
            queryset = profiles.movie_reviews(queryset, viewer=info.context.user)
        return super().get_queryset(queryset, info, **kwargs)
