"""A fresh deploy recommends from the start: the first worker queues the runs nothing has stored yet,
and beat's schedules are wall-clock times that a restart does not push back."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache

from catalog import sync as catalog_sync
from recsys import precomputed, selectors, services, tasks
from recsys.models import RecommendationCache, TrendingCache, UserRecommendations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_tmdb(monkeypatch):
    monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", lambda *, time_range: [])


@pytest.fixture
def queued(monkeypatch) -> list[str]:
    """Names of the jobs sent to the broker (not run)."""
    names: list[str] = []
    for job in (tasks.generate_daily_trending, tasks.generate_recommendations):
        monkeypatch.setattr(job, "delay", lambda job=job: names.append(job.name))
    return names


def test_the_first_worker_of_a_fresh_deploy_runs_both_jobs_and_users_get_personal_lists(toy_fan):
    assert selectors.missing_precomputes() == ["trending", "recommendations"]

    assert tasks.queue_missing_runs(sender=None) == ["trending", "recommendations"]  # eager: run here

    assert selectors.missing_precomputes() == []
    assert TrendingCache.objects.filter(key__in=["trending:day", "trending:week"]).count() == 2
    stored = UserRecommendations.objects.get(user=toy_fan)
    assert stored.payload["hybrid"][2][0][0] == "l862"  # because you liked Toy Story
    entries = services.user_recommendations(user=toy_fan, limit=3).entries
    assert entries[0]["reasons"][0] == "because you liked Toy Story"


def test_before_the_first_run_a_fan_is_told_the_list_is_not_personal_and_after_it_is_personal(toy_fan):
    before = services.user_recommendations(user=toy_fan, limit=5).entries
    assert {tuple(entry["reasons"]) for entry in before} == {("popular (not personalized yet)",)}

    tasks.queue_missing_runs(sender=None)  # eager: the first run replaces the stored list

    after = services.user_recommendations(user=toy_fan, limit=5).entries
    assert after[0]["reasons"][0] == "because you liked Toy Story"


def test_a_worker_starting_with_everything_stored_queues_nothing(toy_fan, queued):
    tasks.generate_recommendations()
    tasks.generate_daily_trending()

    assert tasks.queue_missing_runs(sender=None) == []
    assert queued == []


def test_the_other_workers_of_the_same_deploy_do_not_queue_the_runs_again(movies, queued):
    assert tasks.queue_missing_runs(sender=None) == ["trending", "recommendations"]
    assert tasks.queue_missing_runs(sender=None) == []

    assert queued == ["recsys.tasks.generate_daily_trending", "recsys.tasks.generate_recommendations"]
    cache.delete(tasks.FIRST_RUNS_LOCK)  # the lock expires: a later restart checks again
    assert tasks.queue_missing_runs(sender=None) == ["trending", "recommendations"]


def test_an_expired_model_is_refitted_at_worker_start(toy_fan, queued):
    tasks.generate_recommendations()
    tasks.generate_daily_trending()
    later = datetime.now(UTC) + timedelta(seconds=settings.RECSYS["CACHE_TTL"] + 60)

    with time_machine.travel(later, tick=False):
        missing = tasks.queue_missing_runs(sender=None)

    assert missing == ["trending", "recommendations"]  # trending's lists live two hours
    assert queued == ["recsys.tasks.generate_daily_trending", "recsys.tasks.generate_recommendations"]


@pytest.mark.parametrize(
    ("entry", "beat_starts", "first_run_after"),
    [
        ("generate-recommendations", datetime(2026, 11, 30, 2, 0, tzinfo=UTC), timedelta(hours=1)),
        (
            "generate-recommendations",
            datetime(2026, 11, 30, 3, 30, tzinfo=UTC),
            timedelta(hours=23, minutes=30),
        ),
        ("generate-trending", datetime(2026, 11, 30, 10, 20, tzinfo=UTC), timedelta(minutes=40)),
    ],
)
def test_beat_runs_at_fixed_times_whenever_it_starts(entry, beat_starts, first_run_after):
    """A deploy restarts beat with no schedule file: the next run keeps its time of day."""
    schedule = settings.CELERY_BEAT_SCHEDULE[entry]["schedule"]

    with time_machine.travel(beat_starts, tick=False):
        assert schedule.remaining_estimate(beat_starts) == first_run_after


def test_a_model_fitted_on_an_empty_catalog_counts_as_missing(queued, movies):
    RecommendationCache.objects.create(key=precomputed.POPULAR_KEY, payload=[], ttl=3600)

    assert selectors.missing_precomputes() == ["trending", "recommendations"]
