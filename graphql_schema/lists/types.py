"""GraphQL types of user lists; who may read a list is decided before any of them is built."""

import datetime

import strawberry
import strawberry_django
from strawberry import relay

from engagement import models
from graphql_schema.catalog.availability_filter import AvailabilityArgument, checked_filter
from graphql_schema.catalog.types import MovieType
from graphql_schema.context import Info
from graphql_schema.lists.pages import entries_page
from graphql_schema.social import reaction_fields
from social import lists

ListVisibility = strawberry.enum(
    models.MovieList.Visibility,
    name="ListVisibility",
    description="PUBLIC: anyone; UNLISTED: whoever has the share link; PRIVATE: owner and collaborators.",
)


@strawberry_django.type(models.MovieListEntry, name="MovieListEntry")
class MovieListEntryType:
    id: strawberry.ID
    position: int = strawberry_django.field(description="0 for the first movie; a rank on a ranked list.")
    note: str
    added_at: datetime.datetime
    movie: MovieType

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.MovieListEntry) -> int:
        return root.movie_id


@strawberry_django.type(models.ListCollaborator, name="ListCollaborator")
class ListCollaboratorType:
    added_at: datetime.datetime

    @strawberry_django.field(only=["user__username"], select_related=["user"])
    def username(self, root: models.ListCollaborator) -> str:
        return root.user.username


@strawberry_django.type(models.MovieList, name="MovieList")
class MovieListType:
    id: strawberry.ID
    name: str
    description: str
    visibility: ListVisibility
    ranked: bool
    entry_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @strawberry_django.field(only=["owner__username"], select_related=["owner"])
    def owner(self, root: models.MovieList) -> str:
        """The owner's username."""
        return root.owner.username

    @strawberry_django.field(
        only=["share_token", "owner_id"],
        description="The share link's token (GET /api/lists/shared/{token}/): shown to the owner only.",
    )
    def share_token(self, root: models.MovieList, info: Info) -> str | None:
        return lists.share_token_for(viewer=info.context.user, movie_list=root)

    like_count = reaction_fields.like_count_field(models.MovieList)
    comment_count = reaction_fields.comment_count_field(models.MovieList)
    liked_by_me = reaction_fields.liked_by_me_field(models.MovieList)

    collaborators: list[ListCollaboratorType] = strawberry_django.field(
        description="Who may edit the list besides its owner (at most LIST_MAX_COLLABORATORS)."
    )

    @strawberry_django.field(description="The list's movies in list order: a cursor page.")
    def entries(
        self,
        root: models.MovieList,
        info: Info,
        availability: AvailabilityArgument = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[MovieListEntryType]:
        return entries_page(
            root,
            info,
            available=checked_filter(info, availability),
            asked=availability,
            first=first,
            after=after,
            last=last,
            before=before,
        )
