"""Diary pages, list pages and a popular page with viewer state, for a heavy user (goal: < 50 ms).

    createdb moviverse_bench_lists   # any empty or earlier bench database
    DATABASE_URL=postgres://.../moviverse_bench_lists REDIS_URL=redis://127.0.0.1:6379/N \\
        python bench/diary_lists.py [--plays 10000] [--lists 200] [--big-list 5000] [--repeat 50]

Migrates, then (once per database) writes the synthetic catalog of bench/heavy_user.py with
``--movies`` films and one user with ``--plays`` diary plays (a power law over the films, half
rated, a third liked, 0-3 of 20 tags each), a rating (a review without text) of every film they
rated, and ``--lists`` lists: one of ``--big-list`` films, the others of 20 to 60. Through
Django's test client with a JWT (the whole middleware stack) it times, in REST and GraphQL, the
first and a deep diary page, a filtered one (year and tag), the first and a deep page of the big
list, the user's lists, and a popular page with the user's state of each movie. A deep page is
reached by following ``next`` (or ``endCursor``) ``--depth`` times, untimed. Cold: the user's
payload-cache generation bumped before each call, as their next write does; cached: the same call
again. It prints medians, 95th percentiles and the SQL queries of one cold call. Throttles and
GraphQL budgets are raised for the run (their bookkeeping still runs); TMDb is never asked.
``--clean`` deletes the bench user afterwards (the catalog stays).
"""

import argparse
import json
import logging
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["TMDB_API_KEY"] = ""  # popular pages from the local catalog, never the network
os.environ.setdefault("GRAPHQL_COST_BUDGET_IP", "100000000")
os.environ.setdefault("GRAPHQL_COST_BUDGET_USER", "100000000")
os.environ.setdefault("THROTTLE_TMDB_IP", "100000/min")
os.environ.setdefault("THROTTLE_TMDB_USER", "100000/min")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.tokens import token_pair_for  # noqa: E402
from bench.heavy_user import catalog, diary, median_p95, timed  # noqa: E402
from common import payload_cache  # noqa: E402
from engagement.diary import tag_slug  # noqa: E402
from engagement.models import DiaryEntry, DiaryTag, MovieList, MovieListEntry, Review  # noqa: E402

EMAIL = "lists-bench@example.com"
TAGS = 20
PAGE = 50

LIST_PAGE = """query ($id: ID!, $after: String) {
  movieList(id: $id) {
    entries(first: 50, after: $after) {
      edges { node { movie { title posterUrl } } }
      pageInfo { endCursor hasNextPage }
    }
  }
}"""
POPULAR = "{ movies(pagination: {limit: 50}) { title viewerState { plays listIds rating } } }"


@transaction.atomic
def _tags_and_ratings(rng: random.Random, user, entries: list[DiaryEntry]) -> None:
    tags = DiaryTag.objects.bulk_create(
        DiaryTag(user=user, name=f"Tag {n}", slug=tag_slug(f"Tag {n}")) for n in range(TAGS)
    )
    through = DiaryEntry.tags.through
    through.objects.bulk_create(
        (
            through(diaryentry_id=entry.pk, diarytag_id=tag.pk)
            for entry in entries
            for tag in rng.sample(tags, rng.randint(0, 3))
        ),
        batch_size=5000,
    )
    latest = {entry.movie_id: entry.rating for entry in sorted(entries, key=lambda e: e.watched_on)}
    Review.objects.bulk_create(
        (Review(user=user, movie_id=tmdb_id, rating=rating) for tmdb_id, rating in latest.items() if rating),
        batch_size=5000,
    )


@transaction.atomic
def _lists(rng: random.Random, user, tmdb_ids: list[int], count: int, big: int) -> None:
    sizes = [big, *(rng.randint(20, 60) for _ in range(count - 1))]
    lists = MovieList.objects.bulk_create(
        MovieList(owner=user, name=f"List {n}", visibility=MovieList.Visibility.PUBLIC, entry_count=size)
        for n, size in enumerate(sizes)
    )
    MovieListEntry.objects.bulk_create(
        (
            MovieListEntry(list=movie_list, movie_id=tmdb_id, position=position, added_by=user)
            for movie_list, size in zip(lists, sizes, strict=True)
            for position, tmdb_id in enumerate(rng.sample(tmdb_ids, size))
        ),
        batch_size=5000,
    )


def _build(rng: random.Random, user, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    tmdb_ids = catalog(rng, args.movies)
    _tags_and_ratings(rng, user, diary(rng, user, tmdb_ids, args.plays))
    _lists(rng, user, tmdb_ids, args.lists, args.big_list)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    print(f"data written in {time.perf_counter() - started:.1f} s")


class Reader:
    """The heavy user's requests through the test client, each checked for a 200 without errors."""

    def __init__(self, user) -> None:
        self.client = Client()
        self.headers = {
            "HTTP_AUTHORIZATION": f"Bearer {token_pair_for(user).access}",
            "HTTP_HOST": "localhost",
        }

    def rest(self, url: str) -> dict:
        """The JSON of a GET of ``url`` (a path or one of the answer's own absolute links)."""
        parts = urlsplit(url)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        response = self.client.get(path, secure=True, **self.headers)
        assert response.status_code == 200, response.content
        return response.json()

    def gql(self, query: str, variables: dict | None = None) -> dict:
        """The ``data`` of a GraphQL POST."""
        body = json.dumps({"query": query, "variables": variables or {}})
        response = self.client.post(
            "/graphql/", body, content_type="application/json", secure=True, **self.headers
        )
        answer = response.json()
        assert response.status_code == 200 and "errors" not in answer, response.content
        return answer["data"]

    def rest_deep(self, url: str, depth: int) -> str:
        """The link reached by following ``next`` ``depth`` times from ``url``."""
        for _ in range(depth):
            url = self.rest(url)["next"]
        return url

    def list_cursor(self, list_id: str, depth: int) -> str | None:
        """The ``after`` cursor of the big list's page ``depth`` + 1."""
        after = None
        for _ in range(depth):
            page = self.gql(LIST_PAGE, {"id": list_id, "after": after})["movieList"]["entries"]
            after = page["pageInfo"]["endCursor"]
        return after


def _queries(call: Callable[[], object], before: Callable[[], object]) -> int:
    before()
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plays", type=int, default=10_000)
    parser.add_argument("--movies", type=int, default=6_000)
    parser.add_argument("--lists", type=int, default=200)
    parser.add_argument("--big-list", type=int, default=5_000)
    parser.add_argument("--depth", type=int, default=98, help="pages followed to reach a deep page")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--clean", action="store_true", help="delete the bench user afterwards")
    args = parser.parse_args()
    logging.getLogger("django_structlog").setLevel(logging.WARNING)  # one line per request otherwise
    call_command("migrate", verbosity=0)
    user, created = get_user_model().objects.get_or_create(email=EMAIL, defaults={"username": "lists-bench"})
    if created:
        _build(random.Random(0), user, args)
    big = MovieList.objects.filter(owner=user).order_by("-entry_count").first()
    print(
        f"{connection.vendor}: {DiaryEntry.objects.filter(user=user).count():,} plays, "
        f"{MovieList.objects.filter(owner=user).count()} lists, the biggest of {big.entry_count:,}"
    )
    reader = Reader(user)
    tag = DiaryTag.objects.filter(user=user).order_by("slug").first().name
    diary_url = f"/api/user/diary/?page_size={PAGE}"
    list_url = f"/api/lists/{big.pk}/entries/?page_size={PAGE}"
    deep_diary = reader.rest_deep(diary_url, args.depth)
    deep_list = reader.rest_deep(list_url, args.depth)
    deep_cursor = reader.list_cursor(str(big.pk), args.depth)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("diary, first page (REST)", lambda: reader.rest(diary_url)),
        (f"diary, page {args.depth + 1} (REST)", lambda: reader.rest(deep_diary)),
        (f"diary, 2024 + {tag!r} (REST)", lambda: reader.rest(f"{diary_url}&year=2024&tag={quote(tag)}")),
        ("big list, first page (REST)", lambda: reader.rest(list_url)),
        (f"big list, page {args.depth + 1} (REST)", lambda: reader.rest(deep_list)),
        ("big list, first page (GraphQL)", lambda: reader.gql(LIST_PAGE, {"id": str(big.pk)})),
        (
            f"big list, page {args.depth + 1} (GraphQL)",
            lambda: reader.gql(LIST_PAGE, {"id": str(big.pk), "after": deep_cursor}),
        ),
        ("your lists, first page (REST)", lambda: reader.rest("/api/user/lists/")),
        ("popular, page 1 of 20 (REST)", lambda: reader.rest("/api/movies/popular/")),
        ("movies, 50 + viewerState (GraphQL)", lambda: reader.gql(POPULAR)),
    ]

    def retire() -> None:
        payload_cache.bump(payload_cache.user_generation(user.pk))

    print(f"{'':<38} {'cold ms':>7} {'p95':>7} {'cached ms':>9} {'p95':>7} {'queries':>7}")
    try:
        for label, call in cases:
            queries = _queries(call, retire)
            cold = median_p95(timed(call, args.repeat, retire))
            cached = median_p95(timed(call, args.repeat))
            print(f"{label:<38} {cold[0]:7.1f} {cold[1]:7.1f} {cached[0]:9.1f} {cached[1]:7.1f} {queries:7}")
    finally:
        if args.clean:
            user.delete()


if __name__ == "__main__":
    main()
