"""Risk pooling: why one central stock needs less safety stock than several local ones.

Serving n markets from one stock point pools their demand. Safety stock grows with the
standard deviation of the demand it covers, and the standard deviation of a sum grows
more slowly than the sum of the standard deviations, unless the demands move in lockstep
(Simchi-Levi, Kaminsky & Simchi-Levi, *Designing and Managing the Supply Chain*, chapter 2).
For n markets with the same σ and pairwise correlation ρ,

    σ_pooled = σ·sqrt(n + n(n−1)ρ),

so with independent demands (ρ = 0) the central safety stock is 1/sqrt(n) of the n local
ones together (the **square-root law**, Maister 1976), and with ρ = 1 nothing is saved.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from crmlab import _schema
from crmlab._validate import (
    MAX_PERIODS,
    finite_result,
    non_negative,
    positive,
    probability_open,
    random_generator,
    sequence,
    whole,
)
from crmlab.scm.inventory import eoq

__all__ = [
    "CENTRALIZED",
    "MAX_MARKETS",
    "risk_pooling",
    "square_root_law",
    "pooled_std",
    "pooling_ratio",
    "pooling_curve",
    "correlated_demand",
]

#: The most markets the pooling functions take (a correlation matrix of n² entries is
#: built for correlated demand; 10,000 markets is 800 MB).
MAX_MARKETS = 2_000

#: The row label of the central stock point in :func:`risk_pooling`.
CENTRALIZED = "centralized"


def _demand_frame(demand: object) -> pd.DataFrame:
    if not isinstance(demand, pd.DataFrame):
        raise ValueError(
            "demand must be a DataFrame of demand per period, one column per market, "
            f"got {type(demand).__name__}"
        )
    if demand.shape[1] < 1 or demand.shape[0] < 2:
        raise ValueError("demand must hold at least one market and at least 2 periods")
    if CENTRALIZED in demand.columns:
        raise ValueError(f"demand must not have a market named {CENTRALIZED!r}")
    _schema.quantities(
        "demand", demand, "of demand per period, one column per market", _schema.MAX_QUANTITY
    )
    values = demand.astype(float)
    if not np.isfinite(values.sum().to_numpy()).all() or not np.isfinite(values.sum(axis=1)).all():
        raise ValueError("demand is too large: its totals overflow a float")
    return values


def risk_pooling(
    demand: pd.DataFrame,
    lead_time: int,
    service_level: float,
    order_cost: float,
    holding_cost: float,
) -> pd.DataFrame:
    """Decentralised (one stock per market) against centralised (one stock for all).

    Each market, and the central stock point serving the row-wise sum of demand, runs a
    continuous-review (Q, R) policy: order the EOQ on the mean demand when the inventory
    position falls to the reorder point (Simchi-Levi et al., chapter 2, the risk-pooling
    example).

    Args:
        demand: per-period demand, one column per market (numbers >= 0, no NaN, >= 2 rows).
        lead_time: L, replenishment lead time in whole periods (>= 0).
        service_level: cycle service level α in (0, 1); z = Φ⁻¹(α).
        order_cost: K, fixed cost per order (> 0).
        holding_cost: h, per unit per period (> 0).

    Returns:
        A DataFrame indexed by the market names plus ``"centralized"``, with columns
        ``mean`` (λ per period), ``std`` (sample standard deviation, ddof=1), ``cv``
        (std / mean), ``safety_stock`` (z·std·sqrt(L)), ``reorder_point``
        (λ·L + safety stock), ``order_quantity`` (EOQ sqrt(2Kλ/h); 0 when λ = 0) and
        ``average_inventory`` (order quantity / 2 + safety stock).

    Raises:
        ValueError: if an argument is outside its range; the message names it.
    """
    values = _demand_frame(demand)
    lead = whole("lead_time", lead_time, minimum=0)
    alpha = probability_open("service_level", service_level)
    k = positive("order_cost", order_cost)
    h = positive("holding_cost", holding_cost)
    from scipy.stats import norm

    z = float(norm.ppf(alpha))
    columns = {c: values[c] for c in values.columns}
    columns[CENTRALIZED] = values.sum(axis=1)
    rows = []
    for name, series in columns.items():
        mean = float(series.mean())
        std = float(series.std(ddof=1))
        ss = z * std * math.sqrt(lead)
        try:
            q = eoq(mean, k, h) if mean > 0 else 0.0
        except ValueError:
            raise ValueError(
                "demand, order_cost, holding_cost are too large: the EOQ overflows a float"
            ) from None
        rows.append(
            {
                "market": name,
                "mean": mean,
                "std": std,
                "cv": std / mean if mean > 0 else float("nan"),
                "safety_stock": ss,
                "reorder_point": mean * lead + ss,
                "order_quantity": q,
                "average_inventory": q / 2 + ss,
            }
        )
    return pd.DataFrame(rows).set_index("market")


def square_root_law(inventory: float, locations: int, new_locations: int = 1) -> float:
    """Maister's square-root law: stock for n2 locations = stock for n1 × sqrt(n2 / n1).

    It holds for safety stock when the locations have equal, independent demands
    (and for cycle stock under the EOQ): consolidating n locations into one needs
    1/sqrt(n) of the stock (Maister 1976).

    Args:
        inventory: total stock held at ``locations`` stock points today (>= 0).
        locations: n1, number of stock points today (whole, >= 1).
        new_locations: n2, number after the change (whole, >= 1).
    """
    x = non_negative("inventory", inventory)
    n1 = whole("locations", locations, minimum=1)
    n2 = whole("new_locations", new_locations, minimum=1)
    return x * math.sqrt(n2 / n1)


def _check_correlation(correlation: object, n: int) -> float:
    lower = -1.0 / (n - 1) if n > 1 else -1.0
    ok = isinstance(correlation, (int, float, np.number)) and abs(correlation) <= 2
    rho = float(correlation) if ok else math.nan
    if isinstance(correlation, (bool, np.bool_)) or not (lower <= rho <= 1.0):
        raise ValueError(
            f"correlation must lie in [{lower:.4g}, 1] for {n} markets "
            f"(a common pairwise correlation below -1/(n-1) is impossible), got {correlation!r}"
        )
    return rho


def pooled_std(demand_std: float, n_markets: int, correlation: float = 0.0) -> float:
    """Standard deviation of the total demand of n markets: σ·sqrt(n + n(n−1)ρ).

    Args:
        demand_std: σ, each market's standard deviation per period (>= 0).
        n_markets: n (whole, >= 1).
        correlation: ρ, the correlation between any two markets' demands, in
            [−1/(n−1), 1] (the smallest common correlation n variables can have).
    """
    sigma = non_negative("demand_std", demand_std)
    n = whole("n_markets", n_markets, minimum=1, maximum=MAX_MARKETS)
    rho = _check_correlation(correlation, n)
    return finite_result(
        "the pooled standard deviation",
        sigma * math.sqrt(max(n + n * (n - 1) * rho, 0.0)),
        names="demand_std, n_markets",
    )


def pooling_ratio(n_markets: int, correlation: float = 0.0) -> float:
    """Central safety stock / total decentralised safety stock: sqrt(n + n(n−1)ρ) / n.

    For identical markets; 1/sqrt(n) when ρ = 0, 1 when ρ = 1, 0 when ρ = −1/(n−1).
    """
    n = whole("n_markets", n_markets, minimum=1, maximum=MAX_MARKETS)
    return pooled_std(1.0, n, correlation) / n


def pooling_curve(
    demand_std: float,
    lead_time: int,
    service_level: float,
    *,
    n_markets: int = 4,
    correlations: object = None,
) -> pd.DataFrame:
    """Safety stock decentralised and centralised for identical markets, against ρ.

    Args:
        demand_std: σ, each market's standard deviation per period (>= 0).
        lead_time: L, protection interval in whole periods (>= 0).
        service_level: cycle service level α in (0, 1).
        n_markets: n (whole, >= 2).
        correlations: the values of ρ to tabulate; default 41 values from −1/(n−1) to 1.

    Returns:
        A DataFrame with columns ``correlation``, ``decentralized`` (n·z·σ·sqrt(L)),
        ``centralized`` (z·σ_pooled·sqrt(L)) and ``ratio`` (centralized / decentralized).
    """
    from crmlab.scm.inventory import safety_stock

    n = whole("n_markets", n_markets, minimum=2, maximum=MAX_MARKETS)
    local = safety_stock(demand_std, lead_time, service_level)
    if correlations is None:
        rhos = np.linspace(-1.0 / (n - 1), 1.0, 41)
    else:
        rhos = sequence("correlations", correlations)
    rows = []
    for rho in rhos:
        try:
            ratio = pooling_ratio(n, _check_correlation(rho, n))
        except ValueError as exc:
            raise ValueError(f"correlations: {exc}") from None
        rows.append(
            {
                "correlation": float(rho),
                "decentralized": n * local,
                "centralized": n * local * ratio,
                "ratio": ratio,
            }
        )
    return pd.DataFrame(rows)


def correlated_demand(
    mean: float,
    std: float,
    n_markets: int,
    periods: int,
    correlation: float = 0.0,
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Normal demand for n markets with a common pairwise correlation, cut off at 0.

    Args:
        mean, std: λ and σ of each market per period (>= 0; keep σ <= λ/3 so that the
            cut-off at 0 hardly matters).
        n_markets: n (whole, >= 1); columns are named ``market 1`` … ``market n``.
        periods: number of rows (whole, >= 2); the index is the period, from 1.
        correlation: ρ in [−1/(n−1), 1].
        seed: an int, a ``numpy.random.Generator``, or None.
    """
    mu = non_negative("mean", mean)
    sigma = non_negative("std", std)
    for name, value in (("mean", mu), ("std", sigma)):
        if value > _schema.MAX_QUANTITY:
            raise ValueError(f"{name} must be at most {_schema.MAX_QUANTITY:g} units per period")
    n = whole("n_markets", n_markets, minimum=1, maximum=MAX_MARKETS)
    t = whole("periods", periods, minimum=2, maximum=MAX_PERIODS)
    if n * t > MAX_PERIODS:
        raise ValueError(
            f"n_markets × periods is {n * t}; at most MAX_PERIODS = {MAX_PERIODS} values"
        )
    rho = _check_correlation(correlation, n)
    cov = np.full((n, n), rho * sigma**2)
    np.fill_diagonal(cov, sigma**2)
    rng = random_generator("seed", seed)
    # Eigen-decomposition works for the singular boundary cases ρ = 1 and ρ = −1/(n−1).
    vals, vecs = np.linalg.eigh(cov)
    root = vecs * np.sqrt(np.clip(vals, 0.0, None))
    draws = mu + rng.standard_normal((t, n)) @ root.T
    return pd.DataFrame(
        np.maximum(draws, 0.0),
        columns=[f"market {i}" for i in range(1, n + 1)],
        index=pd.RangeIndex(1, t + 1, name="period"),
    )
