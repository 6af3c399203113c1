"""Tests of the customer value widgets (crmlab.widgets.crm) and their charts."""

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from crmlab import plots
from crmlab.crm.value import (
    SEGMENTS,
    clv,
    clv_by_period,
    cohort_retention,
    customer_pyramid,
    pareto_curve,
    retention_curve,
    rfm,
    segment_summary,
)
from crmlab.widgets import clv_calculator, rfm_explorer
from crmlab.widgets import crm as crm_widgets

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}

# A small shop: six customers over the first half of 2024.
ROWS = [
    ("A", "2024-01-03", 120.0),
    ("A", "2024-03-10", 80.0),
    ("A", "2024-06-20", 95.0),
    ("B", "2024-01-15", 40.0),
    ("C", "2024-02-01", 300.0),
    ("C", "2024-05-05", 260.0),
    ("D", "2024-04-11", 15.0),
    ("E", "2024-06-01", 60.0),
    ("F", "2024-06-28", 22.0),
]


@pytest.fixture
def shop():
    return pd.DataFrame(ROWS, columns=["customer_id", "date", "amount"])


# ----- charts ----------------------------------------------------------------------------


def _colours(chart):
    found = set()
    for ax in chart.axes:
        found |= {mcolors.to_hex(line.get_color()).upper() for line in ax.get_lines()}
        found |= {mcolors.to_hex(p.get_facecolor()).upper() for p in ax.patches}
    return found


def test_customer_value_charts_are_labelled(shop):
    """Each chart has a title, labelled axes, alt text with its key numbers, and only
    palette colours (Okabe & Ito 2008) for lines and bars."""
    summary = segment_summary(rfm(shop))
    charts = [
        plots.rfm_segment_chart(summary),
        plots.customer_pyramid_chart(customer_pyramid(shop)),
        plots.pareto_chart(pareto_curve(shop)),
        plots.retention_curve_chart(retention_curve(shop, period="M"), {"model": [0.5] * 5}),
        plots.clv_period_chart(clv_by_period(100, 0.8, 0.1, 5)),
        crm_widgets.clv_figure(100, 0.8, 0.1),
    ]
    for chart in charts:
        ax = chart.axes[0]
        assert ax.get_title(loc="left"), chart.alt
        assert ax.get_xlabel() and ax.get_ylabel(), chart.alt
        assert "%" in chart.alt or "EUR" in chart.alt
        assert _colours(chart) <= OKABE_ITO | {"#FFFFFF"}, chart.alt
    assert "267" in charts[-1].alt  # 100 * 0.8 / 0.3 = 266.67


def test_cohort_heatmap_alt_text(shop):
    """The heat map's alt text gives the number of cohorts and the first period's range."""
    chart = plots.cohort_heatmap_chart(cohort_retention(shop, period="M"), period_name="month")
    assert "4 cohorts" in chart.alt  # January, February, April, June
    assert "(%)" in chart.axes[1].get_ylabel()  # the colour bar


# ----- RFM explorer ----------------------------------------------------------------------


def test_rfm_explorer_builds_and_redraws(shop):
    """Construct; change the segment, the bins and the date; the summary follows."""
    box = rfm_explorer(shop)
    bins, date, segment, summary = box.children[:4]
    listing = box.children[5]
    first = summary.value
    assert "of 6 customers" in first
    segment.value = "Lost"
    assert summary.value.startswith("<p>Lost:")
    assert "Lost" in listing.value
    bins.value = 3
    date.value = date.options[0][1]  # 2024-04-01: A, B and C had bought by then
    assert "of 3 customers" in summary.value


def test_rfm_explorer_dates_keep_inputs_valid(shop):
    """Every date the explorer offers leaves at least one purchase before it, and the bins
    slider never goes below 2, so rfm() always gets valid input."""
    options = crm_widgets.as_of_options(shop)
    assert options[-1] == pd.Timestamp("2024-06-29")  # rfm's default: the day after
    for day in options:
        assert len(rfm(shop, as_of=day)) >= 1
    low, high = crm_widgets.BINS_RANGE
    assert 2 <= low < high


def test_rfm_explorer_rejects_bad_start(shop):
    """A start outside the controls' ranges raises ValueError naming it."""
    with pytest.raises(ValueError, match="bins"):
        rfm_explorer(shop, bins=1)
    with pytest.raises(ValueError, match="segment"):
        rfm_explorer(shop, segment="Whales")
    with pytest.raises(ValueError, match="as_of"):
        rfm_explorer(shop, as_of="2024-02-14")


def test_rfm_figure_matches_the_model(shop):
    """The static figure shows the same shares as segment_summary."""
    chart = crm_widgets.rfm_figure(shop)
    summary = segment_summary(rfm(shop))
    for name in SEGMENTS:
        share = summary.loc[name, "share_of_customers"]
        if share > 0:
            assert name in chart.alt


# ----- CLV calculator --------------------------------------------------------------------


def test_clv_ranges_keep_inputs_valid():
    """Retention stays in [0, 1) (its maximum below 1), discount >= 0, horizon >= 1: every
    slider position is a valid input of clv()."""
    r_low, r_high, _ = crm_widgets.CLV_RANGES["retention"]
    d_low, _, _ = crm_widgets.CLV_RANGES["discount"]
    t_low, _, _ = crm_widgets.CLV_RANGES["periods"]
    assert 0 <= r_low < r_high < 1
    assert d_low >= 0
    assert t_low >= 1
    for name, (low, high, step) in crm_widgets.CLV_RANGES.items():
        assert low < high and step > 0, name
    # the extreme corner is valid
    assert clv(crm_widgets.CLV_RANGES["margin"][1], r_high, d_low) > 0


def test_clv_calculator_builds_and_redraws():
    """Construct; the summary shows 100·0.8/(1.1−0.8) = 266.67; raising retention to 0.9
    gives 100·0.9/0.2 = 450 (Gupta & Lehmann 2003); a 10-period horizon gives the finite
    sum."""
    box = clv_calculator()
    margin, retention, discount, periods, endless, summary = box.children[:6]
    assert "266.67" in summary.value
    retention.value = 0.9
    assert "450.00" in summary.value
    endless.value = False
    assert f"{clv(100, 0.9, 0.1, 10):,.2f}" in summary.value
    assert not periods.disabled
    periods.value = 1
    assert "81.82" in summary.value  # 100 * 0.9 / 1.1


def test_clv_calculator_rejects_bad_start():
    """A start outside the slider ranges (retention 1, negative discount) raises."""
    with pytest.raises(ValueError, match="retention"):
        clv_calculator(retention=1.0)
    with pytest.raises(ValueError, match="discount"):
        clv_calculator(discount=-0.1)
