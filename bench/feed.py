"""The activity feed of a reader following 1,000 people over 1,000,000 activities.

    createdb moviverse_bench_feed   # an empty database
    DATABASE_URL=postgres://.../moviverse_bench_feed REDIS_URL=redis://127.0.0.1:6379/N \\
        python bench/feed.py [--activities 1000000] [--actors 5000] [--followed 1000] [--repeat 100]

Migrates, then (once per database) writes bench/feed_data.py's feed. Times the page statement
of social.feed (the selector both surfaces page: 20 rows with their actors, lists and movies),
a first page and the page after it, for all kinds and for reviews only, then the REST answer
through Django's test client (whole middleware stack: the page, the movies' genres, the reader's
state of them); prints medians and 95th percentiles with the load average, and EXPLAIN (ANALYZE,
BUFFERS) of the first page's statement.
"""

import argparse
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("THROTTLE_FEED_IP", "100000/min")  # the bench's requests all come from one address
os.environ.setdefault("THROTTLE_FEED_USER", "100000/min")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402 (after django.setup)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.tokens import token_pair_for  # noqa: E402
from bench import feed_data  # noqa: E402
from bench.heavy_user import median_p95, timed  # noqa: E402
from common import keyset  # noqa: E402
from social import feed  # noqa: E402
from social.models import Activity  # noqa: E402

PAGE = 20


def _page(reader, verbs, after=None) -> keyset.CursorPage:
    rows = feed.feed(viewer=reader, verbs=verbs).prefetch_related(None)
    return keyset.page(rows, ordering=feed.FEED_ORDER, size=PAGE, after=after)


def _explain(reader) -> str:
    with CaptureQueriesContext(connection) as ran:
        _page(reader, None)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + ran.captured_queries[0]["sql"])
        return "\n".join(line for (line,) in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--followed", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    logging.getLogger("django_structlog").setLevel(logging.WARNING)  # one line per request otherwise
    reader = get_user_model().objects.filter(username=feed_data.READER).first()
    if reader is None:
        started = time.perf_counter()
        reader = feed_data.load(activities=args.activities, actors=args.actors, followed=args.followed)
        print(f"data written in {time.perf_counter() - started:.1f} s")
    print(f"{Activity.objects.count():,} activities; the reader follows {args.followed:,} people")
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(reader).access}", "HTTP_HOST": "localhost"}

    def rest() -> None:
        response = client.get("/api/user/feed/", {"page_size": PAGE}, secure=True, **headers)
        assert response.status_code == 200 and len(response.json()["results"]) == PAGE, response.content

    print(f"load average before: {os.getloadavg()}")
    print(f"{'':<34} {'median ms':>9} {'p95 ms':>7}")
    for label, verbs in (("all kinds", None), ("reviews only", ["review"])):
        first = _page(reader, verbs)
        assert len(first.items) == PAGE
        for name, after in (("first page", None), ("next page", first.end_cursor)):
            median, p95 = median_p95(timed(lambda v=verbs, a=after: _page(reader, v, a), args.repeat))
            print(f"  {label + ', ' + name:<32} {median:9.1f} {p95:7.1f}")
    median, p95 = median_p95(timed(rest, args.repeat))
    print(f"  {'REST, first page':<32} {median:9.1f} {p95:7.1f}")
    print(f"load average after: {os.getloadavg()}")
    print(_explain(reader))


if __name__ == "__main__":
    main()
