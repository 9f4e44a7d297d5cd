"""GraphQL types of the accounts domain."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay

from accounts.models import User
from engagement import selectors as engagement_selectors
from engagement import user_services
from graphql_schema.catalog.availability_filter import AvailabilityArgument, checked_filter
from graphql_schema.catalog.types import ReviewType
from graphql_schema.connections import connection
from graphql_schema.context import Info
from graphql_schema.engagement.reviews import INCLUDE_RATINGS
from graphql_schema.engagement.types import (
    FavoriteMovieType,
    NotInterestedType,
    WatchHistoryType,
    WatchlistItemType,
)
from graphql_schema.engagement.user_services import UserServicesType
from graphql_schema.lists.pages import list_page
from graphql_schema.lists.types import MovieListType
from graphql_schema.notifications.queries import calendar_url
from graphql_schema.pagination import offset_page
from graphql_schema.portability.sync import LastActivities, SyncCollection
from graphql_schema.social.types import BlockedUserType, FollowerType, PrivacyType
from notifications import calendar_feed
from portability import sync
from social import follows, lists, profiles

UPDATED_SINCE = (
    "Only rows added after this time (with a time zone); RESYNC_REQUIRED when older than the removals "
    "kept. The ids removed since: removedSince."
)


@strawberry_django.type(User, name="User")
class UserType:
    id: strawberry.ID
    email: str
    username: str
    avatar_url: str
    locale: str
    bio: str
    time_zone: str = strawberry_django.field(
        description="IANA time zone: your diary plays' dates are read there."
    )
    date_joined: strawberry.auto

    @offset_page(FavoriteMovieType, "Newest first [added after updatedSince].")
    def favorites(
        self,
        root: User,
        updated_since: Annotated[
            datetime.datetime | None, strawberry.argument(description=UPDATED_SINCE)
        ] = None,
    ) -> QuerySet:
        return _since(root, "favorites", updated_since, engagement_selectors.favorite_list(user=root))

    @offset_page(
        WatchlistItemType, "Newest first [only what is available where asked] [added after updatedSince]."
    )
    def watchlist(
        self,
        root: User,
        info: Info,
        availability: AvailabilityArgument = None,
        updated_since: Annotated[
            datetime.datetime | None, strawberry.argument(description=UPDATED_SINCE)
        ] = None,
    ) -> QuerySet:
        rows = engagement_selectors.watchlist_list(user=root, available=checked_filter(info, availability))
        return _since(root, "watchlist", updated_since, rows)

    @strawberry_django.field(
        description="When each of your collections last changed, to ask only for what changed."
    )
    def last_activities(self, root: User) -> LastActivities:
        return LastActivities(**sync.last_activities(root))

    @strawberry_django.field(
        description=(
            "TMDb ids removed from a collection after updatedSince, oldest removal first "
            "(RESYNC_REQUIRED when older than the removals kept)."
        )
    )
    def removed_since(
        self, root: User, collection: SyncCollection, updated_since: datetime.datetime
    ) -> list[int]:
        return sync.changes_since(root, collection.value, updated_since).removed

    @offset_page(WatchHistoryType, "Newest first.")
    def history(self, root: User) -> QuerySet:
        return engagement_selectors.history_list(user=root)

    @offset_page(NotInterestedType, 'Movies dismissed ("not interested"), newest first.')
    def not_interested(self, root: User) -> QuerySet:
        return engagement_selectors.not_interested_list(user=root)

    @offset_page(ReviewType, "Newest first; with text unless includeRatings.")
    def reviews(
        self,
        root: User,
        include_ratings: Annotated[bool, strawberry.argument(description=INCLUDE_RATINGS)] = False,
    ) -> QuerySet:
        return engagement_selectors.review_list_for_user(user=root, include_ratings=include_ratings)

    @strawberry_django.field(description="The region you watch from and the streaming services you have.")
    def services(self, root: User) -> UserServicesType:
        return UserServicesType.of(user_services.user_services(user=root))

    @strawberry_django.field(
        description="Your calendar's secret address (RFC 5545: watchlist releases, newly available "
        "movies), made on first use; rotateCalendarToken replaces it."
    )
    def calendar_url(self, root: User, info: Info) -> str:
        return calendar_url(info, calendar_feed.calendar_token(user=root))

    @strawberry_django.field(description="Lists you own or collaborate on, newest first: a cursor page.")
    def lists(
        self,
        root: User,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[MovieListType]:
        mine = lists.my_lists(user=root)
        return list_page(mine, info, first=first, after=after, last=last, before=before)

    @strawberry_django.field(description="Your privacy settings (the defaults until you change one).")
    def privacy(self, root: User) -> PrivacyType:
        return PrivacyType.of(follows.privacy_settings(user=root))

    @strawberry_django.field(
        description="Follow requests waiting for your approval, newest first: a cursor page."
    )
    def follow_requests(
        self,
        root: User,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[FollowerType]:
        waiting = profiles.follow_requests(user=root)
        return connection(
            waiting, info, ordering=profiles.FOLLOW_ORDER, first=first, after=after, last=last, before=before
        )

    @strawberry_django.field(description="The users you block, newest first: a cursor page.")
    def blocks(
        self,
        root: User,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[BlockedUserType]:
        blocked = profiles.blocks_of(user=root)
        return connection(
            blocked, info, ordering=profiles.FOLLOW_ORDER, first=first, after=after, last=last, before=before
        )


@strawberry.type
class AuthPayload:
    access: str
    refresh: str
    user: UserType | None = strawberry.field(
        default=None, description="The signed-in user (register and login; null on refreshToken)."
    )


@strawberry.type
class MessagePayload:
    message: str


def _since(user: User, collection: str, since: datetime.datetime | None, rows: QuerySet) -> QuerySet:
    """``rows``, or those added after ``since`` when given (checked as delta sync checks it)."""
    return rows if since is None else sync.changes_since(user, collection, since, rows=rows).changed
