"""GraphQL types of profiles, follows, blocks and privacy settings (the REST shapes' names)."""

import datetime

import strawberry
import strawberry_django

from social import models, profiles

Audience = strawberry.enum(
    models.Audience,
    name="Audience",
    description="Who reads an area besides its owner: PUBLIC anyone, FOLLOWERS accepted followers, "
    "PRIVATE nobody.",
)
FollowStatus = strawberry.enum(
    models.Follow.Status, name="FollowStatus", description="ACCEPTED, or PENDING until approved."
)


def user_fields(side: str) -> dict:
    return {"only": [f"{side}__username", f"{side}__avatar_url", f"{side}__bio"], "select_related": [side]}


@strawberry_django.type(models.Follow, name="Follower", description="A user who follows (or asks to).")
class FollowerType:
    since: datetime.datetime = strawberry_django.field(
        field_name="created_at", description="When the follow (or request) began."
    )

    @strawberry_django.field(**user_fields("follower"))
    def username(self, root: models.Follow) -> str:
        return root.follower.username

    @strawberry_django.field(**user_fields("follower"))
    def avatar_url(self, root: models.Follow) -> str:
        return root.follower.avatar_url

    @strawberry_django.field(**user_fields("follower"))
    def bio(self, root: models.Follow) -> str:
        return root.follower.bio


@strawberry_django.type(models.Follow, name="Followee", description="A user followed.")
class FolloweeType:
    since: datetime.datetime = strawberry_django.field(
        field_name="created_at", description="When the follow began."
    )

    @strawberry_django.field(**user_fields("followee"))
    def username(self, root: models.Follow) -> str:
        return root.followee.username

    @strawberry_django.field(**user_fields("followee"))
    def avatar_url(self, root: models.Follow) -> str:
        return root.followee.avatar_url

    @strawberry_django.field(**user_fields("followee"))
    def bio(self, root: models.Follow) -> str:
        return root.followee.bio


@strawberry.type(name="FollowState", description="Your follow of a user as it stands.")
class FollowStateType:
    username: str
    status: FollowStatus

    @classmethod
    def of(cls, follow: models.Follow) -> "FollowStateType":
        return cls(username=follow.followee.username, status=FollowStatus(follow.status))


@strawberry_django.type(models.Block, name="BlockedUser", description="A user you block.")
class BlockedUserType:
    since: datetime.datetime = strawberry_django.field(field_name="created_at")

    @strawberry_django.field(only=["blocked__username"], select_related=["blocked"])
    def username(self, root: models.Block) -> str:
        return root.blocked.username

    @strawberry_django.field(only=["blocked__avatar_url"], select_related=["blocked"])
    def avatar_url(self, root: models.Block) -> str:
        return root.blocked.avatar_url


@strawberry.type(name="Privacy", description="Your privacy settings: an audience per area.")
class PrivacyType:
    diary: Audience = strawberry.field(description="Diary plays.")
    ratings: Audience = strawberry.field(description="Ratings and reviews (on movies too).")
    lists: Audience = strawberry.field(description="Lists (each keeps its own visibility).")
    favorites: Audience
    watchlist: Audience
    private_account: bool = strawberry.field(
        description="Follows wait for your approval, and public areas read as followers-only."
    )

    @classmethod
    def of(cls, settings: models.PrivacySettings) -> "PrivacyType":
        return cls(
            diary=Audience(settings.diary),
            ratings=Audience(settings.ratings),
            lists=Audience(settings.lists),
            favorites=Audience(settings.favorites),
            watchlist=Audience(settings.watchlist),
            private_account=settings.private_account,
        )


@strawberry.type(name="AreaCounts", description="Per area, a count only when you may read that area.")
class AreaCountsType:
    diary: int | None
    ratings: int | None
    lists: int | None
    favorites: int | None
    watchlist: int | None


@strawberry.type(name="Profile", description="A user as you may see them.")
class ProfileType:
    username: str
    avatar_url: str
    bio: str
    private_account: bool = strawberry.field(description="Follows wait for the user's approval.")
    followers_count: int
    following_count: int
    counts: AreaCountsType
    follow_status: FollowStatus | None = strawberry.field(description="Your follow of this user, if any.")

    @classmethod
    def of(cls, profile: profiles.Profile) -> "ProfileType":
        user = profile.user
        status = profile.follow_status
        return cls(
            username=user.username,
            avatar_url=user.avatar_url,
            bio=user.bio,
            private_account=profile.private_account,
            followers_count=profile.followers_count,
            following_count=profile.following_count,
            counts=AreaCountsType(**profile.area_counts),
            follow_status=None if status is None else FollowStatus(status),
        )
