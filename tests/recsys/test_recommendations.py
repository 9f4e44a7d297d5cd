"""The precompute task and serving: stored lists, misses, invalidation, fallbacks."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command

from engagement import services as engagement_services
from recsys import loaders, precomputed, runs, services, tasks
from recsys.models import RecommendationCache, RecommendationRun, UserRecommendations
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ids(result: services.RecommendationList) -> list[int]:
    return [entry["tmdb_id"] for entry in result.entries]


def _listed() -> set:
    """The users with stored lists."""
    return set(UserRecommendations.objects.values_list("user_id", flat=True))


def _latest_run() -> RecommendationRun:
    return RecommendationRun.objects.latest("id")


def test_task_stores_every_active_user_s_lists_in_rows_and_cache(toy_fan, fans, movies):
    inactive = UserFactory(is_active=False)
    ReviewFactory(user=inactive, movie=movies[12], rating=4)

    tasks.generate_recommendations()

    run = _latest_run()
    assert (run.status, run.users_done) == ("done", 8)
    assert inactive.pk not in _listed() and len(_listed()) == 8
    stored = UserRecommendations.objects.get(user=toy_fan, run=run)
    assert set(stored.payload) == {"hybrid", "content", "collab"}
    services.user_recommendations(user=toy_fan)  # the first read mirrors the row in the cache
    key = precomputed.user_recommendations_key(toy_fan.pk)
    assert key == f"user:{toy_fan.pk}:recommendations"
    assert cache.get(key) == {"run": run.pk, "lists": stored.payload}


def test_hybrid_list_excludes_seen_movies_and_explains_itself(toy_fan):
    tasks.generate_recommendations()

    entries = services.user_recommendations(user=toy_fan, limit=100).entries

    assert {e["tmdb_id"] for e in entries}.isdisjoint({862, 949, 13})
    by_id = {e["tmdb_id"]: e for e in entries}
    assert entries[0]["tmdb_id"] == 863
    assert by_id[863]["reasons"][0] == "because you liked Toy Story"
    assert by_id[23168]["reasons"][0] == "because you liked Heat"
    assert by_id[863]["score"] >= by_id[23168]["score"] >= by_id[12]["score"]
    assert all(0.0 <= e["score"] <= 1.0 + 1e-5 for e in entries)


def test_inactive_raters_still_teach_the_collaborative_models(toy_fan, fans):
    for fan in fans:  # like the demo catalog's MovieLens raters, who cannot sign in
        fan.is_active = False
        fan.save(update_fields=["is_active"])

    tasks.generate_recommendations()
    assert _latest_run().users_done == 1

    entries = services.user_recommendations(user=toy_fan).entries
    assert entries[0]["tmdb_id"] == 863
    assert entries[0]["reasons"][0] == "because you liked Toy Story"


def test_content_strategy_names_the_similar_movie(toy_fan):
    tasks.generate_recommendations()

    entries = services.user_recommendations(user=toy_fan, strategy="content").entries

    by_id = {e["tmdb_id"]: e for e in entries}
    assert by_id[863]["reasons"] == ["similar to Toy Story"]
    assert by_id[23168]["reasons"] == ["similar to Heat"]


def test_new_user_gets_popular_movies_with_reasons(other_user, fans):
    tasks.generate_recommendations()

    entries = services.user_recommendations(user=other_user, limit=3).entries

    assert [e["tmdb_id"] for e in entries] == [13, 862, 863]
    assert [e["reasons"] for e in entries] == [
        ["popular in Comedy"],
        ["popular in Animation"],
        ["popular in Animation"],
    ]


def test_before_any_run_a_new_user_gets_the_catalog_by_popularity(other_user, movies):
    entries = services.user_recommendations(user=other_user, limit=7).entries

    assert [e["tmdb_id"] for e in entries] == [862, 680, 12, 863, 949, 13, 23168]
    assert {tuple(e["reasons"]) for e in entries} == {("popular (not personalized yet)",)}
    assert cache.get(precomputed.user_recommendations_key(other_user.pk))["run"] == 0
    assert not UserRecommendations.objects.exists()  # no run to store them under yet


def test_a_miss_is_scored_from_stored_item_rows_like_the_task(toy_fan):
    tasks.generate_recommendations()
    precomputed = services.user_recommendations(user=toy_fan, limit=100).entries
    services.user_recommendations_invalidate(user_id=toy_fan.pk)
    assert toy_fan.pk not in _listed()

    recomputed = services.user_recommendations(user=toy_fan, limit=100).entries

    assert [e["tmdb_id"] for e in recomputed] == [e["tmdb_id"] for e in precomputed]
    assert [e["reasons"] for e in recomputed] == [e["reasons"] for e in precomputed]
    # Same blend, novelty included (read from its stored row, rounded to 4 decimals).
    assert [e["score"] for e in recomputed] == pytest.approx([e["score"] for e in precomputed], abs=1e-3)
    assert UserRecommendations.objects.get(user=toy_fan).run_id == runs.current_run_id()


def test_a_movie_rated_low_is_seen_but_never_a_reason(toy_fan):
    tasks.generate_recommendations()

    for strategy in services.STRATEGIES:
        entries = services.user_recommendations(user=toy_fan, strategy=strategy, limit=100).entries
        assert 13 not in [e["tmdb_id"] for e in entries]
        assert not [r for e in entries for r in e["reasons"] if "Forrest Gump" in r]


def test_the_run_stores_each_movie_s_novelty_below_one(toy_fan):
    tasks.generate_recommendations()

    ids, novelty = RecommendationCache.objects.get(key=runs.NOVELTY_KEY).payload
    by_id = dict(zip(ids, novelty, strict=True))
    assert by_id[13] == 0.0  # Forrest Gump: every one of the 8 raters
    assert 0.0 < by_id[862] < 1.0
    assert all(0.0 <= value < 1.0 for value in novelty)


def test_a_new_favorite_invalidates_and_the_next_read_excludes_it(
    toy_fan, movies, django_capture_on_commit_callbacks
):
    tasks.generate_recommendations()
    assert 863 in _ids(services.user_recommendations(user=toy_fan))

    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.favorite_add(user=toy_fan, tmdb_id=863)

    assert cache.get(precomputed.user_recommendations_key(toy_fan.pk)) is None
    assert toy_fan.pk not in _listed()
    assert 863 not in _ids(services.user_recommendations(user=toy_fan))


def test_a_stored_row_is_served_when_the_cache_is_cold(toy_fan, django_assert_num_queries):
    tasks.generate_recommendations()
    cache.clear()

    # The current run, the stored row, then titles and dismissals in one query.
    with django_assert_num_queries(3):
        result = services.user_recommendations(user=toy_fan, limit=2)

    assert _ids(result) == [863, 23168]
    assert result.entries[0]["reasons"][0] == "because you liked Toy Story"
    with django_assert_num_queries(1):  # warm: titles and dismissals only
        assert services.user_recommendations(user=toy_fan, limit=2).entries == result.entries


def test_a_list_of_an_older_run_in_the_cache_is_not_served_after_a_switch(toy_fan):
    tasks.generate_recommendations()
    first = runs.current_run_id()
    services.user_recommendations(user=toy_fan)
    key = precomputed.user_recommendations_key(toy_fan.pk)
    cache.set(key, {"run": first, "lists": {"hybrid": [[680], [1.0], [["p"]]]}})

    tasks.generate_recommendations()

    assert runs.current_run_id() != first
    assert _ids(services.user_recommendations(user=toy_fan))[0] == 863
    assert cache.get(key)["run"] == runs.current_run_id()


def test_task_is_idempotent(toy_fan):
    tasks.generate_recommendations()
    first = dict(RecommendationCache.objects.values_list("key", "payload"))
    lists = dict(UserRecommendations.objects.values_list("user_id", "payload"))

    tasks.generate_recommendations()

    assert dict(RecommendationCache.objects.values_list("key", "payload")) == first
    assert dict(UserRecommendations.objects.values_list("user_id", "payload")) == lists


def test_a_movie_removed_from_the_catalog_loses_its_item_row(toy_fan, movies):
    tasks.generate_recommendations()
    assert RecommendationCache.objects.filter(key="recsys:item:12").exists()

    movies[12].delete()
    tasks.generate_recommendations()

    assert not RecommendationCache.objects.filter(key="recsys:item:12").exists()
    assert 12 not in _ids(services.user_recommendations(user=toy_fan, limit=100))


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"strategy": "popular"}, "strategy", "strategy must be one of: hybrid, content, collab."),
        ({"limit": 0}, "limit", "limit must be between 1 and 100."),
        ({"limit": 101}, "limit", "limit must be between 1 and 100."),
    ],
)
def test_bad_requests_are_refused_and_store_nothing(user, kwargs, field, message):
    with pytest.raises(ValidationError) as error:
        services.user_recommendations(user=user, **kwargs)

    assert error.value.message_dict == {field: [message]}
    assert not RecommendationCache.objects.exists()
    assert not UserRecommendations.objects.exists()


def test_a_user_acting_during_a_run_is_left_to_the_next_read(toy_fan, movies, monkeypatch):
    real_load = loaders.load_interactions

    def load_then_user_favorites(item_index):
        loaded = real_load(item_index)
        engagement_services.favorite_add(user=toy_fan, tmdb_id=863)  # a request during the run
        return loaded

    monkeypatch.setattr(loaders, "load_interactions", load_then_user_favorites)
    tasks.generate_recommendations()

    assert _latest_run().users_done == 7
    assert toy_fan.pk not in _listed() and len(_listed()) == 7
    assert 863 not in _ids(services.user_recommendations(user=toy_fan, limit=100))


def test_a_user_deleted_during_a_run_does_not_fail_it(toy_fan, fans, monkeypatch):
    real_load = loaders.load_interactions

    def load_then_delete(item_index):
        loaded = real_load(item_index)
        fans[0].delete()
        return loaded

    monkeypatch.setattr(loaders, "load_interactions", load_then_delete)
    tasks.generate_recommendations()

    assert _latest_run().status == "done"
    assert len(_listed()) == 7


def test_precompute_command_fits_once_with_if_missing(db):
    from recsys.precomputed import POPULAR_KEY

    first = io.StringIO()
    call_command("precompute", "--if-missing", stdout=first)
    run = RecommendationRun.objects.get()
    assert f"Recommendations: run {run.pk}, 0 batches of users scored" in first.getvalue()
    assert RecommendationCache.objects.filter(key=POPULAR_KEY).exists()
    second = io.StringIO()
    call_command("precompute", "--if-missing", stdout=second)
    assert "Recommendations: already precomputed; skipped." in second.getvalue()
    assert "Trending: day 0, week 0 movies" in second.getvalue()


def test_precompute_prints_one_line_per_stage_with_counts(toy_fan, fans, movies):
    out = io.StringIO()
    call_command("precompute", stdout=out)
    call_command("precompute", "--if-missing", stdout=out)

    lines = [re.sub(r"\(\d+\.\ds\)", "(Ns)", line) for line in out.getvalue().splitlines()]
    run = _latest_run()
    assert lines == [
        "Recommendations: fitting the models and scoring every active user...",
        f"Recommendations: run {run.pk}, {run.batches.count()} batches of users scored (Ns).",
        "Trending: day 7, week 7 movies (Ns).",
        "Recommendations: already precomputed; skipped.",
        "Trending: day 7, week 7 movies (Ns).",
    ]
