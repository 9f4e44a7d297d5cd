"""A fresh deploy recommends from the start: the first worker queues the runs nothing has stored yet,
and beat's schedules are wall-clock times that a restart does not push back."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache

from catalog import sync as catalog_sync
from recsys import loaders, precomputed, runs, selectors, services, tasks
from recsys.models import RecommendationCache, RecommendationRun, TrendingCache, UserRecommendations
from tests.factories import ReviewFactory, UserFactory, movie_with_credits, taste_catalog, taste_fans

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


def test_a_catalog_arriving_after_the_first_run_on_an_empty_deploy_never_leaves_a_list_empty(user, queued):
    tasks.generate_recommendations()  # the first worker's run on an empty database
    tasks.generate_daily_trending()
    empty_run = RecommendationRun.objects.get()
    assert (empty_run.status, empty_run.movies_fitted) == ("done", 0)
    assert services.user_recommendations(user=user).entries == []  # nothing to recommend yet
    assert list(services.trending_movies(time_range="week", limit=5)) == []

    movies = taste_catalog()  # the catalog arrives
    taste_fans(movies)
    newcomer = UserFactory()
    for tmdb_id in (862, 863, 12):
        ReviewFactory(user=newcomer, movie=movies[tmdb_id], rating=5)

    # One reader whose (empty) list was built before the catalog, one who rated three movies since.
    before = services.user_recommendations(user=user, limit=5).entries
    assert [entry["tmdb_id"] for entry in before] == [862, 680, 12, 863, 949]  # by popularity
    rated = services.user_recommendations(user=newcomer).entries
    assert {entry["tmdb_id"] for entry in rated} == {680, 949, 13, 23168}  # all but the three rated
    assert {tuple(entry["reasons"]) for entry in before + rated} == {("popular (not personalized yet)",)}
    week = [movie.tmdb_id for movie in services.trending_movies(time_range="week", limit=3)]
    assert len(week) == 3
    assert [entry["tmdb_id"] for entry in TrendingCache.objects.get(key="trending:week").payload[:3]] == week

    assert tasks.rescore_changed_users()["refit"] == 1  # the periodic rescoring schedules the fit
    assert queued == ["recsys.tasks.generate_recommendations"]


def test_the_refit_scheduled_by_the_rescoring_makes_a_newcomers_list_personal(user):
    tasks.generate_recommendations()  # on an empty database
    movies = taste_catalog()
    taste_fans(movies)
    newcomer = UserFactory()
    ReviewFactory(user=newcomer, movie=movies[862], rating=5)

    assert tasks.rescore_changed_users() == {"users": 0, "refit": 1}  # eager: refitted here

    run = RecommendationRun.objects.latest("id")
    assert (run.status, run.movies_fitted) == ("done", len(movies))
    assert runs.refit_reason() is None
    top = services.user_recommendations(user=newcomer, limit=1).entries[0]
    assert top["reasons"] == ["similar to Toy Story"]  # personal now (one rating: content neighbours)


@pytest.mark.parametrize(
    ("grow", "reason"),
    [
        (1, None),  # 8 movies for 7 fitted: under 20% more
        (2, "movies grew from 7 to 9"),
    ],
)
def test_a_catalog_grown_by_a_fifth_since_the_fit_is_refitted(toy_fan, queued, grow, reason):
    tasks.generate_recommendations()
    for tmdb_id in range(90_001, 90_001 + grow):
        movie_with_credits(tmdb_id=tmdb_id)

    assert runs.refit_reason() == reason
    assert tasks.rescore_changed_users()["refit"] == int(reason is not None)
    assert queued == (["recsys.tasks.generate_recommendations"] if reason else [])


def test_interactions_grown_by_a_fifth_since_the_fit_are_refitted(toy_fan, movies, queued):
    tasks.generate_recommendations()
    fitted = RecommendationRun.objects.get().interactions_fitted
    assert fitted == loaders.interaction_count() > 0
    raters = UserFactory.create_batch(-(-fitted // 5))  # a fifth more ratings, rounded up

    for rater in raters[:-1]:
        ReviewFactory(user=rater, movie=movies[680], rating=4)
    assert runs.refit_reason() is None
    ReviewFactory(user=raters[-1], movie=movies[680], rating=4)
    total = fitted + len(raters)
    assert runs.refit_reason() == f"interactions grew from {fitted} to {total}"
