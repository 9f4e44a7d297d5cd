"""Concurrent notification jobs on PostgreSQL: each notification is made once."""

import datetime

import pytest
from django.conf import settings

from catalog.models import Movie, WatchProvider
from engagement.models import UserServices
from notifications import generation
from notifications.models import Notification
from tests.engagement.test_concurrency import _race
from tests.factories import UserFactory, WatchlistItemFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serializes writers; needs PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_racing_jobs_make_each_notification_once():
    today = datetime.date.today()
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix", release_date=today)
    netflix = WatchProvider.objects.create(provider_id=8, name="Netflix")
    for _ in range(20):
        user = UserFactory()
        UserServices.objects.create(user=user, region="US").providers.add(netflix)
        WatchlistItemFactory(user=user, movie=movie)
    added = {("US", 8, "flatrate")}

    _, errors = _race(
        [lambda: generation.availability_notify(tmdb_id=603, added=added)] * 4
        + [lambda: generation.released_notify(today=today, window_days=7)] * 4
    )

    assert errors == []
    assert Notification.objects.filter(kind="available_on_service").count() == 20
    assert Notification.objects.filter(kind="released").count() == 20
