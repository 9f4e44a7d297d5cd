"""A user's stored lists in compact form: TMDb ids, scores and short reason codes.

``{strategy: [[tmdb_id, ...], [score, ...], [[code, ...], ...]]}``, best first. A reason code
is ``l<tmdb id>`` ("because you liked <title>"), ``s<tmdb id>`` ("similar to <title>"),
``g<genre>`` ("popular in <genre>"), ``p`` ("popular on MoviVerse") or ``n`` (scored before
any model was fitted). Titles are looked up when a list is read, so a stored list holds no
text that a catalog edit could leave stale, and three lists of a hundred entries take a few KB.
"""

from collections import Counter
from collections.abc import Mapping, Sequence

from recsys.engines import hybrid

NOT_PERSONALIZED = "n"
REASON_TEXTS = {
    "l": "because you liked {}",
    "s": "similar to {}",
    "g": "popular in {}",
    "p": "popular on MoviVerse",
    NOT_PERSONALIZED: "popular (not personalized yet)",
}
_SEEDED = ("l", "s")


def _code(kind: str, seed: int, genres: Sequence[str], liked_genres: Counter) -> str:
    if kind == "liked":
        return f"l{seed}"
    if kind == "similar":
        return f"s{seed}"
    if genres:
        return "g" + max(genres, key=lambda name: (liked_genres[name], -genres.index(name)))
    return "p"


def user_lists(
    ranked: Mapping[str, hybrid.Ranked],
    row: int,
    tmdb_ids: Sequence[int],
    genres: Mapping[int, Sequence[str]],
    liked_genres: Counter,
    personalized: bool = True,
) -> dict[str, list]:
    """Row ``row`` of every strategy's engine output (item indices) as one user's compact lists."""
    lists = {}
    for strategy, result in ranked.items():
        ids, scores, codes = [], [], []
        for item, score, kinds, seeds in zip(
            result.items[row].tolist(),
            result.scores[row].tolist(),
            result.reason_kinds[row].tolist(),
            result.reason_items[row].tolist(),
            strict=True,
        ):
            if item < 0:
                break
            tmdb_id = int(tmdb_ids[item])
            ids.append(tmdb_id)
            scores.append(round(score, 5))
            if personalized:
                reasons = [
                    _code(hybrid.KINDS[kind], int(tmdb_ids[seed]), genres.get(tmdb_id, ()), liked_genres)
                    for kind, seed in zip(kinds, seeds, strict=True)
                    if kind
                ]
            else:
                reasons = [NOT_PERSONALIZED]
            codes.append(reasons)
        lists[strategy] = [ids, scores, codes]
    return lists


def entries(lists: Mapping[str, list], strategy: str) -> list[tuple[int, float, list[str]]]:
    """One strategy's (tmdb_id, score, codes), best first."""
    ids, scores, codes = lists.get(strategy, ([], [], []))
    return list(zip(ids, scores, codes, strict=True))


def seed_ids(codes: Sequence[str]) -> set[int]:
    """The movies whose titles these codes cite."""
    return {int(code[1:]) for code in codes if code[:1] in _SEEDED}


def reason_texts(codes: Sequence[str], titles: Mapping[int, str]) -> list[str]:
    """Codes as the sentences users read; a cited movie no longer in the catalog drops its reason."""
    texts = []
    for code in codes:
        kind, rest = code[:1], code[1:]
        if kind in _SEEDED:
            title = titles.get(int(rest))
            if title is not None:
                texts.append(REASON_TEXTS[kind].format(title))
        elif kind in REASON_TEXTS:
            texts.append(REASON_TEXTS[kind].format(rest))
    return texts


def without(lists: Mapping[str, list], tmdb_id: int) -> dict[str, list]:
    """The lists without one movie (a dismissal), the rest in order."""
    kept = {}
    for strategy, (ids, scores, codes) in lists.items():
        rows = [row for row in zip(ids, scores, codes, strict=True) if row[0] != tmdb_id]
        kept[strategy] = [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]]
    return kept
