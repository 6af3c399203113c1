"""The chapter's example plant: Alder & Pine's furniture factory, assembled from the datasets.

:func:`alder_and_pine` gathers everything MRP, capacity planning and costing need from the
``products``, ``bom``, ``routings``, ``work_centres``, ``store_demand`` and ``locations``
datasets, in the shapes :func:`crmlab.erp.mrp.mrp` takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from crmlab import _schema
from crmlab._validate import whole
from crmlab.erp import lotsizing
from crmlab.erp.bom import bom_from_dataset

__all__ = ["PlantExample", "alder_and_pine", "lot_sizing_rules"]


@dataclass(frozen=True)
class PlantExample:
    """Inputs of the example plant, ready for :func:`crmlab.erp.mrp.mrp`."""

    mps: dict[str, list[float]]  # end item → weekly master schedule (units)
    bom: dict[str, dict[str, float]]
    lead_times: dict[str, int]  # weeks
    on_hand: dict[str, float]
    safety_stock: dict[str, float]
    lot_sizing: dict  # item → callable(net requirements) → planned receipts
    products: pd.DataFrame
    routings: pd.DataFrame
    work_centres: pd.DataFrame
    first_week: int  # the calendar week of period 1


def lot_sizing_rules(products: pd.DataFrame) -> dict:
    """Each item's lot-sizing rule from the item master, as callables for MRP.

    ``lot_for_lot`` items are left out (MRP's default); ``fixed_order_quantity`` and
    ``periodic_order_quantity`` are partially applied with the item's ``lot_size``.
    """
    _schema.check("products", products, _schema.PRODUCTS_LOTS)
    rules = {}
    for row in products.itertuples(index=False):
        if row.lot_size_rule == "fixed_order_quantity":
            rules[row.item_id] = partial(
                lotsizing.fixed_order_quantity, quantity=float(row.lot_size)
            )
        elif row.lot_size_rule == "periodic_order_quantity":
            rules[row.item_id] = partial(
                lotsizing.periodic_order_quantity, periods=int(row.lot_size)
            )
    return rules


def alder_and_pine(weeks: int = 8, first_week: int = 43) -> PlantExample:
    """The example plant's MRP inputs for ``weeks`` weeks from calendar week ``first_week``.

    The master schedule of each end product is the plant's whole weekly demand: the six
    largest stores' demand in ``store_demand`` for those weeks, scaled up by the ratio of
    all stores' annual demand to those six stores' annual demand (``locations``), rounded
    to whole units. The default weeks 43–50 include the pre-holiday peak of week 48.

    Args:
        weeks: T, the number of periods (1..52).
        first_week: the ``store_demand`` week that becomes period 1 (1..105 − weeks).
    """
    from crmlab.datasets import load

    t = whole("weeks", weeks, minimum=1)
    if t > 52:
        raise ValueError(f"weeks must be a whole number in 1..52, got {weeks!r}")
    w0 = whole("first_week", first_week, minimum=1)
    if w0 + t - 1 > 104:
        raise ValueError(f"first_week must lie in 1..{105 - t} for {t} weeks, got {w0}")
    products = load("products")
    demand = load("store_demand")
    locations = load("locations")
    stores = locations[locations["type"] == "store"]
    six = sorted(demand["store_id"].unique())
    scale = (
        stores["annual_demand"].sum()
        / stores.loc[stores["location_id"].isin(six), "annual_demand"].sum()
    )
    table = demand.pivot_table(
        index="product_id", columns="week", values="demand", aggfunc="sum"
    ).loc[:, w0 : w0 + t - 1]
    mps = {
        str(p): [float(x) for x in np.round(row.to_numpy(dtype=float) * scale)]
        for p, row in table.iterrows()
    }
    return PlantExample(
        mps=mps,
        bom=bom_from_dataset(load("bom")),
        lead_times={r.item_id: int(r.lead_time_weeks) for r in products.itertuples()},
        on_hand={r.item_id: float(r.on_hand) for r in products.itertuples()},
        safety_stock={r.item_id: float(r.safety_stock) for r in products.itertuples()},
        lot_sizing=lot_sizing_rules(products),
        products=products,
        routings=load("routings"),
        work_centres=load("work_centres"),
        first_week=w0,
    )
