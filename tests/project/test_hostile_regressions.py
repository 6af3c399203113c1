"""One regression test per case of issue 17 (hostile input gave a wrong number, a stray
exception or a hang). Source of the contract: DESIGN.md's public-API promise (right
answer or ValueError naming the argument and what is allowed); the expected numbers are
worked by hand in each docstring.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

from crmlab import datasets
from crmlab.bpr import Process, Step, minimum_workers, queueing, simulate
from crmlab.crm import matching
from crmlab.crm.value import rfm
from crmlab.erp import bom as erp_bom
from crmlab.erp import capacity, costing, lotsizing
from crmlab.erp.mrp import mrp
from crmlab.scm import beergame, inventory, location, policies, pooling


def test_duplicate_bom_lines_are_summed_in_explode_mrp_and_bom_graph():
    """A table with (A, B) twice, 2 and 3 per A: 10 A need 10 × (2 + 3) = 50 B, not 30."""
    table = pd.DataFrame({"parent": ["A", "A"], "child": ["B", "B"], "quantity": [2.0, 3.0]})
    assert erp_bom.bom_graph(table).edges["A", "B"]["quantity"] == 5.0
    assert erp_bom.bom_from_dataset(table) == {"A": {"B": 5.0}}
    assert erp_bom.explode(table, {"A": 10})["B"] == 50.0
    plan = mrp({"A": [0, 10]}, table, {"A": 0, "B": 0})
    assert plan.planned_order_releases.loc["B"].sum() == 50.0


def test_rfm_refuses_integer_dates_naming_the_date_column():
    """20240105 is not a date: pandas would read it as nanoseconds (all recency 1)."""
    tx = pd.DataFrame(
        {"customer_id": ["a", "b"], "date": [20240105, 20230601], "amount": [5.0, 7.0]}
    )
    with pytest.raises(ValueError, match="'date'"):
        rfm(tx)
    ok = tx.assign(date=["2024-01-05", "2023-06-01"])
    assert rfm(ok).loc["b", "recency"] > rfm(ok).loc["a", "recency"]


@pytest.mark.parametrize("bad", ["False", "True", 0, 1, None])
def test_flags_must_be_bools(bad):
    """'False' is truthy: it must not switch the lost-sales model or demand sharing on."""
    with pytest.raises(ValueError, match="lost_sales"):
        policies.simulate_base_stock([5.0, 6.0], 10.0, 1, lost_sales=bad)
    with pytest.raises(ValueError, match="share_demand"):
        beergame.BeerGame(share_demand=bad)
    state = policies.InventoryState(10.0, 0.0, (0.0,))
    with pytest.raises(ValueError, match="lost_sales"):
        policies.step(state, 1.0, policies.BaseStockPolicy(10.0), lost_sales=bad)
    # numpy's bool is a bool
    policies.simulate_base_stock([5.0, 6.0], 10.0, 1, lost_sales=np.bool_(True))


def test_golden_records_and_locate_warehouses_refuse_duplicate_ids():
    """Two CRM rows with one id, or two warehouses 'W1': refused, naming the column."""
    crm = datasets.load("customers").head(5)
    erp = datasets.load("erp_customers")
    matches = datasets.load("customer_matches")
    with pytest.raises(ValueError, match="customer_id"):
        matching.golden_records(pd.concat([crm, crm.head(1)]), erp, matches)
    loc = datasets.load("locations")
    with pytest.raises(ValueError, match="location_id"):
        location.locate_warehouses(pd.concat([loc, loc[loc["type"] == "warehouse"].head(1)]))


def test_nan_in_dataframe_columns_is_refused():
    """A NaN rate or hours would give NaN unit costs and loads: refused, naming the column."""
    rout = pd.DataFrame(
        {"item_id": ["A"], "work_centre": ["W"], "setup_hours": [np.nan], "run_hours": [0.1]}
    )
    wc = pd.DataFrame(
        {
            "work_centre": ["W"],
            "capacity_hours_per_week": [40.0],
            "labour_rate": [20.0],
            "overhead_rate": [10.0],
        }
    )
    with pytest.raises(ValueError, match="routings column setup_hours"):
        costing.cost_rollup({"A": {"P": 1}}, rout, wc, {"P": 1.0})
    with pytest.raises(ValueError, match="routings column setup_hours"):
        capacity.bill_of_resources({"A": {"P": 1}}, rout)
    with pytest.raises(ValueError, match="work_centres column labour_rate"):
        costing.cost_rollup(
            {"A": {"P": 1}}, rout.fillna(0.0), wc.assign(labour_rate=np.nan), {"P": 1.0}
        )
    loc = datasets.load("locations")
    loc.loc[loc["type"] == "store", "x_km"] = np.nan
    with pytest.raises(ValueError, match="locations column x_km"):
        location.locate_warehouses(loc)


@pytest.mark.parametrize("demand", [math.nan, -50.0, math.inf, "5"])
def test_policy_step_refuses_bad_demand(demand):
    """Demand −50 turned a stock of 10 into 70; NaN passed through."""
    state = policies.InventoryState(10.0, 0.0, (0.0,))
    with pytest.raises(ValueError, match="demand"):
        policies.step(state, demand, policies.BaseStockPolicy(10.0))


def test_minimum_workers_refuses_absurd_arrival_rates():
    """arrival_rate 2e18 per minute gave −9,223,372,036,854,775,808 workers."""
    process = Process([Step("Check", "Clerk", 10.0)], {"Clerk": 1})
    with pytest.raises(ValueError, match="arrival_rate"):
        minimum_workers(process, 2e18)
    assert minimum_workers(process, 0.25)["Clerk"] == 3  # floor(0.25 × 10) + 1


def test_finite_extremes_refused_instead_of_inf_or_nan():
    """eoq(1e308, 1e308, 1) was inf; alpha_s=1e308 gave NaN orders; 10**400 overflowed."""
    with pytest.raises(ValueError, match="demand_rate"):
        inventory.eoq(1e308, 1e308, 1)
    with pytest.raises(ValueError, match="demand_rate"):
        inventory.eoq(10**400, 1, 1)
    with pytest.raises(ValueError, match="demand_rate"):
        inventory.eoq_curve(1e-300, 1e-300, 1e300)
    with pytest.raises(ValueError, match="alpha_s"):
        beergame.simulate_beer_game(alpha_s=1e308)


def test_strings_and_dicts_are_not_sequences():
    """Step(samples='123') became (1.0, 2.0, 3.0)."""
    with pytest.raises(ValueError, match="samples"):
        Step("Check", "Clerk", None, "empirical", samples="123")
    with pytest.raises(ValueError, match="samples"):
        Step("Check", "Clerk", None, "empirical", samples={"a": 1.0})
    with pytest.raises(ValueError, match="pipeline"):
        policies.InventoryState(1.0, 0.0, "12")


def test_md1_wait_blames_the_argument_passed():
    """md1_wait(0.1, nan) blamed mean_service, which the caller never passed."""
    with pytest.raises(ValueError, match="service_time"):
        queueing.md1_wait(0.1, math.nan)
    assert queueing.md1_wait(0.5, 1.0) == pytest.approx(0.5 * 1.0 / (2 * 0.5))


def test_indented_bom_handles_a_deep_chain_without_recursion():
    """A 900-level chain: explode managed, indented_bom hit RecursionError (3,000 levels;
    depth is now bounded by MAX_BOM_DEPTH)."""
    chain = {f"I{i}": {f"I{i + 1}": 1.0} for i in range(900)}
    table = erp_bom.indented_bom(chain, "I0")
    assert len(table) == 901 and table["level"].max() == 900
    assert len(erp_bom.where_used(chain, "I900")) == 900
    deep = {f"I{i}": {f"I{i + 1}": 1.0} for i in range(erp_bom.MAX_BOM_DEPTH + 1)}
    with pytest.raises(ValueError, match="MAX_BOM_DEPTH"):
        erp_bom.explode(deep, {"I0": 1})


def test_where_used_depth_first_order_is_unchanged():
    """Same order as the recursive walk: each parent, then its parents, then the next."""
    bom = {"A": {"C": 1}, "B": {"C": 2}, "X": {"A": 3}}
    wu = erp_bom.where_used(bom, "C")
    assert list(wu.itertuples(index=False, name=None)) == [
        (1, "A", "C", 1.0),
        (2, "X", "A", 3.0),
        (1, "B", "C", 2.0),
    ]


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: queueing.erlang_c(0.5, 10**9), "servers"),
        (lambda: lotsizing.wagner_whitin([1.0] * 20_000, 10.0, 1.0), "demand"),
        (lambda: simulate(Process([Step("S", "R", 1.0)], {"R": 1}), 0.1, 10**8), "n_cases"),
        (lambda: inventory.eoq_inventory_path(1.0, 1e-6, 1e6), "horizon"),
        (lambda: pooling.correlated_demand(10.0, 1.0, 10**6, 10), "n_markets"),
        (
            lambda: erp_bom.where_used(
                {
                    f"L{i}{s}": {f"L{i + 1}a": 1.0, f"L{i + 1}b": 1.0}
                    for i in range(30)
                    for s in "ab"
                },
                "L30a",
            ),
            "MAX_STRUCTURE_ROWS",
        ),
    ],
)
def test_costly_calls_refuse_up_front(call, argument):
    """Each ran for minutes or asked for terabytes; now a ValueError within a second."""
    start = time.perf_counter()
    with pytest.raises(ValueError, match=argument):
        call()
    assert time.perf_counter() - start < 5


# ---------------------------------------------------------------- second round (H8)


def test_mrp_refuses_quantities_that_would_overflow_the_plan():
    """mps 1e308 (or a BOM line of 1e308 per parent) planned inf and NaN requirements;
    both are now refused up front, naming the argument and the bound."""
    with pytest.raises(ValueError, match=r"mps\['A'\].*MAX_QUANTITY"):
        mrp({"A": [1e308, 1e308]}, {"A": {"B": 2.0}}, {"A": 0, "B": 0})
    with pytest.raises(ValueError, match="bom.*MAX_QUANTITY_PER_PARENT"):
        mrp({"A": [1.0, 1.0]}, {"A": {"B": 1e308}}, {"A": 0, "B": 0})
    with pytest.raises(ValueError, match="lead_times is missing items named in mps"):
        mrp({"A": [1.0], 5: [1.0]}, {"A": {"B": 2.0}}, {"A": 0, "B": 0})


def test_matching_refuses_empty_frames_and_integer_dates_naming_the_argument():
    """An empty ERP frame raised numpy's UFuncTypeError; integer signup dates passed."""
    crm = datasets.load("customers").head(20)
    erp = datasets.load("erp_customers")
    with pytest.raises(ValueError, match="erp must hold at least one"):
        matching.match_customers(crm, erp.iloc[:0])
    ints = crm.assign(signup_date=crm["signup_date"].dt.strftime("%Y%m%d").astype("int64"))
    with pytest.raises(ValueError, match="crm column signup_date"):
        matching.normalise_crm(ints)


def test_normalisers_read_a_missing_cell_as_empty_and_refuse_a_list():
    """None and NaN are a missing cell (documented): ""; a list is not a cell."""
    assert matching.normalise_name(None) == matching.normalise_email(math.nan) == ""
    assert matching.normalise_phone(27478) == "27478"
    with pytest.raises(ValueError, match="value must be one cell"):
        matching.normalise_street(["12 High Street"])


def test_simulations_refuse_values_that_overflow_their_results():
    """Each returned inf or NaN costs or orders: 1e308 as a mean demand, a cost per unit,
    a safety factor; 5e-324 as an arrival rate (1/λ = inf)."""
    from crmlab.bpr.cases import complaint_handling
    from crmlab.scm import bullwhip, closed_loop

    with pytest.raises(ValueError, match="mean_demand.*MAX_DEMAND"):
        closed_loop.simulate_closed_loop(mean_demand=1e308)
    with pytest.raises(ValueError, match="holding_cost.*MAX_COST"):
        policies.simulate_base_stock([5.0, 6.0], 10.0, 1, holding_cost=1e308)
    with pytest.raises(ValueError, match="z must be at most MAX_Z"):
        bullwhip.order_up_to_orders([5.0, 6.0, 7.0, 8.0], 1, 2, z=1e308)
    with pytest.raises(ValueError, match="arrival_rate.*MIN_ARRIVAL_RATE"):
        simulate(complaint_handling("as_is"), 5e-324, 10)


def test_charts_refuse_a_title_that_is_not_text():
    """bar_chart(title=5) drew "5"; a chart's text, flag and number arguments are checked
    against their annotations."""
    from crmlab import plots

    values = pd.Series([3.0, 1.0], index=["a", "b"])
    with pytest.raises(ValueError, match="title must be text"):
        plots.bar_chart(values, title=5, xlabel="Category", ylabel="Value")
    with pytest.raises(ValueError, match="threshold must be a finite number"):
        plots.precision_recall_chart(
            pd.DataFrame({"threshold": [0.5], "precision": [1.0], "recall": [1.0], "f1": [1.0]}),
            threshold=math.nan,
        )
