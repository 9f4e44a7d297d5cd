"""Deleting one's account on both surfaces: the password is checked, every token is refused from
the next request, sign-in is refused, staff see that it happened, and bad input changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from audit.models import AdminAction
from engagement.letterboxd_export import export_link
from engagement.models import Review
from portability.deletion import DELETION_STARTED, WRONG_PASSWORD
from tests.errors import UNAUTHENTICATED, codes, messages
from tests.factories import PASSWORD, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
URL = "/api/auth/delete-account/"
DELETE = """mutation($password: String!, $keep: Boolean!) {
  deleteAccount(password: $password, keepReviews: $keep) {
    ... on MessagePayload { message }
    ... on OperationInfo { messages { field message kind } }
  }
}"""
ME = "{ me { id } }"


def _client(api_client, access: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return api_client


def _unchanged(user) -> bool:
    user.refresh_from_db()
    return user.is_active and user.token_version == 0 and not AdminAction.objects.exists()


def test_rest_deletion_answers_202_and_refuses_the_old_tokens_at_once(user, api_client):
    pair = token_pair_for(user)

    response = _client(api_client, pair.access).post(
        URL, {"password": PASSWORD, "keep_reviews": False}, format="json"
    )

    assert response.status_code == 202
    assert response.json() == {"detail": DELETION_STARTED}
    assert _client(api_client, pair.access).get("/api/auth/me/").status_code == 401
    api_client.credentials()
    assert (
        api_client.post("/api/auth/token/refresh/", {"refresh": pair.refresh}, format="json").status_code
        == 401
    )
    login = api_client.post("/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    assert login.status_code == 401


def test_graphql_deletion_then_the_old_tokens_are_unauthenticated(user, gql):
    pair = token_pair_for(user)

    body = gql(DELETE, {"password": PASSWORD, "keep": True}, token=pair.access)

    assert body == {"data": {"deleteAccount": {"message": DELETION_STARTED}}}
    assert gql(ME, token=pair.access) == UNAUTHENTICATED
    refreshed = gql(
        "mutation($r: String!) { refreshToken(refresh: $r) {"
        " ... on AuthPayload { access } ... on OperationInfo { messages { kind } } } }",
        {"r": pair.refresh},
    )
    assert refreshed["data"]["refreshToken"] == {"messages": [{"kind": "PERMISSION"}]}


def test_a_deleted_accounts_tokens_are_refused_on_rest_from_the_other_surface(user, api_client, gql):
    pair = token_pair_for(user)

    gql(DELETE, {"password": PASSWORD, "keep": False}, token=pair.access)

    assert _client(api_client, pair.access).get("/api/auth/me/").status_code == 401


def test_staff_see_that_the_account_was_deleted_and_nothing_of_it(user, api_client):
    ReviewFactory(user=user, text="a private thought")

    _client(api_client, token_pair_for(user).access).post(
        URL, {"password": PASSWORD, "keep_reviews": True}, format="json"
    )

    [entry] = AdminAction.objects.all()
    assert (entry.kind, entry.action, entry.target, entry.detail) == (
        "account",
        "delete",
        f"user {user.pk}",
        "",
    )
    assert entry.actor_id == user.pk


def test_a_wrong_password_is_refused_and_changes_nothing(user, api_client, gql):
    pair = token_pair_for(user)

    response = _client(api_client, pair.access).post(
        URL, {"password": "not-it", "keep_reviews": False}, format="json"
    )
    body = gql(DELETE, {"password": "not-it", "keep": False}, token=pair.access)

    assert response.status_code == 400
    assert messages(response) == {"password": [WRONG_PASSWORD]}
    assert body["data"]["deleteAccount"]["messages"][0]["field"] == "password"
    assert _unchanged(user)
    assert _client(api_client, pair.access).get("/api/auth/me/").status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"keep_reviews": False},
        {"password": PASSWORD},
        {"password": ["a"], "keep_reviews": False},
        {"password": PASSWORD, "keep_reviews": "perhaps"},
        {"password": "x" * 129, "keep_reviews": False},
    ],
)
def test_bad_rest_input_is_a_400_naming_the_field_and_changes_nothing(user, api_client, payload):
    response = _client(api_client, token_pair_for(user).access).post(URL, payload, format="json")

    assert response.status_code == 400
    assert set(codes(response)) <= {"required", "invalid", "max_length", "not_a_string"}
    assert _unchanged(user)


@pytest.mark.parametrize(
    "variables",
    [
        {"keep": False},
        {"password": PASSWORD},
        {"password": 5, "keep": False},
        {"password": PASSWORD, "keep": "yes"},
    ],
)
def test_bad_graphql_input_is_an_error_with_a_code_and_changes_nothing(user, gql, variables):
    body = gql(DELETE, variables, token=token_pair_for(user).access)

    assert body["errors"][0]["extensions"]["code"] in {"BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"}
    assert _unchanged(user)


def test_anonymous_and_forged_tokens_are_refused_on_both_surfaces(user, api_client, gql):
    forged = token_pair_for(user).access[:-4] + "AAAA"

    assert (
        api_client.post(URL, {"password": PASSWORD, "keep_reviews": False}, format="json").status_code == 401
    )
    assert (
        _client(api_client, forged)
        .post(URL, {"password": PASSWORD, "keep_reviews": False}, format="json")
        .status_code
        == 401
    )
    assert gql(DELETE, {"password": PASSWORD, "keep": False}, token=forged) == UNAUTHENTICATED
    anonymous = gql(DELETE, {"password": PASSWORD, "keep": False})
    assert anonymous["data"]["deleteAccount"]["messages"][0]["kind"] == "PERMISSION"
    assert _unchanged(user)


def test_one_users_password_cannot_delete_another_account(user, other_user, api_client):
    response = _client(api_client, token_pair_for(other_user).access).post(
        URL, {"password": PASSWORD + "?", "keep_reviews": False}, format="json"
    )

    assert response.status_code == 400
    assert User.objects.filter(pk=user.pk, is_active=True).exists()
    assert User.objects.filter(pk=other_user.pk, is_active=True).exists()


def test_the_job_runs_after_commit_and_frees_the_email(user, api_client, django_capture_on_commit_callbacks):
    ReviewFactory(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        _client(api_client, token_pair_for(user).access).post(
            URL, {"password": PASSWORD, "keep_reviews": False}, format="json"
        )

    assert not User.objects.filter(pk=user.pk).exists()
    assert not Review.objects.exists()
    api_client.credentials()
    again = api_client.post(
        "/api/auth/register/",
        {"email": user.email, "username": user.username, "password": PASSWORD},
        format="json",
    )
    assert again.status_code == 201


def test_deletion_reads_and_writes_a_constant_number_of_queries(api_client):
    counts = []
    for reviews in (1, 10):
        owner = UserFactory()
        ReviewFactory.create_batch(reviews, user=owner)
        client = _client(api_client, token_pair_for(owner).access)
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.post(URL, {"password": PASSWORD, "keep_reviews": True}, format="json").status_code
                == 202
            )
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_a_signed_export_link_stops_working_with_the_deletion(user, api_client):
    link, _ = export_link(user=user)
    assert APIClient().get("/api/user/export/letterboxd/", {"link": link}).status_code == 200
    _client(api_client, token_pair_for(user).access).post(
        URL, {"password": PASSWORD, "keep_reviews": False}, format="json"
    )
    api_client.credentials()

    response = api_client.get("/api/user/export/letterboxd/", {"link": link})

    assert response.status_code == 403
