"""Every way a password changes retires the user's tokens; re-hashing it at login does not."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from accounts.tokens import token_pair_for
from tests.errors import codes
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _me(api_client, access: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return api_client.get("/api/auth/me/")


def test_changepassword_command_retires_the_users_tokens(user, api_client, monkeypatch):
    pair = token_pair_for(user)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-brand-new-passphrase")

    call_command("changepassword", user.email)

    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    assert user.token_version == 1
    assert codes(_me(api_client, pair.access)) == ["token_revoked"]


def test_a_password_hash_upgraded_at_login_keeps_the_users_sessions(user, api_client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user.password = make_password(PASSWORD, hasher="md5")
    user.save(update_fields=["password"])
    earlier = token_pair_for(user)

    response = api_client.post("/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")
    assert user.token_version == 0
    assert _me(api_client, earlier.access).status_code == 200
    assert _me(api_client, response.json()["access"]).status_code == 200


def test_a_new_user_starts_at_token_version_zero(django_user_model):
    created = django_user_model.objects.create_user(email="new@example.com", password=PASSWORD)

    assert created.token_version == 0
