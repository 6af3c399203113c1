"""Capacity planning: the "closed loop" of closed-loop MRP.

**Capacity requirements planning (CRP)** turns planned orders into hours of work per work
centre and period, using each item's **routing** (the operations that make it, with a setup
time per order and a run time per unit) and compares that load with the hours each **work
centre** has (Vollmann et al. 2005). Here an order's operations are all loaded in
its release period (the example plant's lead times are one week).

**Rough-cut capacity planning (RCCP)** checks the master schedule itself against key
resources before MRP runs, with a **bill of resources**: the run hours one unit of an end
item needs at each work centre, through its whole bill of materials.

:func:`closed_loop` adds the feedback step: while a work centre is overloaded, build part
of an end item one period earlier (move master-schedule quantity forward), run MRP again
and re-check; when no move can remove an overload, declare the master schedule infeasible.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from crmlab import _schema
from crmlab._validate import non_negative_series, whole
from crmlab.erp.bom import bom_graph
from crmlab.erp.mrp import MRPPlan, mrp

__all__ = [
    "ClosedLoopResult",
    "bill_of_resources",
    "capacity_report",
    "closed_loop",
    "load_profile",
    "rough_cut_capacity",
]

_TOL = 1e-9


def _routings(routings: object) -> pd.DataFrame:
    return _schema.check("routings", routings, _schema.ROUTINGS)


def _capacity(work_centres: object) -> pd.Series:
    _schema.check("work_centres", work_centres, _schema.WORK_CENTRE_CAPACITY)
    return work_centres.set_index("work_centre")["capacity_hours_per_week"].astype(float)


def load_profile(orders: pd.DataFrame, routings: pd.DataFrame) -> pd.DataFrame:
    """Hours of work per work centre and period from orders (CRP's load).

    Args:
        orders: items × periods, units released (e.g. ``MRPPlan.planned_order_releases``).
            Items without a routing (purchased items) add no load.
        routings: ``item_id, work_centre, setup_hours, run_hours`` (the ``routings``
            dataset). Each order costs its setup hours once and run hours per unit.

    Returns:
        Work centres × periods, load in hours.
    """
    r = _routings(routings)
    _schema.quantities("orders", orders, "items × periods")
    made = r[r["item_id"].isin(orders.index)]
    centres = sorted(r["work_centre"].unique())
    load = pd.DataFrame(0.0, index=pd.Index(centres, name="work_centre"), columns=orders.columns)
    for op in made.itertuples(index=False):
        q = orders.loc[op.item_id].to_numpy(dtype=float)
        load.loc[op.work_centre] += np.where(q > _TOL, op.setup_hours + op.run_hours * q, 0.0)
    return load


def capacity_report(load: pd.DataFrame, work_centres: pd.DataFrame) -> pd.DataFrame:
    """Load against capacity, one row per work centre and period.

    Returns:
        Columns ``work_centre, period, load_hours, capacity_hours, utilisation`` (load /
        capacity) and ``overload_hours`` (load above capacity, else 0).

    Raises:
        ValueError: if ``load`` names a work centre that ``work_centres`` lacks.
    """
    cap = _capacity(work_centres)
    _schema.quantities("load", load, "work centres × periods (hours)")
    unknown = sorted(set(load.index) - set(cap.index))
    if unknown:
        raise ValueError(f"work_centres lacks the work centres {unknown}")
    long = load.stack().rename("load_hours").reset_index()
    long.columns = ["work_centre", "period", "load_hours"]
    long["capacity_hours"] = long["work_centre"].map(cap)
    with np.errstate(divide="ignore", invalid="ignore"):
        long["utilisation"] = long["load_hours"] / long["capacity_hours"]
    long["overload_hours"] = (long["load_hours"] - long["capacity_hours"]).clip(lower=0.0)
    return long


def bill_of_resources(bom: object, routings: pd.DataFrame) -> pd.DataFrame:
    """Run hours per unit of each top-level item at each work centre, through its whole BOM.

    Returns:
        Items with no parent × work centres, hours per unit (setup times left out: they
        depend on lot sizes, which rough-cut planning does not know).
    """
    graph = bom_graph(bom)
    r = _routings(routings)
    run = r.groupby(["item_id", "work_centre"])["run_hours"].sum().unstack(fill_value=0.0)
    centres = list(run.columns)
    per_unit = {}
    for item in reversed(list(nx.topological_sort(graph))):
        own = run.loc[item].to_numpy() if item in run.index else np.zeros(len(centres))
        total = own.copy()
        for child in graph.successors(item):
            total = total + graph.edges[item, child]["quantity"] * per_unit[child]
        per_unit[item] = total
    if graph.number_of_nodes() == 0:
        raise ValueError("bom must hold at least one line")
    tops = sorted((i for i in graph if graph.in_degree(i) == 0), key=str)
    out = pd.DataFrame([per_unit[i] for i in tops], index=pd.Index(tops, name="item"))
    out.columns = pd.Index(centres, name="work_centre")
    return out


def rough_cut_capacity(
    mps: Mapping[str, object], bom: object, routings: pd.DataFrame, work_centres: pd.DataFrame
) -> pd.DataFrame:
    """Rough-cut capacity planning: the master schedule's load on every work centre.

    Each period's master-schedule quantity times the bill of resources, loaded in that
    period (no lead-time offset, no stock): the quick check before MRP runs.

    Returns:
        The :func:`capacity_report` of that load.
    """
    if not isinstance(mps, Mapping) or not mps:
        raise ValueError("mps must be a non-empty dict item → list of quantities")
    bor = bill_of_resources(bom, routings)
    unknown = [i for i in mps if i not in bor.index]
    if unknown:
        raise ValueError(f"mps names items that are not end items of the BOM: {unknown}")
    series = {i: non_negative_series(f"mps[{i!r}]", v) for i, v in mps.items()}
    lengths = {len(v) for v in series.values()}
    if len(lengths) != 1:
        raise ValueError("mps lists must all have the same length")
    T = lengths.pop()
    sched = pd.DataFrame(
        series,
        index=pd.RangeIndex(1, T + 1, name="period"),
    )
    if (sched < 0).any().any() or not np.isfinite(sched.to_numpy()).all():
        raise ValueError("mps quantities must be finite numbers >= 0")
    if (sched > _schema.MAX_QUANTITY).any().any():
        raise ValueError(f"mps quantities must be at most {_schema.MAX_QUANTITY:g}")
    load = bor.loc[sched.columns].T @ sched.T
    load.columns.name = "period"
    return capacity_report(load, work_centres)


@dataclass(frozen=True)
class ClosedLoopResult:
    """The outcome of :func:`closed_loop`."""

    feasible: bool  # no work centre overloaded in the final plan
    plan: MRPPlan  # the final plan (with the moved orders firmed)
    report: pd.DataFrame  # capacity_report of the final plan
    initial_plan: MRPPlan  # the plan before any feedback
    initial_report: pd.DataFrame  # capacity_report of the first plan
    moves: pd.DataFrame  # item, work_centre, from_period, to_period, quantity (releases)
    firm_planned_orders: dict  # item → {period: units}: the receipts the loop fixed
    iterations: int  # MRP runs
    message: str


def closed_loop(
    mps: Mapping[str, object],
    bom: object,
    lead_times: Mapping[str, int],
    routings: pd.DataFrame,
    work_centres: pd.DataFrame,
    *,
    max_iterations: int = 500,
    **mrp_options: object,
) -> ClosedLoopResult:
    """Plan, check capacity, re-plan: closed-loop MRP with a move-earlier feedback rule.

    Each round runs :func:`crmlab.erp.mrp.mrp`, loads the planned orders on the work
    centres (:func:`load_profile`) and takes the latest overloaded period t and its most
    overloaded work centre. It then moves part of a planned order released in t that
    uses that work centre (largest load first) to the latest earlier period with spare
    capacity there: just enough units to remove the overload, as many as fit (the rest
    stays: the order is split, and a split pays a second setup). It firms that item's
    planned orders so the next MRP run keeps them, and MRP re-plans the components for
    the earlier release. Moving earlier keeps every due date; it costs holding stock.
    The loop stops when no work centre is overloaded (feasible), or when an overload has
    no earlier period with spare capacity, as always in period 1 (infeasible: the master
    schedule must change or capacity be added, e.g. overtime).

    Args:
        mps, bom, lead_times: as for :func:`crmlab.erp.mrp.mrp`.
        routings, work_centres: the ``routings`` and ``work_centres`` tables.
        max_iterations: the most MRP runs (whole number >= 1).
        **mrp_options: ``on_hand``, ``scheduled_receipts``, ``lot_sizing``,
            ``safety_stock``, passed to MRP.
    """
    rounds = whole("max_iterations", max_iterations, minimum=1)
    unknown = set(mrp_options) - {"on_hand", "scheduled_receipts", "lot_sizing", "safety_stock"}
    if unknown:
        raise ValueError(f"mrp_options may not include {sorted(unknown)}")
    r = _routings(routings)
    per_op = r.groupby(["work_centre", "item_id"])[["setup_hours", "run_hours"]].sum()
    firm: dict = {}
    moves = []
    initial = initial_plan = None
    message = ""
    feasible = False
    iteration = 0
    for iteration in range(1, rounds + 1):  # noqa: B007 (reported in the result)
        plan = mrp(mps, bom, lead_times, firm_planned_orders=firm, **mrp_options)
        report = capacity_report(load_profile(plan.planned_order_releases, r), work_centres)
        if initial is None:
            initial, initial_plan = report, plan
        over = report[report["overload_hours"] > 1e-6]
        if over.empty:
            feasible, message = True, "no work centre is overloaded"
            break
        t = int(over["period"].max())
        worst = over[over["period"] == t].sort_values("overload_hours").iloc[-1]
        wc, excess = worst["work_centre"], float(worst["overload_hours"])
        runs = per_op.loc[wc]
        releases = plan.planned_order_releases
        candidates = [i for i in runs.index if i in releases.index and releases.loc[i, t] > _TOL]
        candidates.sort(key=lambda i: -releases.loc[i, t] * runs.loc[i, "run_hours"])
        at_wc = report[report["work_centre"] == wc].set_index("period")
        spare = (at_wc["capacity_hours"] - at_wc["load_hours"]).to_dict()
        move = None
        for item in candidates:
            run, setup = runs.loc[item, "run_hours"], runs.loc[item, "setup_hours"]
            if run <= 0:
                continue
            need = float(math.ceil(excess / run - 1e-9))
            for s_ in range(t - 1, 0, -1):
                room = spare[s_] - (setup if releases.loc[item, s_] <= _TOL else 0.0)
                fits = float(math.floor(room / run + 1e-9))
                qty = min(float(releases.loc[item, t]), need, fits)
                if qty >= 1:
                    move = (item, s_, qty)
                    break
            if move:
                break
        if move is None:
            message = (
                f"{wc} is overloaded by {excess:.1f} hours in period {t}, and no earlier "
                f"period has spare capacity there: the plan is infeasible without more "
                f"capacity or a changed master schedule"
            )
            break
        item, s_, qty = move
        lead = plan.lead_times[item]
        receipts = plan.record(item).loc["planned_order_receipts"]
        fixed = {int(p): float(q) for p, q in receipts.items() if q > _TOL}
        fixed[t + lead] -= qty
        fixed[s_ + lead] = fixed.get(s_ + lead, 0.0) + qty
        firm[item] = {p: q for p, q in fixed.items() if q > _TOL}
        moves.append((item, wc, t, s_, qty))
    else:
        message = f"still overloaded after {rounds} MRP runs"
    return ClosedLoopResult(
        feasible=feasible,
        plan=plan,
        report=report,
        initial_plan=initial_plan,
        initial_report=initial,
        moves=pd.DataFrame(
            moves, columns=["item", "work_centre", "from_period", "to_period", "quantity"]
        ),
        firm_planned_orders=firm,
        iterations=iteration,
        message=message,
    )
