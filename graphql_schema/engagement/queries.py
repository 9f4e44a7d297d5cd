"""GraphQL queries of the engagement domain (the viewer's own lists hang off ``me``)."""

from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import QuerySet

from engagement import selectors
from engagement.models import HistoryImport
from graphql_schema.catalog.types import ReviewType
from graphql_schema.context import Info
from graphql_schema.engagement.reviews import INCLUDE_RATINGS
from graphql_schema.engagement.types import ImportJobType
from graphql_schema.pagination import offset_page
from graphql_schema.policy import policy_extensions
from social import profiles


@strawberry.type
class EngagementQuery:
    @offset_page(ReviewType, "A movie's reviews (with text unless includeRatings), newest first, paginated.")
    def reviews(
        self,
        info: Info,
        tmdb_id: int,
        include_ratings: Annotated[bool, strawberry.argument(description=INCLUDE_RATINGS)] = False,
    ) -> QuerySet:
        reviews = selectors.review_list_for_movie(tmdb_id=tmdb_id, include_ratings=include_ratings)
        return profiles.movie_reviews(reviews, viewer=info.context.user)

    @strawberry_django.field(
        extensions=policy_extensions("importJob"),
        description="One of your history imports (null when it is not yours or does not exist).",
    )
    def import_job(self, info: Info, id: strawberry.ID) -> ImportJobType | None:
        try:
            return selectors.history_import_get(user=info.context.user, import_id=id)
        except (HistoryImport.DoesNotExist, ValueError):
            return None
