"""Cursor pages: every row once, in order, both ways, through ties; foreign cursors refused unrun."""

import base64
import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.functions import ExtractHour
from django.test.utils import CaptureQueriesContext

from common import keyset
from engagement.models import WatchHistory
from tests.factories import MovieRefFactory, UserFactory, WatchHistoryFactory

ORDER = ("-watched_at", "-id")


@pytest.fixture
def views(db) -> list[WatchHistory]:
    """Eleven views of one user, three of them at the very same instant (a tie the id breaks)."""
    user = UserFactory()
    movie = MovieRefFactory()
    start = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    moments = [start + datetime.timedelta(hours=hour) for hour in range(8)] + [start] * 3
    for moment in moments:
        WatchHistoryFactory(user=user, movie=movie, watched_at=moment)
    return list(WatchHistory.objects.filter(user=user).order_by(*ORDER))


def _walk(size: int, *, backward_from: str | None = None, keys_first: bool = False) -> list[list]:
    pages, after, before = [], None, backward_from
    while True:
        page = keyset.page(
            WatchHistory.objects.all(),
            ordering=ORDER,
            size=size,
            after=after,
            before=before,
            keys_first=keys_first,
        )
        pages.append(page)
        if backward_from is None and page.has_next:
            after = page.end_cursor
        elif backward_from is not None and page.has_previous:
            before = page.start_cursor
        else:
            return pages


@pytest.mark.parametrize("size", [1, 3, 4, 11, 50])
def test_walking_forward_gives_every_row_once_in_order(views, size):
    pages = _walk(size)
    assert [row.pk for page in pages for row in page.items] == [row.pk for row in views]
    assert not pages[0].has_previous
    assert all(page.has_previous for page in pages[1:])


def test_walking_backward_from_the_end_gives_the_rows_in_reverse_page_order(views):
    last = keyset.encode(views[-1], ORDER)
    pages = _walk(3, backward_from=last)
    assert [row.pk for page in reversed(pages) for row in page.items] == [row.pk for row in views[:-1]]
    assert all(page.has_next for page in pages)


@pytest.mark.parametrize("size", [1, 3, 11])
def test_choosing_the_keys_first_gives_the_same_pages_both_ways(views, size):
    def shown(pages: list) -> list:
        return [
            ([row.pk for row in page.items], page.cursors, page.has_next, page.has_previous) for page in pages
        ]

    last = keyset.encode(views[-1], ORDER)
    assert shown(_walk(size, keys_first=True)) == shown(_walk(size))
    assert shown(_walk(size, backward_from=last, keys_first=True)) == shown(_walk(size, backward_from=last))


def test_a_page_whose_keys_are_chosen_first_is_still_one_query(views, django_assert_num_queries):
    with django_assert_num_queries(1):
        keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=4, keys_first=True)


def test_a_row_added_before_the_cursor_is_neither_repeated_nor_skipped(views):
    first = keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=4)
    WatchHistoryFactory(user=views[0].user, movie=views[0].movie, watched_at=views[0].watched_at)  # newest
    second = keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=4, after=first.end_cursor)
    assert [row.pk for row in second.items] == [row.pk for row in views[4:8]]


def test_each_row_has_the_cursor_that_continues_after_it(views):
    page = keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=5)
    after_third = keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=2, after=page.cursors[2])
    assert [row.pk for row in after_third.items] == [row.pk for row in views[3:5]]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        _b64(b"not json"),
        _b64(b'{"a": 1}'),
        _b64(b'["2026-03-01T20:00:00Z"]'),  # one key of two
        _b64(b'["yesterday", "8c5b3b0e-6f0e-4a8e-9a51-2f3c7f1d2a10"]'),
        _b64(b'["2026-03-01T20:00:00Z", "not-a-uuid"]'),
        _b64(b"[null, null]"),
        _b64(b'[[1], {"x": 2}]'),
        "A" * (keyset.MAX_CURSOR_LENGTH + 1),
    ],
)
def test_a_cursor_the_list_did_not_give_out_is_refused_before_any_query(views, cursor):
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as refused:
        keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=5, after=cursor)
    assert refused.value.message_dict == {"after": [keyset.NOT_OURS]}
    assert len(queries) == 0


def test_after_and_before_together_are_refused(views):
    cursor = keyset.encode(views[2], ORDER)
    with pytest.raises(ValidationError) as refused:
        keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=5, after=cursor, before=cursor)
    assert "before" in refused.value.message_dict


def test_a_page_is_one_query_whatever_its_size(views, django_assert_num_queries):
    for size in (1, 10):
        with django_assert_num_queries(1):
            keyset.page(
                WatchHistory.objects.all(), ordering=ORDER, size=size, after=keyset.encode(views[0], ORDER)
            )


def test_times_with_microseconds_page_back_without_repeating_the_cursors_row(db):
    user, movie = UserFactory(), MovieRefFactory()
    start = datetime.datetime(2026, 3, 1, 20, 0, 0, 123456, tzinfo=datetime.UTC)
    for second in range(4):
        WatchHistoryFactory(user=user, movie=movie, watched_at=start + datetime.timedelta(seconds=second))
    forward = keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=2)
    second = keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=2, after=forward.end_cursor)

    back = keyset.page(WatchHistory.objects.all(), ordering=ORDER, size=2, before=second.start_cursor)

    assert [row.pk for row in back.items] == [row.pk for row in forward.items]


def test_a_bound_cursor_continues_its_own_query_only(views):
    rows = WatchHistory.objects.all()
    first = keyset.page(rows, ordering=ORDER, size=4, binding="query-a")
    ours = keyset.page(rows, ordering=ORDER, size=4, after=first.end_cursor, binding="query-a")
    unsigned = keyset.encode(views[3], ORDER)
    signed = json.loads(base64.urlsafe_b64decode(first.end_cursor + "=="))
    altered = base64.urlsafe_b64encode(json.dumps([signed[0], str(views[0].pk), signed[2]]).encode()).decode()

    assert [view.pk for view in ours.items] == [view.pk for view in views[4:8]]
    for cursor in (first.end_cursor, unsigned, altered):
        binding = "query-b" if cursor == first.end_cursor else "query-a"
        with pytest.raises(ValidationError) as refused:
            keyset.page(rows, ordering=ORDER, size=4, after=cursor, binding=binding)
        assert refused.value.message_dict == {"after": [keyset.NOT_THIS_QUERY]}


def test_an_annotated_key_pages_like_a_field(views):
    rows = WatchHistory.objects.annotate(hour=ExtractHour("watched_at"))
    ordering = ("-hour", "-id")
    walked, after = [], None
    while True:
        page = keyset.page(rows, ordering=ordering, size=3, after=after)
        walked += [view.pk for view in page.items]
        if not page.has_next:
            break
        after = page.end_cursor

    assert walked == list(rows.order_by(*ordering).values_list("pk", flat=True))


def test_pages_of_several_groups_cut_each_group_as_its_own_page_would(views, django_assert_num_queries):
    other = UserFactory()
    for _ in range(3):
        WatchHistoryFactory(user=other, movie=MovieRefFactory())
    every = WatchHistory.objects.filter(user__in=[views[0].user_id, other.pk])
    groups = [views[0].user_id, other.pk]
    alone = {
        group: keyset.page(every.filter(user=group), ordering=ORDER, size=4, binding=f"of:{group}")
        for group in groups
    }

    with django_assert_num_queries(1):
        together = keyset.pages(
            every, by="user", groups=groups, ordering=ORDER, size=4, binding=lambda g: f"of:{g}"
        )

    assert together == alone
    mine = together[views[0].user_id].end_cursor
    following = keyset.page(
        every.filter(user=views[0].user_id),
        ordering=ORDER,
        size=4,
        after=mine,
        binding=f"of:{views[0].user_id}",
    )
    assert following.items == views[4:8]
    with pytest.raises(keyset.InvalidCursor):
        keyset.page(every.filter(user=other.pk), ordering=ORDER, size=4, after=mine, binding=f"of:{other.pk}")
