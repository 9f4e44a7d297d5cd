"""Account services: registration, login and password reset rules, below either transport."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services
from common.exceptions import AuthenticationFailed
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _login(email: str, password: str):
    return services.user_login(email=email, password=password, request=RequestFactory().post("/"))


def test_register_normalizes_the_address_and_hashes_the_password():
    user = services.user_register(email="  Neo@Example.COM ", username="neo", password="white-rabbit-42")

    assert (user.email, user.username, user.is_active) == ("neo@example.com", "neo", True)
    assert user.check_password("white-rabbit-42")


def test_register_reports_every_bad_field_and_creates_nobody():
    with pytest.raises(ValidationError) as refused:
        services.user_register(email="not-an-email", username="", password="123")

    errors = refused.value.message_dict
    assert errors["email"] == ["Enter a valid email address."]
    assert "This password is too short. It must contain at least 8 characters." in errors["password"]
    assert "username" in errors
    assert not User.objects.exists()


def test_register_refuses_an_address_in_use_whatever_its_case():
    UserFactory(email="neo@example.com")

    with pytest.raises(ValidationError) as refused:
        services.user_register(email="NEO@example.com", username="other", password="white-rabbit-42")

    assert refused.value.message_dict == {"email": [services.DUPLICATE_EMAIL]}
    assert User.objects.count() == 1


def test_login_issues_a_pair_for_the_right_password_only():
    user = UserFactory(email="neo@example.com")

    signed_in = _login("NEO@example.com", PASSWORD)

    assert signed_in.user == user
    assert signed_in.tokens.access and signed_in.tokens.refresh
    for email, password in [("neo@example.com", "wrong"), ("nobody@example.com", PASSWORD), ("x", PASSWORD)]:
        with pytest.raises(AuthenticationFailed):
            _login(email, password)
    user.refresh_from_db()
    assert user.last_login is not None


def test_password_reset_sets_the_new_password_once():
    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)

    services.password_reset_confirm(uid=uid, token=token, new_password="a-new-white-rabbit")

    user.refresh_from_db()
    assert user.check_password("a-new-white-rabbit")
    with pytest.raises(ValidationError) as replayed:
        services.password_reset_confirm(uid=uid, token=token, new_password="another-white-rabbit")
    assert replayed.value.message_dict == {"token": [services.INVALID_RESET_LINK]}


def test_password_reset_refuses_a_weak_password_and_keeps_the_old_one():
    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))

    with pytest.raises(ValidationError) as refused:
        services.password_reset_confirm(
            uid=uid, token=default_token_generator.make_token(user), new_password="password"
        )

    assert refused.value.message_dict == {"new_password": ["This password is too common."]}
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
