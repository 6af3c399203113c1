"""The bullwhip explorer: lead time L, forecast window p and safety factor z of an
order-up-to policy; its orders against demand and the ratio against the Chen et al. bound."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from IPython.display import display

from crmlab import plots
from crmlab._validate import within
from crmlab.i18n import localize
from crmlab.scm.bullwhip import bullwhip_lower_bound, bullwhip_ratio, order_up_to_orders

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


def bullwhip_figure(lead_time: int = 2, window: int = 5, z: float = 0.0) -> plots.Chart:
    """Orders against demand for one setting (the widget's redraw, without widgets)."""
    demand = _demand(int(window))
    orders = order_up_to_orders(demand, int(lead_time), int(window), z)
    return plots.orders_vs_demand_chart(
        demand[int(window) :], orders, lead_time=int(lead_time), window=int(window)
    )


def bullwhip_summary(lead_time: int = 2, window: int = 5, z: float = 0.0) -> str:
    """The ratio over the periods shown and the Chen et al. (2000) bound."""
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
    sliders = {}
    for name, (low, high, step) in RANGES.items():
        value = within(name, start[name], low, high, integer=name != "z", where="for the widget")
        kind = widgets.FloatSlider if name == "z" else widgets.IntSlider
        sliders[name] = kind(
            value=value,
            min=low,
            max=high,
            step=step,
            description=LABELS[name],
            continuous_update=False,
            style={"description_width": "14em"},
            layout=widgets.Layout(width="34em"),
        )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        values = {name: s.value for name, s in sliders.items()}
        summary.value = f"<p>{bullwhip_summary(**values)}</p>"
        with out:
            out.clear_output(wait=True)
            display(bullwhip_figure(**values))

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    redraw()
    return localize(
        widgets.VBox(
            [*sliders.values(), summary, out],
            layout=widgets.Layout(border="1px solid #ddd", padding="0.5em"),
        )
    )
