"""A reader following people who did things, for the feed's transport tests."""

from decimal import Decimal

from social import activity
from social.models import Follow, PrivacySettings
from tests.factories import MovieRefFactory, ReviewFactory, UserFactory, list_with_movies


def feed_world(*, count: int = 1) -> dict:
    """``reader`` follows ``alice`` (``count`` reviews, ``count`` bare ratings and a public list of
    ``count`` movies) and ``hidden`` (ratings private: a review nobody else reads); a stranger
    follows nobody."""
    reader, alice, hidden = (UserFactory(username=name) for name in ("reader", "alice", "hidden"))
    for followee in (alice, hidden):
        Follow.objects.create(follower=reader, followee=followee, status=Follow.Status.ACCEPTED)
    for _ in range(count):
        ReviewFactory(user=alice, movie=MovieRefFactory(), text="Worth the wait.", rating=Decimal("4.5"))
        ReviewFactory(user=alice, movie=MovieRefFactory(), text="", rating=3)
    list_with_movies(alice, count, visibility="public", name="Heists")
    PrivacySettings.objects.create(user=hidden, ratings="private")
    ReviewFactory(user=hidden, text="SECRET")
    activity.backfill()
    return {"reader": reader, "alice": alice, "hidden": hidden, "stranger": UserFactory(username="stranger")}
