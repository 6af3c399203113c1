"""Lot sizing: turning per-period net requirements into planned receipts.

Notation follows the book: net requirement d_t of period t = 1..T, setup (or ordering) cost
K per order, holding cost h per unit carried from one period to the next. Every rule
returns a list of planned receipts of the same length as the requirements that covers each
requirement in or before its period, starting from no stock. The rules are those of the
MRP literature (Orlicky 1975; Vollmann et al. 2005; Nahmias and Olsen, *Production and
Operations Analysis*): lot for lot, fixed order quantity, periodic order quantity,
the Silver–Meal heuristic (Silver & Meal 1973) and the exact Wagner–Whitin dynamic
programme (Wagner & Whitin 1958).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from crmlab._validate import (
    finite_result,
    non_negative,
    non_negative_series,
    positive,
    whole,
)

__all__ = [
    "MAX_WW_PERIODS",
    "fixed_order_quantity",
    "lot_for_lot",
    "lot_sizing_cost",
    "periodic_order_quantity",
    "silver_meal",
    "wagner_whitin",
]

_TOL = 1e-9

#: The most periods :func:`wagner_whitin` plans: its dynamic programme takes time
#: proportional to the square of the periods (2,000 periods, a few seconds).
MAX_WW_PERIODS = 2_000


def lot_for_lot(demand: Sequence[float]) -> list[float]:
    """Lot for lot: each period receives exactly its net requirement.

    Args:
        demand: net requirements d_1..d_T (each >= 0).

    Returns:
        Planned receipts, equal to ``demand``: no stock is carried, one order per period
        with a requirement.
    """
    d = non_negative_series("demand", demand)
    return [float(x) for x in d]


def fixed_order_quantity(demand: Sequence[float], quantity: float) -> list[float]:
    """Fixed order quantity: as many lots of ``quantity`` as a period needs.

    Args:
        demand: net requirements d_1..d_T (each >= 0).
        quantity: the lot size Q (> 0). A period whose requirement is not covered by the
            stock carried in receives the smallest multiple of Q that covers it.

    Returns:
        Planned receipts, each a whole multiple of ``quantity``.
    """
    d = non_negative_series("demand", demand)
    q = positive("quantity", quantity)
    if d.size and not math.isfinite(float(d.max()) / q):
        raise ValueError(f"quantity {quantity!r} is too small for the demand: lots overflow")
    stock = 0.0
    receipts = []
    for x in d:
        short = x - stock
        lots = math.ceil(short / q - _TOL) if short > _TOL else 0
        r = lots * q
        receipts.append(float(r))
        stock = max(0.0, stock + r - x)
    return receipts


def periodic_order_quantity(demand: Sequence[float], periods: int) -> list[float]:
    """Periodic order quantity (POQ): each order covers the requirements of ``periods`` periods.

    Args:
        demand: net requirements d_1..d_T (each >= 0).
        periods: P, the number of periods one order covers (whole number >= 1). An order is
            placed in the first period with an uncovered requirement and covers that period
            and the next P − 1.

    Returns:
        Planned receipts.
    """
    d = non_negative_series("demand", demand)
    p = whole("periods", periods, minimum=1)
    receipts = [0.0] * len(d)
    t = 0
    while t < len(d):
        if d[t] <= 0:
            t += 1
            continue
        receipts[t] = float(d[t : t + p].sum())
        if not math.isfinite(receipts[t]):
            raise ValueError("demand is too large: the sum of a lot's demands overflows a float")
        t += p
    return receipts


def _setup_and_holding(setup_cost: object, holding_cost: object) -> tuple[float, float]:
    return non_negative("setup_cost", setup_cost), non_negative("holding_cost", holding_cost)


def silver_meal(demand: Sequence[float], setup_cost: float, holding_cost: float) -> list[float]:
    """The Silver–Meal heuristic: extend each lot while the cost per period falls.

    A lot starts in the first period with an uncovered requirement, t. Covering periods
    t..t+k−1 costs C(k) = K + h·Σ_{j=1}^{k−1} j·d_{t+j}; the lot is extended from k to
    k + 1 periods as long as C(k+1)/(k+1) <= C(k)/k, and stops at the first increase
    (Silver & Meal 1973; Nahmias and Olsen, *Production and Operations Analysis*).

    Args:
        demand: net requirements d_1..d_T (each >= 0).
        setup_cost: K, cost per order (>= 0).
        holding_cost: h, cost per unit carried from one period to the next (>= 0).

    Returns:
        Planned receipts.
    """
    d = non_negative_series("demand", demand)
    s, h = _setup_and_holding(setup_cost, holding_cost)
    n = len(d)
    receipts = [0.0] * n
    t = 0
    while t < n:
        if d[t] <= 0:
            t += 1
            continue
        k = 1
        cost = s
        while t + k < n:
            new_cost = cost + h * k * d[t + k]
            if new_cost / (k + 1) > cost / k + _TOL:
                break
            cost = new_cost
            k += 1
        receipts[t] = float(d[t : t + k].sum())
        t += k
    return receipts


def wagner_whitin(demand: Sequence[float], setup_cost: float, holding_cost: float) -> list[float]:
    """The Wagner–Whitin algorithm: the lot sizes of least total setup plus holding cost.

    Dynamic programming over the last period covered (Wagner & Whitin 1958): with F(0) = 0,
    F(j) = min over i <= j of F(i−1) + c(i, j), where c(i, j) = K + h·Σ_{k=i}^{j}(k−i)·d_k
    is the cost of one order in period i covering periods i..j (0 if they need nothing).
    An optimal plan orders only when stock has run out (the zero-inventory property), so
    this search is exact. Ties go to the plan with the later order.

    Args:
        demand: net requirements d_1..d_T (each >= 0).
        setup_cost: K, cost per order (>= 0).
        holding_cost: h, cost per unit carried from one period to the next (>= 0).

    Returns:
        Planned receipts of minimum :func:`lot_sizing_cost`.

    Raises:
        ValueError: naming the argument; also for more than :data:`MAX_WW_PERIODS`
            periods (the algorithm takes time proportional to the square of the periods).
    """
    d = non_negative_series("demand", demand)
    s, h = _setup_and_holding(setup_cost, holding_cost)
    n = len(d)
    if n > MAX_WW_PERIODS:
        raise ValueError(
            f"demand has {n} periods; wagner_whitin plans at most MAX_WW_PERIODS = "
            f"{MAX_WW_PERIODS} (its time grows with the square of the periods)"
        )
    best = [0.0] * (n + 1)
    start = [0] * (n + 1)
    for j in range(1, n + 1):
        best_j = math.inf
        holding = 0.0  # h·Σ_{k=i}^{j}(k−i)·d_k, built as i decreases
        volume = 0.0  # Σ_{k=i+1}^{j} d_k
        for i in range(j, 0, -1):
            if i < j:
                volume += d[i]  # d_{i+1} in 1-based terms
                holding += h * volume
            total = volume + d[i - 1]
            c = (s + holding) if total > 0 else 0.0
            value = best[i - 1] + c
            if value < best_j - _TOL:
                best_j, start[j] = value, i
        best[j] = best_j
    receipts = [0.0] * n
    j = n
    while j > 0:
        i = start[j]
        receipts[i - 1] = float(d[i - 1 : j].sum())
        j = i - 1
    return receipts


def lot_sizing_cost(
    receipts: Sequence[float],
    demand: Sequence[float],
    setup_cost: float,
    holding_cost: float,
) -> float:
    """Total setup plus holding cost of a receipt plan, starting from zero stock.

    Each period with a positive receipt costs K; the stock left at the end of each period,
    I_t = Σ_{k<=t}(receipts_k − d_k), costs h·I_t.

    Args:
        receipts: planned receipts for periods 1..T (each >= 0).
        demand: requirements d_1..d_T (each >= 0), the same length.
        setup_cost: K (>= 0).
        holding_cost: h (>= 0).

    Raises:
        ValueError: if the lengths differ or the receipts leave a shortfall (stock below
            zero at the end of a period).
    """
    r = non_negative_series("receipts", receipts)
    d = non_negative_series("demand", demand)
    s, h = _setup_and_holding(setup_cost, holding_cost)
    if len(r) != len(d):
        raise ValueError(f"receipts must have the same length as demand ({len(d)}), got {len(r)}")
    stock = np.cumsum(r - d)
    scale = max(1.0, float(d.sum()))
    short = np.flatnonzero(stock < -_TOL * scale)
    if short.size:
        t = int(short[0])
        raise ValueError(
            f"receipts leave a shortfall of {-stock[t]:g} units at the end of period {t + 1}"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        cost = float(s * np.count_nonzero(r > 0) + h * np.clip(stock, 0.0, None).sum())
    return finite_result("the cost", cost, names="receipts, demand, setup_cost, holding_cost")
