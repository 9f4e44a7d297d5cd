"""The diary on GraphQL: plays and tags as Relay connections, and the play mutations.

Each resolver is one engagement.diary call; another user's play reads as a missing one
(NOT_FOUND on ``diaryEntry``, the "does not exist" message on the mutations).
"""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay

from engagement import diary
from engagement import models as engagement_models
from graphql_schema.catalog.types import RATING, MovieType
from graphql_schema.connections import connection
from graphql_schema.context import Info
from graphql_schema.engagement.mutations import mutation_options, writer
from graphql_schema.policy import policy_extensions

PAGE_ARGUMENTS = "first/after pages forward, last/before backward (Relay cursors)."


@strawberry_django.type(engagement_models.DiaryTag, name="DiaryTag", description="One of your diary tags.")
class DiaryTagType:
    name: str
    slug: str = strawberry_django.field(
        description="The tag's identity (case-folded): filter the diary by it."
    )


@strawberry_django.type(
    engagement_models.DiaryTag, name="DiaryTagCount", description="One of your diary tags and its plays."
)
class DiaryTagCountType(DiaryTagType):
    plays: int = strawberry_django.field(description="How many of your plays carry it.")


@strawberry_django.type(engagement_models.DiaryEntry, name="DiaryEntry", description="One play of a movie.")
class DiaryEntryType:
    id: strawberry.ID
    watched_on: datetime.date = strawberry_django.field(description="The play's date, in your time zone.")
    watched_at: datetime.datetime | None = strawberry_django.field(
        description="The play's instant (null when only its date was given)."
    )
    liked: bool
    review: str
    spoiler: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    movie: MovieType
    tags: list[DiaryTagType]
    rewatch: bool = strawberry_django.field(description="An earlier play of this movie is in your diary.")

    @strawberry_django.field(only=["rating"], description=f"{RATING} Null when the play is unrated.")
    def rating(self, root: engagement_models.DiaryEntry) -> float | None:
        return None if root.rating is None else float(root.rating)

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: engagement_models.DiaryEntry) -> int:
        return root.movie_id


@strawberry.input(name="DiaryFilter", description="Plays of a year (and month), tag, exact rating or liked.")
class DiaryFilter:
    year: int | None = None
    month: int | None = strawberry.field(default=None, description="1 to 12; needs year.")
    tag: str | None = strawberry.field(default=None, description="A tag, in any spelling.")
    rating: float | None = None
    liked: bool | None = None


@strawberry.type
class DiaryQuery:
    @strawberry.field(
        description=f"Your diary: plays newest first. {PAGE_ARGUMENTS} Signed-in users only.",
        extensions=policy_extensions("diary", quiet=False),
    )
    def diary(
        self,
        info: Info,
        filter: DiaryFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[DiaryEntryType]:
        chosen = vars(filter) if filter is not None else {}
        plays = diary.diary_list(user=info.context.user, **chosen)
        return connection(
            plays, info, ordering=diary.ORDERING, first=first, after=after, last=last, before=before
        )

    @strawberry.field(
        description="One of your plays. Signed-in users only.",
        extensions=policy_extensions("diaryEntry", quiet=False),
    )
    def diary_entry(self, info: Info, id: strawberry.ID) -> DiaryEntryType:
        return diary.diary_get(user=info.context.user, entry_id=id)

    @strawberry.field(
        description=f"Your diary tags by name, with their plays. {PAGE_ARGUMENTS} Signed-in users only.",
        extensions=policy_extensions("diaryTags", quiet=False),
    )
    def diary_tags(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[DiaryTagCountType]:
        tags = diary.diary_tags(user=info.context.user)
        return connection(
            tags, info, ordering=diary.TAG_ORDERING, first=first, after=after, last=last, before=before
        )


WhenOn = Annotated[
    datetime.date | None,
    strawberry.argument(description="The play's date in your time zone (1870 to tomorrow)."),
]
WhenAt = Annotated[
    datetime.datetime | None,
    strawberry.argument(
        description="The play's instant with its UTC offset, instead of watchedOn; neither: now."
    ),
]
Rating = Annotated[float | None, strawberry.argument(description=f"{RATING} Also your rating of the movie.")]
Tags = Annotated[
    list[str] | None,
    strawberry.argument(
        description="At most 20; trimmed, inner spaces collapsed, one per case-folded spelling."
    ),
]


@strawberry.type
class DiaryMutation:
    @strawberry_django.mutation(
        **mutation_options("logPlay"),
        description="Log a play of a movie: its view joins your history, its rating becomes your rating.",
    )
    def log_play(
        self,
        info: Info,
        tmdb_id: int,
        watched_on: WhenOn = None,
        watched_at: WhenAt = None,
        rating: Rating = None,
        liked: bool = False,
        review: str = "",
        spoiler: bool = False,
        tags: Tags = None,
    ) -> DiaryEntryType:
        return diary.diary_log(
            user=writer(info),
            tmdb_id=tmdb_id,
            watched_on=watched_on,
            watched_at=watched_at,
            rating=rating,
            liked=liked,
            review=review,
            spoiler=spoiler,
            tags=tags or (),
        )

    @strawberry_django.mutation(
        **mutation_options("updatePlay"),
        description="Change one of your plays; arguments left out keep their values (null rating: unrated).",
    )
    def update_play(
        self,
        info: Info,
        id: strawberry.ID,
        watched_on: WhenOn = strawberry.UNSET,
        watched_at: WhenAt = strawberry.UNSET,
        rating: Rating = strawberry.UNSET,
        liked: bool | None = strawberry.UNSET,
        review: str | None = strawberry.UNSET,
        spoiler: bool | None = strawberry.UNSET,
        tags: Tags = strawberry.UNSET,
    ) -> DiaryEntryType:
        given = {
            "watched_on": watched_on,
            "watched_at": watched_at,
            "rating": rating,
            "liked": liked,
            "review": review,
            "spoiler": spoiler,
            "tags": tags,
        }
        changes = {name: value for name, value in given.items() if value is not strawberry.UNSET}
        return diary.diary_update(user=writer(info), entry_id=id, **changes)

    @strawberry_django.mutation(
        **mutation_options("deletePlay"),
        description="Delete one of your plays and its view; your rating of the movie stays.",
    )
    def delete_play(self, info: Info, id: strawberry.ID) -> MovieType:
        return diary.diary_delete(user=writer(info), entry_id=id)
