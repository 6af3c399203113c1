"""Inventory models: the economic order quantity (EOQ) and its cost curve.

Notation follows the book: demand rate λ (units per period), fixed cost per order K,
holding cost h (money per unit per period), order quantity Q.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validate import positive


def eoq(demand_rate: float, order_cost: float, holding_cost: float) -> float:
    """Economic order quantity Q* = sqrt(2·K·λ / h).

    Args:
        demand_rate: λ, units demanded per period (finite, > 0).
        order_cost: K, fixed cost of placing one order (finite, > 0).
        holding_cost: h, cost of holding one unit for one period (finite, > 0).
            All three use the same time unit.

    Returns:
        The order quantity that minimises ordering plus holding cost per period
        (Harris 1913; e.g. Nahmias & Olsen, *Production and Operations Analysis*, §4.5).

    Raises:
        ValueError: if an argument is zero, negative, NaN or infinite; the message names it.
    """
    lam = positive("demand_rate", demand_rate)
    k = positive("order_cost", order_cost)
    h = positive("holding_cost", holding_cost)
    return math.sqrt(2.0 * k * lam / h)


@dataclass(frozen=True)
class EOQSolution:
    """The EOQ optimum and the cost curve around it."""

    quantity: float  # Q*, units per order
    total_cost: float  # K·λ/Q* + h·Q*/2 = sqrt(2·K·λ·h), money per period
    orders_per_period: float  # λ / Q*
    cycle_time: float  # Q* / λ, periods between orders
    curve: pd.DataFrame  # columns order_quantity, ordering_cost, holding_cost, total_cost


def eoq_costs(
    order_quantity: float, demand_rate: float, order_cost: float, holding_cost: float
) -> tuple[float, float]:
    """Ordering cost K·λ/Q and holding cost h·Q/2 per period for an order quantity Q > 0."""
    q = positive("order_quantity", order_quantity)
    lam = positive("demand_rate", demand_rate)
    k = positive("order_cost", order_cost)
    h = positive("holding_cost", holding_cost)
    return k * lam / q, h * q / 2.0


def eoq_curve(
    demand_rate: float,
    order_cost: float,
    holding_cost: float,
    *,
    points: int = 200,
    max_quantity: float | None = None,
) -> EOQSolution:
    """Solve the EOQ model and tabulate its cost curve.

    Args:
        demand_rate, order_cost, holding_cost: λ, K, h as in :func:`eoq`.
        points: number of order quantities tabulated (>= 2).
        max_quantity: largest Q tabulated; default 3·Q*.

    Returns:
        An :class:`EOQSolution`; ``curve`` holds, for Q from Q*/20 to ``max_quantity``, the
        ordering cost K·λ/Q, the holding cost h·Q/2 and their sum, all per period.
    """
    q_star = eoq(demand_rate, order_cost, holding_cost)
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ValueError(f"points must be a whole number >= 2, got {points!r}")
    q_max = 3.0 * q_star if max_quantity is None else positive("max_quantity", max_quantity)
    q_min = min(q_star / 20.0, q_max / 2.0)
    q = np.linspace(q_min, q_max, points)
    ordering = order_cost * demand_rate / q
    holding = holding_cost * q / 2.0
    curve = pd.DataFrame(
        {
            "order_quantity": q,
            "ordering_cost": ordering,
            "holding_cost": holding,
            "total_cost": ordering + holding,
        }
    )
    return EOQSolution(
        quantity=q_star,
        total_cost=math.sqrt(2.0 * order_cost * demand_rate * holding_cost),
        orders_per_period=demand_rate / q_star,
        cycle_time=q_star / demand_rate,
        curve=curve,
    )


def eoq_inventory_path(
    demand_rate: float, order_quantity: float, horizon: float, *, points: int = 400
) -> pd.DataFrame:
    """The sawtooth of on-hand stock under the EOQ assumptions.

    Stock starts at Q, falls at the constant rate λ, and an order of Q arrives the moment
    it reaches zero (no lead time, no shortage), so each cycle lasts T = Q/λ.

    Args:
        demand_rate: λ, units per period (> 0).
        order_quantity: Q, units per order (> 0).
        horizon: how many periods to trace (> 0).
        points: number of time points (>= 2).

    Returns:
        A DataFrame with columns ``time`` (periods) and ``on_hand`` (units).
    """
    lam = positive("demand_rate", demand_rate)
    q = positive("order_quantity", order_quantity)
    end = positive("horizon", horizon)
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ValueError(f"points must be a whole number >= 2, got {points!r}")
    cycle = q / lam
    t = np.linspace(0.0, end, points)
    # Add each replenishment instant so the vertical jumps are drawn exactly.
    jumps = np.arange(cycle, end, cycle)
    t = np.union1d(t, jumps)
    # Time since the last replenishment (a tolerance keeps t = k·T at the cycle's start).
    elapsed = t - cycle * np.floor(t / cycle + 1e-9)
    on_hand = q - lam * elapsed
    # At a replenishment instant draw both the empty shelf and the full one.
    before = pd.DataFrame({"time": jumps, "on_hand": np.zeros_like(jumps)})
    path = pd.concat([pd.DataFrame({"time": t, "on_hand": on_hand}), before])
    return path.sort_values(["time", "on_hand"], kind="stable").reset_index(drop=True)
