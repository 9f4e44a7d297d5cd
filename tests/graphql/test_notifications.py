"""Notifications on GraphQL: the connection, unread count, markNotificationsRead, strangers, errors,
query counts and cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Movie
from notifications import inbox
from notifications.models import Notification
from tests.errors import UNAUTHENTICATED
from tests.factories import NotificationFactory, movie_with_credits

pytestmark = pytest.mark.django_db

INFO = "fragment Info on OperationInfo { messages { kind field message } }"
LIST = (
    "query($first: Int, $after: String, $last: Int, $before: String, $unreadOnly: Boolean! = false) {"
    " notifications(first: $first, after: $after, last: $last, before: $before, unreadOnly: $unreadOnly) {"
    " edges { cursor node { id kind tmdbId readAt providerId region"
    " movie { title genres { name } viewerState { inWatchlist } } } }"
    " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"
)
COUNT = "{ notificationsUnreadCount }"
MARK = (
    "mutation($ids: [ID!], $all: Boolean! = false, $upTo: DateTime) {"
    " markNotificationsRead(ids: $ids, all: $all, upTo: $upTo)"
    " { ... on NotificationsMarked { marked unreadCount } ...Info } }" + INFO
)


def _notify(user, count: int) -> list[Notification]:
    """``count`` notifications of ``user``, oldest first, each about its own movie."""
    start = Movie.objects.count() + 1000
    return [
        NotificationFactory(recipient=user, movie=movie_with_credits(tmdb_id=start + n)) for n in range(count)
    ]


def _unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def _ids(page: dict) -> list[str]:
    return [edge["node"]["id"] for edge in page["edges"]]


def test_notifications_newest_first_with_their_movies(gql, user, access_token):
    older, newer = _notify(user, 2)

    page = gql(LIST, {}, access_token)["data"]["notifications"]

    assert _ids(page) == [str(newer.pk), str(older.pk)]
    node = page["edges"][0]["node"]
    assert (node["kind"], node["tmdbId"], node["readAt"], node["providerId"]) == (
        "RELEASED",
        newer.movie_id,
        None,
        None,
    )
    assert node["movie"]["title"] == newer.movie.title
    assert node["movie"]["viewerState"] == {"inWatchlist": False}


def test_pages_forward_and_back_share_the_rest_cursors(gql, auth_client, user, access_token):
    made = _notify(user, 5)

    first = gql(LIST, {"first": 2}, access_token)["data"]["notifications"]
    second = gql(LIST, {"first": 2, "after": first["pageInfo"]["endCursor"]}, access_token)["data"][
        "notifications"
    ]
    back = gql(LIST, {"last": 2, "before": second["pageInfo"]["startCursor"]}, access_token)["data"][
        "notifications"
    ]
    rest = auth_client.get(
        "/api/notifications/", {"page_size": 2, "after": first["pageInfo"]["endCursor"]}
    ).json()

    newest = [str(n.pk) for n in reversed(made)]
    assert (_ids(first), _ids(second), _ids(back)) == (newest[:2], newest[2:4], newest[:2])
    assert [item["id"] for item in rest["results"]] == newest[2:4]
    assert (second["pageInfo"]["hasNextPage"], second["pageInfo"]["hasPreviousPage"]) == (True, True)


def test_unread_count_and_marking_read(gql, user, access_token):
    first, second, third = _notify(user, 3)

    assert gql(COUNT, token=access_token)["data"] == {"notificationsUnreadCount": 3}
    marked = gql(MARK, {"ids": [str(first.pk)]}, access_token)["data"]["markNotificationsRead"]
    assert marked == {"marked": 1, "unreadCount": 2}
    unread = gql(LIST, {"unreadOnly": True}, access_token)["data"]["notifications"]
    assert _ids(unread) == [str(third.pk), str(second.pk)]

    up_to = second.created_at.isoformat()
    assert gql(MARK, {"all": True, "upTo": up_to}, access_token)["data"]["markNotificationsRead"] == {
        "marked": 1,
        "unreadCount": 1,
    }
    assert gql(MARK, {"all": True}, access_token)["data"]["markNotificationsRead"]["unreadCount"] == 0


def test_a_strangers_notification_is_never_shown_nor_marked(gql, user, other_user, access_token):
    [mine] = _notify(user, 1)
    [theirs] = _notify(other_user, 1)

    listed = gql(LIST, {}, access_token)["data"]["notifications"]
    marked = gql(MARK, {"ids": [str(mine.pk), str(theirs.pk)]}, access_token)["data"]["markNotificationsRead"]

    assert _ids(listed) == [str(mine.pk)]
    assert marked == {"messages": [{"kind": "ERROR", "field": None, "message": "No such notification."}]}
    assert (_unread(user), _unread(other_user)) == (1, 1)


@pytest.mark.parametrize(
    ("variables", "field", "message"),
    [
        ({}, "ids", inbox.NEITHER),
        ({"ids": ["not-a-uuid"]}, "ids", inbox.BAD_ID),
        ({"ids": [], "all": True}, "ids", inbox.BOTH),
        ({"ids": [f"00000000-0000-0000-0000-{n:012d}" for n in range(101)]}, "ids", inbox.MANY_IDS),
    ],
)
def test_bad_mark_read_input_is_a_validation_message_and_marks_nothing(
    gql, user, access_token, variables, field, message
):
    _notify(user, 2)

    answer = gql(MARK, variables, access_token)["data"]["markNotificationsRead"]

    assert answer == {"messages": [{"kind": "VALIDATION", "field": field, "message": message}]}
    assert _unread(user) == 2


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 0}, "first must be between 1 and 100."),
        ({"first": 101}, "first must be between 1 and 100."),
        ({"after": "not-a-cursor"}, "after: This cursor is not one this list gave out."),
        ({"before": "WyJ4Il0"}, "before: This cursor is not one this list gave out."),
    ],
)
def test_bad_page_arguments_are_bad_user_input(gql, user, access_token, variables, message, settings):
    settings.MAX_PAGE_SIZE = 100
    _notify(user, 1)

    errors = gql(LIST, variables, access_token)["errors"]

    assert [(e["message"], e["extensions"]["code"]) for e in errors] == [(message, "BAD_USER_INPUT")]


def test_wrong_argument_types_are_refused_before_running(gql, user, access_token):
    _notify(user, 1)

    answer = gql(MARK, {"ids": [str(Notification.objects.get().pk)], "all": "yes"}, access_token)

    assert answer["data"] is None
    assert [e["extensions"]["code"] for e in answer["errors"]] == ["BAD_USER_INPUT"]
    assert _unread(user) == 1


def test_anonymous_callers_are_refused_and_forged_tokens_fail(gql, user):
    _notify(user, 1)

    reads = gql("{ notifications { edges { cursor } } notificationsUnreadCount }")
    marked = gql(MARK, {"all": True})

    assert {e["extensions"]["code"] for e in reads["errors"]} == {"FORBIDDEN"}
    assert marked["data"]["markNotificationsRead"]["messages"][0]["kind"] == "PERMISSION"
    assert gql(MARK, {"all": True}, "a.b.c") == UNAUTHENTICATED
    assert _unread(user) == 1


def _queries(gql, token: str, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = gql(LIST, {"first": size}, token)["data"]["notifications"]
    assert len(page["edges"]) == size
    return len(queries)


def test_a_page_of_50_costs_the_queries_of_a_page_of_5(gql, user, access_token):
    _notify(user, 50)

    assert _queries(gql, access_token, 50) == _queries(gql, access_token, 5)


def test_the_list_costs_its_page_size(gql_with_cost, access_token):
    def cost(first: int) -> int:
        query = f"{{ notifications(first: {first}) {{ edges {{ node {{ id movie {{ title }} }} }} }} }}"
        return gql_with_cost(query, token=access_token)["extensions"]["cost"]["requested"]

    # each edge costs as a diary edge with its movie (and no tags) does: 4 points
    assert cost(20) - cost(10) == 10 * 4
