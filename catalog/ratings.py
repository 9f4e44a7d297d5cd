"""Our users' ratings as the catalog keeps them: half stars 1.0..5.0 and one count column per half star.

``Movie`` keeps ``rating_count``, ``rating_sum`` and a count per half star (``rated_1_0_count`` ..
``rated_5_0_count``); ``rating_moves`` is the one way writers move them, as F() expressions the
database applies atomically.
"""

from decimal import Decimal

from django.db.models import F

# Half stars from 1 to 5: 1.0, 1.5, ..., 5.0 (Letterboxd's scale without its 0.5).
RATING_VALUES = tuple((Decimal(half) / 2).quantize(Decimal("0.1")) for half in range(2, 11))


def rating_column(rating: Decimal) -> str:
    """The Movie column counting ratings of ``rating`` stars: 4.5 -> ``rated_4_5_count``."""
    value = Decimal(rating).quantize(Decimal("0.1"))
    if value not in RATING_VALUES:
        raise ValueError(f"{rating} is not a half star from 1 to 5")
    return f"rated_{str(value).replace('.', '_')}_count"


RATING_COLUMNS = tuple(rating_column(value) for value in RATING_VALUES)


def rating_moves(*, added: Decimal | None = None, removed: Decimal | None = None) -> dict[str, F]:
    """``Movie.objects.filter(...).update(**rating_moves(...))`` arguments for one rating added,
    removed, or changed (both): the sum, the count and the half-star columns move together."""
    moves: dict[str, int] = {}
    if added is not None:
        moves[rating_column(added)] = 1
    if removed is not None:
        column = rating_column(removed)
        moves[column] = moves.get(column, 0) - 1
    sum_delta = (added or Decimal(0)) - (removed or Decimal(0))
    count_delta = (added is not None) - (removed is not None)
    return {
        "rating_sum": F("rating_sum") + sum_delta,
        "rating_count": F("rating_count") + count_delta,
        **{column: F(column) + delta for column, delta in moves.items() if delta},
    }
