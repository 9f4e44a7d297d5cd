"""Points budgets per window: one per client address and one per signed-in user.

Each request spends its cost (common/costs.py) from both budgets of the current window, kept
in the same cache as the throttle counters. A request that would take a budget below zero is
refused and spends nothing; the answer says when the window resets. A request refused for what
it asked (e.g. a query above the cost limit) is charged anyway (``charge``), so refusals run a
budget out like answers do.

Each process also remembers the budgets it saw run out until their window resets
(``known_exhausted``), so the next request of that client is refused before anything is parsed,
without a round trip to the store.
"""

import math
import time
from collections.abc import Hashable
from dataclasses import dataclass, replace

from django.conf import settings

from common import limits
from common.cache import Counter

_PREFIX = "cost_budget"
_REMEMBERED = 10_000  # exhausted budgets one process remembers (the oldest windows go first)
_exhausted: dict[str, float] = {}  # "ip:1.2.3.4" / "user:<id>" -> the reset time of its window


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


def _remember(who: str, reset_at: float) -> None:
    if len(_exhausted) >= _REMEMBERED:
        now = time.time()
        expired = [key for key, until in _exhausted.items() if until <= now]
        for key in expired or list(_exhausted)[: _REMEMBERED // 2]:  # else the oldest half
            del _exhausted[key]
    _exhausted[who] = reset_at


def known_exhausted(*, address: str, user_id: Hashable | None) -> BudgetState | None:
    """The refusal for a client whose budget this process saw run out in the current window, else None."""
    now = time.time()
    for who, limit in _budgets(address, user_id):
        reset_at = _exhausted.get(who)
        if reset_at is not None and reset_at > now:
            return BudgetState(requested=0, limit=limit, remaining=0, reset_at=reset_at, refused=True)
    return None


@dataclass(frozen=True)
class Bill:
    """``points`` to take from each budget of one request (who, counter key, limit) in the current window."""

    points: int
    budgets: tuple[tuple[str, str, int], ...]
    window: int
    reset_at: float

    @property
    def counters(self) -> list[Counter]:
        """The counters to add ``points`` to (common.limits.spend may add them with other counters)."""
        return [Counter(key=key, amount=self.points, period=self.window) for _, key, _ in self.budgets]


def bill(*, address: str, user_id: Hashable | None, points: int) -> Bill:
    """What a request of this address and user costing ``points`` takes from its budgets now."""
    window = settings.GRAPHQL_COST_WINDOW
    index = int(time.time() // window)
    budgets = tuple((who, f"{_PREFIX}:{who}:{index}", limit) for who, limit in _budgets(address, user_id))
    return Bill(points=points, budgets=budgets, window=window, reset_at=float((index + 1) * window))


def settle(bill: Bill, spent: list[int], *, refusable: bool = True) -> BudgetState:
    """The budgets once ``bill``'s counters were added (``spent``: their new values); when that
    overdrew one and the request may be refused, the points are given back and it is refused."""
    refused = refusable and any(used > limit for used, (_, _, limit) in zip(spent, bill.budgets, strict=True))
    if refused:
        give_back(bill)
        spent = [used - bill.points for used in spent]
    return _state(bill, spent, refused=refused)


def give_back(bill: Bill) -> None:
    """Return ``bill``'s points to its budgets (they were added for an answer that was not served)."""
    limits.spend((), [replace(counter, amount=-counter.amount) for counter in bill.counters])


def _state(bill: Bill, spent: list[int], *, refused: bool) -> BudgetState:
    remaining = [max(0, limit - used) for used, (_, _, limit) in zip(spent, bill.budgets, strict=True)]
    for left, (who, _, _) in zip(remaining, bill.budgets, strict=True):
        if left == 0:
            _remember(who, bill.reset_at)
    tightest = min(range(len(bill.budgets)), key=lambda i: remaining[i])
    return BudgetState(
        requested=bill.points,
        limit=bill.budgets[tightest][2],
        remaining=remaining[tightest],
        reset_at=bill.reset_at,
        refused=refused,
    )


def _settle(address: str, user_id: Hashable | None, points: int, *, refusable: bool) -> BudgetState:
    owed = bill(address=address, user_id=user_id, points=points)
    if points:
        # Spend first (every budget in one round trip), and give the points back if that overdrew one.
        return settle(owed, limits.spend((), owed.counters).counts, refusable=refusable)
    found = limits.limits_store().get_many([key for _, key, _ in owed.budgets])
    return _state(owed, [found.get(key, 0) for _, key, _ in owed.budgets], refused=False)


def spend(*, address: str, user_id: Hashable | None, points: int) -> BudgetState:
    """Spend ``points`` from the budgets of this address and user, unless either would run out."""
    return _settle(address, user_id, points, refusable=True)


def charge(*, address: str, user_id: Hashable | None, points: int) -> BudgetState:
    """Take ``points`` from both budgets even past zero: the price of a refused request."""
    return _settle(address, user_id, points, refusable=False)
