"""Shapes of the auth endpoints (input parsing and output)."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

User = get_user_model()


class UserSerializer(serializers.ModelSerializer):
    avatar_url = serializers.CharField(read_only=True, help_text="Avatar image URL; empty when unset.")

    class Meta:
        model = User
        fields = ["id", "email", "username", "avatar_url", "locale", "bio", "time_zone", "date_joined"]
        read_only_fields = fields
        extra_kwargs = {
            "time_zone": {"help_text": "IANA time zone: the dates of your diary plays are read there."}
        }


class ProfileInputSerializer(serializers.Serializer):
    time_zone = serializers.CharField(
        required=False, max_length=64, help_text='An IANA time zone name, e.g. "Asia/Tokyo" (default "UTC").'
    )


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=2000)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class SignedInSerializer(serializers.Serializer):
    """A token pair and the user it signs in (login, register)."""

    user = UserSerializer(read_only=True)
    access = serializers.CharField(source="tokens.access", read_only=True)
    refresh = serializers.CharField(source="tokens.refresh", read_only=True)


class RegisteredSerializer(UserSerializer):
    """Register's answer: the new user's fields at the top level, as it always answered, and the
    signed-in shape of login (``user``, ``access``, ``refresh``)."""

    user = UserSerializer(read_only=True)
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "user", "access", "refresh"]
        read_only_fields = fields


class DeleteAccountSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    keep_reviews = serializers.BooleanField(
        help_text="Keep your reviews (text, rating, date) and comments under an anonymous author instead of "
        "deleting them."
    )


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    new_password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
