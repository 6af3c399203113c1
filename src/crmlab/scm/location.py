"""Distribution network configuration: which warehouses to open, and which stores each serves.

The model is the classic facility location problem (see Daskin 2013; Simchi-Levi,
Kaminsky & Simchi-Levi 2008 on network planning), here **capacitated with single
sourcing** by default, solved exactly as a mixed-integer linear program with
``scipy.optimize.milp`` (the HiGHS solver).

Notation: warehouses (candidate sites) i with yearly fixed cost f_i and capacity u_i;
stores j with yearly demand d_j; straight-line distance dist(i, j) in km; transport rate c
per unit per km (and c_in from the plant to a warehouse). Decision variables: y_i = 1 if
warehouse i is open, x_ij = 1 if store j is served by warehouse i. Minimise

    Σ_i m·f_i·y_i + Σ_i Σ_j d_j·(c·dist(i, j) + c_in·dist(plant, i))·x_ij

subject to: every store served by exactly one warehouse (Σ_i x_ij = 1); only by an open
one (x_ij ≤ y_i); only within the service distance (x_ij = 0 when dist(i, j) > D); and,
if capacitated, Σ_j d_j·x_ij ≤ u_i·y_i. The multiplier m scales all fixed costs (for
"what if land were dearer?").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from crmlab import _schema
from crmlab._validate import flag, non_negative, positive, sequence

#: The largest transport cost per unit per km taken (money): far above any real rate; it
#: keeps the solver's costs finite.
MAX_COST_PER_UNIT_KM = 1e6


@dataclass(frozen=True)
class LocationSolution:
    """An optimal network configuration."""

    open_warehouses: tuple[str, ...]  # ids of the warehouses opened
    assignment: pd.DataFrame  # one row per store: store, warehouse, distance_km, units, cost
    warehouses: pd.DataFrame  # one row per candidate: open, units, capacity, fixed_cost
    fixed_cost: float  # money per year (after the multiplier)
    transport_cost: float  # money per year (outbound plus inbound)
    total_cost: float  # fixed_cost + transport_cost
    max_distance_km: float | None  # the service distance used (None: no limit)
    capacitated: bool  # whether capacities were enforced


def _frames(locations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series | None]:
    if not isinstance(locations, pd.DataFrame):
        raise ValueError("locations must be a DataFrame shaped like load('locations')")
    _schema.check("locations", locations, _schema.LOCATIONS)
    w = locations[locations["type"] == "warehouse"].set_index("location_id")
    s = locations[locations["type"] == "store"].set_index("location_id")
    if w.empty or s.empty:
        raise ValueError("locations must contain at least one warehouse and one store")
    plants = locations[locations["type"] == "plant"]
    plant = None if plants.empty else plants.iloc[0]
    for col, frame, who in (
        ("annual_demand", s, "store"),
        ("fixed_cost", w, "warehouse"),
        ("capacity", w, "warehouse"),
    ):
        values = pd.to_numeric(frame[col], errors="coerce")
        if values.isna().any() or (values < 0).any():
            raise ValueError(f"locations: {col} of every {who} must be a number >= 0")
    return w, s, plant


def distances(locations: pd.DataFrame) -> pd.DataFrame:
    """Straight-line distances (km) from every candidate warehouse (rows) to every store."""
    w, s, _ = _frames(locations)
    dx = w["x_km"].to_numpy(float)[:, None] - s["x_km"].to_numpy(float)[None, :]
    dy = w["y_km"].to_numpy(float)[:, None] - s["y_km"].to_numpy(float)[None, :]
    return pd.DataFrame(np.hypot(dx, dy), index=w.index, columns=s.index)


def locate_warehouses(
    locations: pd.DataFrame | None = None,
    *,
    max_distance_km: float | None = None,
    cost_per_unit_km: float = 0.05,
    inbound_cost_per_unit_km: float = 0.02,
    fixed_cost_multiplier: float = 1.0,
    capacitated: bool = True,
) -> LocationSolution:
    """Open warehouses and assign stores so that fixed plus transport cost is least.

    Args:
        locations: a table shaped like ``crmlab.datasets.load("locations")`` (default:
            that table): warehouses (``type == "warehouse"``) with ``capacity`` (units per
            year) and ``fixed_cost`` (money per year), stores with ``annual_demand`` (units
            per year), and optionally a plant, from which inbound transport is charged.
        max_distance_km: D, the service distance: a store may only be served by a
            warehouse at most this far away, in km (> 0; None: no limit).
        cost_per_unit_km: c, outbound transport cost, warehouse to store, money per unit
            per km (> 0). Illustrative: the data set has no rates.
        inbound_cost_per_unit_km: c_in, plant to warehouse, money per unit per km (>= 0;
            full truckloads travel cheaper per unit than store deliveries).
        fixed_cost_multiplier: m, scales every warehouse's fixed cost (> 0).
        capacitated: enforce each warehouse's yearly capacity (default) or not.

    Returns:
        A :class:`LocationSolution` (an exact optimum; HiGHS's default relative gap
        tolerance is tightened to 1e-9).

    Raises:
        ValueError: naming ``max_distance_km`` if some store has no candidate warehouse
            within the service distance, or naming ``capacitated`` if the capacities
            cannot serve all stores within it; naming any argument out of range.
    """
    from crmlab import datasets

    table = datasets.load("locations") if locations is None else locations
    w, s, plant = _frames(table)
    c = positive("cost_per_unit_km", cost_per_unit_km)
    c_in = non_negative("inbound_cost_per_unit_km", inbound_cost_per_unit_km)
    for name, value in (("cost_per_unit_km", c), ("inbound_cost_per_unit_km", c_in)):
        if value > MAX_COST_PER_UNIT_KM:
            raise ValueError(
                f"{name} must be at most MAX_COST_PER_UNIT_KM = {MAX_COST_PER_UNIT_KM:g}"
            )
    m = positive("fixed_cost_multiplier", fixed_cost_multiplier)
    limit = None if max_distance_km is None else positive("max_distance_km", max_distance_km)
    capacitated = flag("capacitated", capacitated)

    dist = distances(table).to_numpy()
    demand = pd.to_numeric(s["annual_demand"]).to_numpy(float)
    fixed = m * pd.to_numeric(w["fixed_cost"]).to_numpy(float)
    capacity = pd.to_numeric(w["capacity"]).to_numpy(float)
    inbound = _inbound_km(w, plant)
    unit_cost = c * dist + c_in * inbound[:, None]  # money per unit, warehouse i to store j
    cost = demand[None, :] * unit_cost
    allowed = _within_reach(dist, limit, s.index)
    y, x = _solve(fixed, cost, allowed, demand, capacity, capacitated, limit)

    serving = x.argmax(axis=0)
    cols = np.arange(dist.shape[1])
    assignment = pd.DataFrame(
        {
            "store": s.index.to_numpy(),
            "warehouse": w.index.to_numpy()[serving],
            "distance_km": dist[serving, cols],
            "units": demand,
            "transport_cost": cost[serving, cols],
        }
    )
    units = np.array([demand[serving == i].sum() for i in range(dist.shape[0])])
    warehouses = pd.DataFrame(
        {
            "open": y,
            "units": units,
            "capacity": capacity,
            "fixed_cost": np.where(y, fixed, 0.0),
            "inbound_km": inbound,
        },
        index=w.index,
    )
    fixed_total = float(fixed[y].sum())
    transport = float(assignment["transport_cost"].sum())
    return LocationSolution(
        open_warehouses=tuple(w.index[y]),
        assignment=assignment,
        warehouses=warehouses,
        fixed_cost=fixed_total,
        transport_cost=transport,
        total_cost=fixed_total + transport,
        max_distance_km=limit,
        capacitated=capacitated,
    )


def _inbound_km(w: pd.DataFrame, plant: pd.Series | None) -> np.ndarray:
    """Distance (km) from the plant to each warehouse; zero when there is no plant."""
    if plant is None:
        return np.zeros(len(w))
    return np.hypot(
        w["x_km"].to_numpy(float) - float(plant["x_km"]),
        w["y_km"].to_numpy(float) - float(plant["y_km"]),
    )


def _within_reach(dist: np.ndarray, limit: float | None, stores: pd.Index) -> np.ndarray:
    """Which warehouse may serve which store; refuse a store no warehouse reaches."""
    allowed = np.ones_like(dist, dtype=bool) if limit is None else dist <= limit + 1e-9
    lonely = [stores[j] for j in range(dist.shape[1]) if not allowed[:, j].any()]
    if lonely:
        raise ValueError(
            f"max_distance_km = {limit} leaves stores {lonely} without any candidate "
            f"warehouse in reach; the smallest service distance that reaches every store is "
            f"{dist.min(axis=0).max():.1f} km"
        )
    return allowed


def _solve(
    fixed: np.ndarray,
    cost: np.ndarray,
    allowed: np.ndarray,
    demand: np.ndarray,
    capacity: np.ndarray,
    capacitated: bool,
    limit: float | None,
) -> tuple[np.ndarray, np.ndarray]:
    """The mixed-integer program solved by HiGHS: which warehouses open (y, one per
    warehouse) and which serves each store (x, warehouses × stores), as booleans."""
    n_w, n_s = cost.shape
    # Variables: y_0..y_{W-1}, then x_ij in row-major order (i, j) -> W + i·S + j.
    n_var = n_w + n_w * n_s
    objective = np.concatenate([fixed, cost.ravel()])
    rows, lows, highs = [], [], []
    for j in range(n_s):  # each store served exactly once
        a = np.zeros(n_var)
        a[n_w + np.arange(n_w) * n_s + j] = 1.0
        rows.append(a), lows.append(1.0), highs.append(1.0)
    for i in range(n_w):
        for j in range(n_s):  # x_ij <= y_i
            a = np.zeros(n_var)
            a[n_w + i * n_s + j], a[i] = 1.0, -1.0
            rows.append(a), lows.append(-np.inf), highs.append(0.0)
        if capacitated:  # Σ_j d_j x_ij <= u_i y_i
            a = np.zeros(n_var)
            a[n_w + i * n_s : n_w + (i + 1) * n_s] = demand
            a[i] = -capacity[i]
            rows.append(a), lows.append(-np.inf), highs.append(0.0)
    upper = np.concatenate([np.ones(n_w), allowed.ravel().astype(float)])
    result = milp(
        objective,
        constraints=LinearConstraint(np.array(rows), lows, highs),
        integrality=np.ones(n_var),
        bounds=Bounds(np.zeros(n_var), upper),
        options={"mip_rel_gap": 1e-9},
    )
    if result.status == 2 or result.x is None:
        raise ValueError(
            f"capacitated: the warehouses' capacities cannot serve every store within "
            f"max_distance_km = {limit}; allow a longer service distance or solve "
            f"with capacitated=False"
        )
    if result.status != 0:  # pragma: no cover - time limits are not set
        raise RuntimeError(f"the solver stopped: {result.message}")
    y = np.round(result.x[:n_w]).astype(bool)
    x = np.round(result.x[n_w:]).reshape(n_w, n_s).astype(bool)
    return y, x


def service_distance_table(
    locations: pd.DataFrame | None = None, distances_km=(None, 150.0, 100.0, 80.0, 60.0), **kwargs
) -> pd.DataFrame:
    """Solve :func:`locate_warehouses` for several service distances.

    Returns:
        One row per distance (``None`` shown as ``inf``), columns ``open_warehouses``
        (comma-separated ids), ``number_open``, ``fixed_cost``, ``transport_cost``,
        ``total_cost`` and ``longest_km`` (the farthest store from its warehouse). Service
        distances that no configuration can meet are left out.
    """
    distances_km = sequence("distances_km", distances_km)
    if not distances_km:
        raise ValueError("distances_km must hold at least one service distance")
    rows = []
    for d in distances_km:
        if d is not None:
            try:
                positive("distances_km", d)
            except ValueError:
                raise ValueError(
                    f"distances_km must hold None or finite distances > 0, got {d!r}"
                ) from None
        try:
            sol = locate_warehouses(locations, max_distance_km=d, **kwargs)
        except ValueError as err:
            if "max_distance_km" in str(err) or "capacitated" in str(err):
                continue
            raise
        rows.append(
            {
                "max_distance_km": float("inf") if d is None else float(d),
                "open_warehouses": ", ".join(sol.open_warehouses),
                "number_open": len(sol.open_warehouses),
                "fixed_cost": sol.fixed_cost,
                "transport_cost": sol.transport_cost,
                "total_cost": sol.total_cost,
                "longest_km": float(sol.assignment["distance_km"].max()),
            }
        )
    if not rows:
        raise ValueError(
            f"distances_km {list(distances_km)} are all too short: no configuration serves "
            "every store within any of them"
        )
    return pd.DataFrame(rows).set_index("max_distance_km")
