"""The bullwhip explorer: lead time L, forecast window p and safety factor z of an
order-up-to policy; its orders against demand and the ratio against the Chen et al. bound."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from crmlab import plots
from crmlab.i18n import localize
from crmlab.scm.bullwhip import bullwhip_lower_bound, bullwhip_ratio, order_up_to_orders
from crmlab.widgets import _controls

#: Slider ranges (min, max, step). Lead times are whole and >= 0, windows whole and >= 2
#: (so any z >= 0 is valid), z >= 0: the model never sees an invalid input.
RANGES: dict[str, tuple[float, float, float]] = {
    "lead_time": (0, 8, 1),
    "window": (2, 20, 1),
    "z": (0.0, 3.0, 0.5),
}

LABELS: dict[str, str] = {
    "lead_time": "Lead time L (periods)",
    "window": "Forecast window p (periods)",
    "z": "Safety factor z",
}

#: Demand shown: 52 periods of i.i.d. normal demand, mean 100, standard deviation 20 (plus
#: the ``window`` periods before them that the first forecast needs), seed 0.
PERIODS, MEAN, STD, SEED = 52, 100.0, 20.0, 0


def _demand(window: int) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    return np.maximum(rng.normal(MEAN, STD, PERIODS + RANGES["window"][1]), 0.0)[
        RANGES["window"][1] - window :
    ]


def _setting(lead_time: object, window: object, z: object) -> tuple[int, int, float]:
    """L, p and z, each checked against the explorer's range (:data:`RANGES`)."""
    given = {"lead_time": lead_time, "window": window, "z": z}
    lead_time, window, z = (_controls.check(n, v, RANGES[n]) for n, v in given.items())
    return lead_time, window, z


def bullwhip_figure(lead_time: int = 2, window: int = 5, z: float = 0.0) -> plots.Chart:
    """Orders against demand for one setting (the widget's redraw, without widgets)."""
    lead_time, window, z = _setting(lead_time, window, z)
    demand = _demand(int(window))
    orders = order_up_to_orders(demand, int(lead_time), int(window), z)
    return plots.orders_vs_demand_chart(
        demand[int(window) :], orders, lead_time=int(lead_time), window=int(window)
    )


def bullwhip_summary(lead_time: int = 2, window: int = 5, z: float = 0.0) -> str:
    """The ratio over the periods shown and the Chen et al. (2000) bound."""
    lead_time, window, z = _setting(lead_time, window, z)
    demand = _demand(int(window))
    orders = order_up_to_orders(demand, int(lead_time), int(window), z)
    ratio = bullwhip_ratio(orders, demand[int(window) :])
    bound = bullwhip_lower_bound(int(lead_time), int(window))
    return (
        f"Var(q)/Var(D) over these {PERIODS} periods = {ratio:.2f} · Chen et al. bound "
        f"1 + 2L/p + 2L²/p² = {bound:.2f} (the long-run ratio; a short sample scatters "
        f"around it)"
    )


def bullwhip_explorer(lead_time: int = 2, window: int = 5, z: float = 0.0) -> widgets.VBox:
    """Sliders for L, p and z; the orders chart and the ratio next to the bound."""
    start = {"lead_time": lead_time, "window": window, "z": z}
    sliders = _controls.sliders(
        RANGES, LABELS, start, style={"description_width": "14em"}, layout={"width": "34em"}
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        values = _controls.values(sliders)
        summary.value = f"<p>{bullwhip_summary(**values)}</p>"
        _controls.show(out, lambda: bullwhip_figure(**values))

    _controls.connect(redraw, *sliders.values())
    return localize(_controls.frame([*sliders.values(), summary, out]))
