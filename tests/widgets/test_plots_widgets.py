"""Tests of the shared chart style (crmlab.plots) and the EOQ widget."""

import matplotlib.colors as mcolors
import pytest

from crmlab import plots
from crmlab.scm.inventory import eoq_curve, eoq_inventory_path
from crmlab.widgets import eoq as eoq_widget

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_palette_is_okabe_ito():
    """Okabe & Ito (2008): the eight colours of the colour-universal-design palette."""
    assert {c.upper() for c in plots.PALETTE.values()} == OKABE_ITO


def _line_colours(chart):
    return {
        mcolors.to_hex(line.get_color()).upper() for ax in chart.axes for line in ax.get_lines()
    }


def test_eoq_chart_is_labelled_and_uses_the_palette():
    """Every chart has a title, axis labels with units, alt text naming Q*, and only
    palette colours."""
    s = eoq_curve(1200, 100, 5)
    chart = plots.eoq_cost_chart(s.curve, s.quantity, s.total_cost)
    ax = chart.axes[0]
    assert ax.get_title(loc="left")
    assert "(units)" in ax.get_xlabel()
    assert "currency" in ax.get_ylabel()
    assert "219" in chart.alt
    assert _line_colours(chart) <= OKABE_ITO


def test_chart_displays_with_alt_text():
    """In Jupyter a Chart is an <img> with its alt text (and a PNG for other front ends)."""
    path = eoq_inventory_path(1200, 219, 1.0)
    chart = plots.inventory_sawtooth_chart(path, 219)
    bundle = chart._repr_mimebundle_()
    assert 'alt="Sawtooth line chart' in bundle["text/html"]
    assert bundle["image/png"]
    assert chart.png().startswith(b"\x89PNG")


def test_chart_requires_alt_text():
    """A figure without alt text is refused."""
    fig, _ = plots.new_figure("t", "x (units)", "y (units)")
    with pytest.raises(ValueError, match="alt"):
        plots.Chart(fig, "  ")


def test_widget_ranges_keep_inputs_valid():
    """Every slider's smallest value is > 0 and finite, so the model never sees bad input."""
    for name, (low, high, step) in eoq_widget.RANGES.items():
        assert 0 < low < high, name
        assert step > 0, name


def test_widget_redraws_on_change():
    """Moving the demand slider recomputes Q* (the summary shows the new optimum)."""
    box = eoq_widget.eoq_explorer()
    sliders = box.children[:3]
    summary = box.children[3]
    assert "219.1" in summary.value
    sliders[0].value = 4800  # four times the demand: Q* doubles
    assert "438.2" in summary.value


def test_widget_rejects_start_outside_its_ranges():
    """A starting value outside the slider's range raises ValueError naming it."""
    with pytest.raises(ValueError, match="holding_cost"):
        eoq_widget.eoq_explorer(holding_cost=0)
