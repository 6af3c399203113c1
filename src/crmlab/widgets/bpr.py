"""The redesign explorer: staff, hand-offs and the case-manager design of a complaint process.

The as-is complaint process of :func:`crmlab.bpr.cases.complaint_handling`, at its default
staffing, is the fixed baseline ("as-is today"). The controls set up a redesign ("to-be"):
the workers of each department, the delay and the error (rework) probability of a
hand-off, and whether one case manager handles the whole complaint. Each change calls
:func:`crmlab.bpr.redesign.compare_designs` and redraws
:func:`crmlab.plots.design_comparison_chart`: cycle time, cost per case and service level,
as-is against to-be.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from crmlab import _schema, plots
from crmlab._validate import flag
from crmlab.bpr.cases import ARRIVAL_RATE
from crmlab.bpr.redesign import compare_designs
from crmlab.i18n import localize
from crmlab.widgets import _controls

#: Complaints per minute (six an hour), as the case is staffed for.
ARRIVAL: float = ARRIVAL_RATE["complaint_handling"]

#: The promised resolution time, minutes (one working day).
PROMISE: float = 480.0

#: Cases simulated per design (the first WARMUP are left out), and the seed.
N_CASES, WARMUP, SEED = 2000, 200, 0

#: Slider ranges (min, max, step). Every combination they allow keeps each department's
#: utilisation below 1 at :data:`ARRIVAL` (checked in the tests), so the model never
#: refuses an input from the widget: no zero workers, no overloaded department.
RANGES: dict[str, tuple[float, float, float]] = {
    "front_office": (2, 6, 1),
    "back_office": (3, 8, 1),
    "specialists": (5, 10, 1),
    "case_managers": (6, 12, 1),
    "handoff_delay": (0.0, 240.0, 15.0),
    "rework_probability": (0.0, 0.3, 0.05),
}

#: The controls that are numbers of workers (whole numbers).
STAFF: tuple[str, ...] = ("front_office", "back_office", "specialists", "case_managers")

#: The as-is process as it runs today: the baseline every redesign is compared with.
BASELINE: dict[str, float] = {
    "front_office": 2,
    "back_office": 3,
    "specialists": 5,
    "case_managers": 7,
    "handoff_delay": 90.0,
    "rework_probability": 0.15,
}

LABELS: dict[str, str] = {
    "front_office": "Front office (workers)",
    "back_office": "Back office (workers)",
    "specialists": "Specialists (workers)",
    "case_managers": "Case managers (workers)",
    "handoff_delay": "Hand-off delay (minutes)",
    "rework_probability": "Hand-off error (rework probability)",
}

#: Controls that matter in each design (the others are greyed out).
USED_BY: dict[bool, tuple[str, ...]] = {
    False: ("front_office", "back_office", "specialists", "handoff_delay", "rework_probability"),
    True: ("case_managers", "rework_probability"),
}


def _settings(case_manager: object, values: dict[str, float]) -> tuple[bool, dict[str, float]]:
    """The checked design switch and every control's value (:data:`BASELINE` for those not
    given), each within :data:`RANGES` (whole numbers of staff)."""
    unknown = sorted(set(values) - set(RANGES))
    if unknown:
        raise ValueError(f"unknown controls {unknown}: the widget has {list(RANGES)}")
    case_manager = flag("case_manager", case_manager)
    settings = {**BASELINE, **values}
    for name, span in RANGES.items():
        settings[name] = _controls.check(name, settings[name], span)
    return case_manager, settings


def redesign_table(case_manager: bool = True, **values: float) -> pd.DataFrame:
    """As-is today against the redesign set by ``values`` (the widget's model call).

    Args:
        case_manager: whether the to-be design gives each complaint to one case manager
            (True) or keeps the departments with the new settings (False).
        values: any of the keys of :data:`RANGES` (the rest take :data:`BASELINE`).

    Returns:
        Two rows, ``"as-is today"`` and ``"to-be: case manager"`` (or ``"to-be:
        departments"``), with the columns of
        :func:`crmlab.bpr.redesign.compare_designs`.
    """
    case_manager, settings = _settings(case_manager, values)
    common = {"arrival_rate": ARRIVAL, "promise": PROMISE, "n_cases": N_CASES}
    common.update(warmup=WARMUP, seed=SEED)
    baseline = _baseline(tuple(sorted(common.items())))
    design = "case_manager" if case_manager else "as_is"
    staff = {k: int(settings[k]) for k in STAFF}
    to_be = compare_designs(
        **common,
        **staff,
        handoff_delay=float(settings["handoff_delay"]),
        rework_probability=float(settings["rework_probability"]),
        designs=(design,),
    )
    table = pd.concat([baseline, to_be])
    to_be_label = "to-be: case manager" if case_manager else "to-be: departments"
    table.index = pd.Index(["as-is today", to_be_label], name="design")
    return table


@_controls.memo(maxsize=None)
def _baseline(key: tuple) -> pd.DataFrame:
    """The as-is baseline (computed once per setting; the model is pure, so this is safe)."""
    return compare_designs(**dict(key), **BASELINE, designs=("as_is",))


def redesign_figure(case_manager: bool = True, **values: float) -> plots.Chart:
    """The comparison chart for one setting of the controls (the widget's redraw)."""
    return _chart(redesign_table(case_manager, **values))


def _chart(table: pd.DataFrame) -> plots.Chart:
    return plots.design_comparison_chart(
        table, promise=PROMISE, title="The complaint process: as-is today against the redesign"
    )


#: What :func:`redesign_summary` reads: the two rows of :func:`redesign_table`.
REDESIGN_TABLE = _schema.Table(
    "redesign",
    (
        _schema.Col("mean_cycle_time", "number", minimum=0),
        _schema.Col("cost_per_case", "number", minimum=0),
        _schema.Col("service_level", "number", minimum=0, maximum=1),
        _schema.Col("staff", "whole", minimum=0),
        _schema.Col("handoffs", "whole", minimum=0),
        _schema.Col("max_utilization", "number", minimum=0, maximum=_schema.MAX_PLOT),
    ),
    min_rows=2,
    max_rows=2,
)


def redesign_summary(table: pd.DataFrame) -> str:
    """One line of text comparing the two rows of :func:`redesign_table` (as-is, to-be)."""
    _schema.check("table", table, REDESIGN_TABLE)
    a, b = table.iloc[0], table.iloc[1]
    return (
        f"Mean cycle time {a.mean_cycle_time / 60:,.1f} h → {b.mean_cycle_time / 60:,.1f} h · "
        f"cost per case {a.cost_per_case:,.1f} → {b.cost_per_case:,.1f} · "
        f"within {PROMISE / 60:.0f} h: {100 * a.service_level:.0f} % → "
        f"{100 * b.service_level:.0f} % · staff {int(a.staff)} → {int(b.staff)} · "
        f"hand-offs {int(a.handoffs)} → {int(b.handoffs)} · busiest resource "
        f"{100 * b.max_utilization:.0f} % utilised"
    )


def redesign_explorer(case_manager: bool = True, **values: float) -> widgets.VBox:
    """Controls for staffing, hand-offs and the case-manager design, and the comparison chart.

    Starting values (keyword arguments named as in :data:`RANGES`) must lie within its
    ranges; the rest start at :data:`BASELINE`. Simulating both designs takes a fraction of
    a second, so the chart redraws when a slider is released.
    """
    case_manager, start = _settings(case_manager, values)
    toggle = widgets.ToggleButtons(
        options=[("Departments (as-is design)", False), ("One case manager", True)],
        value=bool(case_manager),
        description="To-be design",
        style={"description_width": "18.5em"},
    )
    # Wide enough for the longest label in full (checked in tests/built).
    sliders = _controls.sliders(
        RANGES,
        LABELS,
        start,
        readout_format=".2f",
        style={"description_width": "18.5em"},
        layout={"width": "38.5em"},
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        used = USED_BY[toggle.value]
        for name, slider in sliders.items():
            slider.disabled = name not in used
        table = redesign_table(toggle.value, **_controls.values(sliders))
        summary.value = f"<p>{redesign_summary(table)}</p>"
        _controls.show(out, lambda: _chart(table))

    _controls.connect(redraw, toggle, *sliders.values())
    return localize(_controls.frame([toggle, *sliders.values(), summary, out]))
