"""The privacy rule as a table: viewer kind x area x audience (and a private account), once.

Each cell is asked of both forms of the rule, ``may_read`` for one owner and ``readable_by``
as a filter (on the owner's reviews and on users), and the two must agree with the table.
The surfaces' tests then only check that they ask the rule.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from engagement.models import Review
from social.models import Audience, Block, Follow, PrivacySettings
from social.privacy import DEFAULTS, SETTABLE, Area, may_read, readable_by
from tests.factories import MovieRefFactory, UserFactory

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "stranger", "pending", "follower", "blocked", "blocker", "owner"]
AUDIENCES = [Audience.PUBLIC, Audience.FOLLOWERS, Audience.PRIVATE]


def expected(viewer: str, audience: str, private_account: bool) -> bool:
    """The table: who reads an area with ``audience`` of an owner [with a private account]."""
    if viewer == "owner":
        return True
    if viewer in ("blocked", "blocker") or audience == Audience.PRIVATE:
        return False
    if viewer == "follower":
        return True
    return audience == Audience.PUBLIC and not private_account


@pytest.fixture
def cast():
    owner = UserFactory(username="owner")
    people = {name: UserFactory(username=name) for name in VIEWERS if name not in ("anonymous", "owner")}
    Follow.objects.create(follower=people["pending"], followee=owner, status=Follow.Status.PENDING)
    Follow.objects.create(follower=people["follower"], followee=owner, status=Follow.Status.ACCEPTED)
    # Each of the blocked pair also follows: a block outweighs a follow.
    for name in ("blocked", "blocker"):
        Follow.objects.create(follower=people[name], followee=owner, status=Follow.Status.ACCEPTED)
    Block.objects.create(blocker=owner, blocked=people["blocked"])
    Block.objects.create(blocker=people["blocker"], blocked=owner)
    Review.objects.create(user=owner, movie=MovieRefFactory(), rating=4, text="A review")
    return {"owner": owner, "anonymous": AnonymousUser()} | people


def _answers(viewer, owner, area: Area) -> tuple[bool, bool, bool]:
    one = may_read(viewer=viewer, owner_id=owner.pk, area=area)
    users = get_user_model().objects.filter(readable_by(viewer, area, owner="pk"), pk=owner.pk).exists()
    reviews = Review.objects.filter(readable_by(viewer, area), user_id=owner.pk).exists()
    return one, users, reviews


@pytest.mark.parametrize("private_account", [False, True], ids=["open", "private-account"])
def test_the_privacy_table(cast, private_account):
    owner = cast["owner"]
    wrong = []
    for area, audience in itertools.product(SETTABLE, AUDIENCES):
        PrivacySettings.objects.update_or_create(
            user=owner, defaults={area.value: audience, "private_account": private_account}
        )
        for viewer in VIEWERS:
            want = expected(viewer, audience, private_account)
            got = _answers(cast[viewer], owner, area)
            if got != (want, want, want):
                wrong.append((viewer, area.value, audience, got, want))
    assert wrong == []


def test_without_settings_the_stated_defaults_apply(cast):
    owner = cast["owner"]
    assert not PrivacySettings.objects.filter(user=owner).exists()
    assert DEFAULTS == {
        Area.DIARY: Audience.FOLLOWERS,
        Area.RATINGS: Audience.PUBLIC,
        Area.LISTS: Audience.PUBLIC,
        Area.FAVORITES: Audience.PUBLIC,
        Area.WATCHLIST: Audience.FOLLOWERS,
        Area.CONNECTIONS: Audience.PUBLIC,
    }
    for area in SETTABLE:
        for viewer in VIEWERS:
            want = expected(viewer, DEFAULTS[area], private_account=False)
            assert _answers(cast[viewer], owner, area) == (want, want, want), (viewer, area)


@pytest.mark.parametrize("private_account", [False, True])
def test_connections_are_public_unless_the_account_is_private(cast, private_account):
    owner = cast["owner"]
    PrivacySettings.objects.create(user=owner, private_account=private_account)
    for viewer in VIEWERS:
        want = expected(viewer, Audience.PUBLIC, private_account)
        assert may_read(viewer=cast[viewer], owner_id=owner.pk, area=Area.CONNECTIONS) is want, viewer


def test_an_unknown_owner_is_readable_by_nobody(cast):
    assert may_read(viewer=cast["stranger"], owner_id=Review.objects.get().pk, area=Area.RATINGS) is False
