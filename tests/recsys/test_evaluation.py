"""Offline evaluation: the holdout, the metrics on a hand-checkable case and the command's JSON."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from django.core.management import CommandError, call_command

from recsys import evaluation

STRATEGIES = [
    "popularity",
    "content",
    "itemknn",
    "ease",
    "ease+votes",
    "rp3beta",
    "collab",
    "hybrid",
    "hybrid+dismissed",
]
METRICS = ["precision@10", "recall@10", "ndcg@10", "coverage@10", "novelty@10"]


def test_ranking_metrics_on_a_hand_checked_case():
    # User A: relevant {2, 5}, one hit at rank 2. User B: relevant {1}, hit at rank 1.
    recommended = [[1, 2, 3, 4, 6, 7, 8, 9, 10, 11], [1, 2, 3, 4, 6, 7, 8, 9, 10, 11]]
    relevant = [{2, 5}, {1}]

    metrics = evaluation.ranking_metrics(recommended, relevant)

    ndcg_a = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert metrics["precision@10"] == pytest.approx((0.1 + 0.1) / 2)
    assert metrics["recall@10"] == pytest.approx((0.5 + 1.0) / 2)
    assert metrics["ndcg@10"] == pytest.approx((ndcg_a + 1.0) / 2)


def test_ranking_metrics_skip_users_without_relevant_items_and_only_count_the_top_ten():
    metrics = evaluation.ranking_metrics([list(range(20)), [1]], [{15}, set()])

    assert metrics == {"precision@10": 0.0, "recall@10": 0.0, "ndcg@10": 0.0}


def test_holdout_takes_a_fifth_of_each_user_reproducibly():
    users = np.array([0] * 10 + [1] * 5 + [2])

    mask = evaluation.holdout_mask(users, seed=42)

    assert [int(mask[users == u].sum()) for u in (0, 1, 2)] == [2, 1, 0]
    assert np.array_equal(mask, evaluation.holdout_mask(users, seed=42))
    assert any(not np.array_equal(mask, evaluation.holdout_mask(users, seed=s)) for s in (1, 2, 3))


def test_temporal_holdout_takes_each_user_s_latest_ratings_ties_in_file_order():
    users = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    timestamps = np.array([50, 10, 40, 20, 30, 7, 7, 7, 7, 7])

    mask = evaluation.holdout_mask(users, seed=1, timestamps=timestamps)

    # User 0: the latest (50) is held out; user 1: all tied, the last line is the latest.
    assert mask.tolist() == [True, False, False, False, False, False, False, False, False, True]
    assert np.array_equal(mask, evaluation.holdout_mask(users, seed=2, timestamps=timestamps))


def test_coverage_and_novelty_on_a_hand_checked_case():
    # 4 users x 4 items; item 0 seen by all four users, item 1 by two, item 2 by one, item 3 by none.
    train = sp.csr_matrix(
        np.array([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]], dtype=np.float32)
    )
    recommended = [[1], [2], [3], [1]]

    metrics = evaluation.beyond_accuracy(recommended, train, users=[0, 1, 2])

    # Items 1 and 2 of the three with a train interaction (item 3 has none): 2/3.
    assert metrics["coverage@10"] == pytest.approx(2 / 3)
    # -log2(2/4) = 1, -log2(1/4) = 2, an unseen item counts as one user's: 2.
    assert metrics["novelty@10"] == pytest.approx((1 + 2 + 2) / 3)


def _write_movielens(folder: Path) -> tuple[Path, Path, Path]:
    """A small synthetic MovieLens-layout dataset: two taste groups of 20 users over 20 movies."""
    rng = np.random.default_rng(0)
    ratings = ["userId,movieId,rating,timestamp"]
    for user in range(1, 41):
        group = range(1, 11) if user <= 20 else range(11, 21)
        for movie in rng.choice(list(group), size=8, replace=False):
            ratings.append(f"{user},{movie},{rng.choice([3.0, 4.0, 4.5, 5.0])},964982703")
    movies = ["movieId,title,genres"] + [
        f"{m},Movie {m} (1999),{'Comedy|Romance' if m <= 10 else 'Action|Thriller'}" for m in range(1, 21)
    ]
    tags = ["userId,movieId,tag,timestamp", "1,1,funny,1445714994", "21,11,heist,1445714994"]
    paths = folder / "ratings.csv", folder / "movies.csv", folder / "tags.csv"
    for path, lines in zip(paths, (ratings, movies, tags), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def test_evaluate_recs_writes_every_strategy_with_its_metrics(tmp_path):
    ratings, movies, tags = _write_movielens(tmp_path)
    out = tmp_path / "metrics.json"

    call_command(
        "evaluate_recs",
        "--ratings", str(ratings), "--movies", str(movies), "--tags", str(tags),
        "--seed", "42", "--json", str(out),
    )  # fmt: skip

    report = json.loads(out.read_text())
    assert [row["strategy"] for row in report] == STRATEGIES
    for row in report:
        assert set(row) == {"strategy", *METRICS}
        assert all(0.0 <= row[m] <= 1.0 for m in METRICS[:4])
        assert row["novelty@10"] >= 0.0
    by_name = {row["strategy"]: row for row in report}
    # Two disjoint taste groups: every collaborative strategy finds the group's remaining movies.
    assert by_name["itemknn"]["recall@10"] == 1.0
    assert by_name["hybrid"]["ndcg@10"] >= by_name["popularity"]["ndcg@10"]


def test_evaluate_recs_needs_only_ratings(tmp_path, capsys):
    ratings, _, _ = _write_movielens(tmp_path)

    call_command("evaluate_recs", "--ratings", str(ratings))

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["strategy", *METRICS, "seconds"]
    assert [line.split()[0] for line in lines[1:]] == STRATEGIES


def test_evaluate_recs_rejects_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="--ratings: no such file"):
        call_command("evaluate_recs", "--ratings", str(tmp_path / "nope.csv"))


def test_evaluate_recs_rejects_a_file_that_is_not_movielens(tmp_path):
    bad = tmp_path / "ratings.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Not a MovieLens-layout CSV"):
        call_command("evaluate_recs", "--ratings", str(bad))


def test_evaluate_recs_temporal_split_scores_every_strategy(tmp_path, capsys):
    ratings, movies, _ = _write_movielens(tmp_path)

    call_command("evaluate_recs", "--ratings", str(ratings), "--movies", str(movies), "--split", "temporal")

    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:]] == STRATEGIES


def test_evaluate_recs_rejects_an_unknown_split(tmp_path):
    ratings, _, _ = _write_movielens(tmp_path)

    with pytest.raises(CommandError, match="invalid choice: 'future'"):
        call_command("evaluate_recs", "--ratings", str(ratings), "--split", "future")
