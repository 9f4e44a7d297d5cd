"""Shared fixtures: API clients, users, tokens, a GraphQL caller, and the taste catalog with its fans."""

import datetime
import json
import uuid
from collections.abc import Callable, Iterator

import pytest
import time_machine
from celery.signals import (
    after_task_publish,
    before_task_publish,
    task_failure,
    task_prerun,
    task_rejected,
    task_retry,
    task_revoked,
    task_success,
    task_unknown,
)
from django.core.cache import cache
from redis.connection import AbstractConnection
from rest_framework.test import APIClient

from accounts import user_cache
from accounts.tokens import token_pair_for
from audit.recording import actor_scope
from catalog import sync as catalog_sync
from catalog.models import Genre, Keyword, Movie
from catalog.tmdb import http as tmdb_http
from common import cost_budget, redis_breaker
from common.limits import limits_store
from config.celery import app as celery_app
from engagement.models import FavoriteMovie
from graphql_schema import persisted_queries
from recsys import artefacts, trending
from tests.discover_catalog import discover_catalog, discover_offers
from tests.factories import ReviewFactory, UserFactory, movie_with_credits, taste_catalog, taste_fans

# Tasks run in-process in tests, whatever broker the environment names.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Plain HTTP for the test client (the HTTPS redirect is tested on its own); fast hashing; no TMDb."""
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TMDB_API_KEY = ""  # TMDb is off unless a test turns it on (and mocks it)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    limits_store().clear()
    cost_budget._exhausted.clear()  # what this process remembers of exhausted budgets
    redis_breaker._breakers.clear()  # every Redis circuit starts closed
    persisted_queries.store.clear_local()  # persisted query texts the embedded default holds
    tmdb_http.reset()  # the TMDb HTTP cache (Redis-backed in CI) and circuit breaker start fresh
    artefacts.load.cache_clear()  # fitted models this process read (run ids restart with each test)
    user_cache._remembered.clear()  # user rows this process read with their stamps
    yield
    cache.clear()
    limits_store().clear()
    cost_budget._exhausted.clear()


@pytest.fixture(autouse=True)
def _no_actor_left_behind():
    """A test that authenticates outside a request (a token checked directly) binds an actor; the
    next test starts without it, as the next request does."""
    with actor_scope(lambda: None):
        yield


@pytest.fixture
def worker_signals() -> Iterator[None]:
    """Celery's signals get their receivers back afterwards (a worker's boot connects task receivers)."""
    signals = [
        after_task_publish,
        before_task_publish,
        task_prerun,
        task_retry,
        task_success,
        task_failure,
        task_revoked,
        task_unknown,
        task_rejected,
    ]
    saved = {signal: list(signal.receivers) for signal in signals}
    yield
    for signal, receivers in saved.items():
        signal.receivers[:] = receivers
        signal.sender_receivers_cache.clear()


@pytest.fixture
def frozen_clock():
    """Throttle windows are measured on a clock that does not move during the test."""
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        yield


@pytest.fixture
def trending_catalog(db, monkeypatch) -> None:
    """Movies 11, 12 and 13, trending this week as the beat schedule computes it (TMDb's list empty)."""
    monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", lambda *, time_range: [])
    for tmdb_id in (11, 12, 13):
        movie_with_credits(tmdb_id=tmdb_id, title=f"Movie {tmdb_id}")
    trending.trending_refresh(time_range="week")


@pytest.fixture
def discover_films(db, settings) -> dict[int, Movie]:
    """tests/discover_catalog.py's films and offers, by TMDb id; no TMDb key, readers in the US."""
    settings.TMDB_API_KEY = ""
    settings.DEFAULT_REGION = "US"
    movies = discover_catalog()
    discover_offers()
    return movies


@pytest.fixture
def uncached_payloads(settings):
    """Rendered answers expire at once, so every read runs its queries (for query-count tests)."""
    settings.PAYLOAD_CACHE_TTL = 0


@pytest.fixture
def throttle_rates(settings) -> Callable[..., None]:
    """Set throttle rates for one test, e.g. ``throttle_rates(search_ip="2/min")``; others keep theirs."""

    def apply(**rates: str) -> None:
        current = settings.REST_FRAMEWORK
        settings.REST_FRAMEWORK = {
            **current,
            "DEFAULT_THROTTLE_RATES": {**current["DEFAULT_THROTTLE_RATES"], **rates},
        }

    return apply


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def access_token(user) -> str:
    return token_pair_for(user).access


@pytest.fixture
def auth_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@pytest.fixture
def admin_client(admin_user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(admin_user).access}")
    return client


@pytest.fixture
def gql_with_cost(client) -> Callable[..., dict]:
    """POST a GraphQL operation; ``token`` signs it in. Returns the decoded JSON body as sent."""

    def call(query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
        return response.json()

    return call


@pytest.fixture
def gql(gql_with_cost) -> Callable[..., dict]:
    """Like ``gql_with_cost`` without ``extensions.cost`` (every answer has it; tests/graphql/test_cost.py
    asserts it), so tests of other behaviour compare whole answers."""

    def call(query: str, variables: dict | None = None, token: str | None = None) -> dict:
        body = gql_with_cost(query, variables, token)
        extensions = body.get("extensions", {})
        extensions.pop("cost", None)
        if not extensions:
            body.pop("extensions", None)
        return body

    return call


# --- the staff-edited catalog (catalog services and both admin surfaces) ---------------------


@pytest.fixture
def staff_catalog(db) -> dict:
    """The Matrix (action, tagged "cyberpunk"), a spare genre and a spare tag, with fixed ids."""
    action = Genre.objects.create(id=uuid.UUID(int=1), name="Action", slug="action")
    scifi = Genre.objects.create(id=uuid.UUID(int=2), name="Science Fiction", slug="science-fiction")
    cyberpunk = Keyword.objects.create(id=uuid.UUID(int=3), name="cyberpunk", slug="cyberpunk")
    dystopia = Keyword.objects.create(id=uuid.UUID(int=4), name="dystopia", slug="dystopia")
    matrix = Movie.objects.create(
        tmdb_id=603, title="The Matrix", runtime=136, popularity_score=80.0, vote_average=8.2
    )
    matrix.genres.add(action)
    matrix.keywords.add(cyberpunk)
    return {"action": action, "scifi": scifi, "cyberpunk": cyberpunk, "dystopia": dystopia, "matrix": matrix}


# --- the taste catalog (recommendations on every layer) ------------------------------------


@pytest.fixture
def movies():
    """Eight movies of two tastes, by TMDb id (tests.factories.taste_catalog)."""
    return taste_catalog()


@pytest.fixture
def fans(movies):
    """Seven other users whose ratings teach the models the two tastes."""
    return taste_fans(movies)


@pytest.fixture
def toy_and_heat_fan(user, movies, fans):
    """The signed-in user: loved Toy Story, favorited Heat."""
    ReviewFactory(user=user, movie=movies[862], rating=5)
    FavoriteMovie.objects.create(user=user, movie=movies[949])
    return user


@pytest.fixture
def toy_fan(toy_and_heat_fan, movies):
    """``toy_and_heat_fan`` who also found Forrest Gump so-so."""
    ReviewFactory(user=toy_and_heat_fan, movie=movies[13], rating=2)
    return toy_and_heat_fan


@pytest.fixture
def redis_commands(settings, monkeypatch) -> list[str]:
    """Every command sent to Redis from here on (the embedded default has no Redis: skipped)."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (the embedded default keeps its caches in process memory)")
    sent: list[str] = []
    real = AbstractConnection.send_command

    def counting(self, *args, **options):
        sent.append(str(args[0]))
        return real(self, *args, **options)

    monkeypatch.setattr(AbstractConnection, "send_command", counting)
    return sent
