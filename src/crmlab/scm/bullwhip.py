"""The bullwhip effect of an order-up-to policy with a moving-average forecast.

Notation follows the book and Chen, Drezner, Ryan & Simchi-Levi (2000), who studied this
policy: demand D_t in period t, lead time L (whole periods: an order placed at the end of
period t arrives at the start of period t + L), moving-average window p (the number of
past demands averaged into the forecast), order-up-to level y_t, order q_t, safety factor z.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlab._validate import MAX_PERIODS, flag, non_negative, random_generator, sequence, whole

#: The largest demand or order per period accepted (units): far beyond any teaching case,
#: and small enough that variances stay finite.
MAX_QUANTITY = 1e12

#: The largest safety factor z taken: z = 10 already stands for a service level of
#: 1 − 10⁻²³; larger values only make the order-up-to levels overflow.
MAX_Z = 10.0

#: The most (lead time, window) pairs :func:`bullwhip_table` simulates.
MAX_GRID = 400


def _demand_array(
    name: str, values: object, *, minimum_length: int = 1, negative: bool = False
) -> np.ndarray:
    """``values`` as a 1-D float array: finite, >= 0, at least ``minimum_length`` long."""
    try:
        if isinstance(values, (str, bytes, dict)) or any(
            isinstance(v, (bool, np.bool_, str)) for v in np.ravel(np.asarray(values, dtype=object))
        ):
            raise TypeError
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be a sequence of numbers, got {values!r}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size < minimum_length:
        raise ValueError(f"{name} must hold at least {minimum_length} values, got {array.size}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain NaN or infinite values")
    if not negative and np.any(array < 0):
        raise ValueError(f"{name} must be >= 0 in every period (found {array.min():g})")
    if array.size and np.abs(array).max() > MAX_QUANTITY:
        raise ValueError(f"{name} must hold values of at most MAX_QUANTITY = {MAX_QUANTITY:g}")
    return array


def order_up_to_orders(
    demand: Sequence[float],
    lead_time: int,
    window: int,
    z: float = 0.0,
    *,
    allow_returns: bool = True,
) -> np.ndarray:
    """Orders placed by a stage that follows an order-up-to policy with a moving average.

    For period t the forecast is the mean of the ``window`` demands before t,
    D̂_t = (D_(t−p) + … + D_(t−1)) / p; the order-up-to level is

        y_t = L · D̂_t + z · s_t · sqrt(L),

    with s_t the sample standard deviation (ddof = 1) of the same p demands; the order is
    q_t = y_t − y_(t−1) + D_(t−1): it replaces last period's demand and moves the stock up
    (or down) to the new level (Chen et al. 2000, §2).

    Args:
        demand: D_1 … D_n, demand per period (finite, >= 0), n > ``window``.
        lead_time: L, whole periods >= 0.
        window: p, the number of past demands in the moving average (whole, >= 1).
        z: safety factor (finite, >= 0); z > 0 needs ``window`` >= 2 (a standard deviation
            needs two values).
        allow_returns: if False, negative orders (returns to the supplier) are clipped at 0.

    Returns:
        The n − p orders of periods p + 1 … n, as a float array. The first level that can
        be computed is y_(p+1); the stage is taken to start at that level, so the order of
        period p + 1 just replaces the last demand, q_(p+1) = D_p. Every later order follows
        the formula exactly.

    With z = 0 and i.i.d. demand, q_t = (1 + L/p)·D_(t−1) − (L/p)·D_(t−p−1), so
    Var(q)/Var(D) = 1 + 2L/p + 2L²/p² exactly: the lower bound of Chen et al. (2000),
    :func:`bullwhip_lower_bound`, is attained.

    Raises:
        ValueError: naming the argument, if ``demand`` has NaN or negative values or too few
            periods, ``lead_time`` is not a whole number >= 0, ``window`` is below 1, ``z``
            is negative or not finite, or z > 0 with ``window`` < 2.
    """
    lead = whole("lead_time", lead_time, minimum=0)
    p = whole("window", window, minimum=1)
    allow_returns = flag("allow_returns", allow_returns)
    z_value = non_negative("z", z)
    if z_value > MAX_Z:
        raise ValueError(f"z must be at most MAX_Z = {MAX_Z:g}, got {z!r}")
    if z_value > 0 and p < 2:
        raise ValueError(
            f"window must be >= 2 when z > 0 (a standard deviation needs two "
            f"demands), got window={p}"
        )
    d = _demand_array("demand", demand)
    if d.size < p + 1:
        raise ValueError(
            f"window = {p} needs demand to hold at least window + 1 = {p + 1} values, got {d.size}"
        )
    n = d.size
    # Moving sums of p demands: forecast for period t (1-based, t = p+1 … n) uses D_(t-p)…D_(t-1),
    # i.e. 0-based indices t-1-p … t-2.
    windows = np.lib.stride_tricks.sliding_window_view(d[: n - 1], p)  # rows: periods p+1 … n
    level = lead * windows.mean(axis=1)
    if z_value > 0:
        level = level + z_value * windows.std(axis=1, ddof=1) * math.sqrt(lead)
    orders = np.empty(n - p)
    orders[0] = d[p - 1]  # q_(p+1) = D_p: the stage starts at level y_(p+1)
    orders[1:] = level[1:] - level[:-1] + d[p : n - 1]  # q_t = y_t − y_(t−1) + D_(t−1)
    if not allow_returns:
        orders = np.maximum(orders, 0.0)
    return orders


def bullwhip_ratio(orders: Sequence[float], demand: Sequence[float]) -> float:
    """Var(orders) / Var(demand), both sample variances (ddof = 1).

    Args:
        orders: the orders a stage placed (finite; negative values are returns).
        demand: the demand it faced over the same periods (finite, >= 0, not constant).

    Returns:
        The bullwhip ratio: above 1 when the stage amplifies variability upstream.

    Raises:
        ValueError: naming the argument, if either holds fewer than two values or NaN,
            ``demand`` is negative or constant, or the two lengths differ.
    """
    q = _demand_array("orders", orders, minimum_length=2, negative=True)
    if q.ndim != 1 or q.size < 2:
        raise ValueError("orders must be a one-dimensional sequence of >= 2 values")
    if not np.all(np.isfinite(q)):
        raise ValueError("orders must not contain NaN or infinite values")
    d = _demand_array("demand", demand, minimum_length=2)
    if d.size != q.size:
        raise ValueError(
            f"demand must cover the same periods as orders: got {d.size} demands for "
            f"{q.size} orders"
        )
    var_d = float(np.var(d, ddof=1))
    if var_d == 0:
        raise ValueError("demand must vary (its variance is 0, so the ratio is undefined)")
    return float(np.var(q, ddof=1)) / var_d


def bullwhip_lower_bound(lead_time: int, window: int, correlation: float = 0.0) -> float:
    """The lower bound of Chen, Drezner, Ryan & Simchi-Levi (2000) on Var(q)/Var(D).

    For the order-up-to policy of :func:`order_up_to_orders` (level y_t = L·D̂_t + z·…,
    D̂_t the mean of the last p demands, L the lead time in the same sense as
    ``lead_time``) and demand D_t = λ + ρ·D_(t−1) + ε_t with correlation ρ in (−1, 1),
    Chen et al. (2000, Theorem 1) show

        Var(q) / Var(D) >= 1 + (2L/p + 2L²/p²) · (1 − ρ^p),

    which for independent (i.i.d.) demand, ρ = 0, is 1 + 2L/p + 2L²/p². With z = 0 the
    ratio equals the bound; z > 0 adds the variability of the safety stock.

    Args:
        lead_time: L, whole periods >= 0.
        window: p, whole number >= 1.
        correlation: ρ, the lag-one autocorrelation of demand, in (−1, 1).

    Raises:
        ValueError: naming the argument, for values outside those ranges.
    """
    lead = whole("lead_time", lead_time, minimum=0)
    p = whole("window", window, minimum=1)
    if isinstance(correlation, bool) or not isinstance(correlation, (int, float, np.number)):
        raise ValueError(f"correlation must be a number in (-1, 1), got {correlation!r}")
    try:
        rho = float(correlation)
    except OverflowError:
        raise ValueError(
            f"correlation must lie in the open interval (-1, 1), got {correlation!r}"
        ) from None
    if not (-1.0 < rho < 1.0):
        raise ValueError(f"correlation must lie in the open interval (-1, 1), got {correlation!r}")
    return 1.0 + (2.0 * lead / p + 2.0 * lead**2 / p**2) * (1.0 - rho**p)


def bullwhip_table(
    lead_times: Sequence[int] = (1, 2, 4),
    windows: Sequence[int] = (2, 5, 10, 20),
    *,
    periods: int = 20_000,
    mean: float = 100.0,
    std: float = 20.0,
    z: float = 0.0,
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """The simulated bullwhip ratio for each lead time and window, next to the bound.

    One demand series is drawn, i.i.d. normal with the given mean and standard deviation
    (values below 0, which the defaults make vanishingly rare, are set to 0), and fed to
    :func:`order_up_to_orders` for every pair (L, p).

    Args:
        lead_times: the lead times L to tabulate (whole, >= 0).
        windows: the moving-average windows p to tabulate (whole, >= 1).
        periods: length of the demand series (whole, > the largest window + 1).
        mean, std: of demand per period (finite; mean >= 0, std > 0).
        z: safety factor passed to :func:`order_up_to_orders`.
        seed: an int or a ``numpy.random.Generator`` (None for fresh randomness).

    Returns:
        One row per (L, p) with columns ``lead_time``, ``window``, ``ratio`` (simulated
        Var(q)/Var(D) over the same periods) and ``bound`` (:func:`bullwhip_lower_bound`).
    """
    leads = [
        whole("lead_times", v, minimum=0, maximum=MAX_PERIODS)
        for v in sequence("lead_times", lead_times)
    ]
    ps = [whole("windows", v, minimum=1, maximum=MAX_PERIODS) for v in sequence("windows", windows)]
    if len(leads) * len(ps) > MAX_GRID:
        raise ValueError(
            f"lead_times × windows has {len(leads) * len(ps)} pairs; at most MAX_GRID = {MAX_GRID}"
        )
    if not leads or not ps:
        raise ValueError("lead_times and windows must each hold at least one value")
    n = whole("periods", periods, minimum=max(ps) + 3, maximum=MAX_PERIODS)
    mu = non_negative("mean", mean)
    sigma = non_negative("std", std)
    if sigma == 0:
        raise ValueError("std must be a finite number > 0, got 0")
    for name, value in (("mean", mu), ("std", sigma)):
        if value > MAX_QUANTITY:
            raise ValueError(f"{name} must be at most MAX_QUANTITY = {MAX_QUANTITY:g}")
    z_value = non_negative("z", z)
    if z_value > MAX_Z:
        raise ValueError(f"z must be at most MAX_Z = {MAX_Z:g}, got {z!r}")
    rng = random_generator("seed", seed)
    demand = np.maximum(rng.normal(mu, sigma, n), 0.0)
    if not np.var(demand) > 0:
        raise ValueError(f"std = {std!r} is too small: the demand drawn does not vary")
    rows = []
    for lead in leads:
        for p in ps:
            orders = order_up_to_orders(demand, lead, p, z)
            rows.append(
                {
                    "lead_time": lead,
                    "window": p,
                    "ratio": bullwhip_ratio(orders, demand[p:]),
                    "bound": bullwhip_lower_bound(lead, p),
                }
            )
    return pd.DataFrame(rows)
