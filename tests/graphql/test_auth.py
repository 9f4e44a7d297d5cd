"""GraphQL auth: the same account services and tokens as REST."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from accounts.tokens import token_pair_for
from engagement.models import FavoriteMovie
from tests.errors import UNAUTHENTICATED
from tests.factories import PASSWORD, MovieRefFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

ME = "{ me { id email username } }"
REGISTER = """
mutation($email: String!, $username: String!, $password: String!) {
  register(email: $email, username: $username, password: $password) {
    ... on AuthPayload { access refresh user { id email username } }
    ... on OperationInfo { messages { kind field message } }
  }
}"""
LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    ... on AuthPayload { access refresh user { id email } }
    ... on OperationInfo { messages { kind message } }
  }
}"""
REFRESH = """
mutation($refresh: String!) {
  refreshToken(refresh: $refresh) {
    ... on AuthPayload { access refresh user { id email } }
    ... on OperationInfo { messages { kind message } }
  }
}"""
LOGOUT = """
mutation($refresh: String!) {
  logout(refresh: $refresh) {
    ... on MessagePayload { message }
    ... on OperationInfo { messages { kind message } }
  }
}"""
RESET = """
mutation($email: String!) {
  requestPasswordReset(email: $email) { ... on MessagePayload { message } }
}"""
CONFIRM = """
mutation($uid: String!, $token: String!, $newPassword: String!) {
  confirmPasswordReset(uid: $uid, token: $token, newPassword: $newPassword) {
    ... on MessagePayload { message }
    ... on OperationInfo { messages { kind field message } }
  }
}"""


def test_register_then_login_then_me(gql):
    created = gql(
        REGISTER, {"email": "Trinity@Example.com", "username": "trinity", "password": "dodge-this-1999"}
    )["data"]["register"]
    user = User.objects.get()
    trinity = {"id": str(user.pk), "email": "trinity@example.com", "username": "trinity"}
    assert created["user"] == trinity
    assert gql(ME, token=created["access"]) == {"data": {"me": trinity}}

    tokens = gql(LOGIN, {"email": "trinity@example.com", "password": "dodge-this-1999"})["data"]["login"]
    assert tokens["user"] == {"id": str(user.pk), "email": "trinity@example.com"}
    assert gql(ME, token=tokens["access"]) == {"data": {"me": trinity}}


def test_register_signs_in_with_a_refresh_token_that_rotates(gql):
    created = gql(REGISTER, {"email": "neo@example.com", "username": "neo", "password": "white-rabbit-42"})
    refresh = created["data"]["register"]["refresh"]

    rotated = gql(
        "mutation($r: String!) { refreshToken(refresh: $r) { ... on AuthPayload { access user { id } } } }",
        {"r": refresh},
    )["data"]["refreshToken"]

    assert rotated["access"] and rotated["user"] is None


def test_register_reports_field_errors_and_creates_nothing(gql, user):
    result = gql(REGISTER, {"email": user.email.upper(), "username": "x", "password": "123"})
    messages = result["data"]["register"]["messages"]
    assert {
        "kind": "VALIDATION",
        "field": "email",
        "message": "A user with this e-mail already exists.",
    } in messages
    assert any(m["field"] == "password" for m in messages)
    assert User.objects.count() == 1


def test_register_invalid_email(gql):
    result = gql(REGISTER, {"email": "nope", "username": "x", "password": "dodge-this-1999"})
    assert result["data"]["register"]["messages"] == [
        {"kind": "VALIDATION", "field": "email", "message": "Enter a valid email address."}
    ]
    assert not User.objects.exists()


def test_register_wrong_argument_type_is_a_graphql_error(gql):
    result = gql(REGISTER, {"email": 5, "username": "x", "password": "dodge-this-1999"})
    assert result["data"] is None
    assert "String cannot represent a non string value" in result["errors"][0]["message"]


def test_login_wrong_password(gql, user):
    result = gql(LOGIN, {"email": user.email, "password": "nope"})
    assert result["data"]["login"] == {
        "messages": [{"kind": "PERMISSION", "message": "Invalid e-mail or password."}]
    }


def test_token_works_on_both_surfaces(gql, api_client, user):
    tokens = gql(LOGIN, {"email": user.email, "password": PASSWORD})["data"]["login"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api_client.get("/api/auth/me/").json()["email"] == user.email
    rest_tokens = token_pair_for(user)
    assert gql(ME, token=rest_tokens.access)["data"]["me"]["email"] == user.email


def test_no_token_is_an_anonymous_reader(gql):
    assert gql(ME) == {"data": {"me": None}}


@pytest.mark.parametrize("token", ["garbage", "a.b.c"])
def test_a_bad_token_fails_the_whole_request_as_unauthenticated(gql, token):
    assert gql(ME, token=token) == UNAUTHENTICATED


REVOKED = {"messages": [{"kind": "PERMISSION", "message": "Token is invalid, expired or revoked."}]}


def test_refresh_rotates_and_logout_revokes(gql, user):
    pair = token_pair_for(user)
    rotated = gql(REFRESH, {"refresh": pair.refresh})["data"]["refreshToken"]
    assert rotated["refresh"] != pair.refresh
    assert gql(ME, token=rotated["access"])["data"]["me"]["email"] == user.email

    assert gql(LOGOUT, {"refresh": rotated["refresh"]})["data"]["logout"] == {"message": "Signed out."}
    assert gql(REFRESH, {"refresh": rotated["refresh"]})["data"]["refreshToken"] == REVOKED
    # The access token ends with the sign-out, on both surfaces.
    assert gql(ME, token=rotated["access"]) == UNAUTHENTICATED
    user.refresh_from_db()
    assert len(user.revoked_token_families) == 1


def test_access_token_after_logout_writes_nothing(gql, api_client, user):
    movie = MovieRefFactory()
    pair = token_pair_for(user)
    gql(LOGOUT, {"refresh": pair.refresh})
    body = gql(
        "mutation($id: Int!) { addFavorite(tmdbId: $id) { ... on OperationInfo { messages { kind } } } }",
        {"id": movie.tmdb_id},
        token=pair.access,
    )
    assert body == UNAUTHENTICATED
    assert not FavoriteMovie.objects.exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    assert api_client.get("/api/auth/me/").status_code == 401


def test_a_replayed_refresh_token_revokes_its_family(gql, user):
    pair = token_pair_for(user)
    rotated = gql(REFRESH, {"refresh": pair.refresh})["data"]["refreshToken"]

    assert gql(REFRESH, {"refresh": pair.refresh})["data"]["refreshToken"] == REVOKED
    assert gql(REFRESH, {"refresh": rotated["refresh"]})["data"]["refreshToken"] == REVOKED
    assert gql(ME, token=rotated["access"]) == UNAUTHENTICATED
    assert gql(ME, token=token_pair_for(user).access)["data"]["me"]["email"] == user.email


def test_password_reset_retires_access_tokens(gql, user, django_capture_on_commit_callbacks):
    old = token_pair_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        gql(RESET, {"email": user.email})
    uid, token = re.search(r"uid=([\w-]+)&token=([\w-]+)", mail.outbox[0].body).groups()
    gql(CONFIRM, {"uid": uid, "token": token, "newPassword": "a-brand-new-passphrase"})
    assert gql(ME, token=old.access) == UNAUTHENTICATED
    assert gql(REFRESH, {"refresh": old.refresh})["data"]["refreshToken"] == REVOKED


def test_logout_spends_the_auth_scope(gql, user, throttle_rates):
    throttle_rates(auth_ip="1/min")
    pairs = [token_pair_for(user), token_pair_for(user)]
    assert gql(LOGOUT, {"refresh": pairs[0].refresh})["data"]["logout"] == {"message": "Signed out."}
    refused = gql(LOGOUT, {"refresh": pairs[1].refresh})
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "THROTTLED"
    # The refused sign-out blacklisted nothing more and retired nothing more.
    assert BlacklistedToken.objects.count() == 1
    user.refresh_from_db()
    assert len(user.revoked_token_families) == 1


def test_password_reset_flow(gql, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = gql(RESET, {"email": user.email})
    assert answer["data"]["requestPasswordReset"]["message"].startswith("If an account uses this address")
    uid, token = re.search(r"uid=([\w-]+)&token=([\w-]+)", mail.outbox[0].body).groups()

    weak = gql(CONFIRM, {"uid": uid, "token": token, "newPassword": "123"})["data"]["confirmPasswordReset"]
    assert weak["messages"][0]["field"] == "newPassword"
    done = gql(CONFIRM, {"uid": uid, "token": token, "newPassword": "a-brand-new-passphrase"})
    assert done["data"]["confirmPasswordReset"] == {"message": "Password has been reset; sign in again."}
    reused = gql(CONFIRM, {"uid": uid, "token": token, "newPassword": "another-passphrase-2"})
    assert reused["data"]["confirmPasswordReset"]["messages"] == [
        {"kind": "VALIDATION", "field": "token", "message": "The reset link is invalid or has expired."}
    ]
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_unknown_email_reset_sends_nothing(gql, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        gql(RESET, {"email": "ghost@example.com"})
    assert mail.outbox == []


def test_reset_request_queues_the_same_work_for_unknown_addresses(
    gql, user, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        "accounts.services.enqueue", lambda task, **kwargs: queued.append((task.name, kwargs))
    )
    with django_capture_on_commit_callbacks(execute=True):
        known = gql(RESET, {"email": user.email})
        unknown = gql(RESET, {"email": "ghost@example.com"})
    assert known == unknown
    assert queued == [
        ("accounts.tasks.send_email", {"to": user.email, "template": "password_reset"}),
        ("accounts.tasks.send_email", {"to": "ghost@example.com", "template": "password_reset"}),
    ]


def test_graphiql_is_served_from_local_static_files_under_a_strict_csp(client, settings):
    settings.GRAPHQL_GRAPHIQL = True
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>MoviVerse GraphiQL</title>" in page
    assert '<script src="/static/graphiql/vendor/graphiql/graphiql.min.js"></script>' in page
    assert '<script src="/static/graphiql/graphiql-page.js"></script>' in page
    assert "unpkg.com" not in page
    assert "<script>" not in page
    assert "<style>" not in page
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def test_graphiql_assets_and_their_licences_are_served(client):
    for path in (
        "graphiql/vendor/graphiql/graphiql.min.js",
        "graphiql/vendor/graphiql/LICENSE",
        "graphiql/vendor/graphiql-plugin-explorer/index.umd.js",
        "graphiql/vendor/graphiql-plugin-explorer/LICENSE",
        "graphiql/vendor/react/LICENSE",
        "graphiql/vendor/react-dom/LICENSE",
        "graphiql/graphiql-page.js",
    ):
        response = client.get(f"/static/{path}")
        assert response.status_code == 200, path
        b"".join(response.streaming_content)


def test_graphiql_off_answers_a_browser_get_with_404(client, settings):
    settings.GRAPHQL_GRAPHIQL = False
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert b"GraphiQL" not in response.content


def test_unexpected_errors_are_masked(gql, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("accounts.services.password_reset_request", boom)
    result = gql(RESET, {"email": "a@example.com"})
    assert result["errors"][0]["message"] == "Unexpected error."
    assert "secret" not in str(result)


def test_login_lockout(gql, user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        gql(LOGIN, {"email": user.email, "password": "guess"})
    locked = gql(LOGIN, {"email": user.email, "password": PASSWORD})["data"]["login"]
    assert locked == {
        "messages": [{"kind": "PERMISSION", "message": "Too many failed sign-in attempts; try again later."}]
    }


UPDATE_PROFILE = (
    "mutation($tz: String) { updateProfile(timeZone: $tz) {"
    " ... on User { timeZone } ... on OperationInfo { messages { kind field message } } } }"
)


def test_update_profile_sets_the_time_zone(gql, user, access_token):
    data = gql(UPDATE_PROFILE, {"tz": "Asia/Tokyo"}, access_token)["data"]

    assert data == {"updateProfile": {"timeZone": "Asia/Tokyo"}}
    user.refresh_from_db()
    assert user.time_zone == "Asia/Tokyo"


def test_a_time_zone_that_is_not_iana_is_a_validation_message(gql, user, access_token):
    data = gql(UPDATE_PROFILE, {"tz": "Mars/Olympus_Mons"}, access_token)["data"]

    message = "“Mars/Olympus_Mons” is not an IANA time zone name, such as Europe/Paris."
    assert data == {
        "updateProfile": {"messages": [{"kind": "VALIDATION", "field": "timeZone", "message": message}]}
    }
    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_update_profile_needs_sign_in(gql):
    data = gql(UPDATE_PROFILE, {"tz": "Asia/Tokyo"})["data"]

    assert data["updateProfile"]["messages"][0]["kind"] == "PERMISSION"
