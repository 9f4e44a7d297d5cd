"""User services (region, providers) and the offers refresh job that puts kept movies first."""

import datetime

import pytest
import responses

from catalog import offers
from catalog.models import Movie, MovieOffer
from catalog.signals import offers_changed
from catalog.tmdb import normalize
from engagement import offers_job, user_services
from engagement.models import UserServices
from engagement.tasks import refresh_watch_providers
from tests.catalog.tmdb_mock import (
    MATRIX_OFFERS,
    NETFLIX,
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
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def lists_stored():
    offers.providers_upsert(providers=normalize.providers(PROVIDER_LIST), full_list=True)
    offers.regions_upsert(regions=normalize.regions(REGION_LIST))


def test_reader_region_saved_then_locale_then_default(settings, lists_stored):
    settings.DEFAULT_REGION = "US"
    reader = UserFactory(locale="en_GB")
    assert user_services.reader_region(reader) == "GB"
    reader.locale = "xx-ZZ"
    assert user_services.reader_region(reader) == "US"
    UserServices.objects.create(user=reader, region="DE")
    assert user_services.reader_region(reader) == "DE"


def test_user_provider_ids(lists_stored):
    reader = UserFactory()
    assert user_services.user_provider_ids(reader) == []
    user_services.user_services_update(user=reader, region="US", provider_ids=[10, 8])
    assert user_services.user_provider_ids(reader) == [8, 10]


def _detail(tmdb_id: int, **regions) -> dict:
    return matrix_detail(
        id=tmdb_id, title=f"Film {tmdb_id}", **{"watch/providers": watch_providers(tmdb_id, **regions)}
    )


def test_the_job_visits_watchlisted_and_listed_movies_first(tmdb, settings):  # noqa: F811
    settings.WATCH_PROVIDERS_REFRESH_BATCH = 2
    for tmdb_id in (1, 2, 3):
        Movie.objects.create(tmdb_id=tmdb_id, title=f"Film {tmdb_id}")
    WatchlistItemFactory(movie=Movie.objects.get(tmdb_id=3))
    tmdb.get("/trending/movie/week", json=page([]))
    for tmdb_id in (1, 2, 3):
        tmdb.get(
            f"/movie/{tmdb_id}", json=_detail(tmdb_id, US=region_offers("US", flatrate=[offer(NETFLIX, 3)]))
        )
    tmdb.get("/watch/providers/movie", json=PROVIDER_LIST)
    tmdb.get("/watch/providers/regions", json=REGION_LIST)

    assert offers_job.kept_movie_ids(limit=10) == [3]
    assert refresh_watch_providers() == 2
    visited = [
        c.request.url.split("?")[0].rsplit("/", 1)[-1] for c in tmdb.mock.calls if "/movie/" in c.request.url
    ]
    assert [v for v in visited if v.isdigit()] == ["3", "1"]  # kept first, then never fetched by id
    assert MovieOffer.objects.filter(movie_id=3).exists()
    assert not MovieOffer.objects.filter(movie_id=2).exists()


def test_the_changed_hook_fires_once_per_real_change(tmdb, settings, django_capture_on_commit_callbacks):  # noqa: F811
    sent = []
    offers_changed.connect(lambda sender, **kw: sent.append(kw), weak=False, dispatch_uid="test-offers")
    try:
        Movie.objects.create(tmdb_id=603, title="The Matrix")
        tmdb.get("/trending/movie/week", json=page([]))
        tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
        with django_capture_on_commit_callbacks(execute=True):
            first = offers_job.offers_refresh_run()
        assert len(first) == 1 and len(sent) == 1
        assert ("DE", 8, "flatrate") in sent[0]["added"] and sent[0]["removed"] == frozenset()

        settings.WATCH_PROVIDERS_STALE_HOURS = 0  # everything is due again
        with django_capture_on_commit_callbacks(execute=True):
            assert offers_job.offers_refresh_run() == []  # the same offers: no change, no signal
        assert len(sent) == 1

        later = watch_providers(US=region_offers("US", flatrate=[offer(NETFLIX, 3)]))
        tmdb.mock.replace(
            responses.GET, f"{TMDB}/movie/603", json=matrix_detail(**{"watch/providers": later})
        )
        with django_capture_on_commit_callbacks(execute=True):
            [change] = offers_job.offers_refresh_run()
        assert len(sent) == 2
        assert sent[1]["added"] == {("US", 8, "flatrate")}
        assert ("DE", 8, "flatrate") in sent[1]["removed"] and change.removed == sent[1]["removed"]
    finally:
        offers_changed.disconnect(dispatch_uid="test-offers")


def test_recently_fetched_movies_are_skipped(tmdb, settings):  # noqa: F811
    Movie.objects.create(tmdb_id=603, title="The Matrix")
    offers.offers_replace(tmdb_id=603, regions=normalize.watch_providers(MATRIX_OFFERS))
    tmdb.get("/trending/movie/week", json=page([]))
    assert offers_job.offers_refresh_run() == []
    assert tmdb.calls_to("/movie/603") == 0
    Movie.objects.filter(tmdb_id=603).update(watch_providers_fetched_at=LONG_AGO)
    tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
    offers_job.offers_refresh_run()
    assert tmdb.calls_to("/movie/603") == 1


def test_without_a_key_the_job_does_nothing(settings):
    settings.TMDB_API_KEY = ""
    Movie.objects.create(tmdb_id=603, title="The Matrix")
    assert refresh_watch_providers() == 0
    assert Movie.objects.get(tmdb_id=603).watch_providers_fetched_at is None


def test_beat_runs_the_job(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-watch-providers"]
    assert entry["task"] == "engagement.tasks.refresh_watch_providers"
    assert entry["schedule"] == datetime.timedelta(minutes=30)
