"""Points budgets per window: one per client address and one per signed-in user.

Each request spends its cost (common/costs.py) from both budgets of the current window, kept
in the same cache as the throttle counters. A request that would take a budget below zero is
refused and spends nothing; the answer says when the window resets.
"""

import math
import time
from collections.abc import Hashable
from dataclasses import dataclass

from django.conf import settings

from common.limits import limits_store

_PREFIX = "cost_budget"


@dataclass(frozen=True)
class BudgetState:
    """The tighter of a request's budgets after it spent (or was refused) ``requested`` points."""

    requested: int
    limit: int
    remaining: int
    reset_at: float
    refused: bool

    @property
    def retry_after(self) -> int:
        """Whole seconds until the window resets."""
        return max(1, math.ceil(self.reset_at - time.time()))


def _budgets(address: str, user_id: Hashable | None) -> list[tuple[str, int]]:
    budgets = [(f"ip:{address}", settings.GRAPHQL_COST_BUDGET_IP)]
    if user_id is not None:
        budgets.append((f"user:{user_id}", settings.GRAPHQL_COST_BUDGET_USER))
    return budgets


def _incr(key: str, points: int, window: int) -> int | None:
    """Add ``points`` to a window's counter (created on first use); None if the store did not answer."""
    limits_store().add(key, 0, timeout=window)
    try:
        return limits_store().incr(key, points)
    except ValueError:  # expired between the two calls
        return None


def spend(*, address: str, user_id: Hashable | None, points: int) -> BudgetState:
    """Spend ``points`` from the budgets of this address and user, unless either would run out."""
    window = settings.GRAPHQL_COST_WINDOW
    index = int(time.time() // window)
    reset_at = float((index + 1) * window)
    budgets = [(f"{_PREFIX}:{who}:{index}", limit) for who, limit in _budgets(address, user_id)]
    used = limits_store().get_many([key for key, _ in budgets])
    refused = any(used.get(key, 0) + points > limit for key, limit in budgets)
    remaining = []
    for key, limit in budgets:
        spent = used.get(key, 0)
        if not refused and points:
            spent = _incr(key, points, window) or spent + points
        remaining.append(max(0, limit - spent))
    tightest = min(range(len(budgets)), key=lambda i: remaining[i])
    return BudgetState(
        requested=points,
        limit=budgets[tightest][1],
        remaining=remaining[tightest],
        reset_at=reset_at,
        refused=refused,
    )
