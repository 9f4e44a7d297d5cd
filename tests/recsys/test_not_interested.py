"""Dismissed movies ("not interested"): gone from what the user is shown at once, a negative signal."""

import pytest
from django.core.cache import cache

from engagement import services as engagement_services
from recsys import loaders, precomputed, selectors, services, tasks, trending
from recsys.models import UserRecommendations

pytestmark = pytest.mark.django_db


def _stored_ids(user, strategy: str = "hybrid") -> list[int]:
    return UserRecommendations.objects.get(user=user).payload[strategy][0]


def test_a_dismissed_movie_leaves_every_stored_list_at_once_without_a_recompute(
    toy_and_heat_fan, django_capture_on_commit_callbacks
):
    tasks.generate_recommendations()
    assert 863 in _stored_ids(toy_and_heat_fan)
    services.user_recommendations(user=toy_and_heat_fan)  # mirrored in the cache
    untouched = UserRecommendations.objects.get(user=toy_and_heat_fan)
    key = precomputed.user_recommendations_key(toy_and_heat_fan.pk)
    assert cache.get(key) is not None

    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.not_interested_add(user=toy_and_heat_fan, tmdb_id=863)

    for strategy in services.STRATEGIES:
        assert 863 not in _stored_ids(toy_and_heat_fan, strategy)
    fixed = UserRecommendations.objects.get(pk=untouched.pk)
    assert fixed.built_at == untouched.built_at  # fixed in place, not recomputed
    ids, scores, codes = untouched.payload["hybrid"]
    kept = [i for i, tmdb_id in enumerate(ids) if tmdb_id != 863]
    assert fixed.payload["hybrid"] == [
        [ids[i] for i in kept],
        [scores[i] for i in kept],
        [codes[i] for i in kept],
    ]
    assert cache.get(key) is None
    assert 863 not in [e["tmdb_id"] for e in services.user_recommendations(user=toy_and_heat_fan).entries]


def test_a_list_stored_before_the_dismissal_is_filtered_when_read(toy_and_heat_fan):
    tasks.generate_recommendations()
    entries = services.user_recommendations(user=toy_and_heat_fan, limit=3).entries
    assert entries[0]["tmdb_id"] == 863
    # The row is written directly, so no listener fixes the stored list.
    toy_and_heat_fan.not_interested.create(movie_id=863)

    fresh = services.user_recommendations(user=toy_and_heat_fan, limit=3).entries

    assert 863 not in [e["tmdb_id"] for e in fresh]
    assert len(fresh) == 3


def test_dismissing_a_movie_from_the_history_rescores_and_no_reason_cites_it(
    toy_and_heat_fan, django_capture_on_commit_callbacks
):
    tasks.generate_recommendations()

    def citing_toy_story(entries) -> list[str]:
        return [r for e in entries for r in e["reasons"] if r.endswith(" Toy Story")]

    assert citing_toy_story(services.user_recommendations(user=toy_and_heat_fan, limit=100).entries)

    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.not_interested_add(user=toy_and_heat_fan, tmdb_id=862)

    assert not UserRecommendations.objects.filter(user=toy_and_heat_fan).exists()  # dropped, rescored on read
    entries = services.user_recommendations(user=toy_and_heat_fan, limit=100).entries
    assert citing_toy_story(entries) == []
    assert 862 not in [e["tmdb_id"] for e in entries]


def test_neighbours_of_a_dismissed_movie_sink_for_that_user(
    toy_and_heat_fan, django_capture_on_commit_callbacks
):
    tasks.generate_recommendations()
    before = [e["tmdb_id"] for e in services.user_recommendations(user=toy_and_heat_fan, limit=100).entries]
    assert before.index(863) < before.index(23168)

    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.not_interested_add(user=toy_and_heat_fan, tmdb_id=12)  # Finding Nemo: animation
    tasks.generate_recommendations()

    after = [e["tmdb_id"] for e in services.user_recommendations(user=toy_and_heat_fan, limit=100).entries]
    assert 12 not in after
    assert after.index(23168) < after.index(863)  # Toy Story 2, Nemo's neighbour, fell below The Town


def test_a_dismissal_is_a_negative_strength_overriding_other_signals(toy_and_heat_fan, movies):
    toy_and_heat_fan.not_interested.create(movie=movies[949])  # also a favorite

    history = loaders.user_history(user_id=toy_and_heat_fan.pk)

    assert history == {862: 1.0, 949: -1.0}
    assert loaders.user_history(user_id=toy_and_heat_fan.pk, positive_only=True) == {862: 1.0, 949: 1.0}


def test_withdrawing_a_dismissal_brings_the_movie_back(toy_and_heat_fan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.not_interested_add(user=toy_and_heat_fan, tmdb_id=863)
    tasks.generate_recommendations()
    assert 863 not in _stored_ids(toy_and_heat_fan)

    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.not_interested_remove(user=toy_and_heat_fan, tmdb_id=863)

    assert services.user_recommendations(user=toy_and_heat_fan, limit=1).entries[0]["tmdb_id"] == 863


def test_item_recommendations_similar_and_trending_leave_out_the_reader_s_dismissals(
    toy_and_heat_fan, other_user, movies
):
    tasks.generate_recommendations()
    trending.trending_refresh(time_range="week")
    toy_and_heat_fan.not_interested.create(movie=movies[863])

    def ids(movies_qs) -> list[int]:
        return [movie.tmdb_id for movie in movies_qs]

    assert 863 not in ids(selectors.item_recommendations(tmdb_id=862, limit=5, user=toy_and_heat_fan))
    assert 863 in ids(selectors.item_recommendations(tmdb_id=862, limit=5, user=other_user))
    assert 863 not in ids(services.similar_movies_fetch(tmdb_id=862, limit=5, user=toy_and_heat_fan))
    assert 863 in ids(services.similar_movies_fetch(tmdb_id=862, limit=5))
    assert 863 not in ids(services.trending_movies(time_range="week", limit=7, user=toy_and_heat_fan))
    assert len(ids(services.trending_movies(time_range="week", limit=6, user=toy_and_heat_fan))) == 6
    assert 863 in ids(services.trending_movies(time_range="week", limit=7, user=other_user))


def test_trending_for_a_reader_goes_on_past_the_stored_list_when_dismissals_empty_it(
    toy_and_heat_fan, other_user, movies, settings
):
    settings.TRENDING = {**settings.TRENDING, "TOP_N": 3}  # the stored list: the first three only
    stored = [entry["tmdb_id"] for entry in trending.trending_refresh(time_range="week")]
    ranking = [entry["tmdb_id"] for entry in trending.compute_trending(time_range="week", top_n=7)]
    assert ranking[:3] == stored
    for tmdb_id in stored[:2]:
        toy_and_heat_fan.not_interested.create(movie=movies[tmdb_id])

    shown = [m.tmdb_id for m in services.trending_movies(time_range="week", limit=3, user=toy_and_heat_fan)]

    assert shown == [t for t in ranking if t not in stored[:2]][:3]
    others = services.trending_movies(time_range="week", limit=3, user=other_user)
    assert [m.tmdb_id for m in others] == stored
    assert [
        e["tmdb_id"] for e in cache.get(precomputed.trending_key("week"))
    ] == stored  # the shared list stays
