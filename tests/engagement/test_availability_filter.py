"""The availability filter every movie list takes (engagement.availability_filter), on discover's
small real catalog: the checks, the reader's region and services, and both ways of applying it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Movie, WatchProvider
from engagement import availability_filter as af
from engagement import user_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discover_films")]


def _kept(found: af.AvailabilityFilter) -> list[int]:
    return sorted(Movie.objects.filter(found.condition()).values_list("tmdb_id", flat=True))


def test_nothing_asked_is_no_filter():
    assert af.availability_filter(AnonymousUser()) is None


def test_region_providers_and_monetization_are_checked_and_sorted():
    found = af.availability_filter(
        AnonymousUser(), region=" gb ", providers=[9, 8, 9], monetization=["flatrate"]
    )

    assert found == af.AvailabilityFilter(region="GB", providers=(8, 9), monetization=("flatrate",))
    assert _kept(found) == [129, 603]


def test_providers_without_a_region_are_for_the_readers_region(user):
    user_services.user_services_update(user=user, region="GB", provider_ids=[9])

    assert af.availability_filter(user, providers=[8]).region == "GB"
    assert af.availability_filter(AnonymousUser(), providers=[8]).region == "US"


def test_on_my_services_is_the_readers_region_and_providers(user):
    user_services.user_services_update(user=user, region="GB", provider_ids=[8, 9])

    found = af.availability_filter(user, on_my_services=True)

    assert (found.region, found.providers) == ("GB", (8, 9))
    assert _kept(found) == [129, 603]


def test_on_my_services_takes_every_saved_service_beyond_a_filters_own_cap(user, settings):
    extra = range(1000, 1000 + af.availability.MAX_FILTER_PROVIDERS + 5)
    WatchProvider.objects.bulk_create(WatchProvider(provider_id=pid, name=f"Service {pid}") for pid in extra)
    saved = [*extra, 8, 9]
    settings.USER_SERVICES_MAX_PROVIDERS = len(saved)
    user_services.user_services_update(user=user, region="GB", provider_ids=saved)

    found = af.availability_filter(user, on_my_services=True)

    assert found.providers == tuple(sorted(saved))
    assert _kept(found) == [129, 603]
    with pytest.raises(ValidationError) as named:
        af.availability_filter(user, region="GB", providers=saved)
    assert "providers" in named.value.message_dict


@pytest.mark.parametrize(
    ("asked", "errors"),
    [
        ({"region": "XX"}, ["region"]),
        ({"region": "USA"}, ["region"]),
        ({"region": "US", "providers": [999_999]}, ["providers"]),
        ({"region": "US", "providers": [0]}, ["providers"]),
        ({"region": "US", "providers": list(range(1, 30))}, ["providers"]),
        ({"region": "US", "monetization": ["stream"]}, ["monetization"]),
        (
            {"region": "ZZ", "providers": [999_999], "monetization": ["x"]},
            ["monetization", "providers", "region"],
        ),
        ({"on_my_services": True, "region": "US"}, ["on_my_services"]),
        ({"on_my_services": True}, ["on_my_services"]),
    ],
)
def test_bad_input_names_every_bad_argument(user, asked, errors):
    with pytest.raises(ValidationError) as raised:
        af.availability_filter(user, **asked)

    assert sorted(raised.value.message_dict) == errors


def test_on_my_services_needs_a_signed_in_reader():
    with pytest.raises(ValidationError) as raised:
        af.availability_filter(AnonymousUser(), on_my_services=True)

    assert raised.value.message_dict == {"on_my_services": [af.SIGN_IN_FOR_SERVICES]}


def test_keep_filters_an_id_list_in_its_order_with_one_query():
    found = af.availability_filter(AnonymousUser(), region="US", monetization=["flatrate"])
    ids = [157336, 11, 603, 999_001, 27205, 862, 129]

    with CaptureQueriesContext(connection) as queries:
        kept = found.keep(ids)

    assert kept == [157336, 603, 27205, 862]
    assert len(queries) == 1
    assert found.keep([]) == []


def test_condition_reads_a_movie_reference_of_another_model(user):
    from engagement.models import WatchlistItem

    for tmdb_id in (129, 603, 155):
        WatchlistItem.objects.create(user=user, movie_id=tmdb_id)
    found = af.availability_filter(user, region="GB")

    kept = WatchlistItem.objects.filter(found.condition(movie="movie_id")).values_list("movie_id", flat=True)

    assert sorted(kept) == [129, 603]
