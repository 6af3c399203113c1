"""Hostile input over every public model function: right answer or ValueError, in seconds.

Source: the public-API contract (every function validates its inputs and raises ValueError
naming the bad argument and its allowed range) and issue 17, which found silent wrong
results, stray exceptions and hangs with about 38,000 hostile calls.

For each public function and class of crmlab.scm, crm, erp, bpr and datasets (every name
of :data:`PUBLIC`; a test checks that the list is complete), :data:`BASELINES` gives one
small valid call. :func:`hostile.sweep` replaces each argument in turn by each value of the
shared hostile library (tests/hostile.py) and fails on any call that returns a result for
an invalid value, raises anything but ValueError, raises a ValueError that does not name
the argument (and the column, for a DataFrame), returns NaN or inf where the valid call
was finite, or takes longer than :data:`hostile.CALL_SECONDS`. The charts (crmlab.plots)
are checked by tests/plots/test_properties.py and tests/widgets/test_plots_widgets.py; the
Enterprise by tests/erp/test_enterprise_hostile.py.

Run ``python tests/project/test_hostile.py`` for the figures: cases run and failures by kind.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared helpers

import hostile  # noqa: E402
from public_api import public_callables  # noqa: E402

from crmlab import datasets  # noqa: E402

_TX = datasets.load("transactions").sort_values(["customer_id", "date"]).head(300)
_TX_SMALL = _TX[["customer_id", "date", "amount"]].reset_index(drop=True)
_CRM = datasets.load("customers").head(40)
_ERP = datasets.load("erp_customers")
_MATCHES = datasets.load("customer_matches")
_MATCHES = _MATCHES[_MATCHES["crm_customer_id"].isin(_CRM["customer_id"])].reset_index(drop=True)
_ERP = _ERP[_ERP["erp_customer_no"].isin(_MATCHES["erp_customer_no"])].reset_index(drop=True)
_LOC = datasets.load("locations")
_PRODUCTS = datasets.load("products")
_ROUTINGS = datasets.load("routings")
_WORK_CENTRES = datasets.load("work_centres")
_EVENTS = datasets.load("order_events")
_EVENTS = _EVENTS[_EVENTS["case_id"].isin(_EVENTS["case_id"].unique()[:30])].reset_index(drop=True)
_BOM = {"A": {"B": 2.0, "C": 1.0}, "B": {"C": 3.0}}
_BOM_FRAME = pd.DataFrame(
    {"parent": ["A", "A", "B"], "child": ["B", "C", "C"], "quantity": [2.0, 1.0, 3.0]}
)
_ROUT = pd.DataFrame(
    {
        "item_id": ["A", "B"],
        "operation": [10, 10],
        "work_centre": ["W", "W"],
        "setup_hours": [1.0, 0.0],
        "run_hours": [0.5, 0.1],
    }
)
_WC = pd.DataFrame(
    {
        "work_centre": ["W"],
        "capacity_hours_per_week": [40.0],
        "labour_rate": [20.0],
        "overhead_rate": [10.0],
    }
)


def _step():
    from crmlab.bpr import Step

    return Step("Check", "Clerk", 10.0)


def _process():
    from crmlab.bpr import Process, Step

    return Process(
        [Step("Check", "Clerk", 10.0), Step("Approve", "Boss", 5.0)], {"Clerk": 1, "Boss": 1}
    )


def _rfm():
    from crmlab.crm.value import rfm

    return rfm(_TX_SMALL)


def _abc():
    from crmlab.crm.value import abc_analysis

    return abc_analysis(_TX_SMALL)


def _norm():
    from crmlab.crm import matching

    return matching.normalise_crm(_CRM), matching.normalise_erp(_ERP)


def _pairs():
    from crmlab.crm import matching

    return matching.score_pairs(_CRM, _ERP)


def _graph():
    from crmlab.scm.network import example_network

    return example_network()


def _dfg():
    from crmlab.bpr.discovery import directly_follows

    return directly_follows(_EVENTS)


def _load():
    from crmlab.erp.capacity import load_profile

    return load_profile(_ORDERS, _ROUT)


def _mrp_plan():
    from crmlab.erp.mrp import mrp

    return mrp({"A": [0, 0, 10, 5]}, _BOM, {"A": 1, "B": 1, "C": 1})


def _costs():
    from crmlab.erp.costing import cost_rollup

    return cost_rollup(_BOM, _ROUT, _WC, {"C": 4.0})


_ORDERS = pd.DataFrame({1: [5.0, 0.0], 2: [0.0, 10.0], 3: [3.0, 0.0]}, index=["A", "B"])
_DEMAND = [10.0, 12.0, 8.0, 15.0, 9.0, 11.0]
_MARKETS = pd.DataFrame({"m1": [10.0, 12.0, 8.0, 11.0], "m2": [5.0, 7.0, 6.0, 4.0]})

#: One small valid call of each public function: qualified name -> keyword arguments.
BASELINES: dict[str, Callable[[], dict]] = {
    # scm.inventory
    "crmlab.scm.inventory.eoq": lambda: dict(demand_rate=1200.0, order_cost=50.0, holding_cost=2.0),
    "crmlab.scm.inventory.eoq_costs": lambda: dict(
        order_quantity=240.0, demand_rate=1200.0, order_cost=50.0, holding_cost=2.0
    ),
    "crmlab.scm.inventory.eoq_curve": lambda: dict(
        demand_rate=1200.0, order_cost=50.0, holding_cost=2.0, points=50, max_quantity=None
    ),
    "crmlab.scm.inventory.eoq_inventory_path": lambda: dict(
        demand_rate=1200.0, order_quantity=240.0, horizon=1.0, points=50
    ),
    "crmlab.scm.inventory.newsvendor_quantity": lambda: dict(
        mean=100.0, std=20.0, underage_cost=5.0, overage_cost=2.0
    ),
    "crmlab.scm.inventory.safety_stock": lambda: dict(
        demand_std=20.0, lead_time=2, service_level=0.95
    ),
    "crmlab.scm.inventory.reorder_point": lambda: dict(
        demand_mean=100.0, demand_std=20.0, lead_time=2, service_level=0.95
    ),
    # scm.policies
    "crmlab.scm.policies.BaseStockPolicy": lambda: dict(base_stock=50.0),
    "crmlab.scm.policies.RQPolicy": lambda: dict(reorder_point=20.0, order_quantity=40.0),
    "crmlab.scm.policies.SSPolicy": lambda: dict(s=20.0, S=60.0),
    "crmlab.scm.policies.InventoryState": lambda: dict(
        on_hand=10.0, backlog=0.0, pipeline=(5.0, 0.0)
    ),
    "crmlab.scm.policies.step": lambda: dict(
        state=__import__("crmlab.scm.policies", fromlist=["x"]).InventoryState(
            10.0, 0.0, (5.0, 0.0)
        ),
        demand=4.0,
        policy=__import__("crmlab.scm.policies", fromlist=["x"]).BaseStockPolicy(30.0),
        lost_sales=False,
    ),
    "crmlab.scm.policies.simulate_policy": lambda: dict(
        demand=_DEMAND,
        policy=__import__("crmlab.scm.policies", fromlist=["x"]).RQPolicy(20.0, 40.0),
        lead_time=2,
        holding_cost=1.0,
        backorder_cost=5.0,
        order_cost=10.0,
        lost_sales=False,
        initial_on_hand=None,
    ),
    "crmlab.scm.policies.normal_demand": lambda: dict(mean=10.0, std=2.0, periods=20, seed=1),
    "crmlab.scm.policies.base_stock_level": lambda: dict(
        demand_mean=10.0, demand_std=2.0, lead_time=2, service_level=0.95
    ),
    "crmlab.scm.policies.simulate_base_stock": lambda: dict(
        demand=_DEMAND,
        base_stock=40.0,
        lead_time=2,
        holding_cost=1.0,
        backorder_cost=5.0,
        lost_sales=False,
    ),
    # scm.pooling
    "crmlab.scm.pooling.risk_pooling": lambda: dict(
        demand=_MARKETS, lead_time=1, service_level=0.97, order_cost=60.0, holding_cost=0.27
    ),
    "crmlab.scm.pooling.square_root_law": lambda: dict(
        inventory=1000.0, locations=4, new_locations=1
    ),
    "crmlab.scm.pooling.pooled_std": lambda: dict(demand_std=10.0, n_markets=4, correlation=0.2),
    "crmlab.scm.pooling.pooling_ratio": lambda: dict(n_markets=4, correlation=0.2),
    "crmlab.scm.pooling.pooling_curve": lambda: dict(
        demand_std=10.0, lead_time=2, service_level=0.95, n_markets=5, correlations=(0.0, 0.5)
    ),
    "crmlab.scm.pooling.correlated_demand": lambda: dict(
        mean=10.0, std=2.0, n_markets=3, periods=10, correlation=0.2, seed=1
    ),
    # scm.postponement
    "crmlab.scm.postponement.postponement": lambda: dict(
        demand_std=[10.0, 12.0, 8.0],
        lead_time=4,
        service_level=0.95,
        correlation=0.0,
        finishing_time=1,
        demand_mean=None,
    ),
    "crmlab.scm.postponement.postponement_curve": lambda: dict(
        total_std=30.0,
        lead_time=4,
        service_level=0.95,
        max_variants=5,
        correlation=0.0,
        finishing_time=1,
    ),
    # scm.bullwhip
    "crmlab.scm.bullwhip.order_up_to_orders": lambda: dict(
        demand=_DEMAND * 3, lead_time=2, window=3, z=1.65, allow_returns=True
    ),
    "crmlab.scm.bullwhip.bullwhip_ratio": lambda: dict(
        orders=[9.0, 14.0, 6.0, 16.0], demand=_DEMAND[:4]
    ),
    "crmlab.scm.bullwhip.bullwhip_lower_bound": lambda: dict(
        lead_time=2, window=3, correlation=0.0
    ),
    "crmlab.scm.bullwhip.bullwhip_table": lambda: dict(
        lead_times=(1, 2), windows=(3, 5), periods=200, mean=100.0, std=10.0, z=1.65, seed=1
    ),
    # scm.beergame
    "crmlab.scm.beergame.simulate_beer_game": lambda: dict(
        demand="classic",
        weeks=12,
        policy="sterman",
        share_demand=False,
        seed=1,
        alpha_s=0.3,
        beta=0.2,
        theta=0.3,
        safety_stock=0.0,
    ),
    "crmlab.scm.beergame.simulate_beer_games": lambda: dict(
        n_games=3, demand="poisson_step", weeks=12, policy="sterman", share_demand=False, seed=1
    ),
    "crmlab.scm.beergame.BeerGame": lambda: dict(
        player="retailer",
        partners="sterman",
        demand="classic",
        weeks=12,
        share_demand=False,
        seed=1,
    ),
    "crmlab.scm.beergame.policy_comparison": lambda: dict(demand="classic", weeks=12, seed=1),
    # scm.closed_loop
    "crmlab.scm.closed_loop.simulate_closed_loop": lambda: dict(
        signal="pos", periods=60, warmup=10, mean_demand=100.0, noise_std=10.0, seed=1
    ),
    "crmlab.scm.closed_loop.compare_signals": lambda: dict(signals=["orders", "pos"]),
    # scm.distribution
    "crmlab.scm.distribution.DistributionCosts": lambda: dict(truck_capacity=400.0, demand_cv=0.3),
    "crmlab.scm.distribution.compare_strategies": lambda: dict(demand_per_store=50.0, stores=20),
    "crmlab.scm.distribution.strategy_grid": lambda: dict(
        demand_per_store=[20.0, 80.0], stores=[5, 30]
    ),
    "crmlab.scm.distribution.cost_parameters_table": lambda: dict(costs=None),
    # scm.network
    "crmlab.scm.network.distance_km": lambda: dict(a=(0.0, 0.0), b=(3.0, 4.0)),
    "crmlab.scm.network.supply_network": lambda: dict(locations=_LOC, open_warehouses=["W1", "W3"]),
    "crmlab.scm.network.example_network": lambda: dict(),
    "crmlab.scm.network.flows_table": lambda: dict(graph=_graph()),
    "crmlab.scm.network.tier_summary": lambda: dict(graph=_graph()),
    "crmlab.scm.network.scor_processes": lambda: dict(graph=_graph()),
    # scm.location
    "crmlab.scm.location.distances": lambda: dict(locations=_LOC),
    "crmlab.scm.location.locate_warehouses": lambda: dict(
        locations=_LOC, max_distance_km=None, cost_per_unit_km=0.05, capacitated=True
    ),
    "crmlab.scm.location.service_distance_table": lambda: dict(
        locations=_LOC, distances_km=(None, 100.0)
    ),
    # crm.value
    "crmlab.crm.value.rfm": lambda: dict(transactions=_TX_SMALL, as_of=None, bins=5),
    "crmlab.crm.value.segment_summary": lambda: dict(rfm_table=_rfm()),
    "crmlab.crm.value.customer_pyramid": lambda: dict(transactions=_TX_SMALL),
    "crmlab.crm.value.abc_analysis": lambda: dict(transactions=_TX_SMALL, a=0.8, b=0.95),
    "crmlab.crm.value.abc_summary": lambda: dict(abc_table=_abc()),
    "crmlab.crm.value.pareto_curve": lambda: dict(transactions=_TX_SMALL),
    "crmlab.crm.value.top_share": lambda: dict(transactions=_TX_SMALL, fraction=0.2),
    "crmlab.crm.value.cohort_sizes": lambda: dict(transactions=_TX_SMALL, period="Y"),
    "crmlab.crm.value.cohort_retention": lambda: dict(
        transactions=_TX_SMALL, period="Y", counts=False
    ),
    "crmlab.crm.value.retention_curve": lambda: dict(transactions=_TX_SMALL, period="Y"),
    "crmlab.crm.value.estimate_retention": lambda: dict(transactions=_TX_SMALL, period="Y"),
    "crmlab.crm.value.clv": lambda: dict(margin=100.0, retention=0.8, discount=0.1, periods=10),
    "crmlab.crm.value.clv_by_period": lambda: dict(
        margin=100.0, retention=0.8, discount=0.1, periods=10
    ),
    "crmlab.crm.value.clv_from_curve": lambda: dict(
        margin=100.0, shares=[1.0, 0.6, 0.4], discount=0.1
    ),
    "crmlab.crm.value.clv_sensitivity": lambda: dict(
        margin=100.0, discounts=[0.05, 0.1], retentions=[0.5, 0.8], periods=10
    ),
    "crmlab.crm.value.RetentionEstimate": None,  # a result type, not an input
    # crm.systems
    "crmlab.crm.systems.systems": lambda: dict(),
    "crmlab.crm.systems.data_flows": lambda: dict(system="CRM"),
    "crmlab.crm.systems.systems_graph": lambda: dict(),
    # crm.matching
    "crmlab.crm.matching.normalise_name": lambda: dict(value="Dr. Anna Müller"),
    "crmlab.crm.matching.normalise_street": lambda: dict(value="12 High Street"),
    "crmlab.crm.matching.normalise_phone": lambda: dict(value="+44 1234 567890"),
    "crmlab.crm.matching.normalise_email": lambda: dict(value="Anna@Example.com"),
    "crmlab.crm.matching.normalise_crm": lambda: dict(crm=_CRM),
    "crmlab.crm.matching.normalise_erp": lambda: dict(erp=_ERP),
    "crmlab.crm.matching.candidate_pairs": lambda: dict(
        zip(("crm_norm", "erp_norm"), _norm(), strict=True)
    ),
    "crmlab.crm.matching.score_pairs": lambda: dict(crm=_CRM, erp=_ERP),
    "crmlab.crm.matching.match_customers": lambda: dict(crm=_CRM, erp=_ERP, threshold=0.7),
    "crmlab.crm.matching.evaluate": lambda: dict(matches=_MATCHES.head(20), truth=_MATCHES),
    "crmlab.crm.matching.precision_recall": lambda: dict(
        pairs=_pairs(), truth=_MATCHES, thresholds=[0.5, 0.8]
    ),
    "crmlab.crm.matching.golden_records": lambda: dict(
        crm=_CRM, erp=_ERP, matches=_MATCHES, moved_below=0.6
    ),
    # erp.bom
    "crmlab.erp.bom.bom_graph": lambda: dict(bom=_BOM),
    "crmlab.erp.bom.bom_from_dataset": lambda: dict(table=_BOM_FRAME),
    "crmlab.erp.bom.low_level_codes": lambda: dict(bom=_BOM),
    "crmlab.erp.bom.indented_bom": lambda: dict(bom=_BOM, item="A", quantity=2.0),
    "crmlab.erp.bom.where_used": lambda: dict(bom=_BOM, item="C"),
    "crmlab.erp.bom.explode": lambda: dict(bom=_BOM, demand={"A": 10.0}),
    # erp.lotsizing
    "crmlab.erp.lotsizing.lot_for_lot": lambda: dict(demand=_DEMAND),
    "crmlab.erp.lotsizing.fixed_order_quantity": lambda: dict(demand=_DEMAND, quantity=25.0),
    "crmlab.erp.lotsizing.periodic_order_quantity": lambda: dict(demand=_DEMAND, periods=2),
    "crmlab.erp.lotsizing.silver_meal": lambda: dict(
        demand=_DEMAND, setup_cost=50.0, holding_cost=1.0
    ),
    "crmlab.erp.lotsizing.wagner_whitin": lambda: dict(
        demand=_DEMAND, setup_cost=50.0, holding_cost=1.0
    ),
    "crmlab.erp.lotsizing.lot_sizing_cost": lambda: dict(
        receipts=[30.0, 0.0, 23.0, 0.0, 20.0, 0.0],
        demand=_DEMAND,
        setup_cost=50.0,
        holding_cost=1.0,
    ),
    # erp.mrp
    "crmlab.erp.mrp.mrp": lambda: dict(
        mps={"A": [0.0, 0.0, 10.0, 5.0]},
        bom=_BOM,
        lead_times={"A": 1, "B": 1, "C": 1},
        on_hand={"C": 5.0},
        scheduled_receipts={"B": {2: 4.0}},
        safety_stock={"C": 2.0},
    ),
    # erp.capacity
    "crmlab.erp.capacity.load_profile": lambda: dict(orders=_ORDERS, routings=_ROUT),
    "crmlab.erp.capacity.capacity_report": lambda: dict(load=_load(), work_centres=_WC),
    "crmlab.erp.capacity.bill_of_resources": lambda: dict(bom=_BOM, routings=_ROUT),
    "crmlab.erp.capacity.rough_cut_capacity": lambda: dict(
        mps={"A": [5.0, 10.0, 0.0]}, bom=_BOM, routings=_ROUT, work_centres=_WC
    ),
    "crmlab.erp.capacity.closed_loop": lambda: dict(
        mps={"A": [0.0, 0.0, 30.0, 10.0]},
        bom=_BOM,
        lead_times={"A": 1, "B": 1, "C": 1},
        routings=_ROUT,
        work_centres=_WC,
        max_iterations=20,
    ),
    # erp.costing
    "crmlab.erp.costing.purchase_costs": lambda: dict(products=_PRODUCTS),
    "crmlab.erp.costing.cost_rollup": lambda: dict(
        bom=_BOM, routings=_ROUT, work_centres=_WC, purchase_costs={"C": 4.0}, lot_sizes={"A": 10}
    ),
    "crmlab.erp.costing.plan_value": lambda: dict(plan=_mrp_plan(), costs=_costs(), bought=["C"]),
    # erp.example
    "crmlab.erp.example.lot_sizing_rules": lambda: dict(products=_PRODUCTS),
    "crmlab.erp.example.alder_and_pine": lambda: dict(weeks=8, first_week=1),
    # bpr
    "crmlab.bpr.process.Step": lambda: dict(
        name="Check",
        resource="Clerk",
        mean_time=10.0,
        distribution="lognormal",
        cv=0.5,
        handoff_delay=1.0,
        rework_probability=0.1,
    ),
    "crmlab.bpr.process.Process": lambda: dict(
        steps=[_step()], capacity={"Clerk": 2}, cost_per_hour={"Clerk": 30.0}
    ),
    "crmlab.bpr.process.minimum_workers": lambda: dict(process=_process(), arrival_rate=0.05),
    "crmlab.bpr.queueing.erlang_c": lambda: dict(offered_load=1.5, servers=2),
    "crmlab.bpr.queueing.mmc_wait": lambda: dict(arrival_rate=1.0, service_rate=0.6, servers=2),
    "crmlab.bpr.queueing.mm1_wait": lambda: dict(arrival_rate=0.5, service_rate=1.0),
    "crmlab.bpr.queueing.mg1_wait": lambda: dict(arrival_rate=0.5, mean_service=1.0, cv=0.5),
    "crmlab.bpr.queueing.md1_wait": lambda: dict(arrival_rate=0.5, service_time=1.0),
    "crmlab.bpr.simulation.simulate": lambda: dict(
        process=_process(), arrival_rate=0.05, n_cases=30, seed=1, warmup=0, replications=1
    ),
    "crmlab.bpr.redesign.compare_designs": lambda: dict(
        arrival_rate=0.05, n_cases=40, warmup=5, seed=1
    ),
    "crmlab.bpr.cases.ibm_credit": lambda: dict(as_is=True, handoff_delay=30.0),
    "crmlab.bpr.cases.ford_accounts_payable": lambda: dict(as_is=False),
    "crmlab.bpr.cases.mutual_benefit_life": lambda: dict(as_is=True, handoff_delay=30.0),
    "crmlab.bpr.cases.complaint_handling": lambda: dict(
        design="as_is", handoff_delay=5.0, rework_probability=0.1
    ),
    "crmlab.bpr.discovery.directly_follows": lambda: dict(event_log=_EVENTS),
    "crmlab.bpr.discovery.activity_stats": lambda: dict(event_log=_EVENTS),
    "crmlab.bpr.discovery.dfg_graph": lambda: dict(event_log=_EVENTS),
    "crmlab.bpr.discovery.bottleneck": lambda: dict(dfg=_dfg(), min_frequency=1),
    "crmlab.bpr.discovery.handoffs": lambda: dict(dfg=_dfg()),
    # datasets
    "crmlab.datasets.load": lambda: dict(name="bom"),
    "crmlab.datasets.describe": lambda: dict(name="bom"),
    "crmlab.datasets.names": lambda: dict(),
}

#: Public callables that take no input a learner supplies: result types (frozen
#: dataclasses the models return), the dataset generator's internals (seeded builders and
#: file writers run by ``python -m crmlab.datasets.generate``) and the Enterprise (its own
#: hostile test).
NOT_SWEPT = {
    "crmlab.crm.value.RetentionEstimate",
    "crmlab.crm.matching.MatchQuality",
    "crmlab.scm.beergame.StageState",
    "crmlab.scm.beergame.BeerGameResult",
    "crmlab.scm.beergame.BeerGameRuns",
    "crmlab.scm.closed_loop.ClosedLoopResult",
    "crmlab.scm.inventory.EOQSolution",
    "crmlab.scm.location.LocationSolution",
    "crmlab.scm.policies.PeriodRecord",
    "crmlab.scm.policies.PolicyResult",
    "crmlab.erp.capacity.ClosedLoopResult",
    "crmlab.erp.mrp.MRPException",
    "crmlab.erp.mrp.MRPPlan",
    "crmlab.erp.example.PlantExample",
    "crmlab.erp.enterprise.Enterprise",
    "crmlab.bpr.simulation.SimulationResult",
}


PUBLIC = public_callables()
SWEPT = sorted(n for n in PUBLIC if n not in NOT_SWEPT and BASELINES.get(n) is not None)
MODULES = sorted({n.rsplit(".", 1)[0] for n in SWEPT})


def calls(module: str | None = None) -> list[tuple[str, Callable, Callable[[], dict]]]:
    """The (name, callable, baseline) triples of one module, or of all."""
    return [
        (n, PUBLIC[n], BASELINES[n])
        for n in SWEPT
        if module is None or n.rsplit(".", 1)[0] == module
    ]


def test_every_public_callable_has_a_baseline():
    """A new public function must join the sweep (or be listed as a result type)."""
    missing = sorted(n for n in PUBLIC if n not in BASELINES and n not in NOT_SWEPT)
    assert not missing


# Documented right answers the library would otherwise count as failures:
# - the normalisers read one cell of a real customer record (their docstrings and
#   test_properties.test_normalisers_accept_any_value_and_are_idempotent): None and NaN
#   are a missing cell and give "", a number typed into a text field is read as its text;
# - golden_records takes the credit limit from the ERP, where it may be empty
#   (ERP_CUSTOMERS_FULL declares it nullable); an empty limit stays NaN, not a made-up 0.
for _name in ("name", "street", "phone", "email"):
    hostile.DOCUMENTED[(f"crmlab.crm.matching.normalise_{_name}", "value")] = frozenset(
        {"None", "nan", "5 (int)"}
    )
hostile.DOCUMENTED[("crmlab.crm.matching.golden_records", "erp")] = frozenset(
    {"column credit_limit NaN in row 1"}
)


#: Failures still open per module: none. Measured 2026-12-06 with this library: 895
#: failures in 4,213 calls before the fixes, 101 after the first round, 0 after the second.
#: A module listed here may fail at most that many times (keep it empty).
KNOWN_FAILURES: dict[str, int] = {}


@pytest.mark.parametrize("module", MODULES)
def test_hostile_input(module):
    """Right answer or a ValueError naming the argument, within the time limit."""
    report = hostile.sweep(calls(module), timeout=120)
    assert report.cases > 0
    lines = report.lines()
    assert len(lines) <= KNOWN_FAILURES.get(module, 0), "\n".join(lines)


if __name__ == "__main__":  # the figures for the issue: python tests/project/test_hostile.py
    import time

    start = time.perf_counter()
    report = hostile.sweep(calls(), timeout=1800)
    seconds = time.perf_counter() - start
    print(report.summary(f"{len(SWEPT)} public callables", seconds, verbose="-v" in sys.argv))
