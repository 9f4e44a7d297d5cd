"""Usernames that only look alike count as one, on every path that sets a username."""

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from accounts.usernames import MIXED_SCRIPTS, SIMILAR_USERNAME, username_key
from tests.errors import messages
from tests.factories import UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
GQL_REGISTER = """
mutation($email: String!, $username: String!, $password: String!) {
  register(email: $email, username: $username, password: $password) {
    ... on AuthPayload { user { username } }
    ... on OperationInfo { messages { kind field message } }
  }
}"""
# Spelled with escapes so a reader sees which letters they are.
FULLWIDTH_BOB = "\uff42\uff4f\uff42"
CYRILLIC_O_BOB = "b\u043eb"
LOOK_ALIKES = [
    pytest.param("BOB", SIMILAR_USERNAME, id="upper-case"),
    pytest.param(FULLWIDTH_BOB, SIMILAR_USERNAME, id="fullwidth"),
    pytest.param(CYRILLIC_O_BOB, MIXED_SCRIPTS, id="cyrillic-o"),
]


def _rest_register(api_client, username: str):
    body = {"email": "new@example.com", "username": username, "password": "follow-the-white-rabbit"}
    return api_client.post(REGISTER, body, format="json")


def test_the_key_folds_case_and_width():
    assert username_key("Bob") == username_key("\uff22\uff2f\uff22") == "bob"
    assert username_key("Straße") == "strasse"


@pytest.mark.parametrize(("username", "message"), LOOK_ALIKES)
def test_rest_register_refuses_a_look_alike_and_creates_nothing(api_client, username, message):
    UserFactory(username="bob")
    response = _rest_register(api_client, username)
    assert response.status_code == 400
    assert messages(response) == {"username": [message]}
    assert list(User.objects.values_list("username", flat=True)) == ["bob"]


@pytest.mark.parametrize(("username", "message"), LOOK_ALIKES)
def test_graphql_register_refuses_a_look_alike_and_creates_nothing(gql, username, message):
    UserFactory(username="bob")
    result = gql(
        GQL_REGISTER, {"email": "new@example.com", "username": username, "password": "dodge-this-1999"}
    )
    assert result == {
        "data": {"register": {"messages": [{"kind": "VALIDATION", "field": "username", "message": message}]}}
    }
    assert list(User.objects.values_list("username", flat=True)) == ["bob"]


def test_mixed_scripts_are_refused_even_when_nobody_holds_the_name(api_client):
    response = _rest_register(api_client, "p\u0430ypal")  # a Cyrillic a
    assert response.status_code == 400
    assert messages(response) == {"username": [MIXED_SCRIPTS]}
    assert not User.objects.exists()


def test_a_single_script_non_latin_name_is_accepted(api_client, gql):
    response = _rest_register(api_client, "иван")
    assert response.status_code == 201
    assert response.json()["username"] == "иван"
    variables = {"email": "k@example.com", "username": "Κώστας", "password": "dodge-this-1999"}
    result = gql(GQL_REGISTER, variables)
    assert result == {"data": {"register": {"user": {"username": "Κώστας"}}}}
    keys = dict(User.objects.values_list("username", "username_key"))
    assert keys == {"иван": "иван", "Κώστας": "κώστασ"}  # a final sigma folds to sigma


def test_the_database_refuses_a_duplicate_key():
    from django.db import IntegrityError, transaction

    UserFactory(username="bob")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="Bob")
    assert User.objects.count() == 1


def test_the_admin_refuses_a_look_alike_rename_and_keeps_the_name(client, admin_user):
    UserFactory(username="bob")
    victim = UserFactory(username="alice")
    client.force_login(admin_user)
    form = {
        "email": victim.email,
        "username": "BOB",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = client.post(f"/admin/accounts/user/{victim.pk}/change/", form)
    assert response.status_code == 200
    assert SIMILAR_USERNAME in response.content.decode()
    victim.refresh_from_db()
    assert (victim.username, victim.username_key) == ("alice", "alice")

    renamed = client.post(f"/admin/accounts/user/{victim.pk}/change/", form | {"username": "Alicia"})
    assert renamed.status_code == 302
    victim.refresh_from_db()
    assert (victim.username, victim.username_key) == ("Alicia", "alicia")


def test_the_admin_add_form_refuses_mixed_scripts(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new@example.com",
            "username": CYRILLIC_O_BOB,
            "password1": "a-brand-new-passphrase",
            "password2": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 200
    assert "Usernames cannot mix scripts" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_the_migration_keys_the_oldest_and_suffixes_the_others():
    # Rows from before the key existed, created in this order: the names collide once normalized.
    youngest = UserFactory(username="x2", date_joined=datetime(2024, 3, 1, tzinfo=UTC))
    UserFactory(username="bob", date_joined=datetime(2024, 1, 1, tzinfo=UTC))
    younger = UserFactory(username="x1", date_joined=datetime(2024, 2, 1, tzinfo=UTC))
    User.objects.filter(pk=younger.pk).update(username="BOB", username_key="")
    User.objects.filter(pk=youngest.pk).update(username=FULLWIDTH_BOB, username_key="-")
    migration = importlib.import_module("accounts.migrations.0004_user_username_key")

    migration.fill_username_keys(django_apps, None)

    keys = dict(User.objects.values_list("username", "username_key"))
    assert keys == {"bob": "bob", "BOB": "bob#2", FULLWIDTH_BOB: "bob#3"}


def test_a_legacy_duplicate_keeps_its_suffixed_key_when_saved():
    UserFactory(username="bob")
    legacy = UserFactory(username="x1")
    User.objects.filter(pk=legacy.pk).update(username="BOB", username_key="bob#2")
    legacy.refresh_from_db()
    legacy.bio = "still here"
    legacy.full_clean()
    legacy.save()
    legacy.refresh_from_db()
    assert (legacy.username, legacy.username_key) == ("BOB", "bob#2")


def test_a_name_that_grows_past_the_limit_once_normalized_is_refused(gql):
    ligature = "\ufdfa"  # one Arabic letter-like sign that NFKC spells out in 18 letters
    result = gql(
        GQL_REGISTER, {"email": "new@example.com", "username": ligature * 10, "password": "dodge-this-1999"}
    )
    message = "Ensure this username has at most 150 characters once normalized."
    assert result == {
        "data": {"register": {"messages": [{"kind": "VALIDATION", "field": "username", "message": message}]}}
    }
    assert not User.objects.exists()
