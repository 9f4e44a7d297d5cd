"""GraphQL reads of another user: each asks social.profiles, which applies the one privacy rule.

An unknown user, or one with a block between you, is a NOT_FOUND error; an area you may not
read is an empty connection. Cursors are the REST pages' cursors of the same rows.
"""

from typing import Annotated

import strawberry
from strawberry import relay

from graphql_schema.catalog.types import ReviewType
from graphql_schema.connections import connection
from graphql_schema.context import Info
from graphql_schema.engagement.diary import DiaryEntryType
from graphql_schema.engagement.reviews import INCLUDE_RATINGS
from graphql_schema.engagement.types import FavoriteMovieType, WatchlistItemType
from graphql_schema.policy import policy_extensions
from graphql_schema.social.types import FolloweeType, FollowerType, ProfileType
from social import profiles

PAGE = "first/after pages forward, last/before backward (Relay cursors)."


def _page(info: Info, rows, ordering, name: str, username: str, first, after, last, before):
    return connection(
        rows,
        info,
        ordering=ordering,
        first=first,
        after=after,
        last=last,
        before=before,
        binding=f"{name}:{username}",
    )


@strawberry.type
class SocialQuery:
    @strawberry.field(extensions=policy_extensions("profile"), description="A user's profile.")
    def profile(self, info: Info, username: str) -> ProfileType:
        return ProfileType.of(profiles.profile(viewer=info.context.user, username=username))

    @strawberry.field(
        extensions=policy_extensions("userDiary"),
        description=f"A user's diary plays, newest first (empty unless their diary setting lets you). {PAGE}",
    )
    def user_diary(
        self,
        info: Info,
        username: str,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[DiaryEntryType]:
        rows = profiles.diary_of(viewer=info.context.user, username=username)
        return _page(info, rows, profiles.DIARY_ORDER, "diary", username, first, after, last, before)

    @strawberry.field(
        extensions=policy_extensions("userRatings"),
        description=f"A user's reviews, newest first (empty unless their ratings setting lets you). {PAGE}",
    )
    def user_ratings(
        self,
        info: Info,
        username: str,
        include_ratings: Annotated[bool, strawberry.argument(description=INCLUDE_RATINGS)] = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[ReviewType]:
        rows = profiles.ratings_of(
            viewer=info.context.user, username=username, include_ratings=include_ratings
        )
        return _page(info, rows, profiles.RATINGS_ORDER, "ratings", username, first, after, last, before)

    @strawberry.field(
        extensions=policy_extensions("userFavorites"),
        description=f"A user's favorites, newest first (empty unless their setting lets you). {PAGE}",
    )
    def user_favorites(
        self,
        info: Info,
        username: str,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[FavoriteMovieType]:
        rows = profiles.favorites_of(viewer=info.context.user, username=username)
        return _page(info, rows, profiles.ADDED_ORDER, "favorites", username, first, after, last, before)

    @strawberry.field(
        extensions=policy_extensions("userWatchlist"),
        description=f"A user's watchlist, newest first (empty unless their setting lets you). {PAGE}",
    )
    def user_watchlist(
        self,
        info: Info,
        username: str,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[WatchlistItemType]:
        rows = profiles.watchlist_of(viewer=info.context.user, username=username)
        return _page(info, rows, profiles.ADDED_ORDER, "watchlist", username, first, after, last, before)

    @strawberry.field(
        extensions=policy_extensions("followers"),
        description=f"Who follows a user, newest first (a private account's: its followers only). {PAGE}",
    )
    def followers(
        self,
        info: Info,
        username: str,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[FollowerType]:
        rows = profiles.followers_of(viewer=info.context.user, username=username)
        return _page(info, rows, profiles.FOLLOW_ORDER, "followers", username, first, after, last, before)

    @strawberry.field(
        extensions=policy_extensions("following"),
        description=f"Whom a user follows, newest first (a private account's: its followers only). {PAGE}",
    )
    def following(
        self,
        info: Info,
        username: str,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[FolloweeType]:
        rows = profiles.following_of(viewer=info.context.user, username=username)
        return _page(info, rows, profiles.FOLLOW_ORDER, "following", username, first, after, last, before)
