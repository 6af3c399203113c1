"""One representative call of every public chart function in crmlab.plots.

Each case draws the chart as a chapter notebook or a widget draws it (same model, same
arguments), so that tests/plots/test_legibility.py measures the figures readers see. A
new chart function must get a case here: the test fails on any public function that
returns a Chart and has none.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial

import numpy as np
import pandas as pd

from crmlab import datasets, plots
from crmlab.plots import Chart


@cache
def _transactions() -> pd.DataFrame:
    return datasets.load("transactions")


@cache
def _plant():
    from crmlab.erp.example import alder_and_pine

    return alder_and_pine(weeks=8, first_week=17)


@cache
def _erp_plan_reports():
    """As notebooks/erp/05_capacity_and_costing.ipynb: CRP, the closed loop and costs."""
    from crmlab.erp.capacity import capacity_report, closed_loop, load_profile, rough_cut_capacity
    from crmlab.erp.costing import cost_rollup, plan_value, purchase_costs
    from crmlab.erp.mrp import mrp

    plant = _plant()
    routings, work_centres = datasets.load("routings"), datasets.load("work_centres")
    rough = rough_cut_capacity(plant.mps, plant.bom, routings, work_centres)
    plan = mrp(
        plant.mps,
        plant.bom,
        plant.lead_times,
        on_hand=plant.on_hand,
        safety_stock=plant.safety_stock,
    )
    crp = capacity_report(load_profile(plan.planned_order_releases, routings), work_centres)
    loop = closed_loop(
        plant.mps,
        plant.bom,
        plant.lead_times,
        routings,
        work_centres,
        on_hand=plant.on_hand,
        safety_stock=plant.safety_stock,
    )
    costs = cost_rollup(plant.bom, routings, work_centres, purchase_costs(plant.products))
    bought = plant.products.loc[plant.products["make_or_buy"] == "buy", "item_id"]
    money = plan_value(loop.plan, costs, bought)
    return rough, crp, loop, costs, money


def _eoq() -> Chart:
    from crmlab.widgets.eoq import eoq_figure

    return eoq_figure(1200, 100, 5)


def _sawtooth() -> Chart:
    from crmlab.scm.inventory import eoq, eoq_inventory_path

    q = eoq(1200, 100, 5)
    return plots.inventory_sawtooth_chart(eoq_inventory_path(1200, q, horizon=1.0), q)


def _organisation() -> Chart:
    from crmlab.bpr.cases import complaint_handling

    steps = [(s.name, s.resource) for s in complaint_handling("as_is").steps]
    return plots.organisation_process_chart(
        steps, head="Head of customer service", case="complaint"
    )


def _systems_map() -> Chart:
    from crmlab.widgets.systems import systems_figure

    return systems_figure("CRM")


def _bar() -> Chart:
    revenue = _transactions().groupby("category")["amount"].sum().sort_values(ascending=False)
    return plots.bar_chart(
        revenue,
        title="Revenue by product category, 2023 to 2025",
        xlabel="Product category",
        ylabel="Revenue (EUR)",
    )


def _rfm() -> Chart:
    from crmlab.widgets.crm import rfm_figure

    return rfm_figure(_transactions(), bins=5)


def _pyramid() -> Chart:
    from crmlab.crm.value import customer_pyramid

    customers = datasets.load("customers")
    return plots.customer_pyramid_chart(customer_pyramid(_transactions(), customers["customer_id"]))


def _pareto() -> Chart:
    from crmlab.crm.value import pareto_curve

    return plots.pareto_chart(pareto_curve(_transactions()), mark=0.2)


def _cohort() -> Chart:
    from crmlab.crm.value import cohort_retention

    return plots.cohort_heatmap_chart(cohort_retention(_transactions(), period="Q"))


def _retention() -> Chart:
    from crmlab.crm.value import estimate_retention, retention_curve

    curve = retention_curve(_transactions(), period="Q")
    r = estimate_retention(_transactions(), period="Q").retention
    models = {f"constant r = {r:.2f}: r^k": [r**k for k in curve.index]}
    return plots.retention_curve_chart(curve, models, period_name="quarter")


def _clv_sensitivity() -> Chart:
    from crmlab.widgets.crm import clv_figure

    return clv_figure(margin=100, retention=0.8, discount=0.1)


def _clv_period() -> Chart:
    from crmlab.crm.value import clv_by_period

    return plots.clv_period_chart(
        clv_by_period(margin=100, retention=0.8, discount=0.1, periods=10)
    )


def _dfg() -> Chart:
    from crmlab.bpr.discovery import dfg_graph

    return plots.dfg_chart(
        dfg_graph(datasets.load("order_events")),
        min_frequency=20,
        title="Alder & Pine, order to cash: the directly-follows graph",
    )


@cache
def _complaints():
    from crmlab.bpr import simulate
    from crmlab.bpr.cases import ARRIVAL_RATE, complaint_handling

    process = complaint_handling("as_is")
    return simulate(process, ARRIVAL_RATE["complaint_handling"], n_cases=600, seed=1, warmup=100)


def _histogram() -> Chart:
    return plots.cycle_time_histogram(_complaints().cases["cycle_time"], promise=480)


def _time_split() -> Chart:
    from crmlab.bpr.redesign import compare_designs

    designs = compare_designs(designs=("as_is", "case_manager"))
    return plots.time_split_chart(designs, title="Working versus waiting")


def _design_comparison() -> Chart:
    from crmlab.widgets.bpr import redesign_figure

    return redesign_figure()


def _policy() -> Chart:
    from crmlab.widgets.inventory import policy_figure

    return policy_figure(policy="base-stock", level=400, quantity=300, lead_time=2, demand_std=30)


def _safety_stock_curve() -> Chart:
    from crmlab.scm.inventory import safety_stock

    grid = np.linspace(0.5, 0.999, 100)
    curve = pd.DataFrame(
        {"service_level": grid}
        | {f"L = {lead}": [safety_stock(20, lead, a) for a in grid] for lead in (1, 4)}
    )
    return plots.safety_stock_curve_chart(curve)


def _risk_pooling() -> Chart:
    from crmlab.scm.pooling import risk_pooling

    sales = datasets.load("store_demand")
    chairs = sales[sales["product_id"] == "C300"].pivot(
        index="week", columns="store_id", values="demand"
    )
    table = risk_pooling(chairs, lead_time=2, service_level=0.95, order_cost=50, holding_cost=0.5)
    return plots.risk_pooling_chart(table, title="Chairs: safety stock in six stores or one")


def _pooling_correlation() -> Chart:
    from crmlab.scm.pooling import pooling_curve

    curve = pooling_curve(demand_std=8, lead_time=2, service_level=0.95, n_markets=6)
    return plots.pooling_correlation_chart(curve, n_markets=6)


def _postponement() -> Chart:
    from crmlab.widgets.inventory import postponement_figure

    return postponement_figure(max_variants=8, correlation=0.0, lead_time=4, finishing_time=0)


@cache
def _beer_games():
    from crmlab.scm.beergame import simulate_beer_game

    return simulate_beer_game(), simulate_beer_game(share_demand=True)


def _beer_orders() -> Chart:
    return plots.beer_game_orders_chart(_beer_games()[0])


def _beer_inventory() -> Chart:
    return plots.beer_game_inventory_chart(_beer_games()[0])


def _beer_cost() -> Chart:
    result, shared = _beer_games()
    return plots.beer_game_cost_chart({"orders only": result, "demand shared": shared})


def _bullwhip_by_stage() -> Chart:
    return plots.bullwhip_by_stage_chart({"game": _beer_games()[0].bullwhip()})


def _beer_debrief() -> Chart:
    from crmlab.widgets.beergame import default_debrief_figure

    return default_debrief_figure()


def _bullwhip_bound() -> Chart:
    from crmlab.scm.bullwhip import bullwhip_table

    return plots.bullwhip_bound_chart(bullwhip_table(lead_times=(1, 2, 4), windows=(2, 5, 10, 20)))


def _orders_vs_demand() -> Chart:
    from crmlab.widgets.bullwhip import bullwhip_figure

    return bullwhip_figure(lead_time=2, window=5)


def _bom_tree() -> Chart:
    from crmlab.erp.bom import bom_from_dataset, indented_bom

    products = datasets.load("products")
    names = dict(zip(products["item_id"], products["name"], strict=True))
    return plots.bom_tree_chart(indented_bom(bom_from_dataset(), "D100"), names=names)


def _mrp_record() -> Chart:
    from crmlab.erp.example import alder_and_pine
    from crmlab.widgets.mrp import mrp_figure

    return mrp_figure(alder_and_pine(weeks=8, first_week=1), "C300")


def _load_capacity() -> Chart:
    _, crp, loop, _, _ = _erp_plan_reports()
    worst = crp.sort_values("overload_hours").iloc[-1]["work_centre"]
    return plots.load_capacity_chart(loop.report, worst, before=loop.initial_report)


def _utilisation() -> Chart:
    _, crp, _, _, _ = _erp_plan_reports()
    return plots.utilisation_heatmap(crp, title="Capacity requirements planning")


def _cost_rollup() -> Chart:
    costs = _erp_plan_reports()[3]
    return plots.cost_rollup_chart(costs, ["D100", "T200", "C300", "B400", "G500"])


def _plan_money() -> Chart:
    return plots.plan_money_chart(_erp_plan_reports()[4])


def _lot_sizing() -> Chart:
    from crmlab.erp.lotsizing import (
        fixed_order_quantity,
        lot_for_lot,
        lot_sizing_cost,
        periodic_order_quantity,
        silver_meal,
        wagner_whitin,
    )

    demand = [18, 30, 42, 5, 20]
    rules = {
        "lot for lot": lot_for_lot,
        "fixed order quantity (Q = 50)": partial(fixed_order_quantity, quantity=50),
        "periodic order quantity (P = 2)": partial(periodic_order_quantity, periods=2),
        "Silver–Meal": partial(silver_meal, setup_cost=80, holding_cost=2),
        "Wagner–Whitin": partial(wagner_whitin, setup_cost=80, holding_cost=2),
    }
    receipts = {name: rule(demand) for name, rule in rules.items()}
    costs = {name: lot_sizing_cost(r, demand, 80, 2) for name, r in receipts.items()}
    return plots.lot_sizing_chart(receipts, demand, costs=costs)


def _supply_network() -> Chart:
    from crmlab.scm.network import example_network

    return plots.supply_network_chart(
        example_network(),
        flows=("goods", "money", "information"),
        labels=True,
        schematic=True,
        title="A supply chain: goods down, money and information up",
    )


def _supply_network_map() -> Chart:
    from crmlab.widgets.scm import supply_network_figure

    return supply_network_figure(("W1", "W3", "W7"))


def _strategy_cost() -> Chart:
    from crmlab.scm.distribution import compare_strategies

    return plots.strategy_cost_chart(compare_strategies(demand_per_store=50, stores=20))


def _strategy_winner() -> Chart:
    from crmlab.scm.distribution import strategy_grid

    grid = strategy_grid(np.geomspace(5, 2000, 25), np.unique(np.round(np.geomspace(1, 150, 25))))
    return plots.strategy_winner_map(grid)


def _location_map() -> Chart:
    from crmlab.widgets.scm import network_figure

    return network_figure(300.0, 1.0)


def _closed_loop() -> Chart:
    from crmlab.widgets.scm import closed_loop_figure

    return closed_loop_figure(share_pos=True, pipeline=False, lead_time=2)


def _closed_loop_history() -> Chart:
    from crmlab.scm.closed_loop import simulate_closed_loop

    runs = [simulate_closed_loop(s, lead_time=2) for s in ("orders", "pos_pipeline")]
    return plots.closed_loop_history_chart(runs, periods=80)


@cache
def _order_flow() -> pd.DataFrame:
    """The sales order's business documents, as notebooks/erp/06_erp_database.ipynb."""
    from crmlab.erp import Enterprise

    erp = Enterprise.from_datasets()
    order = erp.create_sales_order("D100001", {"D100": 1200})
    erp.run_mrp({"D100": [0, 0, 1200]}, release=True, supplier_no="V1000", predecessor=order)
    flow = erp.document_flow(order)
    purchase = flow.loc[flow["doc_type"] == "purchase order", "doc_id"].iloc[0]
    receipt = erp.receive_goods(purchase)
    erp.pay_supplier(erp.enter_supplier_invoice(receipt))
    for production_order in flow.loc[flow["doc_type"] == "production order", "doc_id"]:
        erp.confirm_production(production_order)
    payment = erp.receive_payment(erp.invoice(erp.deliver(order)))
    flow = erp.document_flow(payment)
    return flow[flow["doc_type"] != "journal entry"]


def _document_flow() -> Chart:
    return plots.document_flow_chart(
        _order_flow(), title="Document flow of the sales order (business documents)"
    )


def _erp_modules() -> Chart:
    from crmlab.erp import Enterprise

    return plots.erp_modules_chart(Enterprise.from_datasets().module_row_counts().to_dict())


def _precision_recall() -> Chart:
    from crmlab.crm import matching

    crm, erp = datasets.load("customers"), datasets.load("erp_customers")
    curve = matching.precision_recall(
        matching.score_pairs(crm, erp), datasets.load("customer_matches")
    )
    return plots.precision_recall_chart(curve, threshold=0.7)


#: Chart function name -> a call that draws it as the book does.
CASES: dict[str, Callable[[], Chart]] = {
    "bar_chart": _bar,
    "beer_game_cost_chart": _beer_cost,
    "beer_game_debrief_chart": _beer_debrief,
    "beer_game_inventory_chart": _beer_inventory,
    "beer_game_orders_chart": _beer_orders,
    "bom_tree_chart": _bom_tree,
    "bpr_concept_map": plots.bpr_concept_map,
    "bullwhip_bound_chart": _bullwhip_bound,
    "bullwhip_by_stage_chart": _bullwhip_by_stage,
    "closed_loop_chart": _closed_loop,
    "closed_loop_history_chart": _closed_loop_history,
    "clv_period_chart": _clv_period,
    "clv_sensitivity_chart": _clv_sensitivity,
    "cohort_heatmap_chart": _cohort,
    "cost_rollup_chart": _cost_rollup,
    "customer_pyramid_chart": _pyramid,
    "cycle_time_histogram": _histogram,
    "design_comparison_chart": _design_comparison,
    "dfg_chart": _dfg,
    "document_flow_chart": _document_flow,
    "eoq_cost_chart": _eoq,
    "erp_flows_chart": plots.erp_flows_chart,
    "erp_modules_chart": _erp_modules,
    "erp_stages_chart": plots.erp_stages_chart,
    "inventory_policy_chart": _policy,
    "inventory_sawtooth_chart": _sawtooth,
    "load_capacity_chart": _load_capacity,
    "location_map_chart": _location_map,
    "lot_sizing_chart": _lot_sizing,
    "mrp_record_chart": _mrp_record,
    "orders_vs_demand_chart": _orders_vs_demand,
    "organisation_process_chart": _organisation,
    "pareto_chart": _pareto,
    "plan_money_chart": _plan_money,
    "pooling_correlation_chart": _pooling_correlation,
    "postponement_chart": _postponement,
    "precision_recall_chart": _precision_recall,
    "retention_curve_chart": _retention,
    "rfm_segment_chart": _rfm,
    "risk_pooling_chart": _risk_pooling,
    "safety_stock_curve_chart": _safety_stock_curve,
    "strategy_cost_chart": _strategy_cost,
    "strategy_winner_map": _strategy_winner,
    "supply_network_chart": _supply_network,
    "systems_map_chart": _systems_map,
    "time_split_chart": _time_split,
    "utilisation_heatmap": _utilisation,
}

#: Further drawings of a chart function that the book also shows (other layouts).
EXTRA_CASES: dict[str, Callable[[], Chart]] = {
    "supply_network_chart (the Vale map)": _supply_network_map,
    "dfg_chart (simulated complaints)": lambda: plots.dfg_chart(
        __import__("crmlab.bpr.discovery", fromlist=["dfg_graph"]).dfg_graph(
            _complaints().event_log
        ),
        title="Discovered from a simulated log: the complaint process",
        size=(6.0, 7.0),
    ),
    "systems_map_chart (no highlight)": lambda: plots.systems_map_chart(
        __import__("crmlab.crm.systems", fromlist=["systems_graph"]).systems_graph()
    ),
    "rough-cut utilisation_heatmap": lambda: plots.utilisation_heatmap(
        _erp_plan_reports()[0], title="Rough-cut capacity: the master schedule's load"
    ),
}
