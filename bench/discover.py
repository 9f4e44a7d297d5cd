"""Discover on a 100,000-movie catalog: three filters plus availability, selector and serialization.

    createdb moviverse_bench_discover   # an empty database (or one an earlier run filled)
    DATABASE_URL=postgres://.../moviverse_bench_discover REDIS_URL=redis://127.0.0.1:6379/N \\
        python bench/discover.py [--movies 100000] [--repeat 200]

Migrates, then (once per database) writes bench/discover_data.py's catalog: ``--movies`` films
with genres, keywords, people and offers in 5 regions from 20 providers, search indexes kept,
and vacuums it. Pages choose their keys first (common/keyset.py), as both surfaces do.
Each request is a combination of three filters (a genre, thirty years, a minimum TMDb vote
average) plus availability (a region, three providers, flatrate), one of seven combinations and
pages (page 1, then the next page by its cursor), in round robin. Times, per request, what
both surfaces spend outside the transport: engagement.discovery (criteria checks and the
queryset), the keyset page and its serialization for an anonymous reader (the REST movie shape,
viewer state included), and separately the whole REST request through Django's test client
with the payload cache retired before each call (so every answer is built). Prints medians and
95th percentiles, and the load average.
"""

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("THROTTLE_DISCOVER_IP", "100000/min")  # the bench's requests all come from one address

import django

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402 (after django.setup)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import discover_data  # noqa: E402
from bench.heavy_user import median_p95, timed  # noqa: E402
from catalog.models import Movie  # noqa: E402
from common import keyset, payload_cache  # noqa: E402
from engagement import discovery  # noqa: E402
from rest_api.catalog.serializers import MovieSerializer, viewer_context  # noqa: E402

PAGE = 20


def _combinations() -> list[dict]:
    """Three filters plus availability, over several genres, three decades, regions and three providers."""
    return [
        {
            "genres": [f"genre-{genre}"],
            "year_min": start,
            "year_max": start + 29,
            "vote_average_min": 5.0,
            "region": region,
            "providers": [provider, provider + 1, provider + 2],
            "monetization": ["flatrate"],
        }
        for genre, start, region, provider in zip(
            range(0, 19, 3),
            (1950, 1960, 1970, 1980, 1990, 1994, 1985),
            discover_data.REGIONS * 2,
            (1, 3, 5, 8, 13, 2, 7),
            strict=False,
        )
    ]


def _page(asked: dict, after: str | None) -> tuple[list, str | None]:
    found = discovery.discover(user=AnonymousUser(), **asked)
    page = keyset.page(
        found.movies, ordering=found.ordering, size=PAGE, after=after, binding=found.binding, keys_first=True
    )
    movies = page.items
    data = MovieSerializer(movies, many=True, context=viewer_context(AnonymousUser(), movies)).data
    return data, page.end_cursor if page.has_next else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Movie.objects.exists():
        started = time.perf_counter()
        discover_data.load(args.movies)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would: index-only scans need the visibility map
        print(f"catalog written in {time.perf_counter() - started:.1f} s")
    print(f"{Movie.objects.count()} movies, load average {os.getloadavg()[0]:.2f}")

    requests = []  # (filters, cursor): each combination's first page, then its second
    for asked in _combinations():
        data, following = _page(asked, None)
        requests.append((asked, None))
        if following is not None:
            requests.append((asked, following))
        label = (
            f"{asked['genres'][0]} {asked['year_min']}s {asked['region']} provider {asked['providers'][0]}"
        )
        print(f"  {label}: {len(data)} on page 1")
    cycle = itertools.cycle(requests)

    def selector() -> None:
        _page(*next(cycle))

    client = Client()

    def rest() -> None:
        asked, after = next(cycle)
        query = {**asked, **({"after": after} if after else {}), "page_size": PAGE}
        response = client.get("/api/movies/discover/", query, secure=True, HTTP_HOST="localhost")
        assert response.status_code == 200, response.content

    def retire() -> None:
        payload_cache.bump(payload_cache.CATALOG)

    print(f"{'':<36} {'median ms':>9} {'p95 ms':>7}")
    for name, call, before in (
        ("selector + serialization", selector, lambda: None),
        ("REST, answer built", rest, retire),
    ):
        median, p95 = median_p95(timed(call, args.repeat, before))
        print(f"  {name:<34} {median:9.1f} {p95:7.1f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
