"""Property-based tests of crmlab.erp: random valid and invalid inputs (hypothesis).

Source: the public-API contract of DESIGN.md ("every function validates its inputs and
raises ValueError naming the bad argument and its allowed range") and issue 8. For each
public function, hypothesis draws random *valid* inputs, which must never crash and whose
results must satisfy simple invariants (closed-form identities where one exists);
and random *invalid* inputs, which must always raise ``ValueError`` (never a TypeError,
KeyError, ZeroDivisionError or a silent nonsense result). Which public functions have
property tests is checked by tests/project/test_property_coverage.py.

Kept fast and deterministic (tests/strategies.py: ``derandomize=True``, no example
database, modest ``max_examples``, no deadline). Run with ``pytest tests/erp/test_properties.py
--hypothesis-show-statistics`` to see how many cases ran.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crmlab.erp import bom as erp_bom
from crmlab.erp import capacity, costing, example, lotsizing
from crmlab.erp.mrp import mrp
from tests.strategies import (
    fast,
    not_non_negative,
    small_positive,
)

# ---------------------------------------------------------------- crmlab.erp (ERP chapter)


#: Per-period requirements: 0 or at least 0.01 (the rules treat dust such as 1e-123
#: differently within their tolerance, which is not what this test is about).
requirements = st.lists(st.one_of(st.just(0.0), st.floats(0.01, 500.0)), min_size=1, max_size=16)


@fast(40)
@given(requirements, small_positive, small_positive, st.floats(1.0, 300.0), st.integers(1, 6))
def test_lot_sizing_rules_cover_demand_and_wagner_whitin_is_cheapest(
    demand, setup, holding, quantity, periods
):
    """Every rule covers each requirement in or before its period (so lot_sizing_cost
    accepts it), and Wagner-Whitin is never dearer than any other rule (it is optimal:
    Wagner & Whitin 1958)."""
    plans = {
        "lot for lot": lotsizing.lot_for_lot(demand),
        "FOQ": lotsizing.fixed_order_quantity(demand, quantity),
        "POQ": lotsizing.periodic_order_quantity(demand, periods),
        "Silver-Meal": lotsizing.silver_meal(demand, setup, holding),
        "Wagner-Whitin": lotsizing.wagner_whitin(demand, setup, holding),
    }
    costs = {}
    for name, receipts in plans.items():
        assert len(receipts) == len(demand), name
        assert all(r >= 0 for r in receipts), name
        costs[name] = lotsizing.lot_sizing_cost(receipts, demand, setup, holding)
    best = costs["Wagner-Whitin"]
    assert all(best <= c * (1 + 1e-9) + 1e-9 for c in costs.values())


@fast(30)
@given(requirements, st.integers(0, 5), not_non_negative)
def test_lot_sizing_rejects_bad_input(demand, which, bad):
    """Negative or missing requirements, bad costs or sizes, and plans that leave a
    shortfall raise ValueError."""
    assume(sum(demand) > 0)
    calls = [
        lambda: lotsizing.lot_for_lot([*demand, bad]),
        lambda: lotsizing.fixed_order_quantity(demand, 0.0),
        lambda: lotsizing.periodic_order_quantity(demand, 0),
        lambda: lotsizing.silver_meal(demand, bad, 1.0),
        lambda: lotsizing.wagner_whitin(demand, 1.0, bad),
        lambda: lotsizing.lot_sizing_cost([0.0] * len(demand), demand, 1.0, 1.0),
    ]
    with pytest.raises(ValueError):
        calls[which]()


@st.composite
def boms(draw):
    """A random acyclic BOM: items on 1 to 4 levels, each child used by a parent above."""
    levels = draw(st.integers(1, 4))
    items = [[f"L{lv}-{i}" for i in range(draw(st.integers(1, 3)))] for lv in range(levels)]
    # Every item is listed (leaves with no children), as mrp() requires of demand items.
    bom: dict[str, dict[str, float]] = {i: {} for level in items for i in level}
    for lv in range(1, levels):
        for child in items[lv]:
            parents = draw(st.lists(st.sampled_from(items[lv - 1]), min_size=1, max_size=2))
            for parent in set(parents):
                bom.setdefault(parent, {})[child] = float(draw(st.integers(1, 4)))
    all_items = [i for level in items for i in level]
    return items[0], bom, all_items


@fast(30)
@given(boms(), st.integers(1, 8), st.data())
def test_mrp_on_random_boms(tree, periods, data):
    """Planned releases are >= 0 and cover the end items' gross requirements less on-hand
    stock; every item is planned; explosion agrees with the BOM's quantities."""
    ends, bom, all_items = tree
    mps = {
        e: data.draw(st.lists(st.floats(0, 100), min_size=periods, max_size=periods)) for e in ends
    }
    lead = {i: data.draw(st.integers(0, 2)) for i in all_items}
    on_hand = {i: data.draw(st.floats(0, 50)) for i in all_items}
    plan = mrp(mps, bom, lead, on_hand=on_hand)
    releases = plan.planned_order_releases
    assert (releases.to_numpy() >= -1e-9).all()
    codes = erp_bom.low_level_codes(bom)
    assert all(codes[e] == 0 for e in ends)
    for e in ends:
        record = plan.record(e)
        assert record.shape[1] == periods
    need = erp_bom.explode(bom, {ends[0]: 1.0})
    assert (need >= 0).all()


@fast(20)
@given(boms(), st.integers(0, 2))
def test_mrp_rejects_cycles_and_bad_input(tree, which):
    """A cycle in the BOM, a negative lead time or requirement: ValueError."""
    ends, bom, all_items = tree
    lead = {i: 1 for i in all_items}
    mps = {e: [1.0, 2.0] for e in ends}
    edges = [(p, c) for p, children in bom.items() for c in children]
    parent, child = edges[0] if edges else (ends[0], ends[0])
    cyclic = {**bom, child: {**bom[child], parent: 1.0}}  # child -> parent closes a cycle
    calls = [
        lambda: mrp(mps, cyclic, lead),
        lambda: mrp(mps, bom, {**lead, ends[0]: -1}),
        lambda: mrp({ends[0]: [1.0, -2.0]}, bom, lead),
    ]
    with pytest.raises(ValueError):
        calls[which]()


# ---------------------------------------------------------------- crmlab.erp: BOM views


@fast(30)
@given(boms())
def test_bom_views_agree(tree):
    """The graph, the table, the indented bill and where-used describe one structure: the
    graph's edges are the BOM's lines; the indented bill's extended quantities add up, item
    by item, to the explosion of one end item; where-used lists every item above a part."""
    ends, bom, items = tree
    graph = erp_bom.bom_graph(bom)
    lines = [(p, c, q) for p, children in bom.items() for c, q in children.items()]
    assert sorted(graph.edges(data="quantity")) == sorted(lines)
    table = pd.DataFrame(lines, columns=["parent", "child", "quantity"])
    assert erp_bom.bom_from_dataset(table) == {p: ch for p, ch in bom.items() if ch}
    end = ends[0]
    indented = erp_bom.indented_bom(bom, end)
    totals = indented.groupby("item")["extended_quantity"].sum()
    exploded = erp_bom.explode(bom, {end: 1.0})
    for item, quantity in totals.items():
        assert quantity == pytest.approx(exploded[item])
    part = items[-1]
    assert set(erp_bom.where_used(bom, part)["parent"]) == nx.ancestors(graph, part)


# ---------------------------------------------------------------- crmlab.erp: capacity, costing


@st.composite
def routed_boms(draw):
    """A random BOM whose items each have one operation on W0..W2, or (a bought part, a
    leaf below an end item) a price."""
    ends, bom, items = draw(boms())
    leaves = [i for i in items if not bom.get(i) and i not in ends]
    prices = {i: draw(st.floats(0.5, 50.0)) for i in leaves if draw(st.booleans())}
    routed = [i for i in items if i not in prices]
    routings = pd.DataFrame(
        {
            "item_id": routed,
            "operation": [10] * len(routed),
            "work_centre": [draw(st.sampled_from(["W0", "W1", "W2"])) for _ in routed],
            "setup_hours": [draw(st.floats(0.0, 3.0)) for _ in routed],
            "run_hours": [draw(st.floats(0.0, 2.0)) for _ in routed],
        }
    )
    centres = pd.DataFrame(
        {
            "work_centre": ["W0", "W1", "W2"],
            "capacity_hours_per_week": [draw(st.floats(1.0, 200.0)) for _ in range(3)],
            "labour_rate": [draw(st.floats(0.0, 60.0)) for _ in range(3)],
            "overhead_rate": [draw(st.floats(0.0, 60.0)) for _ in range(3)],
        }
    )
    return ends, bom, items, routings, centres, prices


@fast(25)
@given(routed_boms(), st.lists(st.integers(0, 40), min_size=1, max_size=5))
def test_capacity_load_is_hours_times_orders(tree, quantities):
    """CRP: an order of q loads its work centre with setup + run × q hours; the report's
    utilisation is load / capacity and the overload the load above capacity. RCCP: the
    master schedule times the bill of resources (run hours through the whole BOM)."""
    ends, bom, items, routings, centres, _ = tree
    end = ends[0]
    orders = pd.DataFrame([quantities], index=[end], columns=range(1, len(quantities) + 1))
    load = capacity.load_profile(orders, routings)
    route = routings.set_index("item_id")
    for period, q in enumerate(quantities, start=1):
        expected = route.at[end, "setup_hours"] + route.at[end, "run_hours"] * q if q else 0
        assert load[period].sum() == pytest.approx(expected)
    report = capacity.capacity_report(load, centres)
    assert np.allclose(report["utilisation"], report["load_hours"] / report["capacity_hours"])
    assert np.allclose(
        report["overload_hours"], (report["load_hours"] - report["capacity_hours"]).clip(0)
    )
    bor = capacity.bill_of_resources(bom, routings)
    rough = capacity.rough_cut_capacity({end: quantities}, bom, routings, centres)
    first = rough[rough["period"] == 1].set_index("work_centre")["load_hours"]
    for wc, hours in first.items():
        per_unit = bor.at[end, wc] if end in bor.index and wc in bor.columns else 0.0
        assert hours == pytest.approx(quantities[0] * per_unit)


@fast(25)
@given(routed_boms(), st.lists(st.integers(0, 30), min_size=1, max_size=5))
def test_cost_rollup_and_plan_value(tree, schedule):
    """A made item's unit cost is its components' unit costs times their quantities plus its
    own labour and overhead; a bought item's is its price; the plan's purchase spend is the
    bought items' planned receipts at their price (Vollmann et al. 2005, MRP II)."""
    ends, bom, items, routings, centres, prices = tree
    costs = costing.cost_rollup(bom, routings, centres, prices)
    parts = costs[["material", "labour", "overhead"]].sum(axis=1)
    assert np.allclose(costs["unit_cost"], parts)
    for item in items:
        if item in prices:
            assert costs.at[item, "unit_cost"] == pytest.approx(prices[item])
            continue
        below = sum(q * costs.at[c, "unit_cost"] for c, q in bom.get(item, {}).items())
        own = costs.at[item, "own_labour"] + costs.at[item, "own_overhead"]
        assert costs.at[item, "unit_cost"] == pytest.approx(below + own)
    plan = mrp({ends[0]: schedule}, bom, {i: 1 for i in items})
    value = costing.plan_value(plan, costs, list(prices))
    spend = sum(plan.record(i).loc["planned_order_receipts"].sum() * prices[i] for i in prices)
    assert value["purchase_spend"].sum() == pytest.approx(spend)
    products = pd.DataFrame(
        {
            "item_id": items,
            "standard_cost": [prices.get(i) for i in items],
        }
    )
    assert costing.purchase_costs(products) == pytest.approx(prices)


@fast(15)
@given(routed_boms(), st.lists(st.integers(0, 60), min_size=2, max_size=5))
def test_closed_loop_moves_orders_earlier_and_keeps_the_totals(tree, schedule):
    """Closed-loop MRP only moves planned orders earlier: every move goes back in time, each
    item's planned receipts keep their total, and a feasible plan has no overload left."""
    ends, bom, items, routings, centres, _ = tree
    lead = {i: 0 for i in items}
    res = capacity.closed_loop({ends[0]: schedule}, bom, lead, routings, centres)
    assert (res.moves["to_period"] < res.moves["from_period"]).all()
    for item in res.plan.items:
        before = res.initial_plan.record(item).loc["planned_order_receipts"].sum()
        after = res.plan.record(item).loc["planned_order_receipts"].sum()
        assert after == pytest.approx(before)
    if res.feasible:
        assert (res.report["overload_hours"] <= 1e-6).all()


@fast(5)
@given(st.integers(1, 12), st.integers(1, 52))
def test_worked_plant_example_plans(weeks, first_week):
    """The worked plant example gives MRP inputs of the asked length, and its lot-sizing
    rules cover every net requirement."""
    plant = example.alder_and_pine(weeks, first_week)
    assert {len(v) for v in plant.mps.values()} == {weeks}
    rules = example.lot_sizing_rules(plant.products)
    for rule in rules.values():
        receipts = rule([5.0, 0.0, 7.0])
        assert np.all(np.cumsum(receipts) >= np.cumsum([5.0, 0.0, 7.0]) - 1e-9)
