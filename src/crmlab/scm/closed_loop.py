"""The CRM–SCM closed loop: customer signals feed an upstream stage's replenishment.

A two-stage chain. A **retailer** sells to end customers and orders from an **upstream
stage** (a manufacturer or distributor) with the order-up-to policy of the bullwhip model:
its level is y_τ = L_r × (mean of the last ``window`` sales) and its order q_τ = y_τ −
y_(τ−1) + D_(τ−1) (Chen, Drezner, Ryan & Simchi-Levi 2000, with z = 0; orders may be
negative, i.e. returns, so the identities below are exact).

The upstream stage fills the retailer's orders from stock (shortages are backordered) and
replenishes with a production lead time of ``lead_time`` periods. Each period, after
shipping, it raises its inventory position (on hand − backlog + in production) to an
order-up-to level S_t = F_t + z·σ_t, where F_t forecasts the retailer's orders over the
next ``lead_time + 1`` periods (the protection interval) and σ_t is the standard deviation
of that forecast's past errors (the last ``history`` errors it could already check). What
differs is the information the forecast uses:

* ``"orders"``: only the retailer's orders (their moving average over ``window`` periods):
  the classic chain, in which each stage sees only its neighbour;
* ``"pos"``: the point-of-sale demand the CRM system records, and the retailer's
  ordering rule: the stage projects the retailer's next orders from the sales, using
  Σ_(k=1..L+1) q_(τ+k) = y_(τ+L+1) − y_τ + Σ_(k=0..L) D_(τ+k), with future sales forecast
  by their moving average;
* ``"pos_pipeline"``: the same plus the CRM **sales pipeline**: end demand is D_τ = λ +
  A_τ + E_τ, where the deal component A_τ (standard deviation ``pipeline_std``) is known
  ``pipeline_lead`` periods in advance and E_τ (``noise_std``) is not. The stage adds the
  known A's to its sales forecast.

All three use the same demand (common random numbers, drawn from ``seed``), the same
target z (from ``service_level``) and the same costs, so the differences in cost and
service come from the information alone. Parameters are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from crmlab._validate import (
    MAX_PERIODS,
    non_negative,
    positive,
    probability_open,
    random_generator,
    sequence,
    whole,
)

#: The information settings, from least to most customer information.
SIGNALS: tuple[str, ...] = ("orders", "pos", "pos_pipeline")

#: Labels for tables and charts.
SIGNAL_LABELS: dict[str, str] = {
    "orders": "Retailer orders only",
    "pos": "POS data shared",
    "pos_pipeline": "POS data + sales pipeline",
}

#: The largest mean demand or standard deviation (units per period) the simulation takes:
#: a trillion units, far above any teaching case; larger values make the orders and costs
#: overflow to inf.
MAX_DEMAND = 1e12


@dataclass(frozen=True)
class ClosedLoopResult:
    """One simulated run of the upstream stage."""

    signal: str  # which information the forecast used
    history: pd.DataFrame  # one row per measured period (numbered from 1)
    holding_cost: float  # average holding cost per period
    backorder_cost: float  # average backorder cost per period
    total_cost: float  # holding_cost + backorder_cost
    fill_rate: float  # share of the retailer's ordered units shipped from stock at once
    cycle_service_level: float  # share of periods that end without backlog
    average_inventory: float  # mean on-hand stock at the end of a period (units)
    bullwhip: float  # Var(production orders) / Var(end-customer demand)


def _rng(seed) -> np.random.Generator:
    return random_generator("seed", seed)


def _levels(demand: np.ndarray, lead: int, window: int) -> np.ndarray:
    """y_τ = lead × mean(D_(τ−window) … D_(τ−1)) for τ = window … n (0-based positions)."""
    c = np.concatenate([[0.0], np.cumsum(demand)])
    return lead * (c[window:] - c[:-window]) / window


def simulate_closed_loop(
    signal: str = "orders",
    *,
    periods: int = 520,
    warmup: int = 52,
    mean_demand: float = 100.0,
    pipeline_std: float = 15.0,
    noise_std: float = 10.0,
    pipeline_lead: int = 4,
    retailer_lead_time: int = 2,
    window: int = 4,
    lead_time: int = 2,
    service_level: float = 0.95,
    holding_cost: float = 1.0,
    backorder_cost: float = 4.0,
    history: int = 52,
    seed: int | np.random.Generator | None = 0,
) -> ClosedLoopResult:
    """Simulate the upstream stage with the information of ``signal``.

    Args:
        signal: ``"orders"``, ``"pos"`` or ``"pos_pipeline"`` (see the module docstring).
        periods: measured periods (whole, >= 10); ``warmup`` (whole, >= 0) more run first
            and are left out of the measures.
        mean_demand: λ, mean end-customer demand per period (units, > 0; this and the
            two standard deviations at most :data:`MAX_DEMAND`).
        pipeline_std: standard deviation of the demand component the sales pipeline
            announces in advance (units per period, >= 0).
        noise_std: standard deviation of the component nobody can foresee (units, >= 0).
        pipeline_lead: how many periods ahead the pipeline announces demand (whole, >= 1).
        retailer_lead_time: L_r, the retailer's lead time in its order-up-to level (whole,
            >= 1).
        window: periods in every moving average, the retailer's and the upstream
            stage's (whole, >= 2).
        lead_time: L, the upstream stage's production lead time (whole, >= 0): an order
            placed at the end of period t arrives at the start of period t + L + 1.
        service_level: the cycle service level that sets z = Φ⁻¹(service_level), in (0, 1).
        holding_cost: h, money per unit on hand at the end of a period (> 0).
        backorder_cost: b, money per unit backordered at the end of a period (> 0).
        history: how many past forecast errors set σ_t (whole, >= 5).
        seed: int, None or numpy Generator for the demand draws.

    Returns:
        A :class:`ClosedLoopResult`; its ``history`` has columns ``period``,
        ``pos_demand``, ``retailer_order``, ``forecast`` (F_t), ``order_up_to`` (S_t),
        ``production_order``, ``inventory`` (on hand), ``backlog`` and ``cost``.

    Raises:
        ValueError: naming the argument that is out of range or unknown.
    """
    if signal not in SIGNALS:
        raise ValueError(f"signal must be one of {list(SIGNALS)}, got {signal!r}")
    n_measured = whole("periods", periods, minimum=10, maximum=MAX_PERIODS)
    n_warm = whole("warmup", warmup, minimum=0, maximum=MAX_PERIODS)
    mu = positive("mean_demand", mean_demand)
    s_a = non_negative("pipeline_std", pipeline_std)
    s_e = non_negative("noise_std", noise_std)
    for name, value in (("mean_demand", mu), ("pipeline_std", s_a), ("noise_std", s_e)):
        if value > MAX_DEMAND:
            raise ValueError(f"{name} must be at most MAX_DEMAND = {MAX_DEMAND:g}, got {value:g}")
    k_pipe = whole("pipeline_lead", pipeline_lead, minimum=1)
    l_r = whole("retailer_lead_time", retailer_lead_time, minimum=1)
    w = whole("window", window, minimum=2)
    lead = whole("lead_time", lead_time, minimum=0)
    z = float(norm.ppf(probability_open("service_level", service_level)))
    h = positive("holding_cost", holding_cost)
    b = positive("backorder_cost", backorder_cost)
    n_hist = whole("history", history, minimum=5)
    rng = _rng(seed)

    horizon = lead + 1
    n_up = n_warm + n_measured  # upstream periods simulated
    # Demand positions: enough history for the first forecasts, the run, and a look-ahead.
    start = 2 * w + 2
    n_dem = start + n_up + horizon + k_pipe + 1
    demand, deals, y, orders = _retail_chain(rng, n_dem, mu, s_a, s_e, l_r, w)
    # The forecasts use only exogenous data (sales, deals, the retailer's orders), so they
    # are computed for all periods at once; only the stock recursion is sequential.
    taus = start + np.arange(n_up)  # the retailer order of position tau arrives in period t
    c_ord = np.concatenate([[0.0], np.cumsum(np.nan_to_num(orders))])
    forecasts = _forecasts(signal, taus, c_ord, demand, deals, y, horizon, w, l_r, k_pipe)
    sigma = _forecast_sigma(forecasts, taus, c_ord, orders, horizon, n_hist, w, start)
    levels_s = forecasts + z * sigma
    produced, inv, back, filled = _upstream_stock(orders[taus], levels_s, mu, horizon)

    m = slice(n_warm, n_up)
    pos = demand[start + n_warm : start + n_up]
    ret = orders[start + n_warm : start + n_up]
    cost = h * inv[m] + b * back[m]
    table = pd.DataFrame(
        {
            "period": np.arange(1, n_measured + 1),
            "pos_demand": pos,
            "retailer_order": ret,
            "forecast": forecasts[m],
            "order_up_to": levels_s[m],
            "production_order": produced[m],
            "inventory": inv[m],
            "backlog": back[m],
            "cost": cost,
        }
    )
    positive_orders = np.clip(ret, 0.0, None).sum()
    var_d = float(np.var(pos, ddof=1))
    return ClosedLoopResult(
        signal=signal,
        history=table,
        holding_cost=float(h * inv[m].mean()),
        backorder_cost=float(b * back[m].mean()),
        total_cost=float(cost.mean()),
        fill_rate=float(filled[m].sum() / positive_orders) if positive_orders > 0 else 1.0,
        cycle_service_level=float(np.mean(back[m] <= 1e-9)),
        average_inventory=float(inv[m].mean()),
        bullwhip=float(np.var(produced[m], ddof=1) / var_d) if var_d > 0 else float("nan"),
    )


# ---- the steps of one run -----------------------------------------------------------------


def _retail_chain(
    rng: np.random.Generator, n_dem: int, mu: float, s_a: float, s_e: float, l_r: int, w: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """End demand D = λ + A + E, the pipeline's deals A, the retailer's order-up-to levels y
    and its orders q (NaN before the first full window)."""
    deals = rng.normal(0.0, 1.0, n_dem) * s_a
    noise = rng.normal(0.0, 1.0, n_dem) * s_e
    demand = mu + deals + noise
    y = np.full(n_dem + 1, np.nan)
    y[w:] = _levels(demand, l_r, w)  # y[τ] uses demand[τ−w .. τ−1]
    orders = np.full(n_dem, np.nan)
    orders[w + 1 :] = y[w + 1 : n_dem] - y[w : n_dem - 1] + demand[w : n_dem - 1]
    return demand, deals, y, orders


def _forecasts(
    signal: str,
    taus: np.ndarray,
    c_ord: np.ndarray,
    demand: np.ndarray,
    deals: np.ndarray,
    y: np.ndarray,
    horizon: int,
    w: int,
    l_r: int,
    k_pipe: int,
) -> np.ndarray:
    """F_t, the upstream stage's forecast of the retailer's orders over the next ``horizon``
    periods, from the information of ``signal``."""
    if signal == "orders":
        return horizon * (c_ord[taus + 1] - c_ord[taus + 1 - w]) / w
    steady = demand - deals  # what remains when the announced deals are taken out
    c_dem = np.concatenate([[0.0], np.cumsum(steady if signal == "pos_pipeline" else demand)])
    level = (c_dem[taus + 1] - c_dem[taus + 1 - w]) / w
    offsets = np.arange(-w, horizon)  # path positions tau - w .. tau + horizon - 1
    pos_idx = taus[:, None] + offsets[None, :]
    path = demand[pos_idx]
    future = offsets[None, :] > 0
    guess = np.broadcast_to(level[:, None], path.shape).copy()
    if signal == "pos_pipeline":
        visible = future & (offsets[None, :] <= k_pipe)
        guess = guess + np.where(visible, deals[pos_idx], 0.0)
    path = np.where(future, guess, path)
    y_end = l_r * path[:, horizon : horizon + w].mean(axis=1)
    return y_end - y[taus] + path[:, w : w + horizon].sum(axis=1)


def _forecast_sigma(
    forecasts: np.ndarray,
    taus: np.ndarray,
    c_ord: np.ndarray,
    orders: np.ndarray,
    horizon: int,
    n_hist: int,
    w: int,
    start: int,
) -> np.ndarray:
    """σ_t: the standard deviation of the last ``n_hist`` forecast errors already checked
    in period t (before five are known, that of the early orders over the horizon)."""
    n_up = len(taus)
    actual = c_ord[taus + 1 + horizon] - c_ord[taus + 1]  # orders of tau+1 .. tau+horizon
    errors = actual - forecasts  # error of the forecast made in period t, known at t+horizon
    c1 = np.concatenate([[0.0], np.cumsum(errors)])
    c2 = np.concatenate([[0.0], np.cumsum(errors**2)])
    last = np.arange(n_up) - horizon  # newest error already checked in period t
    first = np.maximum(0, last - n_hist + 1)
    count = np.maximum(last - first + 1, 0)
    s1 = c1[np.maximum(last + 1, 0)] - c1[first]
    s2 = c2[np.maximum(last + 1, 0)] - c2[first]
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (s2 - s1 * s1 / count) / (count - 1)
    early = float(np.std(orders[w + 1 : start + 1], ddof=1)) * np.sqrt(horizon)
    return np.where(count >= 5, np.sqrt(np.maximum(var, 0.0)), early)


def _upstream_stock(
    incoming: np.ndarray, levels_s: np.ndarray, mu: float, horizon: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The upstream stage period by period: ship the retailer's order from stock, then
    produce up to S_t. Returns production orders, on hand, backlog and units filled."""
    n_up = len(incoming)
    net = mu * horizon  # net inventory (on hand − backlog): start with a lead time's cover
    arriving = [0.0] * (n_up + horizon + 1)
    for j in range(horizon):
        arriving[j] = mu  # production already under way at the start
    pipe = mu * horizon  # units ordered but not yet arrived
    demand_up = incoming.tolist()
    target = levels_s.tolist()
    produced = np.zeros(n_up)
    inv = np.zeros(n_up)
    back = np.zeros(n_up)
    filled = np.zeros(n_up)
    for t in range(n_up):
        net += arriving[t]
        pipe -= arriving[t]
        o = demand_up[t]
        filled[t] = min(max(o, 0.0), max(net, 0.0))
        net -= o
        inv[t], back[t] = max(net, 0.0), max(-net, 0.0)
        q = max(0.0, target[t] - (net + pipe))
        produced[t] = q
        arriving[t + horizon] += q
        pipe += q
    return produced, inv, back, filled


def compare_signals(signals=SIGNALS, **kwargs) -> pd.DataFrame:
    """Run :func:`simulate_closed_loop` for each signal with the same demand and settings.

    Returns:
        Indexed by signal, columns ``total_cost``, ``holding_cost``, ``backorder_cost``
        (averages per period), ``fill_rate``, ``cycle_service_level``,
        ``average_inventory`` and ``bullwhip``.
    """
    names = sequence("signals", signals)
    if not names or any(s not in SIGNALS for s in names):
        raise ValueError(f"signals must be a non-empty list from {list(SIGNALS)}, got {signals!r}")
    rows = {}
    for s in names:
        r = simulate_closed_loop(s, **kwargs)
        rows[s] = {
            "total_cost": r.total_cost,
            "holding_cost": r.holding_cost,
            "backorder_cost": r.backorder_cost,
            "fill_rate": r.fill_rate,
            "cycle_service_level": r.cycle_service_level,
            "average_inventory": r.average_inventory,
            "bullwhip": r.bullwhip,
        }
    return pd.DataFrame.from_dict(rows, orient="index")
