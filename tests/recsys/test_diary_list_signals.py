"""The diary and lists as recommendation signals: strengths, retirement on writes, reasons."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import token_pair_for
from engagement import diary, lists
from engagement.models import DiaryEntry, MovieListEntry
from recsys import loaders, services, tasks
from recsys.models import UserRecommendations
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "liked": 1.0,
    "liked_per_star": 0.25,
    "rated": 0.5,
    "rated_vote": 0.0,
    "favorite": 1.0,
    "watchlist": 0.5,
    "view": 0.3,
    "play": 0.6,
    "rewatch": 0.9,
    "play_liked": 0.8,
    "list": 0.7,
    "not_interested": -1.0,
}
DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def weights(settings) -> dict[str, float]:
    settings.RECSYS = {**settings.RECSYS, "SIGNAL_WEIGHTS": WEIGHTS}
    return WEIGHTS


def _play(user, tmdb_id: int, *, days_ago: int = 0, liked: bool = False, rating=None) -> None:
    diary.diary_log(
        user=user,
        tmdb_id=tmdb_id,
        watched_on=DAY - datetime.timedelta(days=days_ago),
        liked=liked,
        rating=rating,
    )


def _listed(owner, name: str, *tmdb_ids: int, visibility: str = "private"):
    movie_list = lists.list_create(user=owner, name=name, visibility=visibility)
    for tmdb_id in tmdb_ids:
        lists.list_entry_add(user=owner, movie_list=movie_list, tmdb_id=tmdb_id)
    return movie_list


@pytest.fixture
def diarist(user, other_user, movies, weights):
    """Plays Forrest Gump once, The Town twice, hearts Pulp Fiction, rated Toy Story 4.5 and
    Toy Story 2 3.5, lists Finding Nemo herself; a collaborator put Heat on her list."""
    _play(user, 13)
    _play(user, 23168, days_ago=10)
    _play(user, 23168)
    _play(user, 680, liked=True)
    ReviewFactory(user=user, movie=movies[862], rating=Decimal("4.5"))
    ReviewFactory(user=user, movie=movies[863], rating=Decimal("3.5"))
    movie_list = _listed(user, "Sunday classics", 12)
    lists.list_collaborator_invite(user=user, movie_list=movie_list, username=other_user.username)
    lists.list_entry_add(user=other_user, movie_list=movie_list, tmdb_id=949)
    return user


def test_each_diary_list_and_rating_signal_has_its_stated_strength(diarist):
    assert loaders.user_history(user_id=diarist.pk) == {
        13: 0.6,  # one play: "play" (stronger than its view, 0.3)
        23168: 0.9,  # two plays: "rewatch"
        680: 0.8,  # a liked play: "play_liked"
        862: 1.125,  # 4.5 stars: "liked" + half of "liked_per_star"
        863: 0.0,  # 3.5 stars: seen, votes "rated_vote"
        12: 0.7,  # on her own list, put there by her: "list"
    }  # Heat, added by a collaborator, is no signal of hers


def test_the_models_learn_the_same_strengths(diarist):
    catalog = loaders.load_catalog()
    index = catalog.index()
    data = loaders.load_interactions(index)
    row = data.user_ids.index(diarist.pk)
    mine = data.users == row
    learned = dict(
        zip(catalog.tmdb_ids[data.items[mine]].tolist(), data.strengths[mine].tolist(), strict=True)
    )
    # Each (user, movie) keeps its strongest signal once the matrix is built; rows here are raw.
    strongest: dict[int, float] = {}
    for tmdb_id, strength in zip(
        catalog.tmdb_ids[data.items[mine]].tolist(), data.strengths[mine].tolist(), strict=True
    ):
        strongest[tmdb_id] = max(strength, strongest.get(tmdb_id, strength))
    assert learned.keys() == strongest.keys() == {13, 23168, 680, 862, 863, 12}
    assert strongest == pytest.approx({13: 0.6, 23168: 0.9, 680: 0.8, 862: 1.125, 863: 0.5, 12: 0.7})


def test_a_rewatch_outweighs_a_heart_when_weighted_so_and_the_strongest_signal_wins(diarist, settings):
    settings.RECSYS = {**settings.RECSYS, "SIGNAL_WEIGHTS": {**WEIGHTS, "play_liked": 1.2}}
    _play(diarist, 680)  # Pulp Fiction: now a liked rewatch

    history = loaders.user_history(user_id=diarist.pk)

    assert history[680] == 1.2
    assert history[23168] == 0.9


def test_a_dismissal_overrides_plays_and_lists(diarist):
    diarist.not_interested.create(movie_id=23168)
    diarist.not_interested.create(movie_id=12)

    history = loaders.user_history(user_id=diarist.pk)

    assert history[23168] == -1.0
    assert history[12] == -1.0
    assert loaders.user_history(user_id=diarist.pk, positive_only=True)[23168] == 0.9


def _history_queries(user_ids) -> int:
    with CaptureQueriesContext(connection) as queries:
        loaders.histories(user_ids=user_ids)
        loaders.load_interactions({})
    return len(queries)


def test_loading_signals_takes_the_same_queries_whatever_the_users_and_plays(user, movies, weights):
    _play(user, 13)
    one = _history_queries([user.pk])
    others = [UserFactory() for _ in range(3)]
    for person in [user, *others]:
        for days_ago in range(3):
            for tmdb_id in (13, 680, 23168):
                _play(person, tmdb_id, days_ago=days_ago, liked=days_ago == 1)
        _listed(person, "Picks", 12, 949)

    assert _history_queries([user.pk, *(o.pk for o in others)]) == one


def _stored(user) -> list[int] | None:
    row = UserRecommendations.objects.filter(user=user).first()
    return None if row is None else row.payload["hybrid"][0]


def test_logging_a_play_retires_the_stored_lists_and_the_played_movie_is_not_recommended(
    toy_and_heat_fan, django_capture_on_commit_callbacks
):
    tasks.generate_recommendations()
    assert 863 in _stored(toy_and_heat_fan)

    with django_capture_on_commit_callbacks(execute=True):
        _play(toy_and_heat_fan, 863)

    assert _stored(toy_and_heat_fan) is None
    assert 863 not in [e["tmdb_id"] for e in services.user_recommendations(user=toy_and_heat_fan).entries]


def test_a_rewatch_changes_the_next_recommendations(toy_and_heat_fan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _play(toy_and_heat_fan, 23168, days_ago=3)
    tasks.generate_recommendations()
    before = services.user_recommendations(user=toy_and_heat_fan, limit=100).entries

    with django_capture_on_commit_callbacks(execute=True):
        _play(toy_and_heat_fan, 23168)

    assert _stored(toy_and_heat_fan) is None
    after = services.user_recommendations(user=toy_and_heat_fan, limit=100).entries
    assert [e["score"] for e in after] != [e["score"] for e in before]


def test_adding_to_and_taking_off_an_own_list_retires_the_stored_lists(
    toy_and_heat_fan, django_capture_on_commit_callbacks
):
    movie_list = _listed(toy_and_heat_fan, "Sunday classics")
    tasks.generate_recommendations()
    assert 863 in _stored(toy_and_heat_fan)

    with django_capture_on_commit_callbacks(execute=True):
        lists.list_entry_add(user=toy_and_heat_fan, movie_list=movie_list, tmdb_id=863)

    assert _stored(toy_and_heat_fan) is None
    assert 863 not in [e["tmdb_id"] for e in services.user_recommendations(user=toy_and_heat_fan).entries]
    tasks.generate_recommendations()

    with django_capture_on_commit_callbacks(execute=True):
        lists.list_entry_remove(user=toy_and_heat_fan, movie_list=movie_list, tmdb_id=863)

    assert _stored(toy_and_heat_fan) is None
    assert 863 in [e["tmdb_id"] for e in services.user_recommendations(user=toy_and_heat_fan).entries]


def test_deleting_an_own_list_retires_the_stored_lists(toy_and_heat_fan, django_capture_on_commit_callbacks):
    movie_list = _listed(toy_and_heat_fan, "Sunday classics", 863)
    tasks.generate_recommendations()
    assert _stored(toy_and_heat_fan) is not None

    with django_capture_on_commit_callbacks(execute=True):
        lists.list_delete(user=toy_and_heat_fan, movie_list=movie_list)

    assert _stored(toy_and_heat_fan) is None
    assert 863 in [e["tmdb_id"] for e in services.user_recommendations(user=toy_and_heat_fan).entries]


def test_a_collaborator_s_entry_leaves_the_owner_s_lists_alone(
    toy_and_heat_fan, other_user, django_capture_on_commit_callbacks
):
    movie_list = _listed(toy_and_heat_fan, "Shared")
    lists.list_collaborator_invite(user=toy_and_heat_fan, movie_list=movie_list, username=other_user.username)
    tasks.generate_recommendations()
    stored = _stored(toy_and_heat_fan)

    with django_capture_on_commit_callbacks(execute=True):
        lists.list_entry_add(user=other_user, movie_list=movie_list, tmdb_id=863)

    assert _stored(toy_and_heat_fan) == stored
    assert 863 not in loaders.user_history(user_id=toy_and_heat_fan.pk)
    assert 863 not in loaders.user_history(user_id=other_user.pk)


def test_a_play_logged_over_rest_retires_the_stored_lists(
    toy_and_heat_fan, client, django_capture_on_commit_callbacks
):
    tasks.generate_recommendations()
    token = token_pair_for(toy_and_heat_fan).access

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/user/diary/",
            {"tmdb_id": 863, "watched_on": "2026-03-01"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert response.status_code == 201
    assert _stored(toy_and_heat_fan) is None
    recommended = client.get("/api/movies/recommendations/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert 863 not in [r["movie"]["tmdb_id"] for r in recommended["results"]]


def test_a_list_entry_added_over_graphql_retires_the_stored_lists(
    toy_and_heat_fan, gql, django_capture_on_commit_callbacks
):
    movie_list = _listed(toy_and_heat_fan, "Sunday classics")
    tasks.generate_recommendations()
    mutation = "mutation($id: ID!) { addListEntry(listId: $id, tmdbId: 863) { __typename } }"

    with django_capture_on_commit_callbacks(execute=True):
        body = gql(mutation, {"id": str(movie_list.pk)}, token=token_pair_for(toy_and_heat_fan).access)

    assert "errors" not in body
    assert MovieListEntry.objects.filter(list=movie_list, movie_id=863).exists()
    assert _stored(toy_and_heat_fan) is None


def _reasons(user) -> list[str]:
    return [r for e in services.user_recommendations(user=user, limit=100).entries for r in e["reasons"]]


def test_reasons_say_rewatched_and_name_the_reader_s_own_list(user, movies, fans):
    _play(user, 862, days_ago=7)
    _play(user, 862)
    _play(user, 13)
    _listed(user, "Sunday classics", 949)
    tasks.generate_recommendations()

    reasons = _reasons(user)

    assert "because you rewatched Toy Story" in reasons
    assert "because Heat is on your list 'Sunday classics'" in reasons
    assert not any(r == "because you liked Toy Story" or r == "because you liked Heat" for r in reasons)


def test_another_user_s_list_name_never_appears_in_a_reason(toy_and_heat_fan, other_user, movies):
    _listed(other_user, "Secret crime night", 862, 949, visibility="private")
    shared = _listed(other_user, "Open crime night", visibility="public")
    lists.list_collaborator_invite(user=other_user, movie_list=shared, username=toy_and_heat_fan.username)
    lists.list_entry_add(user=toy_and_heat_fan, movie_list=shared, tmdb_id=949)  # on someone else's list
    tasks.generate_recommendations()

    reasons = _reasons(toy_and_heat_fan)

    assert reasons
    assert not [r for r in reasons if "crime night" in r or "your list" in r]
    assert DiaryEntry.objects.filter(user=toy_and_heat_fan).count() == 0
