"""End-to-end recommendation timings on a seeded database (the demo catalog).

    python manage.py migrate && python manage.py seed_demo
    python bench/recsys_serving.py [--requests 200]

Runs the nightly job (recsys.tasks.generate_recommendations) once, then times in process the
service read of a precomputed list and, through Django's test client (the whole middleware
stack), REST and GraphQL reads of a precomputed list (cache hits) and a
read right after invalidation (scored from the stored item rows, then stored). Uses whatever
DATABASE_URL / REDIS_URL the environment names.
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
from django.test import Client  # noqa: E402

from accounts.tokens import token_pair_for  # noqa: E402
from engagement import services as engagement_services  # noqa: E402
from recsys import services, tasks  # noqa: E402

GRAPHQL = "{ recommendations(limit: 20) { score reasons movie { tmdbId title genres { name } } } }"


def timed(call, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    user, created = get_user_model().objects.get_or_create(
        email="bench@example.com", defaults={"username": "bench"}
    )
    if created:  # an active user with the history of the first demo rater
        rater = (
            get_user_model().objects.filter(is_active=False, reviews__isnull=False).order_by("email").first()
        )
        for tmdb_id, rating in rater.reviews.values_list("movie_id", "rating"):
            engagement_services.review_create(user=user, tmdb_id=tmdb_id, rating=rating)
    started = time.perf_counter()
    counts = tasks.generate_recommendations(in_process=True)
    print(f"generate_recommendations: {counts} in {time.perf_counter() - started:.1f} s")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(user).access}", "HTTP_HOST": "localhost"}
    client = Client()

    def rest() -> None:
        response = client.get("/api/movies/recommendations/", {"limit": 20}, secure=True, **headers)
        assert response.status_code == 200, response.content

    def graphql() -> None:
        response = client.post(
            "/graphql/",
            json.dumps({"query": GRAPHQL}),
            content_type="application/json",
            secure=True,
            **headers,
        )
        assert "errors" not in response.json(), response.content

    def miss() -> None:
        services.user_recommendations_invalidate(user_id=user.pk)
        rest()

    def service() -> None:
        services.user_recommendations(user=user).items()

    rest()
    for name, call, repeat in (
        ("service read, precomputed (no HTTP)", service, args.requests),
        ("REST, precomputed", rest, args.requests),
        ("GraphQL, precomputed", graphql, args.requests),
        ("REST, miss (scored from item rows)", miss, max(5, args.requests // 20)),
    ):
        samples = timed(call, repeat)
        p95 = statistics.quantiles(samples, n=20)[-1]
        print(f"{name:<38} median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms   (n={repeat})")


if __name__ == "__main__":
    main()
