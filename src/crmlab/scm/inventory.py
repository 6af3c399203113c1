"""Inventory models: the economic order quantity (EOQ), the newsvendor, safety stock and
the reorder point.

Notation follows the book: demand rate λ (units per period), fixed cost per order K,
holding cost h (money per unit per period), order quantity Q.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validate import (
    finite,
    finite_result,
    non_negative,
    positive,
    probability_open,
    whole,
)


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
    names = "demand_rate, order_cost, holding_cost"
    q = finite_result(
        "the EOQ", math.sqrt(finite_result("2Kλ/h", 2.0 * k * lam / h, names=names)), names=names
    )
    if q <= 0:
        raise ValueError(f"{names} give an EOQ that underflows to 0; use larger values")
    return q


@dataclass(frozen=True)
class EOQSolution:
    """The EOQ optimum and the cost curve around it."""

    quantity: float  # Q*, units per order
    total_cost: float  # K·λ/Q* + h·Q*/2 = sqrt(2·K·λ·h), money per period
    orders_per_period: float  # λ / Q*
    cycle_time: float  # Q* / λ, periods between orders
    curve: pd.DataFrame  # columns order_quantity, ordering_cost, holding_cost, total_cost


#: The most points :func:`eoq_curve` and :func:`eoq_inventory_path` tabulate, and the most
#: order cycles the path draws: a million rows is far more than a chart shows.
MAX_POINTS = 1_000_000


def eoq_costs(
    order_quantity: float, demand_rate: float, order_cost: float, holding_cost: float
) -> tuple[float, float]:
    """Ordering cost K·λ/Q and holding cost h·Q/2 per period for an order quantity Q > 0."""
    q = positive("order_quantity", order_quantity)
    lam = positive("demand_rate", demand_rate)
    k = positive("order_cost", order_cost)
    h = positive("holding_cost", holding_cost)
    names = "order_quantity, demand_rate, order_cost, holding_cost"
    return (
        finite_result("the ordering cost", k * lam / q, names=names),
        finite_result("the holding cost", h * q / 2.0, names=names),
    )


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
        points: number of order quantities tabulated (2 to :data:`MAX_POINTS`).
        max_quantity: largest Q tabulated; default 3·Q*.

    Returns:
        An :class:`EOQSolution`; ``curve`` holds, for Q from Q*/20 to ``max_quantity``, the
        ordering cost K·λ/Q, the holding cost h·Q/2 and their sum, all per period.
    """
    q_star = eoq(demand_rate, order_cost, holding_cost)
    points = whole("points", points, minimum=2, maximum=MAX_POINTS)
    q_max = 3.0 * q_star if max_quantity is None else positive("max_quantity", max_quantity)
    q_min = min(q_star / 20.0, q_max / 2.0)
    q = np.linspace(q_min, q_max, points)
    if not q_min > 0:
        if max_quantity is not None and not q_max / 2.0 > 0:
            raise ValueError(f"max_quantity = {max_quantity!r} is too small to tabulate")
        raise ValueError("demand_rate, order_cost, holding_cost give an EOQ too small to tabulate")
    with np.errstate(over="ignore"):
        ordering = order_cost * demand_rate / q
        holding = holding_cost * q / 2.0
    if not (np.isfinite(ordering).all() and np.isfinite(holding + ordering).all()):
        raise ValueError(
            "demand_rate, order_cost, holding_cost (or max_quantity) are too large: the "
            "costs overflow a float"
        )
    curve = pd.DataFrame(
        {
            "order_quantity": q,
            "ordering_cost": ordering,
            "holding_cost": holding,
            "total_cost": ordering + holding,
        }
    )
    total_cost = math.sqrt(2.0 * order_cost * demand_rate) * math.sqrt(holding_cost)
    if not math.isfinite(total_cost):
        raise ValueError(
            "demand_rate, order_cost, holding_cost are too large: the least total cost "
            "overflows a float"
        )
    return EOQSolution(
        quantity=q_star,
        total_cost=total_cost,
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
        points: number of time points (2 to :data:`MAX_POINTS`).

    Returns:
        A DataFrame with columns ``time`` (periods) and ``on_hand`` (units).

    Raises:
        ValueError: naming the argument; also when the horizon holds more than
            :data:`MAX_POINTS` order cycles (the path would not fit in memory).
    """
    lam = positive("demand_rate", demand_rate)
    q = positive("order_quantity", order_quantity)
    end = positive("horizon", horizon)
    points = whole("points", points, minimum=2, maximum=MAX_POINTS)
    cycle = q / lam
    if not math.isfinite(cycle):
        raise ValueError(
            f"order_quantity / demand_rate overflows a float (demand_rate = {demand_rate!r} "
            "is too small for this order_quantity)"
        )
    if not cycle > 0 or end / cycle > MAX_POINTS:
        cycles = end / cycle if cycle > 0 else math.inf
        raise ValueError(
            f"horizon / (order_quantity / demand_rate) is {cycles:.3g} order cycles; at most "
            f"MAX_POINTS = {MAX_POINTS} can be drawn"
        )
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


# ----- Uncertain demand: the newsvendor, safety stock and the reorder point -----------------


def _z(service_level: float) -> float:
    """The standard normal quantile z = Φ⁻¹(service_level), for a level in (0, 1)."""
    from scipy.stats import norm

    return float(norm.ppf(service_level))


def newsvendor_quantity(
    mean: float, std: float, underage_cost: float, overage_cost: float
) -> float:
    """Optimal single order for normally distributed demand: λ + σ·Φ⁻¹(cu / (cu + co)).

    The newsvendor buys once, before a single selling season. A unit short costs the
    underage cost cu (the margin lost); a unit left over costs the overage cost co (what
    it cost, less its salvage value). Ordering up to the critical ratio cu/(cu + co) of the
    demand distribution minimises the expected cost (e.g. Nahmias & Olsen, *Production and
    Operations Analysis*, chapter 5).

    Args:
        mean: λ, mean demand in the season (finite).
        std: σ, standard deviation of demand (finite, >= 0).
        underage_cost: cu, cost of each unit of demand not met (finite, > 0).
        overage_cost: co, cost of each unit left over (finite, > 0).

    Returns:
        The order quantity Q* (units, not rounded).

    Raises:
        ValueError: if an argument is outside its range; the message names it.
    """
    mu = finite("mean", mean)
    sigma = non_negative("std", std)
    cu = positive("underage_cost", underage_cost)
    co = positive("overage_cost", overage_cost)
    return finite_result(
        "the newsvendor quantity",
        mu
        + sigma
        * _z(finite_result("cu / (cu + co)", cu / (cu + co), names="underage_cost, overage_cost")),
        names="mean, std, underage_cost, overage_cost",
    )


def safety_stock(demand_std: float, lead_time: int, service_level: float) -> float:
    """Safety stock z·σ·sqrt(τ) for a cycle service level, with normal demand.

    Args:
        demand_std: σ, standard deviation of demand per period (finite, >= 0).
        lead_time: τ, the protection interval in whole periods (>= 0): the time over which
            the stock must cover uncertain demand. For a continuously reviewed reorder point
            it is the lead time; for a base-stock policy reviewed every period it is the lead
            time + 1 (the caller passes what protects).
        service_level: the cycle service level α in (0, 1): the probability of no stockout
            in a replenishment cycle; z = Φ⁻¹(α).

    Returns:
        The safety stock (units); negative when α < 0.5.

    Raises:
        ValueError: if an argument is outside its range; the message names it.
    """
    sigma = non_negative("demand_std", demand_std)
    periods = whole("lead_time", lead_time)
    alpha = probability_open("service_level", service_level)
    return finite_result(
        "the safety stock", _z(alpha) * sigma * math.sqrt(periods), names="demand_std, lead_time"
    )


def reorder_point(
    demand_mean: float, demand_std: float, lead_time: int, service_level: float
) -> float:
    """Reorder point λ·τ + z·σ·sqrt(τ): expected demand over τ plus the safety stock.

    Args:
        demand_mean: λ, mean demand per period (finite, >= 0).
        demand_std: σ, standard deviation of demand per period (finite, >= 0).
        lead_time: τ, the protection interval in whole periods (>= 0); see
            :func:`safety_stock`.
        service_level: the cycle service level α in (0, 1).

    Returns:
        The inventory position at which to order (units).

    Raises:
        ValueError: if an argument is outside its range; the message names it.
    """
    mu = non_negative("demand_mean", demand_mean)
    ss = safety_stock(demand_std, lead_time, service_level)
    return finite_result(
        "the reorder point", mu * int(lead_time) + ss, names="demand_mean, demand_std, lead_time"
    )
