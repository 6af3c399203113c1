"""Tests of the redesign widget (crmlab.widgets.bpr) and its charts."""

import itertools

import ipywidgets as widgets
import pytest

from crmlab import plots
from crmlab.bpr.cases import complaint_handling
from crmlab.widgets import bpr as bpr_widget
from crmlab.widgets import redesign_explorer


def _parts(box):
    """The toggle, the sliders by name, the summary and the output of the explorer."""
    toggle = box.children[0]
    sliders = dict(zip(bpr_widget.RANGES, box.children[1:-2], strict=True))
    return toggle, sliders, box.children[-2], box.children[-1]


def test_ranges_never_give_zero_workers_or_an_overloaded_department():
    """Every corner of the slider ranges (fewest workers, most rework, longest delays) keeps
    each department's offered load λ·E[work]/c below 1 (the stability condition of a
    queue), so the model never refuses an input the widget can produce."""
    r = bpr_widget.RANGES
    for name in bpr_widget.STAFF:
        low, high, step = r[name]
        assert low >= 1 and step >= 1 and float(low).is_integer(), name
    worst_rework = r["rework_probability"][1]
    assert 0 <= r["rework_probability"][0] < worst_rework < 1
    assert r["handoff_delay"][0] >= 0
    for design, delay in itertools.product(("as_is", "case_manager"), r["handoff_delay"][:2]):
        process = complaint_handling(
            design,
            front_office=r["front_office"][0],
            back_office=r["back_office"][0],
            specialists=r["specialists"][0],
            case_managers=r["case_managers"][0],
            handoff_delay=delay,
            rework_probability=worst_rework,
        )
        load = process.utilization(bpr_widget.ARRIVAL)
        assert (load < 1).all(), (design, load.to_dict())


def test_baseline_lies_within_the_ranges():
    """The as-is baseline is one of the settings the sliders can show."""
    for name, (low, high, _) in bpr_widget.RANGES.items():
        assert low <= bpr_widget.BASELINE[name] <= high, name


def test_explorer_builds_and_shows_the_case_manager_redesign():
    """Constructed with defaults, the explorer compares the as-is baseline with one case
    manager: the summary shows 4 hand-offs falling to 0 (outside a kernel the output area
    cannot capture the chart; test_static_figure_is_the_widgets_start checks the chart)."""
    box = redesign_explorer()
    toggle, sliders, summary, out = _parts(box)
    assert isinstance(out, widgets.Output)
    assert isinstance(toggle, widgets.ToggleButtons) and toggle.value is True
    assert "hand-offs 4 → 0" in summary.value
    # departments' sliders are greyed out in the case-manager design
    assert sliders["front_office"].disabled and not sliders["case_managers"].disabled


def test_changing_a_control_redraws():
    """Switching to the departmental design and cutting the hand-off delay to zero changes
    the summary: the to-be now keeps 4 hand-offs, and its mean cycle time drops by about
    the 4 × 90 minutes of delay removed (4 hand-offs of 90 minutes in the baseline)."""
    box = redesign_explorer()
    toggle, sliders, summary, _ = _parts(box)
    toggle.value = False
    same = bpr_widget.redesign_table(False)
    assert "hand-offs 4 → 4" in summary.value
    assert same.iloc[0]["mean_cycle_time"] == pytest.approx(same.iloc[1]["mean_cycle_time"])
    before = summary.value
    sliders["handoff_delay"].value = 0.0
    assert summary.value != before
    table = bpr_widget.redesign_table(False, handoff_delay=0.0)
    saved = table.iloc[0]["mean_cycle_time"] - table.iloc[1]["mean_cycle_time"]
    assert 4 * 90 * 0.8 < saved < 4 * 90 * 1.2
    assert f"{table.iloc[1]['mean_cycle_time'] / 60:,.1f} h" in summary.value


def test_more_case_managers_shorten_the_queue():
    """Queueing theory: at the same arrivals, more servers mean shorter waits (the Erlang C
    wait falls as c grows), so 12 case managers beat 7 on mean cycle time."""
    few = bpr_widget.redesign_table(True, case_managers=7).iloc[1]
    many = bpr_widget.redesign_table(True, case_managers=12).iloc[1]
    assert many["mean_wait_time"] < few["mean_wait_time"]
    assert many["staff"] == 12 and few["staff"] == 7


def test_widget_rejects_values_outside_its_ranges():
    """A start outside a slider's range, or an unknown control, raises ValueError naming it."""
    with pytest.raises(ValueError, match="front_office"):
        redesign_explorer(front_office=0)
    with pytest.raises(ValueError, match="case_managers"):
        bpr_widget.redesign_table(True, case_managers=3)
    with pytest.raises(ValueError, match="unknown controls"):
        redesign_explorer(arrival_rate=1.0)


def test_static_figure_is_the_widgets_start():
    """The static default figure (redesign_figure) is drawn by the same chart function,
    with alt text that quotes the numbers of the summary."""
    chart = bpr_widget.redesign_figure()
    table = bpr_widget.redesign_table()
    assert isinstance(chart, plots.Chart)
    assert len(chart.axes) == 3
    assert f"{table.iloc[1]['mean_cycle_time'] / 60:,.1f} h" in chart.alt
    assert "as-is today" in chart.alt and "to-be" in chart.alt


def test_bpr_charts_are_labelled():
    """The BPR charts have titles, axis labels with units and alt text with key numbers."""
    steps = [("Log", "Front office"), ("Check", "Back office"), ("Reply", "Front office")]
    org = plots.organisation_process_chart(steps)
    assert "2 times" in org.alt and "3 steps" in org.alt
    cmap = plots.bpr_concept_map()
    assert "7 strands" in cmap.alt
    hist = plots.cycle_time_histogram([60.0, 120.0, 600.0], promise=480.0)
    assert "(hours)" in hist.axes[0].get_xlabel()
    assert "67 %" in hist.alt
    table = bpr_widget.redesign_table()
    split = plots.time_split_chart(table)
    assert "(hours)" in split.axes[0].get_xlabel()
    with pytest.raises(ValueError, match="mean_wait_time"):
        plots.time_split_chart(table.drop(columns="mean_wait_time"))
    with pytest.raises(ValueError, match="departments"):
        plots.organisation_process_chart(steps, departments=["Front office"])
    with pytest.raises(ValueError, match="service_level"):
        plots.design_comparison_chart(table.drop(columns="service_level"), promise=480.0)
    with pytest.raises(ValueError, match="cycle_times"):
        plots.cycle_time_histogram([60.0, -1.0])
