"""The matching-threshold explorer: move the threshold, see precision and recall change."""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as widgets
import pandas as pd

from crmlab import _schema, plots
from crmlab._validate import finite
from crmlab.crm.matching import precision_recall
from crmlab.i18n import localize
from crmlab.widgets import _controls

#: Slider range of the threshold (min, max, step).
RANGE: tuple[float, float, float] = (0.5, 1.0, 0.01)


def _threshold(threshold: object) -> float:
    """``threshold`` as a float if it is a number in [0, 1] (a score), else ValueError."""
    x = finite("threshold", threshold)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"threshold must lie in [0, 1] (a score), got {threshold!r}")
    return x


def matching_figure(curve: pd.DataFrame, threshold: float) -> plots.Chart:
    """Precision, recall and F1 against the threshold (one row per threshold of ``curve``),
    with ``threshold`` (in [0, 1]) marked."""
    _schema.check("curve", curve, replace(_schema.PRECISION_RECALL, unique=("threshold",)))
    threshold = _threshold(threshold)
    return plots.precision_recall_chart(curve, threshold=threshold)


def matching_summary(pairs: pd.DataFrame, truth: pd.DataFrame, threshold: float) -> str:
    """One line: matches, precision and recall at ``threshold`` (in [0, 1])."""
    threshold = _threshold(threshold)
    row = precision_recall(pairs, truth, [threshold]).iloc[0]
    return (
        f"threshold {threshold:.2f}: {int(row['matches']):,} matches · precision "
        f"{row['precision']:.3f} · recall {row['recall']:.3f} · F1 {row['f1']:.3f}"
    )


def matching_threshold_explorer(
    pairs: pd.DataFrame, truth: pd.DataFrame, threshold: float = 0.7
) -> widgets.VBox:
    """A threshold slider over scored pairs (from :func:`crmlab.crm.matching.score_pairs`)
    with precision, recall and F1 against the ground truth ``truth``."""
    threshold = _controls.check("threshold", threshold, RANGE)
    curve = precision_recall(pairs, truth)
    slider = _controls.slider(
        "threshold",
        threshold,
        "Threshold",
        RANGE,
        readout_format=".2f",
        layout=widgets.Layout(width="36em"),
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        summary.value = f"<p>{matching_summary(pairs, truth, slider.value)}</p>"
        _controls.show(out, lambda: matching_figure(curve, slider.value))

    _controls.connect(redraw, slider)
    return localize(_controls.frame([slider, summary, out]))
