"""Periodic-review inventory policies simulated period by period: base-stock, (r, Q), (s, S).

Every period t = 1, 2, … runs in the same order (the convention of Snyder & Shen,
*Fundamentals of Supply Chain Theory*, chapter 4):

1. **review and order**: the inventory position IP = on hand − backlog + pipeline (units
   ordered, not yet received) is compared with the policy, which may order q_t;
2. **receive** the order placed L periods earlier (with L = 0 the order just placed arrives
   at once);
3. **demand** D_t is met from stock; what is short is backordered (``lost_sales=False``) or
   lost (``lost_sales=True``);
4. **costs** are charged on the end-of-period state: holding h per unit on hand, backorder
   cost b per unit backlogged (with lost sales: b per unit lost), and K per order placed.

Because the order of period t arrives in period t + L and the next order is placed only in
period t + 1, a base-stock level S must cover demand over L + 1 periods: the **protection
interval** of a policy reviewed every period is the lead time + 1.

:func:`step` is one period of this recipe, written for reading; :func:`simulate_policy`
runs the same recipe over a whole demand path in a tight loop on plain floats (a test checks
that the two agree), and tabulates the result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validate import (
    MAX_PERIODS,
    finite,
    flag,
    non_negative,
    positive,
    probability_open,
    random_generator,
    sequence,
    whole,
)

__all__ = [
    "BaseStockPolicy",
    "RQPolicy",
    "SSPolicy",
    "InventoryState",
    "PolicyResult",
    "base_stock_level",
    "normal_demand",
    "step",
    "simulate_policy",
    "simulate_base_stock",
]


# ----- Policies -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaseStockPolicy:
    """Order up to the base-stock level S every period: q = max(S − IP, 0)."""

    base_stock: float  # S, units

    def __post_init__(self) -> None:
        _at_most("base_stock", non_negative("base_stock", self.base_stock), "MAX_QUANTITY")

    def order(self, position: float) -> float:
        """The order for inventory position ``position``."""
        return max(self.base_stock - position, 0.0)

    @property
    def start(self) -> float:
        """The stock on hand at the start of a simulation: S."""
        return float(self.base_stock)


@dataclass(frozen=True)
class RQPolicy:
    """(r, Q): when IP <= r, order as many lots of Q as lift IP above r."""

    reorder_point: float  # r, units (may be negative)
    order_quantity: float  # Q, units per lot, > 0

    def __post_init__(self) -> None:
        finite("reorder_point", self.reorder_point)
        positive("order_quantity", self.order_quantity)

    def order(self, position: float) -> float:
        """The order for inventory position ``position``."""
        if position > self.reorder_point:
            return 0.0
        lots = math.floor((self.reorder_point - position) / self.order_quantity) + 1
        return lots * float(self.order_quantity)

    @property
    def start(self) -> float:
        """The stock on hand at the start of a simulation: r + Q."""
        return max(float(self.reorder_point + self.order_quantity), 0.0)


@dataclass(frozen=True)
class SSPolicy:
    """(s, S): when IP <= s, order up to S: q = S − IP."""

    s: float  # reorder level, units
    S: float  # order-up-to level, units, > s

    def __post_init__(self) -> None:
        finite("s", self.s)
        if finite("S", self.S) <= self.s:
            raise ValueError(f"S must be a finite number > s = {self.s!r}, got {self.S!r}")

    def order(self, position: float) -> float:
        """The order for inventory position ``position``."""
        return float(self.S - position) if position <= self.s else 0.0

    @property
    def start(self) -> float:
        """The stock on hand at the start of a simulation: S."""
        return max(float(self.S), 0.0)


# ----- One period -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InventoryState:
    """The state at the end of a period."""

    on_hand: float  # units on the shelf
    backlog: float  # units owed to customers (always 0 with lost sales)
    pipeline: tuple[float, ...]  # orders in transit, oldest first; length = lead time

    def __post_init__(self) -> None:
        non_negative("on_hand", self.on_hand)
        non_negative("backlog", self.backlog)
        values = sequence("pipeline", self.pipeline)
        for v in values:
            try:
                non_negative("pipeline", v)
            except ValueError:
                raise ValueError(
                    f"pipeline must hold finite numbers >= 0, got {self.pipeline!r}"
                ) from None
        object.__setattr__(self, "pipeline", tuple(float(v) for v in values))

    @property
    def position(self) -> float:
        """Inventory position IP = on hand − backlog + pipeline."""
        return self.on_hand - self.backlog + sum(self.pipeline)


@dataclass(frozen=True)
class PeriodRecord:
    """What happened in one period."""

    position: float  # IP at the review, before ordering
    order: float  # q_t
    receipt: float  # units received
    demand: float  # D_t
    filled: float  # units of D_t met from stock at once
    shortage: float  # D_t − filled (backordered or lost)


def step(
    state: InventoryState,
    demand: float,
    policy: BaseStockPolicy | RQPolicy | SSPolicy,
    *,
    lost_sales: bool = False,
) -> tuple[InventoryState, PeriodRecord]:
    """One period: review and order, receive, meet demand (see the module's docstring).

    The lead time is the length of ``state.pipeline``.

    Raises:
        ValueError: if ``state`` is not an :class:`InventoryState`, ``demand`` is not a
            finite number >= 0, ``policy`` is not one of the three policies or
            ``lost_sales`` is not a bool.
    """
    if not isinstance(state, InventoryState):
        raise ValueError(f"state must be an InventoryState, got {state!r}")
    demand = non_negative("demand", demand)
    if not isinstance(policy, (BaseStockPolicy, RQPolicy, SSPolicy)):
        raise ValueError(f"policy must be a BaseStockPolicy, RQPolicy or SSPolicy, got {policy!r}")
    lost_sales = flag("lost_sales", lost_sales)
    position = state.position
    order = policy.order(position)
    pipeline = (*state.pipeline, order)
    receipt, pipeline = pipeline[0], pipeline[1:]
    if lost_sales:
        available = state.on_hand + receipt
        filled = min(demand, available)
        new = InventoryState(available - filled, 0.0, pipeline)
    else:
        net = state.on_hand - state.backlog + receipt
        filled = min(demand, max(net, 0.0))
        net -= demand
        new = InventoryState(max(net, 0.0), max(-net, 0.0), pipeline)
    return new, PeriodRecord(position, order, receipt, demand, filled, demand - filled)


# ----- The simulator --------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyResult:
    """The outcome of a simulated policy."""

    history: pd.DataFrame  # one row per period, periods numbered from 1
    fill_rate: float  # share of demand met from stock at once
    cycle_service_level: float  # share of periods that end without a stockout
    average_on_hand: float  # units on hand at period end, on average
    average_backlog: float  # units backlogged at period end, on average
    order_frequency: float  # share of periods with an order
    average_cost: float  # holding + backorder (or lost-sales) + ordering cost per period
    total_cost: float  # the same, summed over all periods


#: The largest demand per period the policies simulate (units): far beyond any teaching
#: case, and small enough that stock and costs stay finite.
MAX_QUANTITY = 1e12
#: The largest cost per unit (holding, backorder) or per order the policies take: with
#: :data:`MAX_QUANTITY` it keeps every period's cost finite.
MAX_COST = 1e12


def _at_most(name: str, value: float, bound: str) -> float:
    limit = MAX_QUANTITY if bound == "MAX_QUANTITY" else MAX_COST
    if value > limit:
        raise ValueError(f"{name} must be at most {bound} = {limit:g}, got {value:g}")
    return value


def _demand_array(demand: object, name: str = "demand") -> np.ndarray:
    try:
        if isinstance(demand, (str, bytes, dict)) or any(
            isinstance(v, (bool, np.bool_, str)) for v in np.ravel(np.asarray(demand, dtype=object))
        ):
            raise TypeError
        values = np.asarray(demand, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be a sequence of numbers >= 0, got {demand!r}") from None
    if values.size and np.isfinite(values).all() and values.max() > MAX_QUANTITY:
        raise ValueError(f"{name} must hold numbers <= MAX_QUANTITY = {MAX_QUANTITY:g}")
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"{name} must be a non-empty one-dimensional sequence of numbers >= 0")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must hold finite numbers >= 0 (no NaN): found a missing value")
    if np.any(values < 0):
        raise ValueError(f"{name} must hold numbers >= 0, found {values.min()!r}")
    return values


def simulate_policy(
    demand: Sequence[float],
    policy: BaseStockPolicy | RQPolicy | SSPolicy,
    lead_time: int,
    *,
    holding_cost: float = 1.0,
    backorder_cost: float = 1.0,
    order_cost: float = 0.0,
    lost_sales: bool = False,
    initial_on_hand: float | None = None,
) -> PolicyResult:
    """Simulate a periodic-review policy over a demand path.

    Args:
        demand: D_1 … D_n, demand per period (finite, >= 0).
        policy: a :class:`BaseStockPolicy`, :class:`RQPolicy` or :class:`SSPolicy`.
        lead_time: L, whole periods from order to receipt (>= 0).
        holding_cost: h, per unit on hand at a period's end (> 0).
        backorder_cost: b, per unit backlogged at a period's end, or per unit lost with
            ``lost_sales=True`` (> 0).
        order_cost: K, per order placed (>= 0). The three costs are at most
            :data:`MAX_COST`; stock levels and ``initial_on_hand`` at most
            :data:`MAX_QUANTITY`.
        lost_sales: unmet demand is lost instead of backordered.
        initial_on_hand: stock at the start (>= 0); default the policy's ``start`` (S for
            base-stock and (s, S), r + Q for (r, Q)), with nothing in the pipeline.

    Returns:
        A :class:`PolicyResult`. ``history`` has the columns ``period, position, order,
        receipt, demand, filled, shortage, on_hand, backlog, stockout, holding_cost,
        shortage_cost, ordering_cost, total_cost``. A period has a stockout when some
        demand is still unmet at its end (backlog > 0, or units lost).

    Raises:
        ValueError: if an argument is outside its range; the message names it.
    """
    d = _demand_array(demand)
    lead = whole("lead_time", lead_time, minimum=0, maximum=MAX_PERIODS)
    h = _at_most("holding_cost", positive("holding_cost", holding_cost), "MAX_COST")
    b = _at_most("backorder_cost", positive("backorder_cost", backorder_cost), "MAX_COST")
    k = _at_most("order_cost", non_negative("order_cost", order_cost), "MAX_COST")
    lost_sales = flag("lost_sales", lost_sales)
    if not isinstance(policy, (BaseStockPolicy, RQPolicy, SSPolicy)):
        raise ValueError(f"policy must be a BaseStockPolicy, RQPolicy or SSPolicy, got {policy!r}")
    start = (
        policy.start
        if initial_on_hand is None
        else _at_most(
            "initial_on_hand", non_negative("initial_on_hand", initial_on_hand), "MAX_QUANTITY"
        )
    )
    n = d.size
    position = np.empty(n)
    orders = np.empty(n)
    receipts = np.empty(n)
    filled = np.empty(n)
    net_end = np.empty(n)
    # The loop below is `step` inlined on plain floats, with the pipeline in a ring buffer.
    ring = [0.0] * (lead + 1)
    in_transit = 0.0
    net = float(start)
    order_of = policy.order
    for t, dt in enumerate(d.tolist()):
        ip = net + in_transit
        q = order_of(ip)
        slot = t % (lead + 1)
        ring[slot] = q
        arriving_slot = (t + 1) % (lead + 1) if lead else slot
        r = ring[arriving_slot] if t >= lead else 0.0
        in_transit += q - r
        net += r
        got = dt if net >= dt else (net if net > 0.0 else 0.0)
        net = net - got if lost_sales else net - dt
        position[t] = ip
        orders[t] = q
        receipts[t] = r
        filled[t] = got
        net_end[t] = net
    shortage = d - filled
    on_hand = np.maximum(net_end, 0.0)
    backlog = np.maximum(-net_end, 0.0)
    stockout = shortage > 0 if lost_sales else backlog > 0
    holding = h * on_hand
    short_cost = b * (shortage if lost_sales else backlog)
    ordering = np.where(orders > 0, k, 0.0)
    total = holding + short_cost + ordering
    history = pd.DataFrame(
        {
            "period": np.arange(1, n + 1),
            "position": position,
            "order": orders,
            "receipt": receipts,
            "demand": d,
            "filled": filled,
            "shortage": shortage,
            "on_hand": on_hand,
            "backlog": backlog,
            "stockout": stockout,
            "holding_cost": holding,
            "shortage_cost": short_cost,
            "ordering_cost": ordering,
            "total_cost": total,
        }
    )
    total_demand = d.sum()
    return PolicyResult(
        history=history,
        fill_rate=float(filled.sum() / total_demand) if total_demand > 0 else 1.0,
        cycle_service_level=float(1.0 - stockout.mean()),
        average_on_hand=float(on_hand.mean()),
        average_backlog=float(backlog.mean()),
        order_frequency=float((orders > 0).mean()),
        average_cost=float(total.mean()),
        total_cost=float(total.sum()),
    )


# ----- Helpers --------------------------------------------------------------------------------


def normal_demand(
    mean: float, std: float, periods: int, seed: int | np.random.Generator | None = 0
) -> np.ndarray:
    """Independent normal demands N(λ, σ²), cut off at 0 (negative draws become 0).

    Args:
        mean: λ, mean demand per period (finite, >= 0).
        std: σ, standard deviation per period (finite, >= 0). Keep σ well below λ (say
            σ <= λ/3) so that the cut-off at 0 hardly changes the distribution.
        periods: how many periods (whole, >= 1).
        seed: an int, a ``numpy.random.Generator``, or None for fresh randomness.
    """
    mu = non_negative("mean", mean)
    sigma = non_negative("std", std)
    n = whole("periods", periods, minimum=1, maximum=MAX_PERIODS)
    rng = random_generator("seed", seed)
    return np.maximum(rng.normal(mu, sigma, n), 0.0)


def base_stock_level(
    demand_mean: float, demand_std: float, lead_time: int, service_level: float
) -> float:
    """Base-stock level S = λ·(L+1) + z·σ·sqrt(L+1) for a policy reviewed every period.

    The protection interval is the lead time + 1 (see the module's docstring), so this is
    :func:`crmlab.scm.inventory.reorder_point` over L + 1 periods.

    Args:
        demand_mean: λ, mean demand per period (>= 0).
        demand_std: σ, standard deviation of demand per period (>= 0).
        lead_time: L, whole periods (>= 0).
        service_level: the cycle service level α in (0, 1).
    """
    from crmlab.scm.inventory import reorder_point

    lead = whole("lead_time", lead_time, minimum=0)
    probability_open("service_level", service_level)
    return reorder_point(demand_mean, demand_std, lead + 1, service_level)


def simulate_base_stock(
    demand: Sequence[float],
    base_stock: float,
    lead_time: int,
    *,
    holding_cost: float = 1.0,
    backorder_cost: float = 1.0,
    lost_sales: bool = False,
) -> PolicyResult:
    """Periodic-review base-stock policy with level S (shorthand for :func:`simulate_policy`)."""
    return simulate_policy(
        demand,
        BaseStockPolicy(base_stock),
        lead_time,
        holding_cost=holding_cost,
        backorder_cost=backorder_cost,
        lost_sales=lost_sales,
    )
