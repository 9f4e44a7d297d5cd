"""GraphQL writes of follows, blocks and privacy settings; each body is one social.follows call.

A user who is unknown, or has a block between you, answers "User matching query does not
exist." exactly alike; acting on yourself is a VALIDATION message on ``username``.
"""

import strawberry
import strawberry_django

from graphql_schema.accounts.types import MessagePayload
from graphql_schema.context import Info
from graphql_schema.engagement.mutations import mutation_options
from graphql_schema.social.types import Audience, BlockedUserType, FollowerType, FollowStateType, PrivacyType
from social import follows


@strawberry.type
class SocialMutation:
    @strawberry_django.mutation(
        **mutation_options("follow"),
        description="Follow a user (a private account gets a request to approve; idempotent).",
    )
    def follow(self, info: Info, username: str) -> FollowStateType:
        return FollowStateType.of(follows.follow(user=info.context.user, username=username))

    @strawberry_django.mutation(
        **mutation_options("unfollow"), description="Stop following a user, or withdraw your request."
    )
    def unfollow(self, info: Info, username: str) -> MessagePayload:
        follows.unfollow(user=info.context.user, username=username)
        return MessagePayload(message="Not following.")

    @strawberry_django.mutation(
        **mutation_options("approveFollowRequest"), description="Approve a follow request."
    )
    def approve_follow_request(self, info: Info, username: str) -> FollowerType:
        return follows.request_approve(user=info.context.user, username=username)

    @strawberry_django.mutation(
        **mutation_options("declineFollowRequest"), description="Decline a follow request."
    )
    def decline_follow_request(self, info: Info, username: str) -> MessagePayload:
        follows.request_decline(user=info.context.user, username=username)
        return MessagePayload(message="Request declined.")

    @strawberry_django.mutation(
        **mutation_options("removeFollower"), description="Make a user stop following you."
    )
    def remove_follower(self, info: Info, username: str) -> MessagePayload:
        follows.follower_remove(user=info.context.user, username=username)
        return MessagePayload(message="Follower removed.")

    @strawberry_django.mutation(
        **mutation_options("block"),
        description="Block a user: follows and requests between you end, both ways (idempotent).",
    )
    def block(self, info: Info, username: str) -> BlockedUserType:
        return follows.block(user=info.context.user, username=username)

    @strawberry_django.mutation(**mutation_options("unblock"), description="Unblock a user (idempotent).")
    def unblock(self, info: Info, username: str) -> MessagePayload:
        follows.unblock(user=info.context.user, username=username)
        return MessagePayload(message="Unblocked.")

    @strawberry_django.mutation(
        **mutation_options("updatePrivacy"), description="Change your privacy settings (the arguments given)."
    )
    def update_privacy(
        self,
        info: Info,
        diary: Audience | None = None,
        ratings: Audience | None = None,
        lists: Audience | None = None,
        favorites: Audience | None = None,
        watchlist: Audience | None = None,
        private_account: bool | None = None,
    ) -> PrivacyType:
        audiences = {
            "diary": diary,
            "ratings": ratings,
            "lists": lists,
            "favorites": favorites,
            "watchlist": watchlist,
        }
        changes = {name: value.value for name, value in audiences.items() if value is not None}
        if private_account is not None:
            changes["private_account"] = private_account
        return PrivacyType.of(follows.privacy_update(user=info.context.user, **changes))
