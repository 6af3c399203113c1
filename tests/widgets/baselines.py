"""Small valid inputs shared by the widget sweeps (test_widgets_hostile.py builds each widget
from them, test_widget_helpers_hostile.py calls each helper with them): one Enterprise with
a delivered sales order, matched customer pairs, and a slice of the transactions), and
:func:`spelled_out` for the functions that take ``**kwargs``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache

import pandas as pd


@cache
def enterprise():
    """An Enterprise with one item, one customer and one order taken through to cash."""
    from crmlab.erp import Enterprise

    e = Enterprise()
    e.add_item("FG", "Product", standard_cost=5.0, selling_price=9.0, on_hand=10)
    e.add_customer("K1", "Customer One")
    e.order_to_cash("K1", {"FG": 2})
    return e


@cache
def pairs() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scored CRM-ERP pairs of 40 customers and the true matches among them."""
    from crmlab import datasets
    from crmlab.crm.matching import score_pairs

    crm_ = datasets.load("customers").head(40)
    truth = datasets.load("customer_matches")
    truth = truth[truth["crm_customer_id"].isin(crm_["customer_id"])].reset_index(drop=True)
    erp = datasets.load("erp_customers")
    erp = erp[erp["erp_customer_no"].isin(truth["erp_customer_no"])].reset_index(drop=True)
    return score_pairs(crm_, erp)[["crm_customer_id", "erp_customer_no", "score"]], truth[
        ["crm_customer_id", "erp_customer_no"]
    ]


@cache
def transactions() -> pd.DataFrame:
    """The first 300 transactions by customer and date: customer_id, date, amount."""
    from crmlab import datasets

    tx = datasets.load("transactions").sort_values(["customer_id", "date"]).head(300)
    return tx[["customer_id", "date", "amount"]].reset_index(drop=True)


def spelled_out(fn: Callable, like: Callable) -> Callable:
    """``fn(**kwargs)`` with the keyword parameters of ``like``, the model it forwards them
    to (``policy_figure`` -> ``policy_simulation``), so a sweep sees and varies each keyword
    by name, with the model's own defaults."""
    signature = inspect.signature(like)

    def call(**kwargs):
        bound = signature.bind(**kwargs)
        bound.apply_defaults()
        return fn(**bound.arguments)

    call.__signature__ = signature.replace(return_annotation=inspect.Signature.empty)
    call.__name__ = call.__qualname__ = getattr(fn, "__name__", "call")
    return call
