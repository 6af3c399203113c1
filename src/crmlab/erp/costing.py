"""MRP II: putting money on the plan.

A **cost roll-up** computes each made item's standard unit cost from the bottom of the bill
of materials up: material is what its components cost (purchased items at their purchase
price), labour and overhead are the routing's hours at each work centre times that centre's
labour and overhead rates, plus whatever labour and overhead its made components already
carry (Vollmann et al. 2005; Wight 1981). With unit costs, MRP's plan becomes a money plan:
purchase spend by period, the cost of production by period and the value of projected
inventory.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from crmlab import _schema
from crmlab._validate import non_negative, positive
from crmlab.erp.bom import bom_graph, low_level_codes
from crmlab.erp.mrp import MRPPlan

__all__ = ["cost_rollup", "plan_value", "purchase_costs"]


def purchase_costs(products: pd.DataFrame) -> dict[str, float]:
    """Purchase price per unit of every bought item of an item master (``products``)."""
    _schema.check("products", products, _schema.PRODUCTS)
    bought = products.dropna(subset=["standard_cost"])
    return {
        str(i): float(c) for i, c in zip(bought["item_id"], bought["standard_cost"], strict=True)
    }


def cost_rollup(
    bom: object,
    routings: pd.DataFrame,
    work_centres: pd.DataFrame,
    purchase_costs: Mapping[str, float],
    lot_sizes: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Standard unit cost of every item, split into material, labour and overhead.

    Args:
        bom: the bill of materials (as for :func:`crmlab.erp.bom.bom_graph`).
        routings: ``item_id, work_centre, setup_hours, run_hours``.
        work_centres: ``work_centre, labour_rate, overhead_rate`` (money per hour).
        purchase_costs: purchase price per unit of every item without a routing (>= 0
            and at most ``crmlab._schema.MAX_MONEY``).
        lot_sizes: item → units per order (> 0) over which each operation's setup hours
            are spread; items left out carry no setup cost (run time only).

    Returns:
        One row per item (by low-level code, deepest last), columns ``material``,
        ``labour``, ``overhead`` (each including what the components carry) and
        ``unit_cost`` (their sum), and ``own_labour``, ``own_overhead`` (this item's own
        operations only).

    Raises:
        ValueError: if an item has neither a routing nor a purchase price, or a work
            centre or rate is missing or negative.
    """
    graph = bom_graph(bom)
    _schema.check("routings", routings, _schema.ROUTINGS)
    _schema.check("work_centres", work_centres, _schema.WORK_CENTRE_RATES)
    rates = work_centres.set_index("work_centre")[["labour_rate", "overhead_rate"]]
    if not isinstance(purchase_costs, Mapping):
        raise ValueError("purchase_costs must map bought items to a price per unit")
    if lot_sizes is not None and not isinstance(lot_sizes, Mapping):
        raise ValueError(f"lot_sizes must map items to lot sizes > 0, got {lot_sizes!r}")
    lots = {i: positive(f"lot_sizes[{i!r}]", q) for i, q in (lot_sizes or {}).items()}
    for item in routings["item_id"]:
        graph.add_node(item)
    unknown = sorted(set(routings["work_centre"]) - set(rates.index))
    if unknown:
        raise ValueError(f"work_centres lacks the work centres {unknown}")
    own = {}
    for op in routings.itertuples(index=False):
        hours = op.run_hours + (op.setup_hours / lots[op.item_id] if op.item_id in lots else 0.0)
        lab, ovh = own.get(op.item_id, (0.0, 0.0))
        own[op.item_id] = (
            lab + hours * rates.at[op.work_centre, "labour_rate"],
            ovh + hours * rates.at[op.work_centre, "overhead_rate"],
        )
    cost: dict = {}
    for item in reversed(list(nx.topological_sort(graph))):
        children = list(graph.successors(item))
        if item not in own and not children:
            if item not in purchase_costs:
                raise ValueError(
                    f"purchase_costs lacks {item!r}, which has no routing and no components"
                )
            price = non_negative(f"purchase_costs[{item!r}]", purchase_costs[item])
            if price > _schema.MAX_MONEY:
                raise ValueError(
                    f"purchase_costs[{item!r}] is {price:g}; at most {_schema.MAX_MONEY:g} per unit"
                )
            cost[item] = np.array([price, 0.0, 0.0, 0.0, 0.0])
            continue
        total = np.zeros(5)
        for child in children:
            total += graph.edges[item, child]["quantity"] * cost[child]
        lab, ovh = own.get(item, (0.0, 0.0))
        total[1] += lab
        total[2] += ovh
        total[3], total[4] = lab, ovh
        cost[item] = total
    if not all(np.isfinite(c).all() for c in cost.values()):
        raise ValueError(
            "purchase_costs and routings costs multiplied up the bom's levels overflow a "
            "float; use smaller quantities or prices"
        )
    order = list(low_level_codes(graph))
    out = pd.DataFrame(
        [cost[i] for i in order],
        index=pd.Index(order, name="item"),
        columns=["material", "labour", "overhead", "own_labour", "own_overhead"],
    )
    out.insert(3, "unit_cost", out["material"] + out["labour"] + out["overhead"])
    return out


def plan_value(plan: MRPPlan, costs: pd.DataFrame, bought: object) -> pd.DataFrame:
    """The money view of an MRP plan, period by period.

    Args:
        plan: an :class:`crmlab.erp.mrp.MRPPlan`.
        costs: unit costs by item, as returned by :func:`cost_rollup` (``unit_cost``,
            ``own_labour``, ``own_overhead``); every planned item must be there.
        bought: the purchased items (a collection of item names).

    Returns:
        Periods 1..T × ``purchase_spend`` (planned receipts of bought items at their price,
        paid on receipt), ``production_cost`` (own labour and overhead of the made items'
        planned receipts) and ``inventory_value`` (projected on hand of every item at unit
        cost, at the end of the period).
    """
    if not isinstance(plan, MRPPlan):
        raise ValueError("plan must be an MRPPlan returned by crmlab.erp.mrp.mrp")
    _schema.check("costs", costs, _schema.UNIT_COSTS)
    if costs.index.duplicated().any():
        raise ValueError("costs must list each item once (its index must be unique)")
    missing = [i for i in plan.items if i not in costs.index]
    if missing:
        raise ValueError(f"costs lacks the items {missing}")
    if isinstance(bought, (str, bytes, Mapping)) or not hasattr(bought, "__iter__"):
        raise ValueError(f"bought must be a collection of item names, got {bought!r}")
    bought = set(bought)
    unknown = sorted(bought - set(plan.items))
    if unknown:
        raise ValueError(f"bought names items not in the plan: {unknown}")
    receipts = plan.table("planned_order_receipts")
    on_hand = plan.table("projected_on_hand")
    c = costs.loc[plan.items]
    is_bought = np.array([i in bought for i in plan.items])
    purchase = (receipts[is_bought].mul(c.loc[is_bought, "unit_cost"], axis=0)).sum()
    own = c["own_labour"] + c["own_overhead"]
    production = receipts[~is_bought].mul(own[~is_bought], axis=0).sum()
    inventory = on_hand.mul(c["unit_cost"], axis=0).sum()
    return pd.DataFrame(
        {
            "purchase_spend": purchase,
            "production_cost": production,
            "inventory_value": inventory,
        }
    )
