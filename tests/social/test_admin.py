"""Django admin: moderators see privacy settings, follows, blocks, likes and comments."""

import pytest

from social.models import Block, Comment, Follow, Like, PrivacySettings
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["privacysettings", "follow", "block", "like", "comment"])
def test_changelists_and_change_pages_render(client, admin_user, model):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    rows = {
        "privacysettings": PrivacySettings.objects.create(user=alice, private_account=True),
        "follow": Follow.objects.create(follower=alice, followee=bob, status=Follow.Status.PENDING),
        "block": Block.objects.create(blocker=alice, blocked=bob),
        "like": Like.objects.create(user=alice, review=ReviewFactory(user=bob)),
        "comment": Comment.objects.create(author=alice, review=ReviewFactory(user=bob), text="Nice"),
    }
    client.force_login(admin_user)
    listing = client.get(f"/admin/social/{model}/")
    assert listing.status_code == 200
    assert str(alice) in listing.content.decode()
    assert client.get(f"/admin/social/{model}/{rows[model].pk}/change/").status_code == 200
