"""REST movie night: POST /api/movie-night/ and the invite endpoints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from recsys import tasks
from recsys.models import MovieNight, MovieNightMember, RecommendationCache
from tests.errors import messages
from tests.factories import ReviewFactory, UserFactory
from tests.recsys.movie_night_setup import crime_fan, night_of

pytestmark = pytest.mark.django_db

PICKS = "/api/movie-night/"
INVITES = "/api/movie-night/invites/"
JOIN = "/api/movie-night/invites/join/"


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@pytest.fixture
def friend(toy_fan, movies):
    fan = crime_fan(movies)
    night_of(toy_fan, fan)
    tasks.generate_recommendations()
    return fan


def test_group_picks(auth_client, toy_fan, friend):
    response = auth_client.post(PICKS, {"members": [friend.username], "limit": 10}, format="json")

    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["movie"]["tmdb_id"] for r in results} == {863, 12, 23168, 680}
    assert [f["username"] for f in results[0]["fits"]] == [toy_fan.username, friend.username]
    assert results[0]["reasons"]
    assert set(results[0]["movie"]) >= {"tmdb_id", "title", "genres"}


def test_group_picks_are_the_same_when_stored_item_rows_are_damaged(auth_client, friend):
    asked = {"members": [friend.username], "limit": 10}
    expected = auth_client.post(PICKS, asked, format="json").json()["results"]
    RecommendationCache.objects.filter(key__startswith="recsys:item:").update(scores=b"damaged")

    response = auth_client.post(PICKS, asked, format="json")

    assert response.status_code == 200
    assert response.json()["results"] == expected
    assert [r["movie"]["tmdb_id"] for r in expected] == [23168, 863, 680, 12]


def test_group_picks_by_runtime(auth_client, friend, movies):
    movies[680].runtime = 154
    movies[680].save(update_fields=["runtime"])

    response = auth_client.post(
        PICKS, {"members": [friend.username], "runtime_min": 150, "runtime_max": 200}, format="json"
    )

    assert [r["movie"]["tmdb_id"] for r in response.json()["results"]] == [680]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "members"),
        ({"members": "crimefan"}, "members"),
        ({"members": []}, "members"),
        ({"members": ["crimefan", "crimefan"]}, "members"),
        ({"members": ["ghost"]}, "members"),
        ({"members": ["crimefan"], "limit": 101}, "limit"),
        ({"members": ["crimefan"], "runtime_min": -5}, "runtime_min"),
        ({"members": ["crimefan"], "genres": ["nope"]}, "genres"),
        ({"members": ["crimefan"], "availability": {"region": "ZZ"}}, "region"),
        ({"members": ["crimefan"], "availability": {"region": "US"}, "on_members_services": True}, None),
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(auth_client, friend, body, field):
    before = (MovieNight.objects.count(), MovieNightMember.objects.count())

    response = auth_client.post(PICKS, body, format="json")

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    if field is not None:
        assert any(field in (attr or "") for attr in messages(response))
    assert (MovieNight.objects.count(), MovieNightMember.objects.count()) == before


def test_anonymous_is_a_401(api_client, friend):
    response = api_client.post(PICKS, {"members": [friend.username]}, format="json")

    assert response.status_code == 401


def test_invites_create_join_see_leave(user, other_user):
    created = _client(user).post(INVITES)
    code = created.json()["code"]

    joined = _client(other_user).post(JOIN, {"code": code}, format="json")
    seen = _client(other_user).get(f"{INVITES}{code}/")
    left = _client(other_user).delete(f"{INVITES}{code}/")

    assert created.status_code == 201
    assert created.json()["members"] == [user.username]
    assert joined.status_code == 200
    assert joined.json()["members"] == [user.username, other_user.username]
    assert seen.json()["members"] == [user.username, other_user.username]
    assert left.status_code == 204
    assert list(MovieNightMember.objects.values_list("user_id", flat=True)) == [user.pk]


@pytest.mark.parametrize("body", [{"code": "guessed"}, {"code": ""}, {}, {"code": "x" * 500}])
def test_a_bad_code_is_a_400_and_joins_nothing(user, other_user, body):
    night_of(user)

    response = _client(other_user).post(JOIN, body, format="json")

    assert response.status_code == 400
    assert "code" in messages(response)
    assert MovieNightMember.objects.count() == 1


def test_strangers_get_a_404_for_a_nights_members_and_cannot_leave_it(user, other_user):
    night = night_of(user)

    assert _client(other_user).get(f"{INVITES}{night.code}/").status_code == 404
    assert _client(other_user).delete(f"{INVITES}{night.code}/").status_code == 404
    assert MovieNightMember.objects.count() == 1


@pytest.mark.usefixtures("uncached_payloads")
def test_queries_do_not_grow_with_the_group_or_the_picks(movies, fans):
    me = UserFactory()
    others = [UserFactory() for _ in range(4)]
    for member, liked in zip([me, *others], [862, 949, 23168, 13, 680], strict=True):
        ReviewFactory(user=member, movie=movies[liked], rating=5)
    night_of(me, *others)
    tasks.generate_recommendations()
    client = _client(me)
    counts = []
    for size, limit in ((1, 1), (4, 2)):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                PICKS, {"members": [o.username for o in others[:size]], "limit": limit}, format="json"
            )
        assert len(response.json()["results"]) == limit
        counts.append(len(queries))

    assert counts[0] == counts[1]
