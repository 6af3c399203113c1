"""Tests of crmlab.erp.costing: MRP II cost roll-up and the money view of the plan."""

import pandas as pd
import pytest

from crmlab.datasets import load
from crmlab.erp.bom import bom_from_dataset
from crmlab.erp.costing import cost_rollup, plan_value, purchase_costs
from crmlab.erp.mrp import mrp

BOM = {"A": {"B": 2, "P": 1}, "B": {"P": 3}}
ROUT = pd.DataFrame(
    {
        "item_id": ["A", "B"],
        "work_centre": ["W", "W"],
        "setup_hours": [1.0, 0.0],
        "run_hours": [0.5, 0.1],
    }
)
WC = pd.DataFrame({"work_centre": ["W"], "labour_rate": [20.0], "overhead_rate": [10.0]})


def test_rollup_hand_worked():
    """Hand-worked roll-up: P costs 4. B = 3 P (12) + 0.1 h x (20 + 10) = 12 + 2 + 1 = 15.
    A = 2 B + 1 P: material 2 x 12 + 4 = 28, labour 2 x 2 + 0.5 x 20 = 14, overhead
    2 x 1 + 0.5 x 10 = 7: unit cost 49. With lots of 10 A the setup adds 1/10 h x 30 = 3."""
    c = cost_rollup(BOM, ROUT, WC, {"P": 4})
    assert c.loc["B", ["material", "labour", "overhead", "unit_cost"]].tolist() == [12, 2, 1, 15]
    assert c.loc["A", ["material", "labour", "overhead", "unit_cost"]].tolist() == [28, 14, 7, 49]
    assert c.loc["A", "own_labour"] == 10
    c10 = cost_rollup(BOM, ROUT, WC, {"P": 4}, lot_sizes={"A": 10})
    assert c10.loc["A", "unit_cost"] == pytest.approx(52)


def test_rollup_of_the_garden_chair_from_the_datasets():
    """Hand-worked from products.csv, bom.csv, routings.csv, work_centres.csv: a garden
    chair G500 = aluminium frame 24.50 + 8 acacia slats x 1.90 + fitting kit 3.40 + carton
    2.10 = 45.20 material; assembly 0.18 h x 29 + packing 0.05 h x 26 = 6.52 labour;
    0.18 x 15 + 0.05 x 12 = 3.30 overhead."""
    c = cost_rollup(
        bom_from_dataset(), load("routings"), load("work_centres"), purchase_costs(load("products"))
    )
    assert c.loc["G500", "material"] == pytest.approx(45.20)
    assert c.loc["G500", "labour"] == pytest.approx(6.52)
    assert c.loc["G500", "overhead"] == pytest.approx(3.30)
    assert (c["unit_cost"] > 0).all()


def test_plan_value_hand_worked():
    """Hand-worked money view: 10 A due in period 2 (lead time 1), P bought with lead time 0
    and 5 in stock. A is made in period 1 -> P needed: 10 in period 1; 5 come from stock,
    5 bought at 4 = 20 spend. Made A: own labour and overhead 10 x (10 + 5) = 150 in
    period 2. Inventory: period 1 ends with 0 P and 0 A; period 2 with 0."""
    bom = {"A": {"P": 1}}
    rout = ROUT[ROUT["item_id"] == "A"]
    costs = cost_rollup(bom, rout, WC, {"P": 4})
    plan = mrp({"A": [0, 10]}, bom, {"A": 1, "P": 0}, on_hand={"P": 5})
    money = plan_value(plan, costs, ["P"])
    assert money["purchase_spend"].tolist() == [20, 0]
    assert money["production_cost"].tolist() == [0, 150]
    assert money["inventory_value"].tolist() == [0, 0]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: cost_rollup(BOM, ROUT, WC, {}), "purchase_costs lacks 'P'"),
        (lambda: cost_rollup(BOM, ROUT, WC, {"P": -1}), "purchase_costs"),
        (lambda: cost_rollup(BOM, ROUT, WC, {"P": 1}, lot_sizes={"A": 0}), "lot_sizes"),
        (lambda: cost_rollup(BOM, ROUT.drop(columns="run_hours"), WC, {"P": 1}), "routings"),
        (lambda: plan_value("plan", pd.DataFrame(), []), "plan"),
        (lambda: purchase_costs(pd.DataFrame({"x": [1]})), "products"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    """Bad input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match=match):
        call()
