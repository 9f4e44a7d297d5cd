"""Auth mutations; each body is one account-service call."""

from typing import Annotated

import strawberry
import strawberry_django

from accounts import services, tokens
from graphql_schema.accounts.types import AuthPayload, MessagePayload, UserType
from graphql_schema.context import Info
from graphql_schema.policy import policy_extensions


def _pair(pair: tokens.TokenPair) -> AuthPayload:
    return AuthPayload(access=pair.access, refresh=pair.refresh)


def _signed_in(signed_in: services.SignedIn) -> AuthPayload:
    return AuthPayload(
        access=signed_in.tokens.access,
        refresh=signed_in.tokens.refresh,
        user=signed_in.user,  # type: ignore[arg-type]  # a User model instance resolves as UserType
    )


@strawberry.type
class AccountMutation:
    @strawberry_django.mutation(handle_django_errors=True, extensions=policy_extensions("register"))
    def register(self, email: str, username: str, password: str) -> AuthPayload:
        return _signed_in(services.user_sign_up(email=email, username=username, password=password))

    @strawberry_django.mutation(handle_django_errors=True, extensions=policy_extensions("login"))
    def login(self, info: Info, email: str, password: str) -> AuthPayload:
        return _signed_in(services.user_login(email=email, password=password, request=info.context.request))

    @strawberry_django.mutation(handle_django_errors=True, extensions=policy_extensions("refreshToken"))
    def refresh_token(self, refresh: str) -> AuthPayload:
        return _pair(tokens.token_refresh(refresh=refresh))

    @strawberry_django.mutation(handle_django_errors=True, extensions=policy_extensions("logout"))
    def logout(self, refresh: str) -> MessagePayload:
        tokens.token_revoke(refresh=refresh)
        return MessagePayload(message="Signed out.")

    @strawberry_django.mutation(
        handle_django_errors=True, extensions=policy_extensions("requestPasswordReset")
    )
    def request_password_reset(self, email: str) -> MessagePayload:
        services.password_reset_request(email=email)
        return MessagePayload(message=services.RESET_REQUESTED)

    @strawberry_django.mutation(
        handle_django_errors=True, extensions=policy_extensions("confirmPasswordReset")
    )
    def confirm_password_reset(self, uid: str, token: str, new_password: str) -> MessagePayload:
        services.password_reset_confirm(uid=uid, token=token, new_password=new_password)
        return MessagePayload(message=services.RESET_DONE)

    @strawberry_django.mutation(
        handle_django_errors=True,
        extensions=policy_extensions("updateProfile"),
        description="Change your settings; arguments left out keep their values.",
    )
    def update_profile(
        self,
        info: Info,
        time_zone: Annotated[
            str | None, strawberry.argument(description='An IANA time zone name, e.g. "Asia/Tokyo".')
        ] = None,
    ) -> UserType:
        return services.user_profile_update(user=info.context.user, time_zone=time_zone)
