"""GraphQL queries of the engagement domain (the viewer's own lists hang off ``me``)."""

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry_django.pagination import OffsetPaginated

from engagement import selectors
from graphql_schema.engagement.types import ReviewType
from graphql_schema.pagination import PagedField


@strawberry.type
class EngagementQuery:
    @strawberry_django.offset_paginated(
        OffsetPaginated[ReviewType],
        field_cls=PagedField,
        description="A movie's reviews, newest first, paginated.",
    )
    def reviews(self, tmdb_id: int) -> QuerySet:
        return selectors.review_list_for_movie(tmdb_id=tmdb_id)
