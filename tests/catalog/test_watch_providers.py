"""Where to watch in the catalog: offers stored from the detail call, replaced on refresh, read with
their age, the provider and region lists, region checks and the availability filter."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import availability, offers, offers_refresh, sync
from catalog.models import Movie, MovieOffer, MovieWatchLink, WatchProvider, WatchRegion
from catalog.signals import offers_changed
from catalog.tmdb import normalize
from tests.catalog.tmdb_mock import (
    AMAZON,
    APPLE_TV,
    MATRIX_OFFERS,
    MAX,
    NETFLIX,
    PROVIDER_LIST,
    REGION_LIST,
    matrix_detail,
    movie_result,
    offer,
    page,
    region_offers,
    watch_providers,
)

pytestmark = pytest.mark.django_db


def _offers(tmdb_id: int = 603) -> set[tuple[str, int, str]]:
    return set(
        MovieOffer.objects.filter(movie_id=tmdb_id).values_list("region", "provider_id", "monetization")
    )


@pytest.fixture
def changes():
    """Every offers_changed sent, as (tmdb_id, added, removed)."""
    sent = []

    def receive(sender, tmdb_id, added, removed, **kwargs):
        sent.append((tmdb_id, added, removed))

    offers_changed.connect(receive)
    yield sent
    offers_changed.disconnect(receive)


def test_offers_come_with_the_detail_call(tmdb, django_capture_on_commit_callbacks):
    tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
    with django_capture_on_commit_callbacks(execute=True):
        sync.movie_sync(tmdb_id=603)
    assert tmdb.calls_to("/movie/603") == 1
    detail_url = next(c.request.url for c in tmdb.mock.calls if "/movie/603" in c.request.url)
    assert "watch%2Fproviders" in detail_url
    assert _offers() == {
        ("US", 1899, "flatrate"),
        ("US", 2, "rent"),
        ("US", 10, "rent"),
        ("US", 2, "buy"),
        ("DE", 8, "flatrate"),
        ("DE", 300, "ads"),
    }
    links = dict(MovieWatchLink.objects.filter(movie_id=603).values_list("region", "link"))
    assert links["DE"] == "https://www.themoviedb.org/movie/603-the-matrix/watch?locale=DE"
    assert Movie.objects.get(tmdb_id=603).watch_providers_fetched_at is not None
    assert WatchProvider.objects.get(provider_id=8).name == "Netflix"


def test_a_refresh_replaces_offers_and_drops_a_region_gone(tmdb, changes, django_capture_on_commit_callbacks):
    tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
    with django_capture_on_commit_callbacks(execute=True):
        sync.movie_sync(tmdb_id=603)
    later = watch_providers(US=region_offers("US", flatrate=[offer(NETFLIX, 3)], rent=[offer(APPLE_TV, 4)]))
    tmdb.mock.replace(
        "GET", "https://api.themoviedb.org/3/movie/603", json=matrix_detail(**{"watch/providers": later})
    )
    with django_capture_on_commit_callbacks(execute=True):
        change = offers_refresh._refresh_one(603)
    assert _offers() == {("US", 8, "flatrate"), ("US", 2, "rent")}
    assert not MovieWatchLink.objects.filter(movie_id=603, region="DE").exists()
    assert change.added == {("US", 8, "flatrate")}
    assert ("DE", 8, "flatrate") in change.removed and ("US", 1899, "flatrate") in change.removed
    assert [c[0] for c in changes] == [603, 603]  # the first store, then the change


def test_an_identical_refresh_changes_nothing_and_sends_nothing(
    tmdb, changes, django_capture_on_commit_callbacks
):
    tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
    with django_capture_on_commit_callbacks(execute=True):
        sync.movie_sync(tmdb_id=603)
    assert len(changes) == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = offers_refresh._refresh_one(603)
    assert not again and len(changes) == 1


def test_read_groups_offers_with_link_age_and_attribution(tmdb):
    tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
    sync.movie_sync(tmdb_id=603)
    us = availability.movie_offers(tmdb_ids=[603], region="US")[603]
    assert us.available and us.note == ""
    assert [p.name for p in us.offers["rent"]] == ["Apple TV", "Amazon Video"]  # TMDb's order
    assert [p.provider_id for p in us.offers["flatrate"]] == [1899]
    assert us.offers["free"] == [] and us.offers["ads"] == []
    assert us.offers["flatrate"][0].logo_url == "https://image.tmdb.org/t/p/w92" + MAX["logo_path"]
    assert us.link.endswith("locale=US") and us.fetched_at is not None
    assert us.attribution.text == "Streaming data by JustWatch"
    assert us.attribution.url == "https://www.justwatch.com/"


def test_a_region_without_offers_is_empty_not_an_error(tmdb):
    tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
    sync.movie_sync(tmdb_id=603)
    jp = availability.movie_offers(tmdb_ids=[603], region="JP")[603]
    assert jp.available and jp.link == "" and all(group == [] for group in jp.offers.values())


def test_without_a_key_nothing_is_known_and_the_answer_says_so(settings):
    settings.TMDB_API_KEY = ""
    Movie.objects.create(tmdb_id=603, title="The Matrix")
    answer = availability.movie_offers(tmdb_ids=[603], region="US")[603]
    assert not answer.available and "no TMDb key" in answer.note
    assert all(group == [] for group in answer.offers.values())
    assert offers_refresh.refresh_run(first=[603]) == []


def test_tmdb_down_serves_the_last_known_offers_with_their_age(tmdb):
    with time_machine.travel(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC), tick=False):
        tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
        sync.movie_sync(tmdb_id=603)
    tmdb.mock.replace("GET", "https://api.themoviedb.org/3/movie/603", status=503)
    assert offers_refresh.refresh_run(first=[603]) == []  # stops, keeps what it had
    us = availability.movie_offers(tmdb_ids=[603], region="US")[603]
    assert us.fetched_at == datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC)
    assert us.offers["flatrate"][0].name == "Max"


def test_many_movies_cost_the_same_queries_as_one(tmdb):
    for tmdb_id in range(1, 51):
        movie = Movie.objects.create(tmdb_id=tmdb_id, title=f"Film {tmdb_id}")
        offers.offers_replace(
            tmdb_id=movie.tmdb_id,
            regions={
                "US": {
                    "link": "",
                    "offers": [
                        {"provider": _provider(NETFLIX), "monetization": "flatrate", "display_priority": 3}
                    ],
                }
            },
        )
    with CaptureQueriesContext(connection) as five:
        availability.movie_offers(tmdb_ids=list(range(1, 6)), region="US")
    with CaptureQueriesContext(connection) as fifty:
        found = availability.movie_offers(tmdb_ids=list(range(1, 51)), region="US")
    assert len(five) == len(fifty) == 3
    assert all(found[t].offers["flatrate"][0].name == "Netflix" for t in range(1, 51))


def _provider(raw: dict, rank: int = 0) -> dict:
    return {
        "provider_id": raw["provider_id"],
        "name": raw["provider_name"],
        "logo_path": raw["logo_path"],
        "display_priority": rank,
        "display_priorities": {},
    }


def test_provider_and_region_lists_are_stored_once_fetched(tmdb):
    tmdb.get("/watch/providers/movie", json=PROVIDER_LIST)
    tmdb.get("/watch/providers/regions", json=REGION_LIST)
    assert offers.provider_list_sync() and offers.region_list_sync()
    assert offers.provider_list_sync()  # cached: no second request
    assert tmdb.calls_to("/watch/providers/movie") == 1
    assert [p.name for p in availability.provider_list(region="DE")] == [
        "Netflix",
        "Apple TV",
        "Amazon Video",
        "Pluto TV",
    ]
    assert [p.name for p in availability.provider_list(region="GB")] == ["Netflix"]
    assert [r.code for r in availability.region_list()] == ["DE", "GB", "US"]


@pytest.mark.parametrize("region", ["USA", "us1", "", "U", "ZZ", "  "])
def test_region_must_be_iso_3166_alpha_2(region):
    with pytest.raises(ValidationError):
        availability.region_check(region)


def test_region_check_uses_the_stored_list_once_there_is_one():
    assert availability.region_check("fr") == "FR"  # ISO 3166-1 while nothing is stored
    WatchRegion.objects.create(code="US", english_name="United States of America")
    assert availability.region_check("US") == "US"
    with pytest.raises(ValidationError):
        availability.region_check("FR")  # TMDb's list has no offers there


def test_available_in_filters_by_region_provider_and_monetization(tmdb):
    tmdb.get("/movie/603", json=matrix_detail(**{"watch/providers": MATRIX_OFFERS}))
    sync.movie_sync(tmdb_id=603)
    Movie.objects.create(tmdb_id=604, title="The Matrix Reloaded")

    def found(**criteria) -> list[int]:
        return list(availability.movies_available(**criteria).values_list("tmdb_id", flat=True))

    assert found(region="US") == [603]
    assert found(region="US", provider_ids=[MAX["provider_id"]], monetizations=["flatrate"]) == [603]
    assert found(region="US", provider_ids=[NETFLIX["provider_id"]], monetizations=["flatrate"]) == []
    assert found(region="DE", provider_ids=[NETFLIX["provider_id"], AMAZON["provider_id"]]) == [603]
    assert found(region="JP") == []


def test_refresh_visits_kept_movies_first_then_trending_then_oldest(tmdb, monkeypatch):
    for tmdb_id in (1, 2, 3, 4):
        Movie.objects.create(tmdb_id=tmdb_id, title=f"Film {tmdb_id}")
    Movie.objects.filter(tmdb_id=4).update(
        watch_providers_fetched_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    tmdb.get("/trending/movie/week", json=page([movie_result(2, "Film 2")]))
    assert offers_refresh.refresh_order(first=[3], limit=10)[:2] == [3, 2]
    assert offers_refresh.refresh_order(first=[3], limit=2) == [3, 2]
    assert offers_refresh.refresh_order(first=[], limit=10) == [2, 1, 3, 4]


def test_junk_in_tmdbs_offers_is_dropped_not_stored():
    raw = {
        "id": 603,
        "results": {
            "US": {
                "link": "javascript:alert(1)",
                "flatrate": [{"provider_id": "8", "provider_name": "Netflix"}, offer(MAX, 7), "junk"],
                "cinema": [offer(NETFLIX, 1)],
            },
            "usa": {
                "link": "https://www.themoviedb.org/movie/603/watch?locale=US",
                "flatrate": [offer(NETFLIX, 1)],
            },
            "DE": None,
        },
    }
    found = normalize.watch_providers(raw)
    assert list(found) == ["US"]
    assert found["US"]["link"] == ""
    assert [(o["provider"]["provider_id"], o["monetization"]) for o in found["US"]["offers"]] == [
        (1899, "flatrate")
    ]
