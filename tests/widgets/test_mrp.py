"""Tests of the MRP walk-through widget (crmlab.widgets.mrp) and the ERP chart functions."""

import pytest

from crmlab import plots
from crmlab.erp.bom import indented_bom
from crmlab.erp.capacity import capacity_report, load_profile
from crmlab.erp.costing import cost_rollup, plan_value, purchase_costs
from crmlab.erp.example import alder_and_pine
from crmlab.widgets import mrp as mrp_widget

EXAMPLE = alder_and_pine()


def test_static_figure_is_the_widgets_starting_state():
    """The book's static figure and the widget's first drawing come from the same call:
    mrp_figure(example, item) draws plan.record(item) with mrp_record_chart."""
    chart = mrp_widget.mrp_figure(EXAMPLE, "C300")
    record = mrp_widget.run_example(EXAMPLE).record("C300")
    total = f"{record.loc['gross_requirements'].sum():,.0f}"
    assert total in chart.alt
    assert chart.figure.axes[1].get_xlabel() == "Period (week)"


def test_widget_controls_replan():
    """Changing the lot-sizing rule of the shown item re-runs MRP: lot for lot for the
    dining chair gives planned receipts equal to its net requirements."""
    box = mrp_widget.mrp_walkthrough(EXAMPLE, item="C300")
    rule = next(c for c in box.children if getattr(c, "description", "") == "Lot-sizing rule")
    message = next(c for c in box.children if c.__class__.__name__ == "HTML")
    before = message.value
    rule.value = "lot for lot"
    assert message.value != before
    assert "C300" in message.value


def test_lot_sizing_rule_labels():
    """Every label of RULES maps to a rule; an unknown label names the argument."""
    for label in mrp_widget.RULES:
        rule = mrp_widget.lot_sizing_rule(label, 2, 100, 1)
        assert rule is None or len(rule([10, 0, 5])) == 3
    with pytest.raises(ValueError, match="rule"):
        mrp_widget.lot_sizing_rule("economic", 1)
    with pytest.raises(ValueError, match="item"):
        mrp_widget.mrp_walkthrough(EXAMPLE, item="nope")


def test_erp_charts_carry_alt_text_with_key_numbers():
    """Each ERP chart returns a Chart whose alt text states the figure's key numbers."""
    plan = mrp_widget.run_example(EXAMPLE)
    rep = capacity_report(
        load_profile(plan.planned_order_releases, EXAMPLE.routings), EXAMPLE.work_centres
    )
    costs = cost_rollup(
        EXAMPLE.bom, EXAMPLE.routings, EXAMPLE.work_centres, purchase_costs(EXAMPLE.products)
    )
    money = plan_value(plan, costs, EXAMPLE.products.query("make_or_buy == 'buy'")["item_id"])
    charts = [
        plots.bom_tree_chart(indented_bom(EXAMPLE.bom, "C300")),
        plots.load_capacity_chart(rep, "WC60"),
        plots.utilisation_heatmap(rep),
        plots.cost_rollup_chart(costs),
        plots.plan_money_chart(money),
        plots.lot_sizing_chart({"lot for lot": [1, 2]}, [1, 2], costs={"lot for lot": 2}),
        plots.erp_stages_chart(),
    ]
    for chart in charts:
        assert isinstance(chart, plots.Chart) and chart.alt
    assert "300 hours" in charts[1].alt
    with pytest.raises(ValueError, match="work_centre"):
        plots.load_capacity_chart(rep, "WC99")
    with pytest.raises(ValueError, match="receipts"):
        plots.lot_sizing_chart({}, [1])
