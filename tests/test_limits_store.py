"""The limits store: Redis while it answers, this process's memory while it does not."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from prometheus_client import REGISTRY

from common.cache import Counter, FailoverRedisCache, LocalMemoryCache, count_in
from common.limits import limits_store
from common.redis_breaker import breaker_for_url
from tests.faults.conftest import closed_port


@pytest.fixture
def dead_store() -> FailoverRedisCache:
    url = f"redis://127.0.0.1:{closed_port()}/0"
    store = FailoverRedisCache(url, {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2}})
    yield store
    store._fallback.clear()


def test_counters_keep_counting_in_the_process_when_redis_is_down(dead_store):
    assert dead_store.add("attempts", 1, timeout=60) is True
    assert dead_store.add("attempts", 1, timeout=60) is False
    assert dead_store.incr("attempts") == 2
    assert dead_store.touch("attempts", timeout=60) is True
    assert dead_store.get("attempts") == 2
    dead_store.set("history", [1.0, 2.0], timeout=60)
    assert dead_store.get("history") == [1.0, 2.0]
    assert dead_store.has_key("history") is True
    assert dead_store.delete("attempts") is True
    assert dead_store.get("attempts", "none") == "none"


def test_a_counter_redis_held_restarts_in_the_process(dead_store):
    assert dead_store.incr("held-by-redis", 3) == 3
    assert dead_store.incr("held-by-redis") == 4


def test_redis_is_left_alone_while_its_circuit_is_open(dead_store, monkeypatch, settings):
    settings.REDIS_BREAKER_FAILURES = 3
    calls = []
    real_get = dead_store._primary.get
    monkeypatch.setattr(dead_store._primary, "get", lambda *a, **k: calls.append(a) or real_get(*a, **k))
    for _ in range(5):
        assert dead_store.get("key") is None
    assert len(calls) == 3  # the third failure opened the circuit
    dead_store._breaker._open_until = 0.0  # the reset window has passed: one trial call
    dead_store.get("key")
    assert len(calls) == 4


def test_the_configured_store_is_the_limits_cache():
    assert limits_store() is caches["limits"]


def _count(store: FailoverRedisCache, amount: int) -> int:
    return store.spend((), [Counter(key="budget", amount=amount, period=60)], time.time()).counts[0]


def test_a_counter_counts_and_expires_after_its_first_use_on_redis(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (the embedded default keeps counters in process memory)")
    store = FailoverRedisCache(settings.REDIS_URL, {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5}})
    store.delete("budget")

    assert [_count(store, 5), _count(store, 7)] == [5, 12]
    assert store.get("budget") == 12
    assert 0 < store._primary.ttl("budget") <= 60
    store.delete("budget")


def test_a_counter_keeps_counting_in_the_process_when_redis_is_down(dead_store):
    assert [_count(dead_store, 5), _count(dead_store, 7)] == [5, 12]
    assert dead_store.get("budget") == 12


def test_counting_in_any_store_creates_then_adds():
    store = caches["default"]
    store.delete("budget")

    assert [count_in(store, "budget", 2, 60), count_in(store, "budget", 3, 60)] == [2, 5]


def test_the_local_memory_cache_reads_back_what_it_stored_even_when_falsy():
    store = LocalMemoryCache("falsy", {})
    stored = {"zero": 0, "empty-list": [], "empty-text": "", "false": False}
    store.set_many(stored)
    hits, misses = _locmem_count("hits"), _locmem_count("misses")

    found = {key: store.get(key, "missing") for key in stored}
    absent = store.get("absent", "missing")

    assert found == stored
    assert absent == "missing"
    assert store.get_many([*stored, "absent"]) == stored
    assert (_locmem_count("hits"), _locmem_count("misses")) == (hits + 8, misses + 2)


def _locmem_count(outcome: str) -> float:
    """The /metrics count of local-memory cache reads with this outcome ("hits" or "misses")."""
    return REGISTRY.get_sample_value(f"django_cache_get_{outcome}_total", {"backend": "locmem"}) or 0.0


@pytest.fixture
def redis_outage(settings):
    """Opens the circuit of the test Redis (an outage as this process sees it); ``end()`` lets
    the next call through, as when the reset window has passed and Redis answers again."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (the embedded default keeps counters in process memory)")
    server = breaker_for_url(settings.REDIS_URL)
    for _ in range(settings.REDIS_BREAKER_FAILURES):
        server.failed()
    yield SimpleNamespace(end=lambda: setattr(server, "_open_until", 0.0))
    server.succeeded()


def test_counts_made_during_an_outage_are_added_to_redis_when_it_answers(settings, redis_outage):
    store = limits_store()
    redis_outage.end()
    assert store.add("attempts", 1, timeout=60) is True
    assert store.incr("attempts") == 2
    for _ in range(settings.REDIS_BREAKER_FAILURES):
        store._breaker.failed()

    assert store.add("attempts", 1, timeout=60) is True  # the process has no copy: counts from here
    assert store.incr("attempts") == 2
    redis_outage.end()

    assert store.get("attempts") == 4
    assert 0 < store._primary.ttl("attempts") <= 60
    assert store.incr("attempts") == 5  # replayed once only


def test_a_counter_deleted_during_the_outage_is_not_replayed(settings, redis_outage):
    store = limits_store()
    store.add("attempts", 1, timeout=60)
    store.delete("attempts")
    redis_outage.end()

    assert store.get("attempts") is None
