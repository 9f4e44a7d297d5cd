"""GraphQL types of the engagement domain."""

import datetime

import strawberry
import strawberry_django

from engagement import models


@strawberry_django.type(models.Review, name="Review")
class ReviewType:
    id: strawberry.ID
    rating: int
    text: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.Review) -> int:
        return root.movie_id

    @strawberry_django.field(select_related=["user"], only=["user__username"])
    def username(self, root: models.Review) -> str:
        return root.user.username
