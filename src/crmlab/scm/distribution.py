"""Distribution strategies compared on cost and lead time: direct shipping, cross-docking,
classic warehousing.

A supplier serves ``stores`` stores, each selling ``demand_per_store`` units a week, in one
of three ways (the strategies of the book's second key issue; compared qualitatively by
Simchi-Levi, Kaminsky & Simchi-Levi 2008 and by Chopra & Meindl 2016):

* **direct shipping**: each store is replenished by its own long-haul shipment from the
  supplier; no distribution centre, no handling in between;
* **cross-docking**: the supplier sends one consolidated long-haul load for all stores to
  a distribution centre, where it is split and moved to local delivery trucks within hours,
  without storage; each store receives its share;
* **classic warehousing**: the distribution centre holds stock; it is replenished by
  long-haul loads, and the stores are replenished from its stock by local delivery runs
  on their own rhythm.

Each strategy chooses its shipment sizes by the EOQ trade-off (cost per shipment against
holding cost, at most one truckload per long-haul shipment) and holds safety stock
z·σ·sqrt(protection interval) for a cycle service level, where a store's weekly demand has
standard deviation ``demand_cv`` × demand and stores are independent. The warehouse pools
the stores' uncertainty over its long inbound lead time (risk pooling), so its safety
stock grows with sqrt(stores) rather than with stores.

All parameters are illustrative (no published data set is reproduced); they are chosen so
that each strategy wins somewhere, which is the qualitative result of the textbooks:
direct shipping pays when each store takes large volumes, cross-docking when many small
stores together fill trucks and demand is steady, classic warehousing when stores are
small and demand uncertain.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from crmlab._validate import non_negative, positive, probability_open

#: Strategy names, in the order tables and charts show them.
STRATEGIES: tuple[str, ...] = ("direct_shipping", "cross_docking", "classic_warehousing")

#: Labels for tables and charts.
STRATEGY_LABELS: dict[str, str] = {
    "direct_shipping": "Direct shipping",
    "cross_docking": "Cross-docking",
    "classic_warehousing": "Classic warehousing",
}


@dataclass(frozen=True)
class DistributionCosts:
    """Cost and time parameters of the three strategies (illustrative values).

    Money is in a generic currency unit, time in weeks unless a name says days.
    """

    truck_capacity: float = 2000.0  # units in one truckload
    long_haul_cost: float = 2000.0  # money per long-haul load (supplier to store or DC)
    local_load_cost: float = 150.0  # money per local delivery run (DC to stores)
    stop_cost: float = 25.0  # money per store delivery (unloading, paperwork), any truck
    stops_per_route: int = 8  # most stores one local delivery run visits
    holding_cost: float = 0.25  # money per unit per week held at a store
    dc_holding_cost: float = 0.04  # money per unit per week held at the DC (cheaper space)
    handling_crossdock: float = 0.10  # money per unit moved across the dock
    handling_warehouse: float = 0.30  # money per unit put away, stored and picked
    demand_cv: float = 0.4  # std / mean of one store's weekly demand
    service_level: float = 0.95  # cycle service level for safety stock
    long_haul_days: float = 4.0  # days in transit on a long-haul load
    local_days: float = 1.0  # days from DC to store on a local run
    crossdock_days: float = 0.5  # days goods spend on the cross-dock

    def __post_init__(self) -> None:
        self.validated()

    def validated(self) -> DistributionCosts:
        """Return self after checking every field (ValueError naming the field)."""
        for name in (
            "truck_capacity",
            "long_haul_cost",
            "local_load_cost",
            "holding_cost",
            "dc_holding_cost",
        ):
            positive(name, getattr(self, name))
        for name in (
            "stop_cost",
            "handling_crossdock",
            "handling_warehouse",
            "demand_cv",
            "long_haul_days",
            "local_days",
            "crossdock_days",
        ):
            non_negative(name, getattr(self, name))
        probability_open("service_level", self.service_level)
        s = self.stops_per_route
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1:
            raise ValueError(f"stops_per_route must be a whole number >= 1, got {s!r}")
        return self


def _costs(costs: object) -> DistributionCosts:
    if costs is None:
        return DistributionCosts()
    if not isinstance(costs, DistributionCosts):
        raise ValueError(f"costs must be a DistributionCosts or None, got {costs!r}")
    return costs.validated()


#: Candidate shipment sizes searched, as weeks of the volume they serve (1/7 day to a year).
_COVER_WEEKS = np.geomspace(1.0 / 49.0, 52.0, 241)


def _best_cycle(fixed, per_load, capacity, volume, holding):
    """Choose the delivery cycle (weeks of volume per shipment) by search.

    Weekly cost of a cycle covering c weeks: a shipment of q = volume·c units costs
    ``fixed`` plus ``per_load`` for each truck it needs, max(1, q/capacity) trucks (a
    continuous count), so per week (fixed + per_load·max(1, q/capacity))/c; holding half
    a shipment on average costs holding·q/2. Returns the best shipment size q and its
    weekly transport and cycle-stock costs (arrays shaped like ``volume``).
    """
    c = _COVER_WEEKS[:, None]
    q = volume[None, :] * c
    trucks = np.maximum(1.0, q / capacity)
    transport = (fixed + per_load * trucks) / c
    stock = holding * q / 2.0
    best = np.argmin(transport + stock, axis=0)
    cols = np.arange(volume.size)
    return q[best, cols], transport[best, cols], stock[best, cols]


def _strategy_costs(d: np.ndarray, n: np.ndarray, p: DistributionCosts) -> dict[str, dict]:
    """Weekly costs of each strategy for arrays of demand per store d and store counts n."""
    z = float(norm.ppf(p.service_level))
    h = p.holding_cost
    cap = p.truck_capacity
    sigma = p.demand_cv * d  # std of one store's weekly demand
    total = n * d  # units per week through the system
    routes = np.ceil(n / p.stops_per_route)  # local runs needed to visit every store once
    out: dict[str, dict] = {}

    # Direct shipping: each store its own long-haul shipment (one stop per shipment).
    q, transport, stock = _best_cycle(p.stop_cost, p.long_haul_cost, cap, d, h)
    lead = p.long_haul_days / 7.0
    out["direct_shipping"] = {
        "transport": n * transport,
        "handling": np.zeros_like(total),
        "cycle_stock": n * stock,
        "safety_stock": n * h * z * sigma * np.sqrt(lead + q / d),
        "shipment_size": q,
        "lead_time_days": np.full_like(total, p.long_haul_days),
    }

    # Cross-docking: consolidated inbound loads, split at once to all stores, so every
    # inbound delivery triggers a round of local runs visiting every store.
    per_load = p.long_haul_cost + p.local_load_cost
    # Local runs: one per truckload (in the per-load cost), and at least one per route.
    fixed = n * p.stop_cost + np.maximum(routes - 1.0, 0.0) * p.local_load_cost
    q, transport, stock = _best_cycle(fixed, per_load, cap, total, h)
    lead_days = p.long_haul_days + p.crossdock_days + p.local_days
    out["cross_docking"] = {
        "transport": transport,
        "handling": p.handling_crossdock * total,
        "cycle_stock": stock,  # each store holds its share q/n, half on average
        "safety_stock": n * h * z * sigma * np.sqrt(lead_days / 7.0 + q / total),
        "shipment_size": q / n,
        "lead_time_days": np.full_like(total, lead_days),
    }

    # Classic warehousing: DC stock fed by long-haul loads; stores fed from DC stock by
    # delivery rounds on their own rhythm.
    q_in, t_in, s_in = _best_cycle(0.0, p.long_haul_cost, cap, total, p.dc_holding_cost)
    fixed_out = n * p.stop_cost + np.maximum(routes - 1.0, 0.0) * p.local_load_cost
    q_out, t_out, s_out = _best_cycle(fixed_out, p.local_load_cost, cap, total, h)
    dc_safety = z * sigma * np.sqrt(n) * np.sqrt(p.long_haul_days / 7.0 + q_in / total)
    store_safety = n * z * sigma * np.sqrt(p.local_days / 7.0 + q_out / total)
    out["classic_warehousing"] = {
        "transport": t_in + t_out,
        "handling": p.handling_warehouse * total,
        "cycle_stock": s_in + s_out,
        "safety_stock": p.dc_holding_cost * dc_safety + h * store_safety,
        "shipment_size": q_out / n,
        "lead_time_days": np.full_like(total, p.local_days),
    }
    for parts in out.values():
        weekly = parts["transport"] + parts["handling"] + parts["cycle_stock"]
        parts["total"] = weekly + parts["safety_stock"]
        parts["cost_per_unit"] = parts["total"] / total
    return out


#: The largest demand per store or number of stores :func:`strategy_grid` tabulates.
MAX_GRID_VALUE = 1e9


def _check_grid_values(name: str, values, *, whole_numbers: bool) -> np.ndarray:
    if isinstance(values, (str, bytes, dict)) or (
        hasattr(values, "__len__") and any(isinstance(v, (bool, np.bool_, str)) for v in values)
    ):
        raise ValueError(f"{name} must be numbers > 0, got {values!r}")
    try:
        arr = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be finite numbers > 0, got {values!r}") from None
    if arr.size and np.all(np.isfinite(arr)) and arr.max() > MAX_GRID_VALUE:
        raise ValueError(f"{name} must be at most MAX_GRID_VALUE = {MAX_GRID_VALUE:g}")
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must be finite numbers > 0, got {values!r}")
    if whole_numbers and not np.all(arr == np.round(arr)):
        raise ValueError(f"{name} must be whole numbers >= 1, got {values!r}")
    return arr


def compare_strategies(
    demand_per_store: float, stores: int, costs: DistributionCosts | None = None
) -> pd.DataFrame:
    """Weekly cost, cost per unit and lead time of the three distribution strategies.

    Args:
        demand_per_store: d, units each store sells per week (> 0).
        stores: n, number of stores served (whole, >= 1).
        costs: the parameters (default :class:`DistributionCosts`, illustrative).

    Returns:
        Indexed by strategy (:data:`STRATEGIES`), columns ``transport``, ``handling``,
        ``cycle_stock``, ``safety_stock`` (weekly costs of each kind; the last two are
        holding costs), ``total`` (money per week), ``cost_per_unit`` (money per unit
        sold), ``shipment_size`` (units a store receives per delivery) and
        ``lead_time_days`` (from the store's order to its delivery).

    Raises:
        ValueError: naming the argument or the cost field that is out of range.
    """
    d = positive("demand_per_store", demand_per_store)
    if isinstance(stores, bool) or not isinstance(stores, (int, np.integer)) or stores < 1:
        raise ValueError(f"stores must be a whole number >= 1, got {stores!r}")
    for name, value in (("demand_per_store", d), ("stores", stores)):
        if value > MAX_GRID_VALUE:
            raise ValueError(f"{name} must be at most MAX_GRID_VALUE = {MAX_GRID_VALUE:g}")
    p = _costs(costs)
    with np.errstate(all="ignore"):
        res = _strategy_costs(np.array([d]), np.array([float(stores)]), p)
    rows = {s: {k: float(v[0]) for k, v in res[s].items()} for s in STRATEGIES}
    if not all(np.isfinite(v) for row in rows.values() for v in row.values()):
        raise ValueError(
            f"demand_per_store = {d!r} is too small: the cost per unit overflows a float"
        )
    cols = [
        "transport",
        "handling",
        "cycle_stock",
        "safety_stock",
        "total",
        "cost_per_unit",
        "shipment_size",
        "lead_time_days",
    ]
    return pd.DataFrame.from_dict(rows, orient="index")[cols]


def strategy_grid(demand_per_store, stores, costs: DistributionCosts | None = None) -> pd.DataFrame:
    """Cost per unit of each strategy over a grid, and the cheapest strategy per cell.

    Args:
        demand_per_store: a sequence of weekly demands per store (each > 0).
        stores: a sequence of store counts (each a whole number >= 1).
        costs: the parameters (default :class:`DistributionCosts`, illustrative).

    Returns:
        One row per (demand_per_store, stores) pair, columns ``demand_per_store``,
        ``stores``, ``direct_shipping``, ``cross_docking``, ``classic_warehousing`` (cost
        per unit sold of each), ``winner`` (the cheapest; ties go to the strategy listed
        first) and ``lead_time_days`` of the winner.
    """
    d = _check_grid_values("demand_per_store", demand_per_store, whole_numbers=False)
    n = _check_grid_values("stores", stores, whole_numbers=True)
    p = _costs(costs)
    dd, nn = np.meshgrid(d, n, indexing="ij")
    dd, nn = dd.ravel(), nn.ravel()
    res = _strategy_costs(dd, nn, p)
    table = pd.DataFrame({"demand_per_store": dd, "stores": nn.astype(int)})
    for s in STRATEGIES:
        table[s] = res[s]["cost_per_unit"]
    costs_matrix = table[list(STRATEGIES)].to_numpy()
    best = np.argmin(costs_matrix, axis=1)
    table["winner"] = [STRATEGIES[i] for i in best]
    leads = np.column_stack([res[s]["lead_time_days"] for s in STRATEGIES])
    table["lead_time_days"] = leads[np.arange(len(best)), best]
    return table


def cost_parameters_table(costs: DistributionCosts | None = None) -> pd.DataFrame:
    """The parameters with their values and units, for display."""
    p = _costs(costs)
    units = {
        "truck_capacity": "units per truckload",
        "long_haul_cost": "money per long-haul load",
        "local_load_cost": "money per local delivery run",
        "stop_cost": "money per store delivery",
        "stops_per_route": "stores per local run (at most)",
        "holding_cost": "money per unit per week at a store",
        "dc_holding_cost": "money per unit per week at the DC",
        "handling_crossdock": "money per unit cross-docked",
        "handling_warehouse": "money per unit stored and picked",
        "demand_cv": "std / mean of weekly store demand",
        "service_level": "cycle service level",
        "long_haul_days": "days",
        "local_days": "days",
        "crossdock_days": "days",
    }
    values = asdict(p)
    return pd.DataFrame(
        {"value": [values[k] for k in units], "unit": list(units.values())}, index=list(units)
    )


__all__ = [
    "STRATEGIES",
    "STRATEGY_LABELS",
    "DistributionCosts",
    "compare_strategies",
    "strategy_grid",
    "cost_parameters_table",
]
