"""A user's stored lists in compact form: TMDb ids, scores and short reason codes.

``{strategy: [[tmdb_id, ...], [score, ...], [[code, ...], ...]]}``, best first. A reason code
is ``l<tmdb id>`` ("because you liked <title>"; read back as "because you rewatched <title>"
or "because <title> is on your list '<name>'" when the reader's own diary or list says so),
``s<tmdb id>`` ("similar to <title>"), ``g<genre>`` ("popular in <genre>"), ``p`` ("popular on
MoviVerse") or ``n`` (scored before any model was fitted). Titles are looked up when a list is
read, so a stored list holds no text that a catalog edit could leave stale, and three lists of a
hundred entries take a few KB.
"""

import gc
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np

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


def _popular_code(genres: Sequence[str], liked_genres: Counter) -> str:
    if genres:
        return "g" + max(genres, key=lambda name: (liked_genres[name], -genres.index(name)))
    return "p"


def batch_lists(
    ranked: Mapping[str, hybrid.Ranked],
    tmdb_ids: np.ndarray,
    item_genres: Sequence[Sequence[str]],
    liked_genres: Sequence[Counter],
    personalized: bool = True,
) -> list[dict[str, list]]:
    """Every row of the engine output (item indices, reasons) as that user's compact lists.

    ``tmdb_ids`` and ``item_genres``: each item index's TMDb id and genre names;
    ``liked_genres``: per row, the genres of what that user liked (a "popular" reason names
    the item's genre the user likes best). Codes are built for the whole batch at once.
    """
    with _cyclic_gc_paused():
        return _batch_lists(ranked, tmdb_ids, item_genres, liked_genres, personalized)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """A batch builds some 10^5 small lists and none of them forms a cycle: without the pause the
    cyclic collector would run over them, and over everything the process holds, many times."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _batch_lists(
    ranked: Mapping[str, hybrid.Ranked],
    tmdb_ids: np.ndarray,
    item_genres: Sequence[Sequence[str]],
    liked_genres: Sequence[Counter],
    personalized: bool,
) -> list[dict[str, list]]:
    rows = len(liked_genres)
    lists: list[dict[str, list]] = [{} for _ in range(rows)]
    prefixes = np.array(["", "l", "s", ""])
    for strategy, result in ranked.items():
        valid = result.items >= 0
        counts = valid.sum(axis=1).tolist()
        ids = tmdb_ids[np.maximum(result.items, 0)].tolist()
        scores = np.round(result.scores.astype(np.float64), 5).tolist()
        if personalized:
            kinds = result.reason_kinds
            codes = np.char.add(prefixes[kinds], tmdb_ids[np.maximum(result.reason_items, 0)].astype(str))
            codes[kinds == 0] = ""
            codes = codes.astype(object)
            popular = kinds == hybrid.KINDS.index("popular")
            for row, position, slot in zip(*np.nonzero(popular), strict=True):
                item = result.reason_items[row, position, slot]
                codes[row, position, slot] = _popular_code(item_genres[item], liked_genres[row])
            codes = codes.tolist()
        for row in range(rows):
            count = counts[row]
            if personalized:
                reasons = [[code for code in pair if code] for pair in codes[row][:count]]
            else:
                reasons = [[NOT_PERSONALIZED] for _ in range(count)]
            lists[row][strategy] = [ids[row][:count], scores[row][:count], reasons]
    return lists


def entries(lists: Mapping[str, list], strategy: str) -> list[tuple[int, float, list[str]]]:
    """One strategy's (tmdb_id, score, codes), best first."""
    ids, scores, codes = lists.get(strategy, ([], [], []))
    return list(zip(ids, scores, codes, strict=True))


def seed_ids(codes: Sequence[str]) -> set[int]:
    """The movies whose titles these codes cite."""
    return {int(code[1:]) for code in codes if code[:1] in _SEEDED}


REWATCHED = "because you rewatched {}"
FRIENDS_LIKED = "liked by {} you follow"
ON_OWN_LIST = "because {} is on your list '{}'"


def _liked_text(title: str, source: tuple[bool, str | None] | None) -> str:
    """ "Because you liked" told more exactly from the reader's own diary or lists, when they say more."""
    rewatched, own_list = source or (False, None)
    if rewatched:
        return REWATCHED.format(title)
    if own_list is not None:
        return ON_OWN_LIST.format(title, own_list)
    return REASON_TEXTS["l"].format(title)


def reason_texts(
    codes: Sequence[str],
    titles: Mapping[int, str],
    sources: Mapping[int, tuple[bool, str | None]] | None = None,
) -> list[str]:
    """Codes as the sentences users read; a cited movie no longer in the catalog drops its reason.

    ``sources``: per cited movie, (the reader played it twice or more, the name of a list the
    reader owns and put it on, or None); a "liked" reason then says "rewatched" or names the list.
    """
    texts = []
    for code in codes:
        kind, rest = code[:1], code[1:]
        if kind in _SEEDED:
            title = titles.get(int(rest))
            if title is not None and kind == "l":
                texts.append(_liked_text(title, (sources or {}).get(int(rest))))
            elif title is not None:
                texts.append(REASON_TEXTS[kind].format(title))
        elif kind in REASON_TEXTS:
            texts.append(REASON_TEXTS[kind].format(rest))
    return texts


def friends_texts(count: int) -> list[str]:
    """The reason "liked by N people you follow" (none when nobody did), read fresh at each read."""
    if not count:
        return []
    return [FRIENDS_LIKED.format("1 person" if count == 1 else f"{count} people")]


def without(lists: Mapping[str, list], tmdb_id: int) -> dict[str, list]:
    """The lists without one movie (a dismissal), the rest in order."""
    kept = {}
    for strategy, (ids, scores, codes) in lists.items():
        rows = [row for row in zip(ids, scores, codes, strict=True) if row[0] != tmdb_id]
        kept[strategy] = [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]]
    return kept
