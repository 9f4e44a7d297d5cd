"""The Django admin's account pages: a password set there retires the user's tokens."""

import pytest

from accounts.tokens import token_pair_for

pytestmark = pytest.mark.django_db


def test_a_password_changed_in_the_admin_retires_the_users_tokens(client, admin_user, user, api_client):
    pair = token_pair_for(user)
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    assert user.token_version == 1
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    assert api_client.get("/api/auth/me/").json() == {
        "detail": "Token has been revoked.",
        "code": "token_revoked",
    }


def test_a_mismatched_admin_password_change_changes_nothing(client, admin_user, user):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "a-brand-new-passphrase", "password2": "another-passphrase"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.token_version == 0
