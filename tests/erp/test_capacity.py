"""Tests of crmlab.erp.capacity: CRP, rough-cut capacity and the closed loop."""

import pandas as pd
import pytest

from crmlab.datasets import load
from crmlab.erp.bom import bom_from_dataset
from crmlab.erp.capacity import (
    bill_of_resources,
    capacity_report,
    closed_loop,
    load_profile,
    rough_cut_capacity,
)

ROUT = pd.DataFrame(
    {
        "item_id": ["X"],
        "operation": [10],
        "work_centre": ["W"],
        "setup_hours": [0.0],
        "run_hours": [1.0],
    }
)
WC = pd.DataFrame({"work_centre": ["W"], "capacity_hours_per_week": [10.0]})


def test_load_from_dataset_routings_hand_worked():
    """Hand-worked from routings.csv: an order of 100 desks D100 loads assembly WC60 with
    setup 0.25 h + 100 x 0.25 h = 25.25 h and packing WC70 with 0.10 + 100 x 0.08 = 8.1 h;
    against 300 h and 80 h a week (work_centres.csv) that is 8.4 % and 10.1 %."""
    orders = pd.DataFrame({1: [100.0], 2: [0.0]}, index=["D100"])
    load_ = load_profile(orders, load("routings"))
    assert load_.loc["WC60", 1] == pytest.approx(25.25)
    assert load_.loc["WC70", 1] == pytest.approx(8.1)
    assert load_.loc["WC60", 2] == 0
    rep = capacity_report(load_, load("work_centres")).set_index(["work_centre", "period"])
    assert rep.loc[("WC60", 1), "utilisation"] == pytest.approx(25.25 / 300)
    assert rep.loc[("WC70", 1), "overload_hours"] == 0


def test_bill_of_resources_hand_worked():
    """Hand-worked from routings.csv and bom.csv: assembly hours per desk = desk 0.25 +
    desk frame 0.20 + drawer unit 0.30 = 0.75 h; rough-cut load of 200 desks = 150 h."""
    bor = bill_of_resources(bom_from_dataset(), load("routings"))
    assert bor.loc["D100", "WC60"] == pytest.approx(0.75)
    rc = rough_cut_capacity(
        {"D100": [200, 0]}, bom_from_dataset(), load("routings"), load("work_centres")
    ).set_index(["work_centre", "period"])
    assert rc.loc[("WC60", 1), "load_hours"] == pytest.approx(150)
    assert rc.loc[("WC60", 2), "load_hours"] == 0


def test_closed_loop_moves_an_overload_earlier():
    """Hand-worked: 15 units of X due in period 3 (lead time 1) load W with 15 h in period 2
    against 10 h: the feedback moves 5 units to period 1 and the plan becomes feasible
    (loads 5 and 10 hours)."""
    res = closed_loop({"X": [0, 0, 15]}, {}, {"X": 1}, ROUT, WC)
    assert res.feasible
    assert res.initial_report["overload_hours"].max() == pytest.approx(5)
    assert res.moves[["from_period", "to_period", "quantity"]].values.tolist() == [[2, 1, 5.0]]
    assert res.report["load_hours"].tolist() == [5.0, 10.0, 0.0]
    assert res.plan.record("X").loc["planned_order_receipts"].tolist() == [0, 5, 10]


def test_closed_loop_declares_infeasible_master_schedule():
    """Hand-worked: 25 units due in period 2 need 25 h in period 1, and nothing can be
    released before period 1: the loop declares the schedule infeasible, naming W."""
    res = closed_loop({"X": [0, 25, 0]}, {}, {"X": 1}, ROUT, WC)
    assert not res.feasible
    assert "W is overloaded" in res.message and "period 1" in res.message


def test_closed_loop_on_the_example_plant_never_loads_more():
    """The feedback only moves work earlier: total released hours do not fall, and no period
    after the first overloaded one ends up above capacity unless the loop said infeasible."""
    from crmlab.erp.example import alder_and_pine

    ex = alder_and_pine()
    res = closed_loop(
        ex.mps,
        ex.bom,
        ex.lead_times,
        ex.routings,
        ex.work_centres,
        on_hand=ex.on_hand,
        safety_stock=ex.safety_stock,
        lot_sizing=ex.lot_sizing,
    )
    if res.feasible:
        assert res.report["overload_hours"].max() <= 1e-6
    else:
        assert "overloaded" in res.message
    assert len(res.moves) == res.iterations - 1


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: load_profile([1, 2], ROUT), "orders"),
        (lambda: load_profile(pd.DataFrame(), ROUT.drop(columns="run_hours")), "routings"),
        (lambda: capacity_report(pd.DataFrame({1: [1.0]}, index=["V"]), WC), "work_centres"),
        (lambda: rough_cut_capacity({"Z": [1]}, {"X": {"Y": 1}}, ROUT, WC), "mps"),
        (
            lambda: closed_loop({"X": [1]}, {}, {"X": 0}, ROUT, WC, max_iterations=0),
            "max_iterations",
        ),
    ],
)
def test_bad_input_names_the_argument(call, match):
    """Bad input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match=match):
        call()
