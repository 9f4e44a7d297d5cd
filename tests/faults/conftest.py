"""Fault fixtures: a dead Redis, a hung Redis, a small local catalog."""

import socket
import threading

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache import cache

from catalog.models import Genre, Movie
from catalog.tmdb import http as tmdb_http


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dead_redis_caches(url: str, timeout: float = 0.2) -> dict:
    """The production cache settings, pointed at a Redis that is gone (or hangs)."""
    options = {"SOCKET_CONNECT_TIMEOUT": timeout, "SOCKET_TIMEOUT": timeout}
    return {
        "default": {
            "BACKEND": "common.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True},
        },
        "limits": {"BACKEND": "common.cache.FailoverRedisCache", "LOCATION": url, "OPTIONS": options},
    }


@pytest.fixture
def redis_down(settings):
    """The caches are the production backends on a Redis server that is gone."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.REDIS_URL = url
    settings.CACHES = dead_redis_caches(url)
    tmdb_http.reset()
    # django-axes keeps the cache object it was built with; rebuild it on the dead one, and
    # drop it afterwards so the next test builds it on its own cache.
    AxesProxyHandler.get_implementation(force=True)
    assert cache.get("anything", "dead") == "dead"  # the cache answers misses, never raises
    yield url
    AxesProxyHandler.implementation = None
    tmdb_http.reset()


@pytest.fixture
def hung_listener():
    """A 127.0.0.1 port that accepts connections and never answers (a Redis stopped by SIGSTOP)."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:  # closed: the test is over
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for connection in accepted:
        connection.close()


@pytest.fixture
def redis_hung(settings, hung_listener):
    """The caches are the production backends on a Redis server that hangs; short timeouts."""
    url = f"redis://127.0.0.1:{hung_listener}/0"
    settings.REDIS_URL = url
    settings.REDIS_SOCKET_TIMEOUT = settings.REDIS_CONNECT_TIMEOUT = 0.05
    settings.CACHES = dead_redis_caches(url, timeout=0.05)
    tmdb_http.reset()
    AxesProxyHandler.get_implementation(force=True)
    yield url
    AxesProxyHandler.implementation = None
    tmdb_http.reset()


@pytest.fixture
def catalog(db) -> list[Movie]:
    """Three local movies with a genre: The Matrix, Inception, Toy Story."""
    action = Genre.objects.create(tmdb_id=28, name="Action", slug="action")
    movies = [
        Movie.objects.create(tmdb_id=603, title="The Matrix", popularity_score=80.0),
        Movie.objects.create(tmdb_id=27205, title="Inception", popularity_score=90.0),
        Movie.objects.create(tmdb_id=862, title="Toy Story", popularity_score=70.0),
    ]
    for movie in movies:
        movie.genres.add(action)
    return movies
