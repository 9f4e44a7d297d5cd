"""Offline evaluation of movie night (group picks) on MovieLens-layout ratings.

Protocol, on top of recsys.evaluation's holdout (same split, seed, train strengths and votes):

* each user's hybrid scores of every item come from the production blend, scored from the
  user's production votes (as ``hybrid`` in recsys.evaluation);
* synthetic groups of 2, 4 and 8 users among those with a relevant test item: ``random``
  (drawn uniformly without replacement) and ``similar`` (a random seed user and their most
  similar users by cosine of train rows); GROUPS of each kind and size, from ``seed``;
* a group's candidates are the items no member has a train interaction with; each method
  ranks them and its top 10 is scored:
  - ``least_misery``, ``average_without_misery`` and ``fair_greedy`` (recsys.engines.group, on
    member fits);
  - baseline ``average``: the members' lists averaged (the mean member fit, no misery guard);
  - baseline ``popularity``: the items by train popularity;
* group NDCG@10: binary-gain NDCG of the top 10 against the union of the members' relevant
  test items; member NDCG@10: against one member's own; minimum member NDCG@10: the lowest
  member's; members with a hit: the share of the members with a relevant test item of their
  own in the top 10 (it still separates methods for 8 members, where the minimum member
  NDCG@10 is 0 for all). Each is averaged over the groups of a (size, kind).
"""

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from recsys import evaluation
from recsys.engines import group, hybrid
from recsys.engines.similarity import l2_normalize_rows

SIZES = (2, 4, 8)
KINDS = ("random", "similar")
GROUPS = 200
METHODS = (*group.AGGREGATIONS, "average", "popularity")
METRICS = ("group_ndcg@10", "min_member_ndcg@10", "members_hit@10")


def ndcg(ranked: Sequence[int], relevant: set[int], k: int = evaluation.K) -> float:
    """Binary-gain NDCG@k of ``ranked`` against ``relevant`` (0 when nothing is relevant)."""
    if not relevant:
        return 0.0
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    gains = np.array([item in relevant for item in list(ranked)[:k]], dtype=bool)
    return float(discounts[: len(gains)][gains].sum() / discounts[: min(len(relevant), k)].sum())


def group_metrics(ranked: Sequence[int], relevant: Sequence[set[int]], k: int = evaluation.K) -> dict:
    """Group NDCG@k (against the union of the members' relevant items), minimum member NDCG@k and
    the share of members with a hit (a relevant item of their own) in the top k."""
    top = set(list(ranked)[:k])
    return {
        f"group_ndcg@{k}": ndcg(ranked, set().union(*relevant), k),
        f"min_member_ndcg@{k}": min(ndcg(ranked, wanted, k) for wanted in relevant),
        f"members_hit@{k}": sum(bool(top & wanted) for wanted in relevant) / len(relevant),
    }


def make_groups(train: sp.csr_matrix, eligible: np.ndarray, size: int, kind: str, count: int, rng) -> list:
    """``count`` groups of ``size`` users of ``eligible``, ``random`` or ``similar`` (module text)."""
    if kind == "random":
        return [rng.choice(eligible, size=size, replace=False) for _ in range(count)]
    rows = l2_normalize_rows(sp.csr_matrix(train[eligible], dtype=np.float64))
    similarity = (rows @ rows.T).toarray()
    groups = []
    for seed_user in rng.choice(len(eligible), size=count, replace=True):
        closest = np.lexsort((np.arange(len(eligible)), -similarity[seed_user]))
        members = [seed_user, *(u for u in closest if u != seed_user)][:size]
        groups.append(eligible[np.array(members)])
    return groups


def rank(method: str, scores: np.ndarray, popularity: np.ndarray, k: int = evaluation.K) -> np.ndarray:
    """The top-k columns of members x candidates ``scores`` under ``method`` (METHODS)."""
    fits = group.member_fits(scores)
    if method in group.AGGREGATIONS:
        return group.order(fits, method, k)[:k]
    value = popularity if method == "popularity" else fits.mean(axis=0)
    return np.lexsort((np.arange(len(value)), -value))[:k]


def user_scores(
    data: evaluation.Ratings, prepared: evaluation.Prepared, params, hybrid_weights, min_history
) -> np.ndarray:
    """Every user's production hybrid score of every item (users x items; seen items 0)."""
    weights = hybrid.strategy_weights("hybrid", hybrid_weights)
    model = hybrid.fit(
        prepared.train,
        data.item_features,
        params,
        components=[n for n in weights if n in hybrid.NEIGHBOUR_COMPONENTS],
    )
    ranked = hybrid.recommend_strategies(
        model,
        prepared.votes,
        {"hybrid": weights},
        model.n_items,
        min_history,
        with_reasons=False,
        seen=prepared.train,
    )["hybrid"]
    scores = np.zeros(ranked.items.shape)
    rows = np.repeat(np.arange(len(scores)), ranked.items.shape[1])
    listed = ranked.items.ravel() >= 0
    scores[rows[listed], ranked.items.ravel()[listed]] = np.maximum(ranked.scores.ravel()[listed], 0.0)
    return scores


def evaluate_groups(
    data: evaluation.Ratings,
    *,
    seed: int,
    params: hybrid.FitParams,
    hybrid_weights: Mapping[str, float],
    signal_weights: Mapping[str, float],
    min_history: int = 0,
    groups: int = GROUPS,
) -> list[dict]:
    """One row per (size, kind, method): mean group NDCG@10, minimum member NDCG@10 and members hit@10."""
    prepared = evaluation.prepare(data, seed=seed, signal_weights=signal_weights)
    scores = user_scores(data, prepared, params, hybrid_weights, min_history)
    popularity = hybrid.popularity_scores(prepared.train)
    seen = prepared.train.tocsr()
    eligible = np.array([u for u in range(data.n_users) if prepared.relevant[u]])
    rng = np.random.default_rng(seed)
    rows = []
    for size in SIZES:
        for kind in KINDS:
            totals = {method: np.zeros(len(METRICS)) for method in METHODS}
            made = make_groups(seen, eligible, size, kind, groups, rng)
            for members in made:
                candidates = np.flatnonzero(seen[members].getnnz(axis=0) == 0)
                relevant = [prepared.relevant[u] for u in members]
                for method in METHODS:
                    top = candidates[
                        rank(method, scores[np.ix_(members, candidates)], popularity[candidates])
                    ]
                    found = group_metrics(top.tolist(), relevant)
                    totals[method] += [found[metric] for metric in METRICS]
            for method, total in totals.items():
                rows.append(
                    {
                        "size": size,
                        "kind": kind,
                        "method": method,
                        **dict(zip(METRICS, (total / len(made)).tolist(), strict=True)),
                    }
                )
    return rows
