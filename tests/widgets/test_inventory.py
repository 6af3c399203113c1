"""Tests of the inventory explorers (crmlab.widgets.inventory) and their charts."""

import matplotlib.colors as mcolors
import pytest

from crmlab import plots
from crmlab.scm.pooling import pooling_curve
from crmlab.widgets import inventory as w

OKABE_ITO = {c.lower() for c in plots.PALETTE.values()}


def _colours(chart):
    found = set()
    for ax in chart.axes:
        for line in ax.get_lines():
            found.add(mcolors.to_hex(line.get_color()))
        for patch in ax.patches:
            found.add(mcolors.to_hex(patch.get_facecolor()))
    return found


@pytest.mark.parametrize("policy", w.POLICIES)
def test_policy_explorer_extreme_ranges_are_valid(policy):
    """Every slider corner of the policy explorer is a valid model input (issue 3: widget
    ranges cannot reach bad values)."""
    for name in ("level", "quantity", "lead_time", "demand_std"):
        low, high, _ = w.POLICY_RANGES[name]
        for value in (low, high):
            result = w.policy_simulation(policy, **{name: value})
            assert 0 <= result.cycle_service_level <= 1


def test_pooling_and_postponement_extreme_ranges_are_valid():
    """The correlation slider runs from 0 to 1, valid for every number of markets."""
    for n in (2, 10):
        for rho in (0.0, 1.0):
            table = w.pooling_table(n, rho, 8, 0.99)
            assert len(table) == n + 1
    for k in (2, 20):
        assert w.postponement_figure(k, 1.0, 12, 4).alt


def test_explorers_build_and_charts_use_the_palette():
    """The explorers render; charts have alt text with numbers and Okabe-Ito colours."""
    assert w.policy_explorer().children
    assert w.pooling_explorer().children
    assert w.postponement_explorer().children
    for chart in (
        w.policy_figure(),
        w.pooling_figure(),
        w.postponement_figure(),
        plots.pooling_correlation_chart(pooling_curve(20, 2, 0.95), n_markets=4),
    ):
        assert any(ch.isdigit() for ch in chart.alt)
        assert _colours(chart) - {"#000000"} <= OKABE_ITO


def test_explorer_rejects_start_outside_ranges():
    """A start value outside the sliders' range is refused, naming it."""
    with pytest.raises(ValueError, match="lead_time"):
        w.policy_explorer(lead_time=20)
    with pytest.raises(ValueError, match="policy"):
        w.policy_simulation("kanban")


def test_pooling_summary_refuses_a_table_without_local_safety_stock():
    """A table whose local safety stocks are all zero has no ratio to report: refused by
    name instead of a ZeroDivisionError."""
    table = w.pooling_table(4, 0.0)
    table.loc[table.index != "centralized", "safety_stock"] = 0.0
    with pytest.raises(ValueError, match="table"):
        w.pooling_summary(table, 4, 0.0)
