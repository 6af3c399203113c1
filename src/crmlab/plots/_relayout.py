"""Layout fixes that run only after a chart's text is translated.

A chart is drawn in English and translated afterwards (:func:`crmlab.i18n.localize`), and
translated labels have other widths: a Chinese legend may grow over the data, a box may
shrink so that an arrow drawn to its English edge runs through its text. A chart function
registers a fix with :func:`after_translation`; ``localize`` runs the fixes once the texts
are translated, measuring the translated texts. In English no fix ever runs, so the English
pictures are exactly those the chart functions draw (tests/plots/test_legibility.py
measures both languages).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
from matplotlib import cbook
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox, offset_copy

#: The attribute of a Figure that holds its fixes.
ATTRIBUTE = "_crmlab_after_translation"

#: Room kept between a legend and the data or texts it must not cover (display pixels).
MARGIN_PX = 3.0

#: The legend places tried, in order, before a legend moves under the axes.
PLACES = (
    "upper right",
    "upper left",
    "lower right",
    "lower left",
    "center right",
    "center left",
    "upper center",
    "lower center",
)


def after_translation(figure: Figure, fix: Callable[[Figure], None]) -> None:
    """Run ``fix(figure)`` after :func:`crmlab.i18n.localize` has translated ``figure``."""
    figure.__dict__.setdefault(ATTRIBUTE, []).append(fix)


def run_fixes(figure: Figure) -> None:
    """Run (once) the fixes registered for ``figure``, measuring at the resolution of the
    book's image (:meth:`Chart.png`); called by the translation."""
    from crmlab.plots._style import PNG_DPI

    fixes = figure.__dict__.pop(ATTRIBUTE, [])
    if not fixes:
        return
    dpi = figure.dpi
    figure.set_dpi(PNG_DPI)
    try:
        for fix in fixes:
            fix(figure)
    finally:
        figure.set_dpi(dpi)


def renderer(figure: Figure):
    """A renderer of ``figure``, drawn as it is now."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def _dense(points: np.ndarray, step: float = 2.0) -> np.ndarray:
    """The polyline through ``points`` sampled every ``step`` pixels (its vertices too)."""
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) < 2:
        return points
    out = [points[:1]]
    for a, b in zip(points[:-1], points[1:], strict=False):
        n = max(1, math.ceil(float(np.hypot(*(b - a))) / step))
        t = np.linspace(0.0, 1.0, n + 1)[1:, None]
        out.append(a + t * (b - a))
    return np.concatenate(out)


def data_obstacles(ax: Axes, rend, *, texts: bool = True) -> tuple[np.ndarray, list[Bbox]]:
    """What a legend of ``ax`` must not cover: points along its lines and at its markers
    (display pixels), and the boxes of its bars and (if ``texts``) its texts."""
    points: list[np.ndarray] = []
    boxes: list[Bbox] = []
    for line in ax.get_lines():
        if not line.get_visible():
            continue
        xy = np.asarray(line.get_xydata(), dtype=float)
        if len(xy) == 0:
            continue
        style = line.get_drawstyle()
        if style in cbook.STEP_LOOKUP_MAP and style != "default":
            xy = np.column_stack(cbook.STEP_LOOKUP_MAP[style](xy[:, 0], xy[:, 1]))
        shown = line.get_transform().transform(xy)
        if line.get_linestyle() not in ("None", "", " ", "none"):
            points.append(_dense(shown))
        elif line.get_marker() not in (None, "None", "", " ", "none"):
            points.append(shown)
    for collection in ax.collections:
        if not collection.get_visible():
            continue
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if len(offsets):
            points.append(collection.get_offset_transform().transform(offsets))
    for patch in ax.patches:
        if patch.get_visible():
            box = patch.get_window_extent(rend)
            if box.width > 0 and box.height > 0:
                boxes.append(box)
    if texts:
        for text in ax.texts:
            if text.get_visible() and text.get_text().strip():
                boxes.append(text.get_window_extent(rend))
    shown_points = np.concatenate(points) if points else np.empty((0, 2))
    return shown_points, boxes


def covered(box: Bbox, points: np.ndarray, boxes: Iterable[Bbox]) -> int:
    """How many of ``points`` and ``boxes`` lie in ``box`` (widened by :data:`MARGIN_PX`)."""
    box = box.padded(MARGIN_PX)
    n = 0
    if len(points):
        inside = (
            (points[:, 0] >= box.x0)
            & (points[:, 0] <= box.x1)
            & (points[:, 1] >= box.y0)
            & (points[:, 1] <= box.y1)
        )
        n += int(inside.sum())
    for other in boxes:
        if box.overlaps(other):
            n += 1
    return n


def legend_clear_of_data(ax: Axes, *, may_move_below: bool = True) -> Callable[[Figure], None]:
    """A fix: if the translated legend of ``ax`` covers its data or texts, move it to the
    first of :data:`PLACES` where it covers nothing; failing that, under the axes (below
    the x-axis label) when ``may_move_below``, else to the place where it covers least."""

    def fix(figure: Figure) -> None:
        legend = ax.get_legend()
        if legend is None:
            return
        rend = renderer(figure)
        points, boxes = data_obstacles(ax, rend)
        hits = covered(legend.get_window_extent(rend), points, boxes)
        if hits == 0:
            return
        best = (hits, legend._loc)
        for place in PLACES:
            legend.set_loc(place)
            n = covered(legend.get_window_extent(rend), points, boxes)
            if n == 0:
                return
            best = min(best, (n, legend._loc))
        if may_move_below:
            # Anchor the legend's top under everything drawn below the axes (tick and axis
            # labels), in points from the axes' bottom, so that a later layout keeps it.
            under = ax.get_tightbbox(rend).y0
            gap = (ax.get_window_extent(rend).y0 - under) * 72 / figure.dpi + 4
            legend.set_bbox_to_anchor(
                (0.5, 0.0), transform=offset_copy(ax.transAxes, figure, y=-gap, units="points")
            )
            legend.set_loc("upper center")
            # A taller figure, by the legend's height and the gap, so the axes keep theirs.
            extra = (legend.get_window_extent(rend).height / figure.dpi) + gap / 72
            width, height = figure.get_size_inches()
            figure.set_size_inches(width, height + extra)
        else:
            legend._loc = best[1]

    return fix


def labels_clear_of_markers(
    ax: Axes, labels: list, markers, offsets: Iterable[tuple[float, float]]
) -> Callable[[Figure], None]:
    """A fix: move each annotation of ``labels`` (offset in points from its point) to the
    first of ``offsets`` where its text covers none of the ``markers`` (a scatter
    collection, its sizes in points²) and no other text, else to where it covers least."""
    offsets = list(offsets)

    def fix(figure: Figure) -> None:
        rend = renderer(figure)
        centres = markers.get_offset_transform().transform(np.asarray(markers.get_offsets()))
        sizes = np.broadcast_to(np.asarray(markers.get_sizes(), dtype=float), (len(centres),))
        radii = np.sqrt(sizes) / 2 * figure.dpi / 72
        others = [
            t for t in ax.texts if t.get_visible() and t.get_text().strip() and t not in labels
        ]
        placed = [t.get_window_extent(rend) for t in others]

        def clash(box: Bbox) -> float:
            box = box.padded(MARGIN_PX / 2)
            dx = np.maximum(np.maximum(box.x0 - centres[:, 0], centres[:, 0] - box.x1), 0)
            dy = np.maximum(np.maximum(box.y0 - centres[:, 1], centres[:, 1] - box.y1), 0)
            n = float((np.hypot(dx, dy) < radii).sum())
            return n + sum(1.0 for other in placed if box.overlaps(other))

        for label in labels:
            first = tuple(label.xyann)
            best = (clash(label.get_window_extent(rend)), first)
            if best[0] > 0:
                for offset in offsets:
                    label.xyann = offset
                    best = min(best, (clash(label.get_window_extent(rend)), offset))
                    if best[0] == 0:
                        break
                label.xyann = best[1]
            placed.append(label.get_window_extent(rend))

    return fix


def arrows_between_boxes(ax: Axes, arrows: list) -> Callable[[Figure], None]:
    """A fix: redraw each arrow of ``arrows`` — ``(annotation, source text, target text,
    down)`` — from the edge of its source's box to the edge of its target's (right edge to
    left edge; bottom to top when ``down``), as the translated boxes are now wide."""

    def fix(figure: Figure) -> None:
        rend = renderer(figure)
        to_data = ax.transData.inverted()

        def edges(text) -> tuple[float, float, float, float]:
            patch = text.get_bbox_patch()
            box = (patch or text).get_window_extent(rend)
            (x0, y0), (x1, y1) = to_data.transform([[box.x0, box.y0], [box.x1, box.y1]])
            return x0, y0, x1, y1

        for arrow, source, target, down in arrows:
            sx0, sy0, sx1, sy1 = edges(source)
            tx0, ty0, tx1, ty1 = edges(target)
            if down:
                arrow.xyann, arrow.xy = ((sx0 + sx1) / 2, sy0), ((tx0 + tx1) / 2, ty1)
            else:
                arrow.xyann, arrow.xy = (sx1, (sy0 + sy1) / 2), (tx0, (ty0 + ty1) / 2)

    return fix
