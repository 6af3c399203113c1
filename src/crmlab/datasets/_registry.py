"""How each dataset is made: its seed, its inputs and the cached result.

Each random dataset has its own fixed seed, so changing one generator never changes the
others (except those built on it: ``customers`` feeds ``transactions``, both feed the ERP
customer master). The caches hold immutable text and frames that no caller may modify;
:func:`crmlab.datasets.load` always parses a fresh DataFrame.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources

import pandas as pd

from ._csv import to_csv_text
from ._schema import BY_NAME
from .integration import make_erp_customers
from .manufacturing import make_bom, make_products, make_routings, make_work_centres
from .process import make_order_events
from .retail import make_customers, make_transactions
from .supply import make_locations, make_store_demand

SEEDS: dict[str, int] = {
    "locations": 20_240_101,
    "customers": 20_240_102,
    "transactions": 20_240_103,
    "store_demand": 20_240_104,
    "erp_customers": 20_240_105,  # also draws customer_matches, made in the same pass
    "order_events": 20_240_106,
}


@cache
def _erp_pair() -> tuple[pd.DataFrame, pd.DataFrame]:
    return make_erp_customers(
        SEEDS["erp_customers"], frame("customers"), frame("transactions"), frame("locations")
    )


_RECIPES: dict[str, Callable[[], pd.DataFrame]] = {
    "customers": lambda: make_customers(SEEDS["customers"], frame("locations")),
    "transactions": lambda: make_transactions(SEEDS["transactions"], frame("customers")),
    "store_demand": lambda: make_store_demand(SEEDS["store_demand"], frame("locations")),
    "locations": lambda: make_locations(SEEDS["locations"]),
    "products": make_products,
    "bom": make_bom,
    "routings": make_routings,
    "work_centres": make_work_centres,
    "erp_customers": lambda: _erp_pair()[0],
    "customer_matches": lambda: _erp_pair()[1],
    "order_events": lambda: make_order_events(SEEDS["order_events"]),
}


@cache
def frame(name: str) -> pd.DataFrame:
    """The generated table ``name`` (shared and cached: never modify it)."""
    return _RECIPES[name]()


@cache
def csv_text(name: str) -> str:
    """The generated table ``name`` as the exact text of ``datasets/<name>.csv``."""
    return to_csv_text(frame(name), BY_NAME[name])


def sheet_text(name: str) -> str:
    """The data sheet of ``name`` (Markdown), read from the package data."""
    return resources.files(__package__).joinpath("sheets", f"{name}.md").read_text("utf-8")
