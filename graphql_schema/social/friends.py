"""What the people you follow rated a movie (social.friends): its GraphQL types and root field.

``Movie.friendsRatings`` gives the same for every movie of an answer, a list of movies at a time
(graphql_schema.dataloaders.FriendsRatingsOf). An answer showing it is never kept in the
payload cache, not even the reader's own entry: the followees' privacy counts at every read.
"""

import strawberry

from graphql_schema.context import Info
from graphql_schema.policy import policy_extensions
from graphql_schema.response_cache import keep_out
from social import friends


@strawberry.type(name="FriendRating", description="A rating by someone you follow.")
class FriendRatingType:
    username: str
    avatar_url: str
    rating: float = strawberry.field(description="1 to 5 in half stars.")


@strawberry.type(
    name="FriendsRatings",
    description="What the people you follow rated a movie, counting only those whose ratings you may read.",
)
class FriendsRatingsType:
    count: int
    mean: float | None = strawberry.field(description="Their mean rating; null when none.")
    people: list[FriendRatingType] = strawberry.field(
        description=f"The newest {friends.PEOPLE_SHOWN} of them, newest first."
    )

    @classmethod
    def of(cls, found: friends.FriendsRatings, info: Info) -> "FriendsRatingsType":
        keep_out(info.context.request)
        return cls(
            count=found.count,
            mean=found.mean,
            people=[
                FriendRatingType(username=p.username, avatar_url=p.avatar_url, rating=float(p.rating))
                for p in found.people
            ],
        )


@strawberry.type
class FriendsQuery:
    @strawberry.field(
        extensions=policy_extensions("friendsRatings", quiet=False),
        description="What the people you follow rated a movie of the local catalog (an unknown tmdbId is "
        "an error). Signed-in users only.",
    )
    def friends_ratings(self, info: Info, tmdb_id: int) -> FriendsRatingsType:
        return FriendsRatingsType.of(
            friends.friends_on_movie(viewer=info.context.user, tmdb_id=tmdb_id), info
        )
