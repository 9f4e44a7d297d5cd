"""Discover's filters and orders (catalog.discover, engagement.discovery), on a real small catalog."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from catalog.discover import MAX_LIST, discover_criteria, discover_movies
from engagement import availability_filter as af
from engagement import diary, discovery, user_services
from engagement.models import NotInterested
from tests.factories import ReviewFactory, WatchHistoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discover_films")]


def _ids(**asked) -> list[int]:
    found = discover_movies(discover_criteria(**asked))
    return list(found.movies.order_by(*found.ordering).values_list("tmdb_id", flat=True))


def test_everything_by_popularity_when_nothing_is_asked():
    assert _ids() == [19995, 27205, 157336, 155, 603, 11, 862, 129, 496243, 372058]


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ({"genres": ["animation", "crime"]}, [155, 862, 129, 372058]),
        ({"genres": ["science-fiction", "drama"], "genres_match": "all"}, [157336]),
        ({"genres": ["action"], "exclude_genres": ["science-fiction"]}, [155]),
        ({"genres": ["Animation "]}, [862, 129, 372058]),  # any spelling of a slug
        ({"year_min": 2008, "year_max": 2010}, [19995, 27205, 155]),
        ({"release_from": datetime.date(2001, 7, 20), "release_to": datetime.date(2008, 7, 16)}, [155, 129]),
        ({"runtime_min": 150}, [19995, 157336, 155]),
        ({"runtime_max": 110}, [862, 372058]),
        ({"vote_average_min": 8.5, "vote_count_min": 17_000}, [155, 496243]),
        ({"vote_average_max": 8.0}, [19995, 862]),
        ({"rating_min": 4.0}, [603, 496243]),
        ({"rating_min": 3.5, "rating_max": 4.5}, [27205, 603]),
        ({"language": "JA"}, [129, 372058]),
        ({"people": [525]}, [27205, 157336, 155]),  # Nolan directed them
        ({"people": [6384, 6193]}, [27205, 603]),  # cast
        ({"keywords": ["artificial-intelligence"]}, [157336, 603]),
        ({"region": "us"}, [27205, 157336, 155, 603, 862]),
        ({"region": "US", "providers": [8], "monetization": ["flatrate"]}, [27205, 603]),
        ({"region": "US", "monetization": ["rent", "ads"]}, [157336, 155, 603]),
        ({"region": "GB", "genres": ["animation"]}, [862, 129]),
        ({"region": "DE", "providers": [8]}, []),
    ],
)
def test_each_filter(asked, expected):
    assert _ids(**asked) == expected


@pytest.mark.parametrize(
    ("order", "direction", "expected"),
    [
        ("title", None, [19995, 27205, 157336, 496243, 129, 11, 155, 603, 862, 372058]),
        ("release_date", None, [496243, 372058, 157336, 27205, 155, 129, 603, 862, 11]),  # Avatar: no date
        ("release_date", "asc", [11, 862, 603, 129, 155, 27205, 157336, 372058, 496243]),
        ("vote_average", None, [496243, 372058, 155, 129, 157336, 27205, 603, 11, 862, 19995]),
        ("rating", None, [496243, 603, 27205, 862, 372058, 157336, 19995, 155, 129, 11]),
        ("popularity", "asc", [372058, 496243, 129, 862, 11, 603, 155, 157336, 27205, 19995]),
    ],
)
def test_each_order_breaks_ties_by_tmdb_id(order, direction, expected):
    assert _ids(order=order, direction=direction) == expected


def test_a_shuffle_is_the_same_for_a_seed_and_differs_between_seeds():
    first = _ids(order="shuffle", seed=42)

    assert first == _ids(order="shuffle", seed=42)
    assert sorted(first) == sorted(_ids())
    assert len({tuple(_ids(order="shuffle", seed=seed)) for seed in range(6)}) > 1


@pytest.mark.parametrize(
    ("asked", "errors"),
    [
        ({"genres": ["westerns"]}, {"genres": ["genres: no genre “westerns”."]}),
        ({"keywords": ["no-such-tag"]}, {"keywords": ["keywords: no keyword “no-such-tag”."]}),
        (
            {"genres": [f"g{n}" for n in range(MAX_LIST + 1)]},
            {"genres": [f"genres: name at most {MAX_LIST}."]},
        ),
        ({"people": list(range(1, MAX_LIST + 2))}, {"people": [f"people: name at most {MAX_LIST}."]}),
        ({"people": [0]}, {"people": ["people are TMDb person ids (1 or more)."]}),
        ({"people": [6384, 999998, 999999]}, {"people": ["people: no person with TMDb id 999998, 999999."]}),
        ({"year_min": 1800}, {"year_min": ["year_min must be between 1870 and 2100."]}),
        ({"year_min": 2010, "year_max": 2000}, {"year_min": ["year_min must not be above year_max."]}),
        (
            {"year_min": 2000, "release_to": datetime.date(2001, 1, 1)},
            {"release_from": ["Give a year range or a release date range, not both."]},
        ),
        ({"runtime_min": -1}, {"runtime_min": ["runtime_min must be between 0 and 1000."]}),
        ({"vote_average_min": 10.5}, {"vote_average_min": ["vote_average_min must be between 0 and 10."]}),
        ({"rating_min": 4, "rating_max": 3}, {"rating_min": ["rating_min must not be above rating_max."]}),
        ({"language": "eng"}, {"language": ["language is an ISO 639-1 code: two letters, e.g. en or ko."]}),
        ({"order": "shuffle"}, {"seed": ["The shuffle order needs a seed (any number you keep)."]}),
        ({"seed": 3}, {"seed": ["seed goes with the shuffle order only."]}),
        ({"order": "shuffle", "seed": -1}, {"seed": ["seed must be between 0 and 2147483647."]}),
        (
            {"region": "USA"},
            {"region": ["“USA” is not a known region: give an ISO 3166-1 alpha-2 code, e.g. US or DE."]},
        ),
        (
            {"region": "FR"},
            {"region": ["“FR” is not a known region: give an ISO 3166-1 alpha-2 code, e.g. US or DE."]},
        ),
        (
            {"region": "US", "providers": [8, 999]},
            {"providers": ["providers: no watch provider with id 999."]},
        ),
        ({"region": "US", "providers": list(range(1, 22))}, {"providers": ["providers: name at most 20."]}),
        (
            {"region": "US", "providers": [2**40]},
            {"providers": ["providers are TMDb provider ids (1 or more)."]},
        ),
        (
            {"region": "US", "monetization": ["stream"]},
            {"monetization": ["monetization is one of flatrate, free, ads, rent, buy."]},
        ),
        ({"providers": [8]}, {"region": ["Name the region the providers or monetization are for."]}),
    ],
)
def test_bad_criteria_name_the_argument(asked, errors):
    with pytest.raises(ValidationError) as raised:
        discover_criteria(**asked)

    assert raised.value.message_dict == errors


def test_hide_seen_leaves_out_what_the_reader_saw_rated_played_or_dismissed(user, other_user, discover_films):
    WatchHistoryFactory(user=user, movie=discover_films[19995])
    ReviewFactory(user=user, movie=discover_films[27205], rating=3)
    diary.diary_log(user=user, tmdb_id=157336, watched_on=datetime.date(2026, 1, 2))
    NotInterested.objects.create(user=user, movie=discover_films[155])
    WatchHistoryFactory(user=other_user, movie=discover_films[603])

    found = discovery.discover(user=user, hide_seen=True, genres=["action", "science-fiction"])

    assert list(found.movies.order_by(*found.ordering).values_list("tmdb_id", flat=True)) == [603, 11]


def test_reader_options_need_a_signed_in_reader():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError) as raised:
        discovery.discover(user=AnonymousUser(), hide_seen=True, on_my_services=True)

    assert raised.value.message_dict == {
        "hide_seen": ["Sign in to hide what you have seen."],
        "on_my_services": ["Sign in to see what is on your services."],
    }


def test_cursors_of_different_queries_are_bound_apart(user):
    assert (
        discover_movies(discover_criteria(genres=["drama"])).binding
        != discover_movies(discover_criteria()).binding
    )
    assert discovery.discover(user=user).binding != discovery.discover(user=user, hide_seen=True).binding


def test_providers_without_a_region_are_for_the_readers_region(user, settings):
    from django.contrib.auth.models import AnonymousUser

    user_services.user_services_update(user=user, region="GB", provider_ids=[9])
    mine = discovery.discover(user=user, providers=[8])
    anyone = discovery.discover(user=AnonymousUser(), providers=[8])

    assert list(mine.movies.order_by(*mine.ordering).values_list("tmdb_id", flat=True)) == [129]
    assert list(anyone.movies.order_by(*anyone.ordering).values_list("tmdb_id", flat=True)) == [27205, 603]


def test_on_my_services_is_the_readers_region_and_providers(user):
    user_services.user_services_update(user=user, region="GB", provider_ids=[8, 9])

    found = discovery.discover(user=user, on_my_services=True)

    assert list(found.movies.order_by(*found.ordering).values_list("tmdb_id", flat=True)) == [603, 129]


@pytest.mark.parametrize(
    ("asked", "errors"),
    [
        ({"on_my_services": True, "region": "US"}, {"on_my_services": [af.SERVICES_OR_PROVIDERS]}),
        ({"on_my_services": True, "providers": [8]}, {"on_my_services": [af.SERVICES_OR_PROVIDERS]}),
        ({"on_my_services": True}, {"on_my_services": [af.NO_SERVICES]}),
    ],
)
def test_on_my_services_refuses_what_contradicts_it(user, asked, errors):
    with pytest.raises(ValidationError) as raised:
        discovery.discover(user=user, **asked)

    assert raised.value.message_dict == errors
