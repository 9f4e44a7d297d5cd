"""The binary form of a movie's stored scoring rows (recsys.scoring_rows) and its readers."""

import numpy as np
import pytest

from recsys import group_picks, scoring_rows, services, tasks
from recsys.models import RecommendationCache
from recsys.precomputed import ITEM_KEY_PREFIX
from tests.recsys.movie_night_setup import crime_fan, night_of

ROWS = {
    "content": (np.array([603, 13, 4_000_000_000]), np.array([0.5, 0.25, 0.125])),
    "itemknn": (np.array([862]), np.array([0.333333])),
    "ease": (np.array([], dtype=np.int64), np.array([])),
}


def test_a_packed_row_unpacks_to_the_same_ids_and_weights_of_the_components_asked():
    rows = scoring_rows.unpack(scoring_rows.pack(ROWS), {"content", "itemknn", "ease", "rp3beta"})

    assert set(rows) == {"content", "itemknn", "ease"}
    assert rows["content"][0].tolist() == [603, 13, 4_000_000_000]
    assert rows["content"][1].tolist() == [0.5, 0.25, 0.125]
    assert rows["itemknn"][1].tolist() == [np.float32(0.333333)]
    assert rows["ease"][0].tolist() == []
    assert rows["content"][0].dtype == np.int64 and rows["content"][1].dtype == np.float32


def test_only_the_components_asked_are_decoded():
    assert set(scoring_rows.unpack(scoring_rows.pack(ROWS), {"itemknn"})) == {"itemknn"}


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[:-3],  # truncated
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]),  # a weight's bit flipped
        lambda blob: b"MVS0" + blob[4:],  # another format
        lambda blob: blob + b"\0",  # trailing byte
        lambda blob: b"",
        lambda blob: b"MVS1",
        lambda blob: b'{"content": [[603], [0.5]]}',
    ],
)
def test_a_damaged_or_foreign_row_does_not_unpack(damage):
    assert scoring_rows.unpack(damage(scoring_rows.pack(ROWS)), {"content", "itemknn"}) is None


def test_a_row_that_is_not_whole_is_refused_when_packed():
    with pytest.raises(ValueError, match="one weight per TMDb id"):
        scoring_rows.pack({"content": (np.array([1, 2]), np.array([0.5]))})
    with pytest.raises(ValueError, match="one weight per TMDb id"):
        scoring_rows.pack({"content": (np.array([-1]), np.array([0.5]))})


# --- stored by a run, read by scoring ------------------------------------------------------


@pytest.fixture
def group(toy_fan, movies):
    friend = crime_fan(movies)
    night_of(toy_fan, friend)
    tasks.generate_recommendations()
    return toy_fan, friend


def _picks(me, friend) -> list[tuple]:
    picks = group_picks.group_picks(user=me, members=[friend.username], limit=10)
    return [(p.movie.tmdb_id, p.score, [f.fit for f in p.fits], p.reasons) for p in picks]


@pytest.mark.django_db
def test_a_run_stores_each_movies_rows_packed_as_in_its_json(group, movies):
    stored = RecommendationCache.objects.get(key=f"{ITEM_KEY_PREFIX}862")

    rows = scoring_rows.unpack(stored.scores, set(stored.payload["score"]))

    assert set(rows) == set(stored.payload["score"])
    for name, (ids, weights) in stored.payload["score"].items():
        assert rows[name][0].tolist() == ids
        assert rows[name][1].tolist() == np.asarray(weights, dtype=np.float32).tolist()


@pytest.mark.django_db
@pytest.mark.parametrize("scores", [None, b"MVS1 not a row", b"\x00" * 64])
def test_rows_stored_before_the_binary_form_or_damaged_give_the_same_picks(group, scores):
    me, friend = group
    expected = _picks(me, friend)
    RecommendationCache.objects.filter(key__startswith=ITEM_KEY_PREFIX).update(scores=scores)

    assert _picks(me, friend) == expected


@pytest.mark.django_db
def test_a_users_recomputed_lists_read_packed_and_json_rows_alike(group):
    me, _ = group
    services.user_recommendations_recompute(user_id=me.pk)
    expected = [(r.movie.tmdb_id, r.score) for r in services.user_recommendations(user=me).items()]
    RecommendationCache.objects.filter(key__startswith=ITEM_KEY_PREFIX).update(scores=b"damaged")

    services.user_recommendations_recompute(user_id=me.pk)

    assert [(r.movie.tmdb_id, r.score) for r in services.user_recommendations(user=me).items()] == expected
