"""The feed reads the activity table by its indexes: no sequential scan of it, first page or next.

PostgreSQL only: SQLite's planner neither reads these indexes the same way nor has EXPLAIN's
node names. The feed of bench/feed_data.py at a tenth of the benchmark's size (then ANALYZE);
each page statement is explained exactly as the one selector both surfaces page ran it.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import feed_data
from common import keyset
from social import feed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.IS_POSTGRES, reason="query plans of PostgreSQL's planner; needs PostgreSQL"
    ),
]

SEQ_SCAN_OF_ACTIVITIES = re.compile(r"Seq Scan on social_activity(\s|$)")


def _page_and_plan(reader, verbs, after: str | None) -> tuple[keyset.CursorPage, str]:
    rows = feed.feed(viewer=reader, verbs=verbs).prefetch_related(None)  # the page statement alone
    with CaptureQueriesContext(connection) as ran:
        page = keyset.page(rows, ordering=feed.FEED_ORDER, size=20, after=after)
    [statement] = ran.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + statement["sql"])
        return page, "\n".join(line for (line,) in cursor.fetchall())


def test_a_feed_page_never_scans_the_whole_activity_table():
    reader = feed_data.load(activities=100_000, actors=2_000, followed=400)
    scanning = {}
    for verbs in (None, ["review"], ["list_entry_added", "like"]):
        first, plan = _page_and_plan(reader, verbs, None)
        assert len(first.items) == 20
        _, next_plan = _page_and_plan(reader, verbs, first.end_cursor)
        for name, found in (("first", plan), ("next", next_plan)):
            if SEQ_SCAN_OF_ACTIVITIES.search(found):
                scanning[f"{verbs} {name}"] = found
    assert scanning == {}
