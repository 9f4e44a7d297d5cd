"""REST auth: register, login, refresh, logout, me, password reset."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tokens import token_pair_for
from engagement.models import FavoriteMovie
from tests.errors import codes, messages, one_error
from tests.factories import PASSWORD, MovieRefFactory, UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
LOGIN = "/api/auth/login/"
REFRESH = "/api/auth/token/refresh/"
LOGOUT = "/api/auth/logout/"
ME = "/api/auth/me/"
RESET = "/api/auth/password-reset/"
RESET_CONFIRM = "/api/auth/password-reset/confirm/"


def _register(api_client, **overrides):
    body = {"email": "Neo@Example.com", "username": "neo", "password": "follow-the-white-rabbit"} | overrides
    return api_client.post(REGISTER, body, format="json")


def test_register_creates_user_and_never_returns_password(api_client):
    response = _register(api_client)
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "neo@example.com"
    assert body["username"] == "neo"
    assert "password" not in body
    user = User.objects.get(email="neo@example.com")
    assert user.check_password("follow-the-white-rabbit")
    assert str(user.pk) == body["id"]


def test_register_answers_the_user_and_tokens_that_sign_in(api_client):
    body = _register(api_client).json()

    assert set(body) == {
        *("id", "email", "username", "avatar_url", "locale", "bio", "time_zone", "date_joined"),
        *("user", "access", "refresh"),
    }
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    me = api_client.get(ME).json()
    assert body["user"] == me
    assert {k: body[k] for k in me} == me
    refreshed = api_client.post(REFRESH, {"refresh": body["refresh"]}, format="json")
    assert refreshed.status_code == 200


def test_a_refused_registration_answers_no_tokens(api_client):
    response = _register(api_client, password="123")

    assert response.status_code == 400
    assert "access" not in response.json()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field may not be blank."),
        (
            {"password": "123"},
            "password",
            "This password is too short. It must contain at least 8 characters.",
        ),
        ({"password": "password"}, "password", "This password is too common."),
        ({"password": "12345678901"}, "password", "This password is entirely numeric."),
        ({"username": ""}, "username", "This field may not be blank."),
        ({"username": "bad name!"}, "username", None),
        ({"username": ["neo"]}, "username", "Not a valid string."),
        ({"email": 42}, "email", "Enter a valid email address."),
    ],
)
def test_register_rejects_bad_input(api_client, overrides, field, message):
    response = _register(api_client, **overrides)
    assert response.status_code == 400
    errors = messages(response)[field]
    if message:
        assert message in errors
    assert not User.objects.exists()


def test_register_requires_every_field(api_client):
    response = api_client.post(REGISTER, {}, format="json")
    assert response.status_code == 400
    assert messages(response) == {
        "email": ["This field is required."],
        "username": ["This field is required."],
        "password": ["This field is required."],
    }


def test_register_duplicate_email_is_case_insensitive(api_client):
    UserFactory(email="neo@example.com")
    response = _register(api_client, email="NEO@EXAMPLE.COM", username="other")
    assert response.status_code == 400
    assert messages(response) == {"email": ["A user with this e-mail already exists."]}
    assert User.objects.count() == 1


def test_register_duplicate_username(api_client):
    UserFactory(username="neo")
    response = _register(api_client)
    assert response.status_code == 400
    assert messages(response) == {"username": ["A user with a similar username exists."]}
    assert User.objects.count() == 1


def test_malformed_json_is_a_clean_400(api_client):
    response = api_client.post(REGISTER, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert messages(response)[None][0].startswith("JSON parse error")
    assert not User.objects.exists()


def test_non_json_body_is_415(api_client):
    response = api_client.post(REGISTER, data="email=a@b.c", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert "Unsupported media type" in messages(response)[None][0]


def test_login_returns_tokens_that_open_me(api_client, user):
    response = api_client.post(LOGIN, {"email": user.email.upper(), "password": PASSWORD}, format="json")
    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) == {"access", "refresh", "user"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api_client.get(ME)
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    assert tokens["user"] == me.json()
    user.refresh_from_db()
    assert user.last_login is not None


@pytest.mark.parametrize(
    "body",
    [
        {"email": "user@example.com", "password": "wrong-password"},
        {"email": "nobody@example.com", "password": PASSWORD},
    ],
)
def test_login_wrong_credentials_is_401(api_client, body):
    UserFactory(email="user@example.com")
    response = api_client.post(LOGIN, body, format="json")
    assert response.status_code == 401
    assert messages(response) == {None: ["Invalid e-mail or password."]}


def test_login_inactive_user_is_401(api_client):
    user = UserFactory(is_active=False)
    response = api_client.post(LOGIN, {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 401


def test_login_missing_fields_is_400(api_client):
    response = api_client.post(LOGIN, {"email": "x@example.com"}, format="json")
    assert response.status_code == 400
    assert messages(response) == {"password": ["This field is required."]}


def test_me_requires_a_token(api_client):
    response = api_client.get(ME)
    assert response.status_code == 401
    assert messages(response) == {None: ["Authentication credentials were not provided."]}


@pytest.mark.parametrize("header", ["Bearer not-a-jwt", "Bearer a.b.c", "Token abc"])
def test_me_with_forged_token_is_401(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)
    response = api_client.get(ME)
    assert response.status_code == 401


def test_token_signed_with_another_key_is_401(api_client, user, settings):
    from rest_framework_simplejwt.tokens import AccessToken

    token = AccessToken.for_user(user)
    forged = token.token_backend.__class__(
        "HS256", signing_key="a-different-signing-key-of-32-bytes!!"
    ).encode(token.payload)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")
    response = api_client.get(ME)
    assert response.status_code == 401
    assert codes(response) == ["token_not_valid"]


def test_expired_access_token_is_401(api_client, user):
    with time_machine.travel("2026-01-01 12:00:00+00:00", tick=False):
        access = token_pair_for(user).access
    with time_machine.travel("2026-01-01 13:00:00+00:00", tick=False):
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        response = api_client.get(ME)
    assert response.status_code == 401
    assert codes(response) == ["token_not_valid"]


def test_an_access_token_accepted_before_is_refused_once_it_expires(api_client, user):
    with time_machine.travel("2026-01-01 12:00:00+00:00", tick=False):
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
        assert api_client.get(ME).status_code == 200
    with time_machine.travel("2026-01-01 13:00:00+00:00", tick=False):
        response = api_client.get(ME)
    assert response.status_code == 401
    assert codes(response) == ["token_not_valid"]


def test_refresh_rotates_and_the_new_pair_works(api_client, user):
    pair = token_pair_for(user)
    response = api_client.post(REFRESH, {"refresh": pair.refresh}, format="json")
    assert response.status_code == 200
    rotated = response.json()
    assert rotated["refresh"] != pair.refresh
    again = api_client.post(REFRESH, {"refresh": rotated["refresh"]}, format="json")
    assert again.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {again.json()['access']}")
    assert api_client.get(ME).status_code == 200


def test_a_replayed_refresh_token_revokes_its_family(api_client, user):
    pair, other_device = token_pair_for(user), token_pair_for(user)
    rotated = api_client.post(REFRESH, {"refresh": pair.refresh}, format="json").json()

    reused = api_client.post(REFRESH, {"refresh": pair.refresh}, format="json")
    assert reused.status_code == 401
    assert messages(reused) == {None: ["Token is invalid, expired or revoked."]}
    # The newer refresh token and its access token, held by whoever rotated first, end too.
    newer = api_client.post(REFRESH, {"refresh": rotated["refresh"]}, format="json")
    assert newer.status_code == 401
    assert messages(newer) == {None: ["Token is invalid, expired or revoked."]}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {rotated['access']}")
    assert api_client.get(ME).json() == one_error("token_revoked", "Token has been revoked.")
    # The user's other session is another family: it goes on.
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {other_device.access}")
    assert api_client.get(ME).status_code == 200
    api_client.credentials()
    assert api_client.post(REFRESH, {"refresh": other_device.refresh}, format="json").status_code == 200
    # Replaying again changes nothing more.
    assert api_client.post(REFRESH, {"refresh": pair.refresh}, format="json").status_code == 401
    user.refresh_from_db()
    assert len(user.revoked_token_families) == 1
    assert user.token_version == 0
    # Signing in again starts a new family.
    login = api_client.post(LOGIN, {"email": user.email, "password": PASSWORD}, format="json")
    assert api_client.post(REFRESH, {"refresh": login.json()["refresh"]}, format="json").status_code == 200


def test_revoked_families_past_the_bound_retire_every_token(api_client, user, monkeypatch):
    monkeypatch.setattr("accounts.tokens.MAX_REVOKED_FAMILIES", 2)
    survivor = token_pair_for(user)
    for _ in range(2):
        signed_out = api_client.post(LOGOUT, {"refresh": token_pair_for(user).refresh}, format="json")
        assert signed_out.status_code == 205
    user.refresh_from_db()
    assert (len(user.revoked_token_families), user.token_version) == (2, 0)

    api_client.post(LOGOUT, {"refresh": token_pair_for(user).refresh}, format="json")

    user.refresh_from_db()
    assert (user.revoked_token_families, user.token_version) == ({}, 1)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {survivor.access}")
    assert codes(api_client.get(ME)) == ["token_revoked"]


def test_families_older_than_a_refresh_token_are_forgotten(api_client, user):
    user.revoked_token_families = {"long-gone": 1.0}
    user.save(update_fields=["revoked_token_families"])

    api_client.post(LOGOUT, {"refresh": token_pair_for(user).refresh}, format="json")

    user.refresh_from_db()
    assert "long-gone" not in user.revoked_token_families
    assert len(user.revoked_token_families) == 1


def test_refresh_rejects_access_tokens_and_garbage(api_client, user):
    pair = token_pair_for(user)
    assert api_client.post(REFRESH, {"refresh": pair.access}, format="json").status_code == 401
    assert api_client.post(REFRESH, {"refresh": "garbage"}, format="json").status_code == 401
    assert api_client.post(REFRESH, {}, format="json").status_code == 400


def test_refresh_for_deactivated_user_is_401(api_client, user):
    pair = token_pair_for(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = api_client.post(REFRESH, {"refresh": pair.refresh}, format="json")
    assert response.status_code == 401


def test_expired_refresh_token_is_401(api_client, user):
    with time_machine.travel("2026-01-01 12:00:00+00:00", tick=False):
        refresh = token_pair_for(user).refresh
    with time_machine.travel("2026-01-20 12:00:00+00:00", tick=False):
        response = api_client.post(REFRESH, {"refresh": refresh}, format="json")
    assert response.status_code == 401


def test_logout_blacklists_the_refresh_token(api_client, user):
    pair = token_pair_for(user)
    response = api_client.post(LOGOUT, {"refresh": pair.refresh}, format="json")
    assert response.status_code == 205
    assert api_client.post(REFRESH, {"refresh": pair.refresh}, format="json").status_code == 401
    assert api_client.post(LOGOUT, {"refresh": pair.refresh}, format="json").status_code == 401


def test_access_tokens_stop_working_at_logout(api_client, user):
    pair, other_device = token_pair_for(user), token_pair_for(user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    assert api_client.get(ME).status_code == 200

    assert api_client.post(LOGOUT, {"refresh": pair.refresh}, format="json").status_code == 205
    response = api_client.get(ME)
    assert response.status_code == 401
    assert response.json() == one_error("token_revoked", "Token has been revoked.")
    # Signing out on one device leaves the others signed in.
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {other_device.access}")
    assert api_client.get(ME).status_code == 200
    api_client.credentials()
    assert api_client.post(REFRESH, {"refresh": other_device.refresh}, format="json").status_code == 200


def test_a_revoked_access_token_writes_nothing(api_client, user):
    movie = MovieRefFactory()
    pair = token_pair_for(user)
    api_client.post(LOGOUT, {"refresh": pair.refresh}, format="json")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    response = api_client.post("/api/user/favorites/", {"tmdb_id": movie.tmdb_id}, format="json")
    assert response.status_code == 401
    assert not FavoriteMovie.objects.exists()


def test_logout_with_garbage_or_an_access_token_changes_nothing(api_client, user):
    pair = token_pair_for(user)
    for refresh in ("garbage", pair.access, ""):
        response = api_client.post(LOGOUT, {"refresh": refresh}, format="json")
        assert response.status_code in (400, 401), refresh
    user.refresh_from_db()
    assert (user.token_version, user.revoked_token_families) == (0, {})
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    assert api_client.get(ME).status_code == 200


def test_checking_the_token_version_costs_no_query(api_client, user, django_assert_num_queries):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    cache.clear()
    with django_assert_num_queries(1):  # the user row, which carries the version and revoked families
        assert api_client.get(ME).status_code == 200
    with django_assert_num_queries(0):  # then the same row from the user cache
        assert api_client.get(ME).status_code == 200


def test_a_token_without_the_version_claim_is_refused(api_client, user):
    legacy = AccessToken.for_user(user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {legacy}")
    assert api_client.get(ME).status_code == 401


def _reset_link_parts() -> tuple[str, str]:
    assert len(mail.outbox) == 1
    match = re.search(r"uid=([\w-]+)&token=([\w-]+)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1), match.group(2)


def test_password_reset_full_flow(api_client, user, django_capture_on_commit_callbacks):
    old = token_pair_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(RESET, {"email": user.email.upper()}, format="json")
    assert response.status_code == 202
    assert mail.outbox[0].to == [user.email]
    uid, token = _reset_link_parts()

    confirm = api_client.post(
        RESET_CONFIRM, {"uid": uid, "token": token, "new_password": "a-brand-new-passphrase"}, format="json"
    )
    assert confirm.status_code == 200
    assert confirm.json() == {"detail": "Password has been reset; sign in again."}
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    # Sessions end: the tokens issued before the reset no longer work.
    assert api_client.post(REFRESH, {"refresh": old.refresh}, format="json").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {old.access}")
    assert api_client.get(ME).json() == one_error("token_revoked", "Token has been revoked.")
    api_client.credentials()

    reused = api_client.post(
        RESET_CONFIRM, {"uid": uid, "token": token, "new_password": "yet-another-passphrase"}, format="json"
    )
    assert reused.status_code == 400
    assert messages(reused) == {"token": ["The reset link is invalid or has expired."]}
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_password_reset_answers_the_same_for_unknown_email(api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(RESET, {"email": "ghost@example.com"}, format="json")
    assert response.status_code == 202
    assert response.json() == {"detail": "If an account uses this address, a reset link is on its way."}
    assert mail.outbox == []


def _reset_work(api_client, email, monkeypatch, django_assert_num_queries, capture) -> tuple:
    """Answer, SQL count and queued tasks of one reset request."""
    queued = []
    monkeypatch.setattr(
        "accounts.services.enqueue", lambda task, **kwargs: queued.append((task.name, kwargs))
    )
    with django_assert_num_queries(0), capture(execute=True) as callbacks:
        response = api_client.post(RESET, {"email": email}, format="json")
    return response.status_code, response.json(), len(callbacks), queued


def test_password_reset_does_the_same_work_whether_or_not_the_account_exists(
    api_client, user, monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks
):
    args = (monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks)
    known = _reset_work(api_client, user.email.upper(), *args)
    unknown = _reset_work(api_client, "ghost@example.com", *args)
    detail = {"detail": "If an account uses this address, a reset link is on its way."}
    assert known == (
        202,
        detail,
        1,
        [("accounts.tasks.send_email", {"to": user.email, "template": "password_reset"})],
    )
    assert unknown == (
        202,
        detail,
        1,
        [("accounts.tasks.send_email", {"to": "ghost@example.com", "template": "password_reset"})],
    )
    assert mail.outbox == []  # the mail itself is the worker's job


def test_password_reset_confirm_rejects_bad_links_and_weak_passwords(
    api_client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api_client.post(RESET, {"email": user.email}, format="json")
    uid, token = _reset_link_parts()
    cases = [
        ({"uid": "bad", "token": token, "new_password": "a-brand-new-passphrase"}, "token"),
        ({"uid": uid, "token": "1-abc", "new_password": "a-brand-new-passphrase"}, "token"),
        ({"uid": uid, "token": token, "new_password": "short"}, "new_password"),
        ({"uid": uid, "token": token}, "new_password"),
    ]
    for body, field in cases:
        response = api_client.post(RESET_CONFIRM, body, format="json")
        assert response.status_code == 400, body
        assert field in messages(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_auth_endpoints_are_throttled_per_ip(api_client, throttle_rates):
    throttle_rates(auth_ip="3/min")
    for _ in range(3):
        assert (
            api_client.post(LOGIN, {"email": "a@example.com", "password": "x"}, format="json").status_code
            == 401
        )
    response = api_client.post(LOGIN, {"email": "a@example.com", "password": "x"}, format="json")
    assert response.status_code == 429
    assert "Request was throttled" in messages(response)[None][0]
    assert int(response["Retry-After"]) > 0


def test_access_token_lifetime_comes_from_settings(user, settings):
    from rest_framework_simplejwt.tokens import AccessToken

    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
    token = AccessToken(token_pair_for(user).access)
    # simplejwt stamps ``exp`` from the refresh token's clock and ``iat`` from the access token's
    # own, read a moment later: the two may fall either side of a second's boundary.
    assert lifetime - timedelta(seconds=1) <= timedelta(seconds=token["exp"] - token["iat"]) <= lifetime


def test_login_locks_out_after_repeated_failures(api_client, user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        wrong = api_client.post(LOGIN, {"email": user.email, "password": "guess"}, format="json")
        assert wrong.status_code == 401
    # The failure that reaches the limit is already refused as a lockout.
    third = api_client.post(LOGIN, {"email": user.email, "password": "guess"}, format="json")
    assert third.status_code == 429
    locked = api_client.post(LOGIN, {"email": user.email, "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    assert messages(locked)[None][0].startswith("Too many failed sign-in attempts; try again later.")
    assert int(locked["Retry-After"]) == 15 * 60
    # Another client address is not locked out for this account.
    elsewhere = api_client.post(
        LOGIN, {"email": user.email, "password": PASSWORD}, format="json", REMOTE_ADDR="203.0.113.9"
    )
    assert elsewhere.status_code == 200


def test_successful_login_resets_the_failure_count(api_client, user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        api_client.post(LOGIN, {"email": user.email, "password": "guess"}, format="json")
    assert (
        api_client.post(LOGIN, {"email": user.email, "password": PASSWORD}, format="json").status_code == 200
    )
    for _ in range(2):
        api_client.post(LOGIN, {"email": user.email, "password": "guess"}, format="json")
    assert (
        api_client.post(LOGIN, {"email": user.email, "password": PASSWORD}, format="json").status_code == 200
    )


def test_a_user_sets_their_time_zone(auth_client, user):
    response = auth_client.patch("/api/auth/me/", {"time_zone": "Asia/Tokyo"}, format="json")

    assert (response.status_code, response.json()["time_zone"]) == (200, "Asia/Tokyo")
    user.refresh_from_db()
    assert user.time_zone == "Asia/Tokyo"
    assert auth_client.get("/api/auth/me/").json()["time_zone"] == "Asia/Tokyo"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "../etc/passwd", ""])
def test_a_time_zone_that_is_not_iana_is_a_400_and_changes_nothing(auth_client, user, name):
    response = auth_client.patch("/api/auth/me/", {"time_zone": name}, format="json")

    assert response.status_code == 400
    assert list(messages(response)) == ["time_zone"]
    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_anonymous_cannot_change_a_profile():
    response = APIClient().patch("/api/auth/me/", {"time_zone": "Asia/Tokyo"}, format="json")

    assert response.status_code == 401
