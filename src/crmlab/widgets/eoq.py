"""The EOQ explorer: sliders for λ, K and h; the cost curves with the optimum marked."""

from __future__ import annotations

import ipywidgets as widgets

from crmlab import _schema, plots
from crmlab.i18n import localize
from crmlab.scm.inventory import eoq_curve
from crmlab.widgets import _controls

#: Slider ranges (min, max, step). Every value they allow is finite and > 0, so the model
#: never sees an invalid input from the widget.
RANGES: dict[str, tuple[float, float, float]] = {
    "demand_rate": (100.0, 10_000.0, 100.0),
    "order_cost": (5.0, 500.0, 5.0),
    "holding_cost": (0.5, 50.0, 0.5),
}

LABELS: dict[str, str] = {
    "demand_rate": "Demand λ (units/year)",
    "order_cost": "Order cost K (per order)",
    "holding_cost": "Holding cost h (per unit·year)",
}


def eoq_figure(demand_rate: float, order_cost: float, holding_cost: float) -> plots.Chart:
    """The EOQ cost chart for one set of parameters (the widget's redraw, without widgets)."""
    solution = eoq_curve(demand_rate, order_cost, holding_cost)
    if solution.curve.select_dtypes("number").to_numpy().max() > _schema.MAX_PLOT:
        raise ValueError(
            "demand_rate, order_cost and holding_cost are too large to draw: the costs on "
            f"the curve exceed {_schema.MAX_PLOT:g}"
        )
    return plots.eoq_cost_chart(solution.curve, solution.quantity, solution.total_cost)


def eoq_summary(demand_rate: float, order_cost: float, holding_cost: float) -> str:
    """One line of text with Q*, the total cost, orders per year and the cycle time."""
    s = eoq_curve(demand_rate, order_cost, holding_cost, points=2)
    return (
        f"Q* = {s.quantity:,.1f} units · total cost = {s.total_cost:,.2f} per year · "
        f"{s.orders_per_period:,.2f} orders per year · one order every "
        f"{52 * s.cycle_time:,.1f} weeks"
    )


def eoq_explorer(
    demand_rate: float = 1200.0, order_cost: float = 100.0, holding_cost: float = 5.0
) -> widgets.VBox:
    """Sliders for demand λ, order cost K and holding cost h, and the EOQ cost chart.

    The starting values must lie within :data:`RANGES`.
    """
    start = {"demand_rate": demand_rate, "order_cost": order_cost, "holding_cost": holding_cost}
    sliders = _controls.sliders(
        RANGES,
        LABELS,
        start,
        readout_format=".1f",
        style={"description_width": "16em"},
        layout={"width": "36em"},
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        values = _controls.values(sliders)
        summary.value = f"<p>{eoq_summary(**values)}</p>"
        _controls.show(out, lambda: eoq_figure(**values))

    _controls.connect(redraw, *sliders.values())
    return localize(_controls.frame([*sliders.values(), summary, out]))
