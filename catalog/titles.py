"""Title normalization shared by search, autocomplete and title matching.

A normalized title is case-folded, accent-free ("Amélie" -> "amelie"), without punctuation
(apostrophes vanish, other marks become spaces) and without a leading article, wherever the
article was written ("The Matrix" and "Matrix, The" are both "matrix"). Stored titles and
queries go through the same function, so they compare equal whenever a person would say so.
"""

import re
import unicodedata

ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "el", "los", "las", "il"})
MIN_YEAR, MAX_YEAR = 1870, 2100
_TRAILING_ARTICLE = re.compile(r"^(?P<rest>.+),\s*(?P<article>\w+)(?P<tail>\s*\(.*\))?\s*$")
_APOSTROPHES = re.compile("['`\u2019]")
_NOT_WORD = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_title(text: str) -> str:
    """``text`` as compared by search: "Matrix, The" -> "matrix", "Amélie" -> "amelie"."""
    folded = _fold(text).strip()
    if (match := _TRAILING_ARTICLE.match(folded)) and match["article"] in ARTICLES:
        folded = f"{match['rest']}{match['tail'] or ''}"
    words = _NOT_WORD.sub(" ", _APOSTROPHES.sub("", folded)).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def split_year(normalized: str) -> tuple[str, int | None]:
    """A trailing year taken off a normalized query: "alien 1979" -> ("alien", 1979).

    Only a plausible release year after other words counts; "1917" alone stays a title.
    """
    rest, _, last = normalized.rpartition(" ")
    if rest and len(last) == 4 and last.isdigit() and MIN_YEAR <= int(last) <= MAX_YEAR:
        return rest, int(last)
    return normalized, None


def normalized_names(*titles: str) -> list[str]:
    """The distinct non-empty normalized forms of these titles, in order."""
    return list(dict.fromkeys(name for name in map(normalize_title, titles) if name))
