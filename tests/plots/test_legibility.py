"""Every chart crmlab draws is legible at the size the book shows it (issue 12, point 5).

How the book shows a chart: :meth:`crmlab.plots.Chart.png` renders it at
``plots.PNG_DPI`` (110) dots per inch with a tight bounding box, and the page shows the
image at its natural size, or narrower when it is wider than the column (``max-width:
100%``). The narrowest place the book shows a chart on a desktop screen is an output
inside a widget in a 1280-px-wide window: :data:`SHOWN_WIDTH_PX` = 660 CSS px, measured
in headless Chromium on the built book (a cell's output is 688 px wide there; at 1440 px
and wider, 790 px; in a 1024-px window the sidebar folds away and it is 755 px).

A text of ``s`` points is therefore shown at ``s * PNG_DPI / 96 * scale`` CSS points,
where ``scale = min(1, SHOWN_WIDTH_PX / image width in pixels)``. The rules, for every
text the figure draws (titles, axis and tick labels, legends, annotations, labels of
network diagrams and tables; texts that are invisible, empty or not drawn, such as tick
labels outside the axis range, do not count):

1. it is shown at :data:`MIN_POINTS` (8) points or more;
2. no two texts overlap: their boxes (rotated with the text) may touch but not overlap by
   more than :data:`OVERLAP_TOLERANCE_PX` (1 px of the 110-dpi image, about 0.7 pt).

A text's box is matplotlib's extent of its glyphs (ascent to descent, first to last
character), so two labels one above the other whose letters nearly touch still pass.
The cases (tests/chart_cases.py) draw each public chart function as the book does; a new
chart function without a case fails :func:`test_every_chart_function_has_a_case`.

Each case is measured in English and in Chinese (``crmlab.set_language("zh")``): translated
labels have other widths, and a chart may ask for layout fixes that run only once its text
is translated (crmlab/plots/_relayout.py), so that the English pictures stay as drawn.
Not measured: a legend or a label covering lines, bars or markers (only text against
text); the relayout fixes themselves avoid those, see :func:`test_legend_fix_clears_the_data`.
"""

from __future__ import annotations

import inspect
import io
import itertools
import math
import struct
from unittest import mock

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import crmlab
from crmlab import plots
from crmlab.plots import _relayout
from tests.chart_cases import CASES, EXTRA_CASES

SHOWN_WIDTH_PX = 660
MIN_POINTS = 8.0
OVERLAP_TOLERANCE_PX = 1.0


def chart_functions() -> list[str]:
    """The public functions of crmlab.plots that return a Chart."""
    return sorted(
        name
        for name, f in inspect.getmembers(plots, inspect.isfunction)
        if f.__module__.startswith(f"{plots.__name__}.")
        and not name.startswith("_")
        and inspect.signature(f).return_annotation in ("Chart", plots.Chart)
    )


class DrawnText:
    """A text as drawn: its centre, its unrotated size and its angle, in image pixels."""

    def __init__(self, text: Text, renderer) -> None:
        self.text = text
        self.label = " ".join(text.get_text().split())
        self.points = text.get_fontsize()
        box = text.get_window_extent(renderer)
        self.centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
        angle = text.get_rotation() % 180
        if angle:
            # The extent of a rotated text is the upright box around it; measure the text
            # itself unrotated (its size does not depend on where it is drawn).
            text.set_rotation(0)
            flat = text.get_window_extent(renderer)
            text.set_rotation(angle)
            self.size = (flat.width, flat.height)
        else:
            self.size = (box.width, box.height)
        self.angle = math.radians(angle)

    def axes(self) -> list[np.ndarray]:
        c, s = math.cos(self.angle), math.sin(self.angle)
        return [np.array([c, s]), np.array([-s, c])]

    def corners(self) -> list[np.ndarray]:
        u, v = self.axes()
        w, h = self.size
        return [self.centre + a * w / 2 * u + b * h / 2 * v for a in (-1, 1) for b in (-1, 1)]


def overlap(a: DrawnText, b: DrawnText) -> float:
    """How far two text boxes overlap (pixels): the smallest overlap of their projections
    on the boxes' own axes (separating-axis test); 0 or less when they are apart."""
    ca, cb = a.corners(), b.corners()
    depth = math.inf
    for axis in a.axes() + b.axes():
        pa, pb = [p @ axis for p in ca], [p @ axis for p in cb]
        depth = min(depth, min(max(pa), max(pb)) - max(min(pa), min(pb)))
    return depth


def draw_as_the_book_does(figure: Figure) -> tuple[list[DrawnText], int]:
    """Render ``figure`` as Chart.png does; the texts it drew and the image's width (px)."""
    drawn: dict[int, DrawnText] = {}
    draw = Text.draw

    def record(text: Text, renderer) -> None:
        draw(text, renderer)
        if text.get_visible() and text.get_text().strip():
            drawn[id(text)] = DrawnText(text, renderer)  # the last drawing counts

    buffer = io.BytesIO()
    with mock.patch.object(Text, "draw", record):
        figure.savefig(buffer, format="png", dpi=plots.PNG_DPI, bbox_inches="tight")
    png = buffer.getvalue()
    width = struct.unpack(">I", png[16:20])[0]  # the IHDR chunk's width field
    return list(drawn.values()), width


def problems(figure: Figure) -> list[str]:
    """Every break of the two rules, as sentences."""
    texts, width = draw_as_the_book_does(figure)
    assert texts, "the chart drew no text"
    scale = min(1.0, SHOWN_WIDTH_PX / width)
    found = []
    for t in texts:
        shown = t.points * plots.PNG_DPI / 96 * scale
        if shown < MIN_POINTS - 1e-9:
            found.append(
                f"{t.label!r} is {t.points:g} pt, shown at {shown:.1f} pt "
                f"(image {width} px wide, shown at {scale:.0%})"
            )
    for a, b in itertools.combinations(texts, 2):
        if (depth := overlap(a, b)) > OVERLAP_TOLERANCE_PX:
            found.append(f"{a.label!r} and {b.label!r} overlap by {depth:.1f} px")
    return found


def test_every_chart_function_has_a_case():
    """Each public chart function of crmlab.plots is measured below."""
    assert chart_functions() == sorted(CASES)


@pytest.fixture
def language(request):
    """The language the chart is drawn in (``request.param``); English again afterwards."""
    crmlab.set_language(request.param)
    yield request.param
    crmlab.set_language("en")


@pytest.mark.parametrize("language", ["en", "zh"], indirect=True)
@pytest.mark.parametrize("name", [*CASES, *EXTRA_CASES])
def test_chart_is_legible_at_the_page_width(name, language):
    """Every text is shown at 8 pt or more and no two texts overlap (module docstring), in
    English and in Chinese."""
    cases = {**CASES, **EXTRA_CASES}
    assert problems(cases[name]().figure) == []


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_translation_fixes_never_run_in_english(language):
    """A chart's layout fixes wait for a translation: in English they stay pending, so the
    English picture is the one the chart function drew."""
    figure = CASES["document_flow_chart"]().figure
    assert figure.__dict__.get(_relayout.ATTRIBUTE)


def test_legend_fix_clears_the_data():
    """The legend fix moves a legend off a line it covers (here one through the upper right
    corner), to a place where it covers no point of the line; a legend already clear stays."""
    fig, ax = plots.new_figure("A title", "x (units)", "y (units)")
    x = np.linspace(0, 1, 50)
    ax.plot(x, x, label="rising line")
    ax.legend(loc="upper right")
    _relayout.after_translation(fig, _relayout.legend_clear_of_data(ax))
    rend = _relayout.renderer(fig)
    points, boxes = _relayout.data_obstacles(ax, rend)
    assert _relayout.covered(ax.get_legend().get_window_extent(rend), points, boxes) > 0
    _relayout.run_fixes(fig)
    rend = _relayout.renderer(fig)
    points, boxes = _relayout.data_obstacles(ax, rend)
    assert _relayout.covered(ax.get_legend().get_window_extent(rend), points, boxes) == 0
    assert ax.get_legend()._loc != 1  # no longer "upper right"


def test_the_rules_catch_small_and_overlapping_text():
    """The measurement fails a chart with a 6 pt label, with two labels drawn on top of each
    other, and with a wide figure whose 9 pt text the page shrinks below 8 pt; it passes the
    same texts drawn apart at 9 pt on a chart of the page's width."""
    fig, ax = plots.new_figure("A title", "x (units)", "y (units)")
    ax.text(0.2, 0.5, "tiny", fontsize=6)
    assert any("'tiny' is 6 pt" in p for p in problems(fig))

    fig, ax = plots.new_figure("A title", "x (units)", "y (units)")
    ax.text(0.5, 0.5, "first label", fontsize=9)
    ax.text(0.52, 0.5, "second label", fontsize=9)
    assert any("overlap" in p for p in problems(fig))

    fig, ax = plots.new_figure("A title", "x (units)", "y (units)", size=(11.0, 4.0))
    ax.text(0.5, 0.5, "shrunk", fontsize=9)
    assert any("'shrunk' is 9 pt, shown at" in p for p in problems(fig))

    fig, ax = plots.new_figure("A title", "x (units)", "y (units)")
    ax.text(0.2, 0.5, "first label", fontsize=9)
    ax.text(0.7, 0.5, "second label", fontsize=9)
    assert problems(fig) == []


def test_rotated_boxes_are_compared_as_rotated():
    """Two parallel 45° labels side by side do not overlap although their upright boxes do;
    the same labels crossing (45° and −45°) do."""
    fig, ax = plots.new_figure("Rotated", "x (units)", "y (units)")
    ax.text(0.40, 0.5, "a rotated label", rotation=45, fontsize=9, ha="center", va="center")
    ax.text(0.46, 0.5, "a rotated label", rotation=45, fontsize=9, ha="center", va="center")
    assert problems(fig) == []
    fig, ax = plots.new_figure("Rotated", "x (units)", "y (units)")
    ax.text(0.5, 0.5, "a rotated label", rotation=45, fontsize=9, ha="center", va="center")
    ax.text(0.5, 0.5, "a rotated label", rotation=-45, fontsize=9, ha="center", va="center")
    assert any("overlap" in p for p in problems(fig))
