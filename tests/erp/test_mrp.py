"""Tests of crmlab.erp.mrp: the MRP record, explosion, netting, offsetting, exceptions."""

from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.erp.bom import bom_from_dataset, explode
from crmlab.erp.example import alder_and_pine
from crmlab.erp.lotsizing import fixed_order_quantity, wagner_whitin
from crmlab.erp.mrp import RECORD_ROWS, mrp


def test_bicycle_example_of_the_chapter_introduction():
    """book/erp/intro.md (worked example in the text): 100 bicycles due in period 5, assembly
    lead time 1 -> 100 released in period 4; 2 wheels each -> gross 200 wheels in period 4;
    50 on hand -> net 150; wheel lead time 2 -> 150 wheels released in period 2."""
    plan = mrp(
        {"bicycle": [0, 0, 0, 0, 100]},
        {"bicycle": {"wheel": 2}},
        {"bicycle": 1, "wheel": 2},
        on_hand={"wheel": 50},
    )
    bike = plan.record("bicycle")
    assert bike.loc["planned_order_releases"].tolist() == [0, 0, 0, 100, 0]
    wheel = plan.record("wheel")
    assert list(wheel.index) == list(RECORD_ROWS)
    assert list(wheel.columns) == [1, 2, 3, 4, 5]
    assert wheel.loc["gross_requirements", 4] == 200
    assert wheel.loc["net_requirements"].tolist() == [0, 0, 0, 150, 0]
    assert wheel.loc["planned_order_releases"].tolist() == [0, 150, 0, 0, 0]
    assert plan.exceptions == []
    assert plan.planned_order_releases.loc["wheel"].tolist() == [0, 150, 0, 0, 0]


def test_hand_worked_record_with_safety_stock_receipt_and_lots():
    """Hand-worked record (in the layout of Vollmann et al. 2005): gross 20, 30, 10, 40,
    30; on hand 25; scheduled receipt 40 in period 2; safety stock 5; lots of 50; lead time 1.
    POH: 5, 15, 5 -> period 4 needs 40 + 5 - 5 = 40 net, a lot of 50 gives POH 15; period 5
    needs 30 + 5 - 15 = 20 net, another 50 gives 35. Releases: 50 in periods 3 and 4."""
    plan = mrp(
        {"X": [20, 30, 10, 40, 30]},
        {},
        {"X": 1},
        on_hand={"X": 25},
        scheduled_receipts={"X": {2: 40}},
        safety_stock={"X": 5},
        lot_sizing={"X": partial(fixed_order_quantity, quantity=50)},
    )
    rec = plan.record("X")
    assert rec.loc["projected_on_hand"].tolist() == [5, 15, 5, 15, 35]
    assert rec.loc["net_requirements"].tolist() == [0, 0, 0, 40, 20]
    assert rec.loc["planned_order_receipts"].tolist() == [0, 0, 0, 50, 50]
    assert rec.loc["planned_order_releases"].tolist() == [0, 0, 50, 50, 0]
    # The record's identity: POH_t = POH_{t-1} + SR_t + PORc_t - GR_t.
    poh = 25 + np.cumsum(
        rec.loc["scheduled_receipts"]
        + rec.loc["planned_order_receipts"]
        - rec.loc["gross_requirements"]
    )
    assert np.allclose(poh, rec.loc["projected_on_hand"])


def test_common_component_planned_once_at_lowest_level():
    """Hand-worked: A (lead time 1) uses 1 C directly and 2 B (lead time 1); B uses 1 C.
    MPS: 10 A in period 3. A releases 10 in period 2 -> B gross 20 in period 2, released in
    period 1 -> C gross: 10 (from A) in period 2 and 20 (from B) in period 1, planned once
    with both parents' demand, pegged to each parent."""
    plan = mrp({"A": [0, 0, 10]}, {"A": {"B": 2, "C": 1}, "B": {"C": 1}}, {"A": 1, "B": 1, "C": 0})
    assert plan.low_level_codes == {"A": 0, "B": 1, "C": 2}
    assert plan.record("C").loc["gross_requirements"].tolist() == [20, 10, 0]
    peg = plan.pegging("C")
    assert sorted(zip(peg["period"], peg["source"], peg["quantity"], strict=True)) == [
        (1, "B", 20.0),
        (2, "A", 10.0),
    ]
    assert plan.pegging("A")["source"].tolist() == ["MPS"]


def test_zero_stock_zero_lead_time_plan_equals_gross_explosion():
    """With no stock, no lead times and lot for lot, MRP's planned receipts over the horizon
    add up to the gross explosion of the total master schedule (Orlicky 1975: MRP is the
    time-phased explosion)."""
    ex = alder_and_pine(weeks=6)
    bom = bom_from_dataset()
    plan = mrp(ex.mps, bom, {i: 0 for i in ex.lead_times})
    totals = plan.table("planned_order_receipts").sum(axis=1)
    expected = explode(bom, {i: sum(v) for i, v in ex.mps.items()})
    assert np.allclose(totals[expected.index], expected)


def test_pegging_adds_up_to_gross_requirements():
    """Pegging: for every item and period the pegged quantities sum to the gross
    requirement (each unit of dependent demand is traced to a parent or the MPS)."""
    ex = alder_and_pine()
    plan = mrp(
        ex.mps,
        ex.bom,
        ex.lead_times,
        on_hand=ex.on_hand,
        safety_stock=ex.safety_stock,
        lot_sizing=ex.lot_sizing,
    )
    gross = plan.table("gross_requirements")
    pegged = plan.pegging_table.pivot_table(
        index="item", columns="period", values="quantity", aggfunc="sum", fill_value=0.0
    )
    assert np.allclose(pegged.reindex_like(gross).fillna(0.0), gross)
    # Safety stock is kept wherever the plan can keep it.
    poh = plan.table("projected_on_hand")
    for item, ss in ex.safety_stock.items():
        assert poh.loc[item].min() >= ss - 1e-9


def test_past_due_release_is_reported_not_dropped():
    """A receipt needed in period 1 with lead time 2 should have been released in period -1:
    it is released in period 1 and reported as past due (DESIGN.md: never silently dropped)."""
    plan = mrp({"X": [30, 0, 0]}, {}, {"X": 2})
    assert plan.planned_order_releases.loc["X"].tolist() == [30, 0, 0]
    (e,) = plan.exceptions
    assert (e.item, e.period, e.kind) == ("X", -1, "past_due")
    assert "past due by 2 periods" in e.message


def test_past_due_message_counts_periods_in_words():
    """Periods are numbered from 1 (the book's conventions), so a past-due message says how
    many periods late the release is, and never names period 0 or a negative period: a
    receipt needed in period 1 with lead time 1 is past due by 1 period (singular)."""
    plan = mrp({"X": [30, 0, 0]}, {}, {"X": 1})
    (e,) = plan.exceptions
    assert e.kind == "past_due"
    assert "past due by 1 period " in e.message
    assert "period 0" not in e.message
    for lead in (1, 2, 3):
        for e in mrp({"X": [30, 0, 0]}, {}, {"X": lead}).exceptions:
            assert "period 0" not in e.message and "period -" not in e.message
            assert f"past due by {1 - e.period} period" in e.message


def test_reschedule_messages():
    """Hand-worked: on hand 10, gross 20 in period 2: a receipt of 15 scheduled for period 4 is
    needed in period 2 (reschedule in); with gross 20 only in period 5 a receipt due in period
    2 is needed in period 5 (reschedule out); a receipt never needed within the horizon is a
    reschedule-out message that says so (reschedule beyond the horizon or cancel)."""
    p = mrp(
        {"X": [0, 20, 0, 0, 0]}, {}, {"X": 1}, on_hand={"X": 10}, scheduled_receipts={"X": {4: 15}}
    )
    kinds = [(e.kind, e.period) for e in p.exceptions]
    assert ("reschedule_in", 4) in kinds
    assert "period 2" in [e for e in p.exceptions if e.kind == "reschedule_in"][0].message
    p = mrp(
        {"X": [0, 0, 0, 0, 20]}, {}, {"X": 1}, on_hand={"X": 10}, scheduled_receipts={"X": {2: 15}}
    )
    assert [(e.kind, e.period) for e in p.exceptions] == [("reschedule_out", 2)]
    p = mrp({"X": [0, 5, 0]}, {}, {"X": 1}, on_hand={"X": 10}, scheduled_receipts={"X": {2: 15}})
    assert [e.kind for e in p.exceptions] == ["reschedule_out"]
    assert "not needed within 3 periods" in p.exceptions[0].message


def test_firm_planned_orders_are_kept():
    """A firmed planned receipt stays where the planner put it; MRP plans only the rest."""
    p = mrp({"X": [0, 10, 10]}, {}, {"X": 1}, firm_planned_orders={"X": {2: 15}})
    assert p.record("X").loc["planned_order_receipts"].tolist() == [0, 15, 5]


def test_cycle_in_bom_raises():
    """DESIGN.md: a cycle in the BOM raises ValueError naming the cycle."""
    with pytest.raises(ValueError, match="cycle"):
        mrp({"A": [1]}, {"A": {"B": 1}, "B": {"A": 1}}, {"A": 0, "B": 0})


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mps": {}}, "mps"),
        ({"mps": {"A": [1, 2], "B": [1]}}, "mps lists"),
        ({"mps": {"A": [1, -2]}}, r"mps\['A'\]"),
        ({"lead_times": {"A": 1}}, "lead_times is missing"),
        ({"lead_times": {"A": 1, "B": -1}}, r"lead_times\['B'\]"),
        ({"on_hand": {"Z": 1}}, "on_hand names items"),
        ({"on_hand": {"B": -1}}, r"on_hand\['B'\]"),
        ({"safety_stock": {"B": float("nan")}}, r"safety_stock\['B'\]"),
        ({"scheduled_receipts": {"B": {9: 1}}}, "scheduled_receipts"),
        ({"lot_sizing": {"B": 3}}, r"lot_sizing\['B'\] must be callable"),
        ({"lot_sizing": {"B": lambda d: [0.0] * len(d)}}, "shortfall"),
    ],
)
def test_bad_input_names_the_argument(kwargs, match):
    """Bad input raises ValueError naming the argument (DESIGN.md)."""
    args = {"mps": {"A": [5, 5]}, "bom": {"A": {"B": 2}}, "lead_times": {"A": 1, "B": 1}}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        mrp(**args)


def test_record_of_unknown_item_raises():
    """MRPPlan.record names the unknown item."""
    plan = mrp({"A": [1]}, {}, {"A": 0})
    with pytest.raises(ValueError, match="item 'Z'"):
        plan.record("Z")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 60), min_size=1, max_size=8),
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 150),
    st.integers(0, 40),
    st.sampled_from(["lfl", "foq", "ww"]),
)
def test_record_invariants_hold_on_random_plans(demand, lt_a, lt_b, stock, safety, rule):
    """The definitions of the MRP record (Orlicky 1975; DESIGN.md) as properties: projected
    on hand follows POH_t = POH_{t-1} + SR_t + PORc_t - GR_t and never falls below the
    safety stock; net requirements are >= 0; every receipt is released (past-due ones in
    period 1), so releases and receipts add up to the same total; the component's gross
    requirements are the parent's releases times the quantity per parent."""
    T = len(demand)
    rules = {
        "lfl": {},
        "foq": {"B": partial(fixed_order_quantity, quantity=70)},
        "ww": {"B": partial(wagner_whitin, setup_cost=50, holding_cost=1)},
    }[rule]
    plan = mrp(
        {"A": demand},
        {"A": {"B": 3}},
        {"A": lt_a, "B": lt_b},
        on_hand={"A": stock, "B": stock},
        safety_stock={"B": safety},
        lot_sizing=rules,
    )
    for item, ss in (("A", 0), ("B", safety)):
        rec = plan.record(item)
        flow = rec.loc["scheduled_receipts"] + rec.loc["planned_order_receipts"]
        poh = stock + np.cumsum(flow - rec.loc["gross_requirements"])
        assert np.allclose(poh, rec.loc["projected_on_hand"])
        assert (rec.loc["projected_on_hand"] >= ss - 1e-9).all()
        assert (rec.loc["net_requirements"] >= 0).all()
        assert rec.loc["planned_order_releases"].sum() == pytest.approx(
            rec.loc["planned_order_receipts"].sum()
        )
    assert np.allclose(
        plan.record("B").loc["gross_requirements"],
        3 * plan.record("A").loc["planned_order_releases"],
    )
    assert list(plan.record("B").columns) == list(range(1, T + 1))


def test_jacobs_chase_product_a_planning_schedule():
    """Jacobs & Chase, Operations and Supply Chain Management, MRP chapter problem: A is
    made of 2 B and 3 C; B of 2 D and 3 E; C of 2 F and 1 E; lead times A 1, B 2, C 2, E 2,
    D 3, F 3 weeks; 95 A needed in week 10; no stock; lot-for-lot. Worked by hand from the
    statement: A released 95 in week 9; B 190 and C 285 in week 7; E (570 from B + 285 from
    C, both due week 7) 855 in week 5; D 380 and F 570 in week 4."""
    from crmlab.erp.mrp import mrp

    plan = mrp(
        {"A": [0] * 9 + [95]},
        {"A": {"B": 2, "C": 3}, "B": {"D": 2, "E": 3}, "C": {"F": 2, "E": 1}},
        {"A": 1, "B": 2, "C": 2, "D": 3, "E": 2, "F": 3},
    )
    releases = plan.planned_order_releases
    expected = {
        "A": (9, 95),
        "B": (7, 190),
        "C": (7, 285),
        "E": (5, 855),
        "D": (4, 380),
        "F": (4, 570),
    }
    for item, (week, quantity) in expected.items():
        row = releases.loc[item]
        assert row[week] == quantity, item
        assert row.drop(week).sum() == 0, item
    assert plan.record("E").loc["gross_requirements", 7] == 855
    assert plan.exceptions == []
