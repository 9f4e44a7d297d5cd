"""REST social routes: wiring to the privacy rule, the follow-request flow, bad input, limits, costs."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from notifications.models import Notification
from social.models import Block, Follow, PrivacySettings
from tests.errors import messages
from tests.factories import ReviewFactory, UserFactory
from tests.social_world import fill_areas

pytestmark = pytest.mark.django_db
AREAS = ["diary", "ratings", "favorites", "watchlist"]


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@pytest.fixture
def owner():
    user = UserFactory(username="owner", bio="Films.")
    fill_areas(user)
    return user


@pytest.mark.parametrize("area", AREAS)
def test_each_area_page_asks_the_rule(owner, area):
    follower, stranger = UserFactory(), UserFactory()
    Follow.objects.create(follower=follower, followee=owner, status=Follow.Status.ACCEPTED)
    PrivacySettings.objects.create(user=owner, **{area: "followers"})
    path = f"/api/users/owner/{area}/?include_ratings=true"
    assert len(_client(follower).get(path).json()["results"]) == 1
    assert len(_client(owner).get(path).json()["results"]) == 1
    assert _client(stranger).get(path).json()["results"] == []
    assert _client().get(path).json()["results"] == []


def test_a_profile_counts_only_the_areas_the_reader_may_read(owner):
    fan = UserFactory(username="fan")
    Follow.objects.create(follower=fan, followee=owner, status=Follow.Status.ACCEPTED)
    anonymous = _client().get("/api/users/owner/").json()
    assert anonymous == {
        "username": "owner",
        "avatar_url": "",
        "bio": "Films.",
        "private_account": False,
        "followers_count": 1,
        "following_count": 0,
        "counts": {"diary": None, "ratings": 1, "lists": 1, "favorites": 1, "watchlist": None},
        "follow_status": None,
    }
    as_fan = _client(fan).get("/api/users/owner/").json()
    assert as_fan["counts"] == {"diary": 1, "ratings": 1, "lists": 1, "favorites": 1, "watchlist": 1}
    assert as_fan["follow_status"] == "accepted"


def test_the_follow_request_flow(owner, django_capture_on_commit_callbacks):
    fan = UserFactory(username="fan")
    _client(owner).patch("/api/user/privacy/", {"private_account": True}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        asked = _client(fan).post("/api/users/owner/follow/")
    assert asked.json() == {"username": "owner", "status": "pending"}
    assert _client(fan).get("/api/users/owner/watchlist/").json()["results"] == []
    waiting = _client(owner).get("/api/user/follow-requests/").json()["results"]
    assert [row["username"] for row in waiting] == ["fan"]
    assert _client(owner).post("/api/user/follow-requests/fan/").json()["username"] == "fan"
    assert len(_client(fan).get("/api/users/owner/watchlist/").json()["results"]) == 1
    assert [r["username"] for r in _client().get("/api/users/owner/followers/").json()["results"]] == []
    assert [r["username"] for r in _client(fan).get("/api/users/owner/followers/").json()["results"]] == [
        "fan"
    ]
    assert [r["username"] for r in _client(fan).get("/api/users/fan/following/").json()["results"]] == [
        "owner"
    ]
    assert _client(fan).get("/api/users/owner/").json()["followers_count"] == 1
    assert list(Notification.objects.values_list("kind", "payload__username")) == [("follow_request", "fan")]


def test_declining_unfollowing_and_removing(owner):
    fan, other = UserFactory(username="fan"), UserFactory(username="other")
    PrivacySettings.objects.create(user=owner, private_account=True)
    _client(fan).post("/api/users/owner/follow/")
    assert _client(owner).delete("/api/user/follow-requests/fan/").status_code == 204
    assert _client(owner).delete("/api/user/follow-requests/fan/").status_code == 404
    Follow.objects.create(follower=other, followee=owner, status=Follow.Status.ACCEPTED)
    assert _client(owner).delete("/api/user/followers/other/").status_code == 204
    assert not Follow.objects.exists()
    _client(fan).post("/api/users/owner/follow/")
    assert _client(fan).delete("/api/users/owner/follow/").status_code == 204
    assert not Follow.objects.exists()


def test_blocking_and_the_blocks_list(owner):
    pest = UserFactory(username="pest")
    Follow.objects.create(follower=pest, followee=owner, status=Follow.Status.ACCEPTED)
    assert _client(owner).post("/api/users/pest/block/").json()["username"] == "pest"
    assert not Follow.objects.exists()
    assert [row["username"] for row in _client(owner).get("/api/user/blocks/").json()["results"]] == ["pest"]
    assert _client(pest).post("/api/users/owner/follow/").status_code == 404
    assert _client(owner).delete("/api/users/pest/block/").status_code == 204
    assert _client(pest).post("/api/users/owner/follow/").status_code == 200


def test_a_private_ratings_setting_takes_reviews_off_the_movies_list(owner):
    review = owner.reviews.get()
    ReviewFactory(movie=review.movie, text="Another view")
    path = f"/api/movies/{review.movie_id}/reviews/"
    assert len(_client().get(path).json()["results"]) == 2
    _client(owner).patch("/api/user/privacy/", {"ratings": "private"}, format="json")
    assert [r["text"] for r in _client().get(path).json()["results"]] == ["Another view"]
    assert len(_client(owner).get(path).json()["results"]) == 2


def test_privacy_reads_the_defaults_then_the_changes(owner):
    assert _client(owner).get("/api/user/privacy/").json() == {
        "diary": "followers",
        "ratings": "public",
        "lists": "public",
        "favorites": "public",
        "watchlist": "followers",
        "private_account": False,
    }
    changed = _client(owner).patch("/api/user/privacy/", {"diary": "private"}, format="json").json()
    assert changed["diary"] == "private" and changed["watchlist"] == "followers"


@pytest.mark.parametrize(
    "body", [{"diary": "everyone"}, {"private_account": "maybe"}, {"ratings": 3}, {"watchlist": None}]
)
def test_bad_privacy_input_is_a_400_and_changes_nothing(owner, body):
    answer = _client(owner).patch("/api/user/privacy/", body, format="json")
    assert answer.status_code == 400
    assert list(messages(answer)) == list(body)
    assert not PrivacySettings.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/users/owner/follow/"),
        ("delete", "/api/users/owner/follow/"),
        ("post", "/api/users/owner/block/"),
    ],
)
def test_acting_on_yourself_is_a_400(owner, method, path):
    answer = getattr(_client(owner), method)(path)
    assert answer.status_code == 400
    assert messages(answer) == {"username": [messages(answer)["username"][0]]}
    assert not Follow.objects.exists() and not Block.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/users/nobody/"),
        ("get", "/api/users/nobody/diary/"),
        ("get", "/api/users/nobody/followers/"),
        ("post", "/api/users/nobody/follow/"),
        ("post", "/api/users/nobody/block/"),
        ("delete", "/api/users/nobody/block/"),
        ("post", "/api/user/follow-requests/nobody/"),
        ("delete", "/api/user/followers/nobody/"),
    ],
)
def test_an_unknown_username_is_a_404(owner, method, path):
    answer = getattr(_client(owner), method)(path)
    assert answer.status_code == 404
    assert answer.json()["type"] == "client_error"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/users/owner/follow/"),
        ("get", "/api/user/follow-requests/"),
        ("patch", "/api/user/privacy/"),
    ],
)
def test_writes_and_personal_reads_need_a_sign_in(owner, method, path):
    assert getattr(_client(), method)(path).status_code == 401


def test_a_burst_of_follows_is_refused_before_it_writes(owner, throttle_rates):
    throttle_rates(social_user="3/min", social_ip="1000/min")
    spammer = UserFactory()
    names = [UserFactory().username for _ in range(5)]
    client = _client(spammer)
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        codes = [client.post(f"/api/users/{name}/follow/").status_code for name in names]
        with CaptureQueriesContext(connection) as refused:
            assert client.post("/api/users/owner/follow/").status_code == 429
    assert codes == [200, 200, 200, 429, 429]
    assert Follow.objects.filter(follower=spammer).count() == 3
    assert not [q for q in refused.captured_queries if "social_" in q["sql"]]


@pytest.mark.parametrize("count", [1, 8])
def test_area_pages_cost_the_same_queries_for_1_or_8_rows(count):
    owner = UserFactory(username="owner")
    fill_areas(owner, count=count)
    reader = UserFactory()
    Follow.objects.create(follower=reader, followee=owner, status=Follow.Status.ACCEPTED)
    client = _client(reader)
    spent = {}
    for area in [*AREAS, "followers"]:
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(f"/api/users/owner/{area}/?page_size=50&include_ratings=true")
        assert len(answer.json()["results"]) == (1 if area == "followers" else count)
        spent[area] = len(queries)
    # the owner, the reader's standing (settings, follow, blocks), the page [, the plays' tags]
    assert spent == {"diary": 4, "ratings": 3, "favorites": 3, "watchlist": 3, "followers": 3}


@pytest.mark.parametrize("count", [1, 8])
def test_the_profile_costs_the_same_queries_whatever_the_user_holds(count):
    owner = UserFactory(username="owner")
    fill_areas(owner, count=count)
    client = _client(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/users/owner/").status_code == 200
    # the owner, the reader's standing, the three areas it may read, its follow, two follow counts
    assert len(queries) == 8


def test_the_inbox_says_who_follows_on_both_surfaces(owner, gql, django_capture_on_commit_callbacks):
    fan = UserFactory(username="fan")
    with django_capture_on_commit_callbacks(execute=True):
        _client(fan).post("/api/users/owner/follow/")
    [told] = _client(owner).get("/api/notifications/").json()["results"]
    assert (told["kind"], told["username"], told["movie"]) == ("new_follower", "fan", None)
    query = "query { notifications(first: 5) { edges { node { kind username } } } }"
    edges = gql(query, token=token_pair_for(owner).access)["data"]["notifications"]["edges"]
    assert edges == [{"node": {"kind": "NEW_FOLLOWER", "username": "fan"}}]
