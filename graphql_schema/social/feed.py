"""The activity feed on GraphQL: one social.feed call, paged as a Relay connection.

The same rows, order and cursors as ``GET /api/user/feed/``; cursors are bound to the kinds asked.
"""

import datetime
import uuid

import strawberry
import strawberry_django
from strawberry import relay

from graphql_schema.catalog.types import RATING, MovieType
from graphql_schema.connections import connection
from graphql_schema.context import Info
from graphql_schema.policy import policy_extensions
from social import feed, models

ActivityVerb = strawberry.enum(
    models.Activity.Verb,
    name="ActivityVerb",
    description="PLAY a diary play, RATING a bare rating, REVIEW a review, LIST_CREATED a new list, "
    "LIST_ENTRY_ADDED a movie added to a list, LIKE a like of a movie, a list or a review.",
)


@strawberry.type(name="FeedActor", description="Who did it.")
class FeedActorType:
    username: str
    avatar_url: str


@strawberry.type(name="FeedList", description="The list an activity concerns.")
class FeedListType:
    id: uuid.UUID
    name: str


@strawberry_django.type(models.Activity, name="Activity", description="Something a user you follow did.")
class ActivityType:
    created_at: datetime.datetime = strawberry_django.field(description="When it happened.")
    movie: MovieType | None = strawberry_django.field(description="The movie it concerns, if any.")
    excerpt: str = strawberry_django.field(description="The start of the review's text (empty when none).")

    @strawberry_django.field(only=["verb"])
    def verb(self, root: models.Activity) -> ActivityVerb:
        return ActivityVerb(root.verb)

    @strawberry_django.field(
        only=["actor__username", "actor__avatar_url"], select_related=["actor"], description="Who did it."
    )
    def actor(self, root: models.Activity) -> FeedActorType:
        return FeedActorType(username=root.actor.username, avatar_url=root.actor.avatar_url)

    @strawberry_django.field(
        only=["movie_list__name"], select_related=["movie_list"], description="The list it concerns, if any."
    )
    def list(self, root: models.Activity) -> FeedListType | None:
        if root.movie_list is None:
            return None
        return FeedListType(id=root.movie_list.pk, name=root.movie_list.name)

    @strawberry_django.field(
        only=["liked_review_id"], description="The review a LIKE is of (its movie is movie); null otherwise."
    )
    def review_id(self, root: models.Activity) -> uuid.UUID | None:
        return root.liked_review_id

    @strawberry_django.field(only=["rating"], description=f"The rating given: {RATING} Null when none.")
    def rating(self, root: models.Activity) -> float | None:
        return None if root.rating is None else float(root.rating)


@strawberry.type
class FeedQuery:
    @strawberry.field(
        extensions=policy_extensions("feed", quiet=False),
        description="What the people you follow did, newest first, as each one's privacy lets you read it "
        "(types: only these kinds). first/after page forward, last/before backward (Relay cursors). "
        "Signed-in users only.",
    )
    def feed(
        self,
        info: Info,
        types: list[ActivityVerb] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[ActivityType]:
        verbs = [verb.value for verb in types or ()]
        rows = feed.feed(viewer=info.context.user, verbs=verbs)
        return connection(
            rows,
            info,
            ordering=feed.FEED_ORDER,
            first=first,
            after=after,
            last=last,
            before=before,
            binding=feed.feed_binding(verbs),
        )
