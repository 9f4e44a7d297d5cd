"""Auth endpoints: parse, call the account services, shape the answer."""

from dataclasses import asdict

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services, tokens
from portability import deletion
from rest_api.accounts import serializers as s
from rest_api.operations import DeclaredOperations
from rest_api.parsing import validated


class _AuthView(DeclaredOperations, APIView):
    """Public auth endpoint, throttled per client IP."""

    authentication_classes: list = []

    def parse(self, serializer_class, request: Request) -> dict:
        return validated(serializer_class, request.data)


class RegisterView(_AuthView):
    operations = {"POST": "register"}

    @extend_schema(
        request=s.RegisterSerializer,
        responses={201: s.RegisteredSerializer},
        summary="Register a user and sign them in (the user and a token pair, as login answers)",
    )
    def post(self, request: Request) -> Response:
        signed_in = services.user_sign_up(**self.parse(s.RegisterSerializer, request))
        body = {**s.UserSerializer(signed_in.user).data, **s.SignedInSerializer(signed_in).data}
        return Response(body, status=status.HTTP_201_CREATED)


class LoginView(_AuthView):
    operations = {"POST": "login"}

    @extend_schema(
        request=s.LoginSerializer,
        responses={200: s.SignedInSerializer},
        summary="Obtain a JWT pair, with the signed-in user",
    )
    def post(self, request: Request) -> Response:
        signed_in = services.user_login(**self.parse(s.LoginSerializer, request), request=request._request)
        return Response(s.SignedInSerializer(signed_in).data)


class RefreshView(_AuthView):
    operations = {"POST": "refreshToken"}

    @extend_schema(
        request=s.RefreshSerializer,
        responses={200: s.TokenPairSerializer},
        summary="Rotate a refresh token into a new pair",
    )
    def post(self, request: Request) -> Response:
        pair = tokens.token_refresh(**self.parse(s.RefreshSerializer, request))
        return Response(asdict(pair))


class LogoutView(_AuthView):
    operations = {"POST": "logout"}

    @extend_schema(request=s.RefreshSerializer, responses={205: None}, summary="Blacklist a refresh token")
    def post(self, request: Request) -> Response:
        tokens.token_revoke(**self.parse(s.RefreshSerializer, request))
        return Response(status=status.HTTP_205_RESET_CONTENT)


@method_decorator(never_cache, name="dispatch")
class MeView(DeclaredOperations, APIView):
    operations = {"PATCH": "updateProfile"}
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.UserSerializer}, summary="The signed-in user")
    def get(self, request: Request) -> Response:
        return Response(s.UserSerializer(request.user).data)

    @extend_schema(
        request=s.ProfileInputSerializer,
        responses={200: s.UserSerializer},
        summary="Change your settings (your time zone); fields left out keep their values",
    )
    def patch(self, request: Request) -> Response:
        changes = validated(s.ProfileInputSerializer, request.data, partial=True)
        return Response(s.UserSerializer(services.user_profile_update(user=request.user, **changes)).data)


class DeleteAccountView(DeclaredOperations, APIView):
    operations = {"POST": "deleteAccount"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.DeleteAccountSerializer,
        responses={202: s.DetailSerializer},
        summary="Delete your account (password confirmed): signed out everywhere now, data erased by a job",
    )
    def post(self, request: Request) -> Response:
        deletion.account_delete(user=request.user, **validated(s.DeleteAccountSerializer, request.data))
        return Response({"detail": deletion.DELETION_STARTED}, status=status.HTTP_202_ACCEPTED)


class PasswordResetView(_AuthView):
    operations = {"POST": "requestPasswordReset"}

    @extend_schema(
        request=s.PasswordResetSerializer,
        responses={202: s.DetailSerializer},
        summary="E-mail a password reset link (same answer whether or not the address exists)",
    )
    def post(self, request: Request) -> Response:
        services.password_reset_request(**self.parse(s.PasswordResetSerializer, request))
        return Response({"detail": services.RESET_REQUESTED}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(_AuthView):
    operations = {"POST": "confirmPasswordReset"}

    @extend_schema(
        request=s.PasswordResetConfirmSerializer,
        responses={200: s.DetailSerializer},
        summary="Set a new password from a reset link",
    )
    def post(self, request: Request) -> Response:
        services.password_reset_confirm(**self.parse(s.PasswordResetConfirmSerializer, request))
        return Response({"detail": services.RESET_DONE})
