"""Material requirements planning (MRP): from a master schedule to planned orders.

MRP works down the bill of materials one low-level code at a time (Orlicky 1975; Vollmann
et al. 2005). For each item, in periods t = 1..T:

- **gross requirements** GR_t: the end item's master schedule, plus every parent's planned
  order releases times the quantity per parent (bill-of-materials explosion);
- **scheduled receipts** SR_t: orders already released and due in period t;
- **net requirements** NR_t = max(0, GR_t + SS − (POH_{t−1} + SR_t)): what the gross
  requirement plus the safety stock SS leaves uncovered after the stock projected from the
  previous period (earlier planned receipts included) and this period's scheduled receipt;
- **planned order receipts** PORc_t: the item's lot-sizing rule applied to its net
  requirements (lot for lot unless told otherwise);
- **projected on hand** POH_t = POH_{t−1} + SR_t + PORc_t − GR_t, starting from on hand;
- **planned order releases** PORl_t = PORc_{t+L}: receipts offset by the lead time L.

A release that would fall before period 1 is **past due**: it is released in period 1 (so
its components are still planned) and reported in the plan's ``exceptions``, in words
("past due by 2 periods"), since periods are numbered from 1; it is never dropped silently.
Scheduled receipts are never moved by MRP itself; when one arrives earlier or later than
the plan needs it, an exception asks the planner to reschedule it in or out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from crmlab._validate import non_negative, non_negative_series, whole
from crmlab.erp.bom import bom_graph

__all__ = ["MAX_QUANTITY", "MRPException", "MRPPlan", "RECORD_ROWS", "mrp"]

#: The largest quantity :func:`mrp` takes in one cell of ``mps``, ``on_hand``,
#: ``safety_stock``, ``scheduled_receipts`` or ``firm_planned_orders`` (a trillion units);
#: with :data:`crmlab.erp.bom.MAX_QUANTITY_PER_PARENT` it keeps the plan's numbers finite.
MAX_QUANTITY = 1e12


def _bounded(name: str, value: float) -> float:
    if value > MAX_QUANTITY:
        raise ValueError(f"{name} is {value:g}; at most MAX_QUANTITY = {MAX_QUANTITY:g}")
    return value


#: The rows of an MRP record, top to bottom.
RECORD_ROWS: tuple[str, ...] = (
    "gross_requirements",
    "scheduled_receipts",
    "projected_on_hand",
    "net_requirements",
    "planned_order_receipts",
    "planned_order_releases",
)

_TOL = 1e-9


class MRPException(NamedTuple):
    """An exception message: something a planner must act on."""

    item: str
    period: int  # the period concerned; for a past-due release, 1 − (periods past due)
    kind: str  # "past_due", "reschedule_in" or "reschedule_out"
    message: str


@dataclass(frozen=True)
class MRPPlan:
    """The result of :func:`mrp`: one MRP record per item, planned orders, exceptions."""

    periods: int  # T
    low_level_codes: dict[str, int]  # item → low-level code, in planning order
    lead_times: dict[str, int]
    planned_order_releases: pd.DataFrame  # items × periods 1..T
    exceptions: list[MRPException]
    pegging_table: pd.DataFrame  # item, period, source, quantity
    _records: dict[str, np.ndarray] = field(repr=False)

    @property
    def items(self) -> list[str]:
        """All items, in the order MRP planned them (by low-level code)."""
        return list(self.low_level_codes)

    def _check(self, item: object) -> str:
        if item not in self._records:
            raise ValueError(f"item {item!r} is not in the plan; items: {self.items}")
        return item  # type: ignore[return-value]

    def record(self, item: str) -> pd.DataFrame:
        """The MRP record of one item: rows :data:`RECORD_ROWS`, columns periods 1..T."""
        data = self._records[self._check(item)]
        frame = pd.DataFrame(data, index=list(RECORD_ROWS), columns=range(1, self.periods + 1))
        frame.columns.name = "period"
        frame.index.name = item
        return frame

    def table(self, row: str) -> pd.DataFrame:
        """One row of every record as a table items × periods (e.g. ``projected_on_hand``)."""
        if row not in RECORD_ROWS:
            raise ValueError(f"row must be one of {list(RECORD_ROWS)}, got {row!r}")
        k = RECORD_ROWS.index(row)
        frame = pd.DataFrame(
            [self._records[i][k] for i in self.items],
            index=pd.Index(self.items, name="item"),
            columns=pd.RangeIndex(1, self.periods + 1, name="period"),
        )
        return frame

    def pegging(self, item: str) -> pd.DataFrame:
        """Where an item's gross requirements come from: ``period, source, quantity``.

        ``source`` is the parent whose planned order releases create the requirement, or
        ``"MPS"`` for the item's own master schedule (independent demand).
        """
        self._check(item)
        rows = self.pegging_table[self.pegging_table["item"] == item]
        return rows[["period", "source", "quantity"]].reset_index(drop=True)


def _mapping(name: str, value: object, items: set) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must map items to values, got {type(value).__name__}")
    unknown = [k for k in value if k not in items]
    if unknown:
        raise ValueError(f"{name} names items that are in neither bom nor mps: {unknown}")
    return value


def _by_period(name: str, value: object, items: set, T: int) -> dict:
    out: dict = {}
    for i, receipts in _mapping(name, value, items).items():
        if not isinstance(receipts, Mapping):
            raise ValueError(f"{name}[{i!r}] must map periods to units")
        arr = np.zeros(T)
        for p, q in receipts.items():
            try:
                p = whole("period", p, minimum=1)
            except ValueError:
                p = -1
            if not 1 <= p <= T:
                raise ValueError(f"{name}[{i!r}] periods must be whole numbers in 1..{T}")
            arr[p - 1] += _bounded(f"{name}[{i!r}][{p}]", non_negative(f"{name}[{i!r}][{p}]", q))
        out[i] = arr
    return out


def mrp(
    mps: Mapping[str, object],
    bom: object,
    lead_times: Mapping[str, int],
    on_hand: Mapping[str, float] | None = None,
    scheduled_receipts: Mapping[str, Mapping[int, float]] | None = None,
    lot_sizing: Mapping[str, Callable[[list[float]], object]] | None = None,
    safety_stock: Mapping[str, float] | None = None,
    *,
    firm_planned_orders: Mapping[str, Mapping[int, float]] | None = None,
) -> MRPPlan:
    """Run MRP: explode the master schedule through the BOM, net, lot-size and offset.

    Args:
        mps: master production schedule, item → gross requirements for periods 1..T (all
            the same length T >= 1; each >= 0 and at most :data:`MAX_QUANTITY`, as are the
            quantities of ``on_hand``, ``safety_stock``, ``scheduled_receipts`` and
            ``firm_planned_orders``).
        bom: bill of materials, ``{parent: {child: quantity per parent}}`` (or a table or
            graph accepted by :func:`crmlab.erp.bom.bom_graph`).
        lead_times: item → lead time L in whole periods (>= 0), for every item.
        on_hand: item → units in stock at the start (>= 0; default 0).
        scheduled_receipts: item → {period: units} of open orders due in periods 1..T.
        lot_sizing: item → callable(net requirements) → planned receipts; default lot for
            lot. The rules of :mod:`crmlab.erp.lotsizing` fit, partially applied (e.g.
            ``functools.partial(fixed_order_quantity, quantity=500)``).
        safety_stock: item → units to keep in stock (>= 0; default 0).
        firm_planned_orders: item → {period: units} of planned order receipts the planner
            has fixed (firmed): MRP keeps them as they are, explodes their releases like any
            planned order, and lot-sizes only what they leave uncovered. Closed-loop
            capacity planning uses this to move or split orders.

    Returns:
        An :class:`MRPPlan`. Items used by several parents are planned once, at their low-
        level code, after all their parents.

    Raises:
        ValueError: naming the argument, for a bad shape or value, an unknown item, a
            missing lead time, a lot-sizing rule whose receipts leave a shortfall, or a
            cycle in the BOM (the message names the cycle).
    """
    if not isinstance(mps, Mapping) or not mps:
        raise ValueError("mps must be a non-empty dict item → list of gross requirements")
    demand = {item: non_negative_series(f"mps[{item!r}]", q) for item, q in mps.items()}
    for item, q in demand.items():
        if q.size:
            _bounded(f"mps[{item!r}] (largest value)", float(q.max()))
    lengths = {len(v) for v in demand.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"mps lists must all have the same length T >= 1, got {sorted(lengths)}")
    T = lengths.pop()

    graph = bom_graph(bom).copy()
    graph.add_nodes_from(demand)
    items = set(graph)

    if not isinstance(lead_times, Mapping):
        raise ValueError("lead_times must map every item to whole periods >= 0")
    _mapping("lead_times", lead_times, items)
    missing = sorted(map(str, items - set(lead_times)))
    if missing:
        where = " and ".join(
            arg
            for arg, named in (("mps", set(demand)), ("bom", set(graph) - set(demand)))
            if {str(i) for i in named} & set(missing)
        )
        raise ValueError(f"lead_times is missing items named in {where}: {missing}")
    lt = {i: whole(f"lead_times[{i!r}]", lead_times[i]) for i in items}
    stock0 = {
        i: _bounded(f"on_hand[{i!r}]", non_negative(f"on_hand[{i!r}]", v))
        for i, v in _mapping("on_hand", on_hand, items).items()
    }
    ss = {
        i: _bounded(f"safety_stock[{i!r}]", non_negative(f"safety_stock[{i!r}]", v))
        for i, v in _mapping("safety_stock", safety_stock, items).items()
    }
    rules = _mapping("lot_sizing", lot_sizing, items)
    for i, rule in rules.items():
        if not callable(rule):
            raise ValueError(f"lot_sizing[{i!r}] must be callable, got {rule!r}")
    sched = _by_period("scheduled_receipts", scheduled_receipts, items, T)
    firm = _by_period("firm_planned_orders", firm_planned_orders, items, T)

    # Low-level codes over the BOM plus the MPS items.
    code: dict = {}
    for item in nx.topological_sort(graph):
        parents = list(graph.predecessors(item))
        code[item] = 1 + max(code[p] for p in parents) if parents else 0
    order = sorted(code, key=lambda i: (code[i], str(i)))

    releases: dict = {}
    records: dict = {}
    exceptions: list[MRPException] = []
    peg_item: list = []
    peg_period: list = []
    peg_source: list = []
    peg_qty: list = []

    for item in order:
        gross = np.zeros(T)
        if item in demand:
            d = demand[item]
            gross += d
            nz = np.flatnonzero(d)
            peg_item += [item] * len(nz)
            peg_period += (nz + 1).tolist()
            peg_source += ["MPS"] * len(nz)
            peg_qty += d[nz].tolist()
        for parent in graph.predecessors(item):
            contrib = releases[parent] * graph.edges[parent, item]["quantity"]
            gross += contrib
            nz = np.flatnonzero(contrib)
            peg_item += [item] * len(nz)
            peg_period += (nz + 1).tolist()
            peg_source += [parent] * len(nz)
            peg_qty += contrib[nz].tolist()
        sr = sched.get(item, np.zeros(T))
        s0 = stock0.get(item, 0.0)
        safety = ss.get(item, 0.0)

        # Net requirements if every one were met lot for lot.
        fixed = firm.get(item)
        lfl = np.zeros(T)
        poh = s0
        for t in range(T):
            avail = poh + sr[t] - gross[t] + (fixed[t] if fixed is not None else 0.0)
            need = safety - avail
            if need > _TOL:
                lfl[t] = need
                avail = safety
            poh = avail
        rule = rules.get(item)
        if rule is None:
            receipts = lfl
        else:
            receipts = np.asarray(rule(lfl.tolist()), dtype=float)
            if receipts.shape != (T,) or not np.all(np.isfinite(receipts)):
                raise ValueError(f"lot_sizing[{item!r}] must return {T} finite planned receipts")
            if np.any(receipts < -_TOL) or np.any(
                np.cumsum(receipts) < np.cumsum(lfl) - 1e-6 * max(1.0, lfl.sum())
            ):
                raise ValueError(f"lot_sizing[{item!r}] returned receipts that leave a shortfall")
        if fixed is not None:
            receipts = receipts + fixed

        # The record, with the planned receipts in place.
        net = np.zeros(T)
        proj = np.zeros(T)
        poh = s0
        for t in range(T):
            uncovered = gross[t] + safety - (poh + sr[t])
            net[t] = uncovered if uncovered > _TOL else 0.0
            poh = poh + sr[t] + receipts[t] - gross[t]
            proj[t] = poh

        rel = np.zeros(T)
        L = lt[item]
        for t in np.flatnonzero(receipts > _TOL):
            due = t - L  # 0-based release period
            if due < 0:
                rel[0] += receipts[t]
                exceptions.append(
                    MRPException(
                        item,
                        int(due + 1),
                        "past_due",
                        f"release {receipts[t]:g} {item} now, in period 1: past due by "
                        f"{-due} period{'s' if -due != 1 else ''} (needed in period {t + 1}, "
                        f"lead time {L})",
                    )
                )
            else:
                rel[due] += receipts[t]
        releases[item] = rel
        records[item] = np.vstack([gross, sr, proj, net, receipts, rel])

        # Reschedule messages for open orders: when is each scheduled receipt needed?
        if item in sched:
            cum_gross = np.cumsum(gross)
            base = s0
            for p in np.flatnonzero(sr > _TOL):
                short = np.flatnonzero(base - cum_gross < safety - _TOL)
                qty = sr[p]
                if short.size == 0:
                    exceptions.append(
                        MRPException(
                            item,
                            int(p + 1),
                            "reschedule_out",
                            f"scheduled receipt of {qty:g} {item} in period {p + 1} is not "
                            f"needed within {T} periods: reschedule it out or cancel it",
                        )
                    )
                elif short[0] < p:
                    exceptions.append(
                        MRPException(
                            item,
                            int(p + 1),
                            "reschedule_in",
                            f"reschedule in the receipt of {qty:g} {item} from period "
                            f"{p + 1} to period {short[0] + 1}",
                        )
                    )
                elif short[0] > p:
                    exceptions.append(
                        MRPException(
                            item,
                            int(p + 1),
                            "reschedule_out",
                            f"reschedule out the receipt of {qty:g} {item} from period "
                            f"{p + 1} to period {short[0] + 1}",
                        )
                    )
                base += qty

    if not all(np.isfinite(r).all() for r in records.values()):
        raise ValueError(
            "mps quantities multiplied down the bom's levels overflow a float; "
            "use smaller quantities or fewer levels"
        )
    periods = pd.RangeIndex(1, T + 1, name="period")
    por = pd.DataFrame(
        np.vstack([releases[i] for i in order]),
        index=pd.Index(order, name="item"),
        columns=periods,
    )
    pegging = pd.DataFrame(
        {"item": peg_item, "period": peg_period, "source": peg_source, "quantity": peg_qty}
    )
    exceptions.sort(key=lambda e: (code[e.item], str(e.item), e.period))
    return MRPPlan(
        periods=T,
        low_level_codes={i: code[i] for i in order},
        lead_times={i: lt[i] for i in order},
        planned_order_releases=por,
        exceptions=exceptions,
        pegging_table=pegging,
        _records=records,
    )
