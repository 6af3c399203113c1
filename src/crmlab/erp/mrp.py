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
from crmlab.erp.bom import bom_graph, low_level_codes

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
    demand, T = _master_schedule(mps)
    graph = bom_graph(bom).copy()
    graph.add_nodes_from(demand)
    items = set(graph)
    lt = _lead_times(lead_times, items, demand, graph)
    stock0 = _quantities("on_hand", on_hand, items)
    ss = _quantities("safety_stock", safety_stock, items)
    rules = _mapping("lot_sizing", lot_sizing, items)
    for i, rule in rules.items():
        if not callable(rule):
            raise ValueError(f"lot_sizing[{i!r}] must be callable, got {rule!r}")
    sched = _by_period("scheduled_receipts", scheduled_receipts, items, T)
    firm = _by_period("firm_planned_orders", firm_planned_orders, items, T)

    code = low_level_codes(graph)  # over the BOM plus the MPS items, in planning order
    order = list(code)
    releases: dict = {}
    records: dict = {}
    exceptions: list[MRPException] = []
    pegging = _Pegging()
    for item in order:
        gross = _gross_requirements(item, demand, graph, releases, pegging, T)
        sr = sched.get(item, np.zeros(T))
        s0 = stock0.get(item, 0.0)
        safety = ss.get(item, 0.0)
        fixed = firm.get(item)
        lfl = _lot_for_lot(gross, sr, s0, safety, fixed)
        receipts = _lot_size(item, lfl, rules.get(item), T)
        if fixed is not None:
            receipts = receipts + fixed
        net, proj = _net_and_projected(gross, sr, s0, safety, receipts)
        rel = _offset(item, receipts, lt[item], exceptions)
        releases[item] = rel
        records[item] = np.vstack([gross, sr, proj, net, receipts, rel])
        if item in sched:
            exceptions += _reschedule_messages(item, gross, sr, s0, safety)

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
    exceptions.sort(key=lambda e: (code[e.item], str(e.item), e.period))
    return MRPPlan(
        periods=T,
        low_level_codes={i: code[i] for i in order},
        lead_times={i: lt[i] for i in order},
        planned_order_releases=por,
        exceptions=exceptions,
        pegging_table=pegging.table(),
        _records=records,
    )


# ---- the steps of one MRP run -------------------------------------------------------------


def _master_schedule(mps: object) -> tuple[dict, int]:
    """The master schedule as item → float array, and its number of periods T."""
    if not isinstance(mps, Mapping) or not mps:
        raise ValueError("mps must be a non-empty dict item → list of gross requirements")
    demand = {item: non_negative_series(f"mps[{item!r}]", q) for item, q in mps.items()}
    for item, q in demand.items():
        if q.size:
            _bounded(f"mps[{item!r}] (largest value)", float(q.max()))
    lengths = {len(v) for v in demand.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"mps lists must all have the same length T >= 1, got {sorted(lengths)}")
    return demand, lengths.pop()


def _lead_times(lead_times: object, items: set, demand: dict, graph: nx.DiGraph) -> dict:
    """Every item's lead time in whole periods; a missing item is named with its source."""
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
    return {i: whole(f"lead_times[{i!r}]", lead_times[i]) for i in items}


def _quantities(name: str, value: object, items: set) -> dict:
    """item → a quantity >= 0 and at most MAX_QUANTITY (``on_hand``, ``safety_stock``)."""
    return {
        i: _bounded(f"{name}[{i!r}]", non_negative(f"{name}[{i!r}]", v))
        for i, v in _mapping(name, value, items).items()
    }


class _Pegging:
    """The pegging table, built a row at a time: which source causes which requirement."""

    def __init__(self) -> None:
        self.item: list = []
        self.period: list = []
        self.source: list = []
        self.quantity: list = []

    def add(self, item: object, source: object, requirement: np.ndarray) -> None:
        nz = np.flatnonzero(requirement)
        self.item += [item] * len(nz)
        self.period += (nz + 1).tolist()
        self.source += [source] * len(nz)
        self.quantity += requirement[nz].tolist()

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "item": self.item,
                "period": self.period,
                "source": self.source,
                "quantity": self.quantity,
            }
        )


def _gross_requirements(
    item: object, demand: dict, graph: nx.DiGraph, releases: dict, pegging: _Pegging, T: int
) -> np.ndarray:
    """GR_t: the item's own master schedule plus its parents' releases × quantity per parent."""
    gross = np.zeros(T)
    if item in demand:
        d = demand[item]
        gross += d
        pegging.add(item, "MPS", d)
    for parent in graph.predecessors(item):
        contrib = releases[parent] * graph.edges[parent, item]["quantity"]
        gross += contrib
        pegging.add(item, parent, contrib)
    return gross


def _lot_for_lot(
    gross: np.ndarray, sr: np.ndarray, s0: float, safety: float, fixed: np.ndarray | None
) -> np.ndarray:
    """The net requirements if every one were met lot for lot (firm planned orders kept)."""
    T = len(gross)
    lfl = np.zeros(T)
    poh = s0
    for t in range(T):
        avail = poh + sr[t] - gross[t] + (fixed[t] if fixed is not None else 0.0)
        need = safety - avail
        if need > _TOL:
            lfl[t] = need
            avail = safety
        poh = avail
    return lfl


def _lot_size(item: object, lfl: np.ndarray, rule: Callable | None, T: int) -> np.ndarray:
    """The planned receipts of the item's lot-sizing rule, checked to cover ``lfl``."""
    if rule is None:
        return lfl
    receipts = np.asarray(rule(lfl.tolist()), dtype=float)
    if receipts.shape != (T,) or not np.all(np.isfinite(receipts)):
        raise ValueError(f"lot_sizing[{item!r}] must return {T} finite planned receipts")
    if np.any(receipts < -_TOL) or np.any(
        np.cumsum(receipts) < np.cumsum(lfl) - 1e-6 * max(1.0, lfl.sum())
    ):
        raise ValueError(f"lot_sizing[{item!r}] returned receipts that leave a shortfall")
    return receipts


def _net_and_projected(
    gross: np.ndarray, sr: np.ndarray, s0: float, safety: float, receipts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The record's net requirements and projected on hand, with the planned receipts in."""
    T = len(gross)
    net = np.zeros(T)
    proj = np.zeros(T)
    poh = s0
    for t in range(T):
        uncovered = gross[t] + safety - (poh + sr[t])
        net[t] = uncovered if uncovered > _TOL else 0.0
        poh = poh + sr[t] + receipts[t] - gross[t]
        proj[t] = poh
    return net, proj


def _offset(item: object, receipts: np.ndarray, L: int, exceptions: list) -> np.ndarray:
    """Planned order releases: receipts offset by the lead time; past due ones in period 1."""
    rel = np.zeros(len(receipts))
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
    return rel


def _reschedule_messages(
    item: object, gross: np.ndarray, sr: np.ndarray, s0: float, safety: float
) -> list[MRPException]:
    """Reschedule messages for open orders: when is each scheduled receipt needed?"""
    T = len(gross)
    out = []
    cum_gross = np.cumsum(gross)
    base = s0
    for p in np.flatnonzero(sr > _TOL):
        short = np.flatnonzero(base - cum_gross < safety - _TOL)
        qty = sr[p]
        if short.size == 0:
            out.append(
                MRPException(
                    item,
                    int(p + 1),
                    "reschedule_out",
                    f"scheduled receipt of {qty:g} {item} in period {p + 1} is not "
                    f"needed within {T} periods: reschedule it out or cancel it",
                )
            )
        elif short[0] < p:
            out.append(
                MRPException(
                    item,
                    int(p + 1),
                    "reschedule_in",
                    f"reschedule in the receipt of {qty:g} {item} from period "
                    f"{p + 1} to period {short[0] + 1}",
                )
            )
        elif short[0] > p:
            out.append(
                MRPException(
                    item,
                    int(p + 1),
                    "reschedule_out",
                    f"reschedule out the receipt of {qty:g} {item} from period "
                    f"{p + 1} to period {short[0] + 1}",
                )
            )
        base += qty
    return out
