"""Notifications on REST: cursor pages newest first, unread count, marking read, strangers, errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from catalog.models import Movie
from notifications import inbox
from notifications.models import Notification
from tests.errors import messages
from tests.factories import NotificationFactory, movie_with_credits

pytestmark = pytest.mark.django_db

URL = "/api/notifications/"
COUNT = f"{URL}unread-count/"
READ = f"{URL}read/"
NOT_FOUND = {None: ["Not found."]}
NO_CREDENTIALS = {None: ["Authentication credentials were not provided."]}


def _notify(user, count: int) -> list[Notification]:
    """``count`` notifications of ``user``, oldest first, each about its own movie."""
    start = Movie.objects.count() + 1000
    return [
        NotificationFactory(recipient=user, movie=movie_with_credits(tmdb_id=start + n)) for n in range(count)
    ]


def _unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_notifications_newest_first_with_their_movies(auth_client, user):
    older, newer = _notify(user, 2)

    body = auth_client.get(URL).json()

    assert [item["id"] for item in body["results"]] == [str(newer.pk), str(older.pk)]
    first = body["results"][0]
    assert (first["kind"], first["tmdb_id"], first["read_at"], first["provider_id"]) == (
        "released",
        newer.movie_id,
        None,
        None,
    )
    assert first["movie"]["title"] == newer.movie.title
    assert [g["name"] for g in first["movie"]["genres"]] == ["Crime", "Drama"]
    assert first["movie"]["viewer"]["in_watchlist"] is False


def test_cursor_pages_walk_every_notification_once(auth_client, user):
    made = _notify(user, 5)

    seen, url = [], f"{URL}?page_size=2"
    while url:
        page = auth_client.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]

    assert seen == [str(n.pk) for n in reversed(made)]


def test_unread_only_count_and_mark_read_by_ids_then_all(auth_client, user):
    first, second, third = _notify(user, 3)

    assert auth_client.get(COUNT).json() == {"unread_count": 3}
    marked = auth_client.post(READ, {"ids": [str(first.pk), str(first.pk)]}, format="json")
    assert marked.json() == {"marked": 1, "unread_count": 2}
    assert [item["id"] for item in auth_client.get(URL, {"unread": "true"}).json()["results"]] == [
        str(third.pk),
        str(second.pk),
    ]

    up_to = second.created_at.isoformat()
    assert auth_client.post(READ, {"all": True, "up_to": up_to}, format="json").json() == {
        "marked": 1,
        "unread_count": 1,
    }
    assert auth_client.post(READ, {"all": True}, format="json").json() == {"marked": 1, "unread_count": 0}
    assert auth_client.post(READ, {"ids": [str(first.pk)]}, format="json").json()["marked"] == 0


def test_a_strangers_notification_is_never_shown_nor_marked(auth_client, user, other_user):
    [mine] = _notify(user, 1)
    [theirs] = _notify(other_user, 1)

    listed = auth_client.get(URL).json()["results"]
    marked = auth_client.post(READ, {"ids": [str(mine.pk), str(theirs.pk)]}, format="json")

    assert [item["id"] for item in listed] == [str(mine.pk)]
    assert (marked.status_code, messages(marked)) == (404, NOT_FOUND)
    assert (_unread(user), _unread(other_user)) == (1, 1)


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        ({}, {"ids": [inbox.NEITHER]}),
        ({"ids": ["not-a-uuid"]}, {"ids.0": ["Must be a valid UUID."]}),
        (
            {"ids": "0b0b0b0b-0000-0000-0000-000000000000"},
            {"ids": ['Expected a list of items but got type "str".']},
        ),
        ({"ids": [], "all": True}, {"ids": [inbox.BOTH]}),
        ({"all": "maybe"}, {"all": ["Must be a valid boolean."]}),
        ({"all": True, "up_to": "yesterday"}, None),
        ({"ids": [f"00000000-0000-0000-0000-{n:012d}" for n in range(101)]}, None),
    ],
)
def test_bad_mark_read_input_is_a_400_and_marks_nothing(auth_client, user, sent, errors):
    _notify(user, 2)

    response = auth_client.post(READ, sent, format="json")

    assert response.status_code == 400
    if errors is not None:
        assert messages(response) == errors
    assert _unread(user) == 2


@pytest.mark.parametrize(
    "query", [{"after": "bm90LWEtY3Vyc29y"}, {"before": "%%%"}, {"page_size": 0}, {"unread": "x"}]
)
def test_bad_list_query_is_a_400(auth_client, user, query):
    _notify(user, 1)

    assert auth_client.get(URL, query).status_code == 400


@pytest.mark.parametrize(("method", "url"), [("get", URL), ("get", COUNT), ("post", READ)])
def test_anonymous_and_forged_tokens_are_401(method, url, user):
    _notify(user, 1)
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Bearer eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiMSJ9.forged")

    anonymous = getattr(APIClient(), method)(url, {"all": True}, format="json")
    refused = getattr(forged, method)(url, {"all": True}, format="json")

    assert (anonymous.status_code, messages(anonymous)) == (401, NO_CREDENTIALS)
    assert refused.status_code == 401
    assert _unread(user) == 1


def _queries(client, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"page_size": size})
    assert len(response.json()["results"]) == size
    return len(queries)


def test_a_page_of_50_costs_the_queries_of_a_page_of_5(auth_client, user):
    _notify(user, 50)

    assert _queries(auth_client, 50) == _queries(auth_client, 5)


def _mark_all_queries(client, user, count: int) -> int:
    _notify(user, count)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(READ, {"all": True}, format="json").json()["marked"] == count
    return len(queries)


def test_marking_50_read_costs_the_queries_of_marking_5(auth_client, user):
    assert _mark_all_queries(auth_client, user, 5) == _mark_all_queries(auth_client, user, 50)
