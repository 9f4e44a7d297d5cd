"""Movie night timings: group picks for 8 members on a seeded database (the demo catalog).

    python manage.py migrate && python manage.py seed_demo
    python bench/movie_night.py [--requests 50] [--members 8]

Runs the nightly job (recsys.tasks.generate_recommendations) once, puts ``--members`` demo raters
(their MovieLens histories, the median-sized first) in one movie night, then times in process
the service (recsys.group_picks.group_picks, 20 picks) and, through Django's test client (the
whole middleware stack), REST ``POST /api/movie-night/`` and GraphQL ``groupPicks``. Uses whatever
DATABASE_URL / REDIS_URL the environment names; raise THROTTLE_MOVIE_NIGHT_USER and
THROTTLE_MOVIE_NIGHT_IP above the requests made (e.g. 100000/min), or the surfaces answer 429.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.tokens import token_pair_for  # noqa: E402
from engagement import services as engagement_services  # noqa: E402
from recsys import group_picks, movie_night, tasks  # noqa: E402

GRAPHQL = """query ($members: [String!]!) {
  groupPicks(members: $members, limit: 20) { score reasons fits { username fit } movie { tmdbId title } }
}"""


def timed(call, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _members(count: int) -> list:
    """A signed-in bench user then ``count - 1`` demo raters around the median history size; the
    bench user (demo raters cannot sign in) gets the ratings of the rater just below them."""
    raters = list(
        get_user_model()
        .objects.filter(is_active=False)
        .annotate(rated=Count("reviews"))
        .filter(rated__gt=0)
        .order_by("rated", "email")
    )
    middle = len(raters) // 2 - count // 2
    user, created = get_user_model().objects.get_or_create(
        email="bench-night@example.com", defaults={"username": "bench-night"}
    )
    if created:
        for tmdb_id, rating in raters[middle - 1].reviews.values_list("movie_id", "rating"):
            engagement_services.review_create(user=user, tmdb_id=tmdb_id, rating=rating)
    return [user, *raters[middle : middle + count - 1]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the movie night afterwards")
    args = parser.parse_args()
    caller, *others = _members(args.members)
    started = time.perf_counter()
    counts = tasks.generate_recommendations(in_process=True)
    print(f"generate_recommendations: {counts} in {time.perf_counter() - started:.1f} s")
    night = movie_night.movie_night_create(user=caller)
    for other in others:
        movie_night.movie_night_join(user=other, code=night.code)
    names = [other.username for other in others]
    sizes = [caller.reviews.count(), *(other.reviews.count() for other in others)]
    print(f"members: {len(sizes)}, ratings each: {sizes}")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(caller).access}", "HTTP_HOST": "localhost"}
    client = Client()

    def service() -> None:
        assert len(group_picks.group_picks(user=caller, members=names, limit=20)) == 20

    def rest() -> None:
        response = client.post(
            "/api/movie-night/",
            json.dumps({"members": names, "limit": 20}),
            content_type="application/json",
            secure=True,
            **headers,
        )
        assert response.status_code == 200, response.content

    def graphql() -> None:
        response = client.post(
            "/graphql/",
            json.dumps({"query": GRAPHQL, "variables": {"members": names}}),
            content_type="application/json",
            secure=True,
            **headers,
        )
        assert "errors" not in response.json(), response.content

    for name, call in (("service", service), ("REST", rest), ("GraphQL", graphql)):
        call()  # warm
        samples = timed(call, args.requests)
        cuts = statistics.quantiles(samples, n=20)
        print(
            f"{name:<8} median {statistics.median(samples):7.1f} ms  p95 {cuts[18]:7.1f} ms  "
            f"({args.requests} requests, {args.members} members)"
        )
    if not args.keep:
        night.delete()


if __name__ == "__main__":
    main()
