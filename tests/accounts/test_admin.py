"""The Django admin: its login is throttled and locked out like the API login; a password set there
retires the user's tokens."""

import pytest

from accounts.tokens import token_pair_for
from tests.errors import messages, one_error
from tests.factories import PASSWORD

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
    assert api_client.get("/api/auth/me/").json() == one_error("token_revoked", "Token has been revoked.")


def test_a_mismatched_admin_password_change_changes_nothing(client, admin_user, user):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "a-brand-new-passphrase", "password2": "another-passphrase"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.token_version == 0


def _admin_login(client, email: str, password: str):
    return client.post("/admin/login/", {"username": email, "password": password, "next": "/admin/"})


def test_admin_login_works_for_staff(client, admin_user):
    response = _admin_login(client, admin_user.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_login_locks_out_like_the_api_login(client, admin_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        wrong = _admin_login(client, admin_user.email, "guess")
        assert wrong.status_code == 200  # the form again, with its error
    third = _admin_login(client, admin_user.email.upper(), "guess")
    assert third.status_code == 429
    locked = _admin_login(client, admin_user.email, PASSWORD)
    assert locked.status_code == 429
    assert messages(locked) == {None: ["Too many failed sign-in attempts; try again later."]}
    assert locked["Retry-After"] == str(15 * 60)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still signed out
    admin_user.refresh_from_db()
    assert admin_user.last_login is None


def test_api_and_admin_failures_count_towards_one_lockout(client, api_client, admin_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        api_client.post("/api/auth/login/", {"email": admin_user.email, "password": "guess"}, format="json")
    assert _admin_login(client, admin_user.email, PASSWORD).status_code == 302  # a success resets it
    client.logout()
    for _ in range(2):
        _admin_login(client, admin_user.email, "guess")
    api = api_client.post("/api/auth/login/", {"email": admin_user.email, "password": "guess"}, format="json")
    assert api.status_code == 429


def test_admin_login_spends_the_auth_scope(client, admin_user, throttle_rates):
    throttle_rates(auth_ip="2/min")
    assert _admin_login(client, admin_user.email, "guess").status_code == 200
    assert _admin_login(client, "nobody@example.com", "guess").status_code == 200
    refused = _admin_login(client, admin_user.email, PASSWORD)
    assert refused.status_code == 429
    assert messages(refused) == {None: ["Request was throttled. Expected available in 60 seconds."]}
    assert refused["Retry-After"] == "60"
    assert "_auth_user_id" not in client.session
    # The login page itself is still served.
    assert client.get("/admin/login/").status_code == 200
