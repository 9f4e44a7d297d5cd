"""The diary on GraphQL: play mutations, the diary connection, tags, errors and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement import diary
from engagement.models import DiaryEntry, Review, WatchHistory
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

INFO = "fragment Info on OperationInfo { messages { kind field message } }"
ENTRY = (
    "fragment Entry on DiaryEntry"
    " { watchedOn watchedAt rating liked review spoiler rewatch tmdbId tags { name slug } }"
)
LOG = (
    "mutation($tmdbId: Int!, $on: Date, $at: DateTime, $rating: Float, $tags: [String!]) {"
    " logPlay(tmdbId: $tmdbId, watchedOn: $on, watchedAt: $at, rating: $rating, liked: true, tags: $tags)"
    " { ... on DiaryEntry { id ...Entry } ...Info } }" + INFO + ENTRY
)
DIARY = (
    "query($first: Int, $after: String, $last: Int, $before: String, $filter: DiaryFilter) {"
    " diary(first: $first, after: $after, last: $last, before: $before, filter: $filter) {"
    " edges { cursor node { id ...Entry movie { title } } }"
    " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }" + ENTRY
)


@pytest.fixture(autouse=True)
def _catalog(db):
    for tmdb_id in range(600, 660):
        MovieRefFactory(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}")


def _log(gql, token, **variables) -> dict:
    return gql(LOG, {"tmdbId": 603, **variables}, token)["data"]["logPlay"]


def test_log_play_in_tokyo_lands_on_the_tokyo_date_and_rates_the_movie(gql, user, access_token):
    user.time_zone = "Asia/Tokyo"
    user.save(update_fields=["time_zone"])

    play = _log(
        gql, access_token, at="2026-03-01T23:30:00+09:00", rating=4.5, tags=[" Late  Night ", "late night"]
    )

    assert play["watchedOn"] == "2026-03-01"
    assert play["watchedAt"] == "2026-03-01T14:30:00+00:00"
    assert (play["rating"], play["liked"], play["rewatch"]) == (4.5, True, False)
    assert play["tags"] == [{"name": "Late Night", "slug": "late night"}]
    assert Review.objects.get(user=user).rating == 4.5
    assert WatchHistory.objects.filter(user=user).count() == 1


def test_a_second_play_is_a_rewatch(gql, access_token):
    _log(gql, access_token, on="2026-01-01")

    assert _log(gql, access_token, on="2026-01-02")["rewatch"] is True


@pytest.mark.parametrize(
    ("variables", "field", "message"),
    [
        ({"rating": 4.2}, "rating", diary.services.BAD_RATING),
        ({"on": "1869-12-31"}, "watchedOn", diary.TOO_EARLY),
        ({"on": "2999-01-01"}, "watchedOn", diary.TOO_LATE),
        ({"at": "2026-03-01T12:00:00"}, "watchedAt", diary.NAIVE),
        ({"tags": ["x" * 51]}, "tags", diary.LONG_TAG),
        ({"tags": [f"t{n}" for n in range(21)]}, "tags", diary.MANY_TAGS),
        ({"tmdbId": 0}, "tmdbId", "A TMDb id is a positive integer."),
    ],
)
def test_bad_play_input_is_a_validation_message_and_writes_nothing(
    gql, access_token, variables, field, message
):
    play = _log(gql, access_token, **variables)

    assert play == {"messages": [{"kind": "VALIDATION", "field": field, "message": message}]}
    assert (DiaryEntry.objects.count(), WatchHistory.objects.count(), Review.objects.count()) == (0, 0, 0)


def test_an_unknown_movie_is_an_error_message(gql, access_token, settings):
    settings.TMDB_API_KEY = ""

    play = _log(gql, access_token, tmdbId=27205)

    assert play == {"messages": [{"kind": "ERROR", "field": None, "message": "No movie with TMDb id 27205."}]}


def test_update_and_delete_a_play(gql, user, access_token):
    play = _log(gql, access_token, on="2026-01-01", rating=3)
    update = (
        'mutation($id: ID!) { updatePlay(id: $id, rating: null, review: "Again.", tags: ["Cozy"])'
        " { ... on DiaryEntry { ...Entry } ...Info } }" + INFO + ENTRY
    )
    delete = "mutation($id: ID!) { deletePlay(id: $id) { ... on Movie { tmdbId } ...Info } }" + INFO

    updated = gql(update, {"id": play["id"]}, access_token)["data"]["updatePlay"]
    deleted = gql(delete, {"id": play["id"]}, access_token)["data"]["deletePlay"]

    assert (updated["rating"], updated["review"], updated["liked"]) == (None, "Again.", True)
    assert updated["tags"] == [{"name": "Cozy", "slug": "cozy"}]
    assert deleted == {"tmdbId": 603}
    assert not DiaryEntry.objects.exists()
    assert Review.objects.get(user=user).rating == 3  # deleting a play keeps the movie's rating


def test_another_users_play_is_missing_on_every_operation(gql, other_user, access_token):
    theirs = diary.diary_log(user=other_user, tmdb_id=603, liked=True)
    missing = "DiaryEntry matching query does not exist."
    update = "mutation($id: ID!) { updatePlay(id: $id, liked: false) { ...Info } }" + INFO
    delete = "mutation($id: ID!) { deletePlay(id: $id) { ...Info } }" + INFO
    read = "query($id: ID!) { diaryEntry(id: $id) { id } }"

    for mutation, name in ((update, "updatePlay"), (delete, "deletePlay")):
        answer = gql(mutation, {"id": str(theirs.pk)}, access_token)["data"][name]
        assert answer == {"messages": [{"kind": "ERROR", "field": None, "message": missing}]}
    errors = gql(read, {"id": str(theirs.pk)}, access_token)["errors"]

    assert [(e["message"], e["extensions"]["code"]) for e in errors] == [(missing, "NOT_FOUND")]
    theirs.refresh_from_db()
    assert theirs.liked is True


def test_anonymous_callers_are_refused(gql):
    reads = gql("{ diary { edges { cursor } } diaryTags { edges { cursor } } }")
    play = gql(LOG, {"tmdbId": 603})

    assert {e["extensions"]["code"] for e in reads["errors"]} == {"FORBIDDEN"}
    assert reads["data"] is None
    assert play["data"]["logPlay"]["messages"][0]["kind"] == "PERMISSION"
    assert not DiaryEntry.objects.exists()


def _fill(user, count: int) -> list[DiaryEntry]:
    start = datetime.date(2025, 1, 1)
    return [
        diary.diary_log(
            user=user,
            tmdb_id=600 + n % 30,
            watched_on=start + datetime.timedelta(days=n),
            rating=4 if n % 2 else None,
            tags=["Cinema", f"friend {n % 3}"],
        )
        for n in range(count)
    ]


def test_the_diary_pages_newest_first_forward_and_back(gql, user, access_token):
    plays = _fill(user, 5)

    first = gql(DIARY, {"first": 2}, access_token)["data"]["diary"]
    second = gql(DIARY, {"first": 2, "after": first["pageInfo"]["endCursor"]}, access_token)["data"]["diary"]
    back = gql(DIARY, {"last": 2, "before": second["pageInfo"]["startCursor"]}, access_token)["data"]["diary"]

    ids = [play.pk.hex for play in plays]
    newest = [str(DiaryEntry.objects.get(pk=i).pk) for i in reversed(ids)]
    assert [edge["node"]["id"] for edge in first["edges"]] == newest[:2]
    assert [edge["node"]["id"] for edge in second["edges"]] == newest[2:4]
    assert second["pageInfo"] | {"startCursor": None, "endCursor": None} == {
        "hasNextPage": True,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": None,
    }
    assert back["edges"] == first["edges"]


def test_the_diary_filters(gql, user, access_token):
    _fill(user, 5)

    def dates(**filter) -> list[str]:
        page = gql(DIARY, {"filter": filter}, access_token)["data"]["diary"]
        return [edge["node"]["watchedOn"] for edge in page["edges"]]

    assert dates(year=2025, month=1, rating=4) == ["2025-01-04", "2025-01-02"]
    assert dates(tag="FRIEND 0") == ["2025-01-04", "2025-01-01"]
    assert dates(liked=True) == []


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 0}, "first must be between 1 and 100."),
        ({"first": 101}, "first must be between 1 and 100."),
        ({"after": "not-a-cursor"}, "after: This cursor is not one this list gave out."),
        ({"filter": {"month": 2}}, f"month: {diary.MONTH_NEEDS_YEAR}"),
        ({"filter": {"rating": 0.5}}, f"rating: {diary.services.BAD_RATING}"),
    ],
)
def test_bad_page_or_filter_arguments_are_bad_user_input(gql, access_token, variables, message, settings):
    settings.MAX_PAGE_SIZE = 100

    errors = gql(DIARY, variables, access_token)["errors"]

    assert [(e["message"], e["extensions"]["code"]) for e in errors] == [(message, "BAD_USER_INPUT")]


def test_diary_tags_with_their_plays(gql, user, access_token):
    _fill(user, 4)
    query = "{ diaryTags(first: 10) { edges { node { name slug plays } } pageInfo { hasNextPage } } }"

    tags = gql(query, token=access_token)["data"]["diaryTags"]

    assert [edge["node"] for edge in tags["edges"]] == [
        {"name": "Cinema", "slug": "cinema", "plays": 4},
        {"name": "friend 0", "slug": "friend 0", "plays": 2},
        {"name": "friend 1", "slug": "friend 1", "plays": 1},
        {"name": "friend 2", "slug": "friend 2", "plays": 1},
    ]


def _diary_queries(gql, token, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = gql(DIARY, {"first": size}, token)["data"]["diary"]
    assert len(page["edges"]) == size
    return len(queries)


def test_a_page_of_50_costs_the_queries_of_a_page_of_5(gql, user, access_token):
    _fill(user, 50)

    # the page with its movies and rewatch flags, then the tags of its plays
    assert _diary_queries(gql, access_token, 50) == _diary_queries(gql, access_token, 5) == 2


def test_the_diary_costs_its_page_size(gql_with_cost, access_token):
    query = "{ diary(first: 10) { edges { node { tmdbId tags { name } movie { title } } } } }"

    cost = gql_with_cost(query, token=access_token)["extensions"]["cost"]

    # each of 10 edges: the edge, its node, its movie and up to 20 tags
    assert cost["requested"] == 10 * (1 + 1 + 1 + 20 + 1)
