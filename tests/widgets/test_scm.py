"""Tests of the SCM network explorers (crmlab.widgets.scm) and their charts."""

import matplotlib.colors as mcolors
import pytest

from crmlab import datasets, plots
from crmlab.scm.closed_loop import compare_signals
from crmlab.scm.distribution import compare_strategies
from crmlab.scm.location import locate_warehouses
from crmlab.scm.network import example_network
from crmlab.widgets import scm

OKABE_ITO = {c.upper() for c in plots.PALETTE.values()}


def test_slider_ranges_keep_inputs_valid():
    """Every slider value is valid for the model: costs and demand > 0, cv >= 0, and the
    shortest service distance (90 km) reaches every store (the data set needs 87.6 km)."""
    for name, (low, high, step) in scm.DISTRIBUTION_RANGES.items():
        assert low < high and step > 0, name
        if name not in ("stop_cost", "demand_cv"):
            assert low > 0, name
    assert scm.DISTANCE_RANGE[0] >= 87.6
    assert scm.MULTIPLIER_RANGE[0] > 0
    scm.network_model(scm.DISTANCE_RANGE[0], scm.MULTIPLIER_RANGE[1])  # feasible


def test_distribution_explorer_redraws_on_change():
    """Moving demand per store to 2,000 units a week makes direct shipping cheapest."""
    box = scm.distribution_explorer()
    sliders, summary = box.children[:6], box.children[6]
    assert "Cross-docking" in summary.value
    sliders[0].value = 2000
    assert "Direct shipping" in summary.value


def test_network_explorer_opens_more_warehouses_when_the_service_distance_shrinks():
    """A 90 km service distance needs more warehouses than no limit."""
    box = scm.network_explorer()
    distance, summary = box.children[0], box.children[2]
    before = summary.value.split("·")[0].count("W")
    distance.value = 90.0
    assert summary.value.split("·")[0].count("W") > before


def test_closed_loop_explorer_disables_the_pipeline_without_pos():
    """The pipeline needs POS sharing: switching POS off disables it and shows orders only."""
    box = scm.closed_loop_explorer()
    pos_box, pipe_box, _, summary = box.children[:4]
    assert "less" in summary.value
    pos_box.value = False
    assert pipe_box.disabled
    assert "Retailer orders only" in summary.value
    assert scm.closed_loop_signal(True, True) == "pos_pipeline"


def test_explorers_reject_starts_outside_their_ranges():
    """A starting value outside a slider's range raises ValueError naming it."""
    with pytest.raises(ValueError, match="stores"):
        scm.distribution_explorer(stores=0)
    with pytest.raises(ValueError, match="max_distance_km"):
        scm.network_explorer(max_distance_km=50)
    with pytest.raises(ValueError, match="lead_time"):
        scm.closed_loop_explorer(lead_time=20)


def _colours(chart):
    found = set()
    for ax in chart.axes:
        for line in ax.get_lines():
            if line.get_color() != "none":
                found.add(mcolors.to_hex(line.get_color()).upper())
        for patch in ax.patches:
            found.add(mcolors.to_hex(patch.get_facecolor()).upper())
    return found


def test_charts_carry_key_numbers_and_palette_colours():
    """Each chart's alt text states its key numbers; bars and lines use the palette."""
    table = compare_strategies(50, 20)
    chart = plots.strategy_cost_chart(table)
    assert f"{table.loc['cross_docking', 'cost_per_unit']:,.2f}" in chart.alt
    assert _colours(chart) <= OKABE_ITO
    sol = locate_warehouses()
    loc_chart = plots.location_map_chart(datasets.load("locations"), sol)
    assert f"{sol.total_cost:,.0f}" in loc_chart.alt
    comparison = compare_signals()
    cl_chart = plots.closed_loop_chart(comparison)
    assert f"{comparison.loc['orders', 'total_cost']:,.1f}" in cl_chart.alt
    assert _colours(cl_chart) <= OKABE_ITO | {"#FFFFFF"}
    net = plots.supply_network_chart(example_network(), flows=("goods", "money"))
    assert "9 goods arrows, 9 money arrows" in net.alt
    with pytest.raises(ValueError, match="flows"):
        plots.supply_network_chart(example_network(), flows=("cash",))


def test_key_issues_tour_names_pages_of_the_book():
    """Each key issue (the course text's seven) names a notebook label that the book's
    table of contents includes, and the tour draws a figure for the first one."""
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    labels = {}
    for path in root.glob("notebooks/*/*.ipynb"):
        first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
        match = re.match(r"\((.+?)\)=", first)
        if match:
            labels[match.group(1)] = path.relative_to(root).with_suffix("").as_posix()
    assert len(scm.KEY_ISSUES) == 7
    for issue, _, label in scm.KEY_ISSUES:
        assert label in labels, (issue, label)
        assert labels[label] in toc, (issue, label)
    assert scm.key_issue_figure(scm.KEY_ISSUES[0][0]) is not None
    with pytest.raises(ValueError, match="issue"):
        scm.key_issue_figure("Pricing")
