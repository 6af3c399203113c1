"""Property-based tests of the charts of crmlab.plots: random valid and invalid inputs (hypothesis).

Source: the public-API contract of DESIGN.md ("every function validates its inputs and
raises ValueError naming the bad argument and its allowed range") and issue 8. For each
public function, hypothesis draws random *valid* inputs, which must never crash and whose
results must satisfy simple invariants (closed-form identities where one exists);
and random *invalid* inputs, which must always raise ``ValueError`` (never a TypeError,
KeyError, ZeroDivisionError or a silent nonsense result). Which public functions have
property tests is checked by tests/project/test_property_coverage.py.

Kept fast and deterministic (tests/strategies.py: ``derandomize=True``, no example
database, modest ``max_examples``, no deadline). Run with ``pytest tests/plots/test_properties.py
--hypothesis-show-statistics`` to see how many cases ran.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import plots
from crmlab.bpr import (
    compare_designs,
    minimum_workers,
    simulate,
)
from crmlab.bpr.discovery import dfg_graph
from crmlab.crm import systems, value
from crmlab.scm import (
    inventory,
)
from tests.strategies import (
    fast,
    is_chart,
    positive,
    processes,
    small_positive,
    transactions,
)

# ---------------------------------------------------------------- crmlab.plots


@fast(10)
@given(small_positive, small_positive, small_positive)
def test_eoq_charts(demand, order_cost, holding_cost):
    """The EOQ cost curve and sawtooth charts draw for any valid EOQ inputs."""
    sol = inventory.eoq_curve(demand, order_cost, holding_cost)
    assert is_chart(plots.eoq_cost_chart(sol.curve, sol.quantity, sol.total_cost))
    path = inventory.eoq_inventory_path(demand, sol.quantity, 3 * sol.cycle_time)
    assert is_chart(plots.inventory_sawtooth_chart(path, sol.quantity))


@fast(10)
@given(
    st.lists(st.floats(0.0, 1e6), min_size=1, max_size=12),
    st.booleans(),
)
def test_bar_chart(values, horizontal):
    """A bar chart draws any non-empty set of finite values."""
    series = pd.Series(values, index=[f"c{i}" for i in range(len(values))])
    chart = plots.bar_chart(series, title="t", xlabel="x", ylabel="y", horizontal=horizontal)
    assert is_chart(chart)


def test_bar_chart_rejects_nan():
    """A missing value cannot be drawn as a bar: ValueError."""
    with pytest.raises(ValueError):
        plots.bar_chart(pd.Series([1.0, math.nan]), title="t", xlabel="x", ylabel="y")


@fast(10)
@given(st.lists(st.floats(0.0, 5000.0), min_size=1, max_size=200), st.integers(2, 60))
def test_cycle_time_histogram(times, bins):
    """Any non-empty set of times >= 0 draws; negative or no times raise ValueError."""
    assert is_chart(plots.cycle_time_histogram(times, bins=bins, promise=480.0))
    with pytest.raises(ValueError):
        plots.cycle_time_histogram([*times, -1.0])
    with pytest.raises(ValueError):
        plots.cycle_time_histogram([])


@fast(8)
@given(transactions(min_rows=5, span=True))
def test_customer_value_charts(tx):
    """RFM, pyramid, Pareto, cohort and retention charts draw from any valid history."""
    assert is_chart(plots.rfm_segment_chart(value.segment_summary(value.rfm(tx))))
    assert is_chart(plots.customer_pyramid_chart(value.customer_pyramid(tx)))
    assert is_chart(plots.pareto_chart(value.pareto_curve(tx)))
    assert is_chart(plots.cohort_heatmap_chart(value.cohort_retention(tx)))
    assert is_chart(plots.retention_curve_chart(value.retention_curve(tx)))


@fast(8)
@given(positive, st.floats(0.05, 0.95), st.floats(0.0, 0.5), st.integers(1, 40))
def test_clv_charts(margin, retention, discount, periods):
    """The CLV sensitivity and period-by-period charts draw for any valid CLV inputs."""
    grid = value.clv_sensitivity(margin, [discount], periods=periods)
    v = value.clv(margin, retention, discount, periods)
    chart = plots.clv_sensitivity_chart(grid, margin, retention, discount, v, periods=periods)
    assert is_chart(chart)
    assert is_chart(
        plots.clv_period_chart(value.clv_by_period(margin, retention, discount, periods))
    )


@fast(5)
@given(processes(min_steps=2), st.integers(0, 9))
def test_process_charts(process, seed):
    """The directly-follows graph and time-split charts draw from any simulated process."""
    need = minimum_workers(process, 1.0)
    rate = 0.5 * min(process.capacity[r] / max(float(need[r]), 1e-9) for r in need.index)
    res = simulate(process, rate, 30, seed=seed)
    assert is_chart(plots.dfg_chart(dfg_graph(res.event_log)))
    table = pd.DataFrame(
        {
            "mean_work_time": [res.cases["work_time"].mean()],
            "mean_wait_time": [res.cases["wait_time"].mean()],
        },
        index=["design"],
    )
    assert is_chart(plots.time_split_chart(table))


@fast(5)
@given(st.sampled_from(list(systems.systems().index) + [None]))
def test_systems_and_concept_charts(highlight):
    """The systems map (any highlight), the BPR concept map and the organisation chart."""
    assert is_chart(plots.systems_map_chart(systems.systems_graph(), highlight=highlight))
    assert is_chart(plots.bpr_concept_map())
    steps_ = [("take order", "Sales"), ("check credit", "Finance"), ("ship", "Warehouse")]
    assert is_chart(plots.organisation_process_chart(steps_))


def test_design_comparison_chart():
    """The redesign comparison chart draws compare_designs()'s table."""
    table = compare_designs(n_cases=200, warmup=20)
    assert is_chart(plots.design_comparison_chart(table, promise=480.0))
