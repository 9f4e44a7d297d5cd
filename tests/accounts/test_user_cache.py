"""The signed-in user comes from the cache, and every save of the user shows at once."""

import pytest
from django.core.cache import cache

from accounts.tokens import token_pair_for
from accounts.user_cache import cached_user
from tests.errors import one_error

pytestmark = pytest.mark.django_db
ME = "/api/auth/me/"


def _signed_in(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return api_client


def test_a_deactivated_user_is_refused_at_once(api_client, user):
    client = _signed_in(api_client, user)
    assert client.get(ME).status_code == 200

    user.is_active = False
    user.save(update_fields=["is_active"])

    assert client.get(ME).json() == one_error("user_inactive", "User is inactive")


def test_a_deleted_user_is_refused_at_once(api_client, user):
    client = _signed_in(api_client, user)
    assert client.get(ME).status_code == 200

    user.delete()

    assert client.get(ME).json() == one_error("user_not_found", "User not found")


def test_a_changed_profile_shows_at_once(api_client, user):
    client = _signed_in(api_client, user)
    client.get(ME)

    user.username = "renamed"
    user.save(update_fields=["username"])

    assert client.get(ME).json()["username"] == "renamed"


def test_the_cached_row_leaves_the_password_hash_out(user):
    cache.clear()

    cached_user(user.pk)

    assert "password" not in cache.get(f"accounts:user:{user.pk}").__dict__


def test_a_stale_row_cannot_replace_a_saved_one(user, django_user_model):
    stale = django_user_model.objects.get(pk=user.pk)
    user.username = "renamed"
    user.save(update_fields=["username"])

    # A reader that loaded the row before the save adds it only where nothing is cached.
    cache.add(f"accounts:user:{user.pk}", stale)

    assert cached_user(user.pk).username == "renamed"
