"""A job whose worker died (kill -9) comes back from the Redis broker after the visibility timeout.

Runs where the suite's broker is Redis (REDIS_URL set, as in CI); skipped on the embedded default.
"""

import queue
import time
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from kombu import Connection
from kombu.transport import redis as kombu_redis

from config.celery import app as celery_app


@pytest.fixture
def broker() -> Iterator[Connection]:
    if not celery_app.conf.broker_url.startswith("redis://"):
        pytest.skip("needs the Redis broker (REDIS_URL)")
    with celery_app.connection_for_write() as connection:
        yield connection


def _restore_as_if(seconds_later: float, connection: Connection, monkeypatch) -> None:
    """Run the broker's periodic scan of unacknowledged messages, with the clock moved on."""
    now = time.time()
    monkeypatch.setattr(kombu_redis, "time", lambda: now + seconds_later)
    connection.default_channel.qos.restore_visible(interval=1)


def test_a_job_taken_by_a_worker_that_died_is_redelivered_after_the_visibility_timeout(broker, monkeypatch):
    visibility = settings.CELERY_BROKER_VISIBILITY_TIMEOUT
    assert broker.default_channel.visibility_timeout == visibility
    name = f"test-redelivery-{uuid.uuid4().hex}"
    dead_worker = broker.clone()
    dead_worker.connect()
    try:
        dead_worker.SimpleQueue(name).put({"job": "recommendations"})
        taken = dead_worker.SimpleQueue(name).get(timeout=2)  # taken, never acknowledged: kill -9
        assert taken.payload == {"job": "recommendations"}

        other = broker.SimpleQueue(name)
        _restore_as_if(visibility - 60, broker, monkeypatch)  # the job may still be running
        with pytest.raises(queue.Empty):
            other.get(timeout=0.5)

        _restore_as_if(visibility + 1, broker, monkeypatch)
        redelivered = other.get(timeout=2)
        assert redelivered.payload == {"job": "recommendations"}
        redelivered.ack()
    finally:
        dead_worker.release()
        broker.default_channel.queue_delete(name)
