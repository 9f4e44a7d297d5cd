"""Notifications are made by the offers refresh and the release job: once each, set-based."""

import datetime
from collections.abc import Callable

import pytest
import responses
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import offers
from catalog.models import Movie
from catalog.tmdb import normalize
from engagement import offers_job, user_services
from engagement.models import WatchlistItem
from notifications import generation
from notifications.models import Kind, Notification
from notifications.tasks import notify_releases
from tests.catalog.tmdb_mock import (
    AMAZON,
    NETFLIX,
    PLUTO,
    PROVIDER_LIST,
    REGION_LIST,
    TMDB,
    matrix_detail,
    offer,
    page,
    region_offers,
    tmdb,  # noqa: F401
    watch_providers,
)
from tests.factories import UserFactory, WatchlistItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(tmdb, eager_tasks):  # noqa: F811
    """The Matrix, stored with no offers yet; TMDb's trending list is empty; providers and regions known."""
    offers.providers_upsert(providers=normalize.providers(PROVIDER_LIST), full_list=True)
    offers.regions_upsert(regions=normalize.regions(REGION_LIST))
    tmdb.get("/trending/movie/week", json=page([]))
    return Movie.objects.create(tmdb_id=603, title="The Matrix")


def _subscriber(region: str, *provider_ids: int, watching: Movie | None = None):
    user = UserFactory()
    user_services.user_services_update(user=user, region=region, provider_ids=list(provider_ids))
    if watching is not None:
        WatchlistItemFactory(user=user, movie=watching)
    return user


@pytest.fixture
def refresh(tmdb, settings, django_capture_on_commit_callbacks) -> Callable[..., None]:  # noqa: F811
    """Make TMDb list these offers (by region) for The Matrix, then run the offers refresh once."""

    def run(**regions: dict) -> None:
        detail = matrix_detail(**{"watch/providers": watch_providers(**regions)})
        tmdb.mock.upsert(responses.GET, f"{TMDB}/movie/603", json=detail)
        settings.WATCH_PROVIDERS_STALE_HOURS = 0
        with django_capture_on_commit_callbacks(execute=True):
            offers_job.offers_refresh_run()

    return run


def test_a_new_offer_on_a_watchlisters_service_is_told_once(matrix, refresh):
    fan = _subscriber("US", 8, watching=matrix)
    us = region_offers("US", flatrate=[offer(NETFLIX, 3)])

    refresh(US=us)
    refresh(US=us)

    [told] = Notification.objects.all()
    assert (told.recipient, told.kind, told.movie_id, told.read_at) == (
        fan,
        Kind.AVAILABLE_ON_SERVICE,
        603,
        None,
    )
    assert told.payload == {
        "provider_id": 8,
        "provider_name": "Netflix",
        "region": "US",
        "monetization": "flatrate",
    }


def test_an_offer_that_goes_and_comes_back_is_not_told_again(matrix, refresh):
    _subscriber("US", 8, watching=matrix)
    us = region_offers("US", flatrate=[offer(NETFLIX, 3)])
    refresh(US=us)
    refresh()
    refresh(US=us)

    assert Notification.objects.count() == 1


def test_only_watchlisters_with_that_provider_in_that_region_are_told(matrix, refresh):
    fan = _subscriber("US", 8, 10, watching=matrix)
    _subscriber("US", 8)  # has Netflix, not watching
    _subscriber("US", 10, watching=matrix)  # watching, not on Netflix
    _subscriber("DE", 8, watching=matrix)  # Netflix in another region
    WatchlistItemFactory(movie=matrix)  # watching, no services saved

    refresh(
        US=region_offers("US", flatrate=[offer(NETFLIX, 3)], rent=[offer(AMAZON, 12)]),
    )

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [fan.pk]


def test_rent_and_buy_are_not_availability_but_free_and_ads_are(matrix, refresh):
    renter = _subscriber("US", 10, watching=matrix)
    pluto_fan = _subscriber("US", 300, watching=matrix)

    refresh(
        US=region_offers("US", rent=[offer(AMAZON, 12)], buy=[offer(AMAZON, 12)], ads=[offer(PLUTO, 20)]),
    )

    assert not Notification.objects.filter(recipient=renter).exists()
    assert Notification.objects.get(recipient=pluto_fan).payload["monetization"] == "ads"


def test_many_watchlisters_are_told_in_a_bounded_number_of_queries(matrix, eager_tasks):
    fans = [_subscriber("US", 8, watching=matrix) for _ in range(30)]
    added = {("US", 8, "flatrate"), ("US", 8, "ads")}

    with CaptureQueriesContext(connection) as queries:
        offered = generation.availability_notify(tmdb_id=603, added=added)

    assert offered == len(fans) == Notification.objects.count()
    assert len(queries) <= 4
    assert {n.payload["monetization"] for n in Notification.objects.all()} == {"flatrate"}


def test_released_movies_are_told_once_to_those_who_waited(settings, eager_tasks):
    today = datetime.date.today()
    out = Movie.objects.create(tmdb_id=1, title="Out today", release_date=today)
    old = Movie.objects.create(
        tmdb_id=2, title="Out long ago", release_date=today - datetime.timedelta(days=30)
    )
    soon = Movie.objects.create(
        tmdb_id=3, title="Out next week", release_date=today + datetime.timedelta(days=7)
    )
    waiting = UserFactory()
    for movie in (out, old, soon):
        WatchlistItemFactory(user=waiting, movie=movie)
    late = WatchlistItemFactory(movie=out)  # added only after the release day
    WatchlistItem.objects.filter(pk=late.pk).update(
        added_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    )

    assert notify_releases.delay().get() == 1
    assert notify_releases.delay().get() == 0

    [told] = Notification.objects.all()
    assert (told.recipient, told.kind, told.movie_id) == (waiting, Kind.RELEASED, 1)
    assert told.payload == {"release_date": today.isoformat()}
