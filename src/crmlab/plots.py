"""The shared chart style: one palette, labelled axes with units, alt text for every figure.

Every chart function returns a :class:`Chart`: a matplotlib figure together with its alt
text (a one-sentence description of what the figure shows, for readers who cannot see
it). In a notebook a ``Chart`` displays as an image with that alt text, so the static book
carries it too. Figures are made with :class:`matplotlib.figure.Figure` directly, not with
pyplot, so nothing is drawn twice and no global figure state is touched.
"""

from __future__ import annotations

import base64
import html
import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Okabe & Ito's colour-blind-safe palette (Okabe & Ito 2008, "Color universal design").
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: The order in which series take colours.
CYCLE: tuple[str, ...] = tuple(
    PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")
)


class Chart:
    """A figure with its alt text; displays in Jupyter as an image carrying that text."""

    def __init__(self, figure: Figure, alt: str) -> None:
        if not alt or not alt.strip():
            raise ValueError("alt must be a non-empty description of the figure")
        self.figure = figure
        self.alt = alt.strip()

    @property
    def axes(self) -> list[Axes]:
        """The figure's axes."""
        return self.figure.axes

    def png(self, dpi: int = 110) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        data = base64.b64encode(self.png()).decode("ascii")
        img = (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
            f'style="max-width:100%;height:auto" />'
        )
        return {"text/html": img, "image/png": data, "text/plain": f"<Chart: {self.alt}>"}


def new_figure(
    title: str,
    xlabel: str,
    ylabel: str,
    *,
    size: tuple[float, float] = (7.0, 4.2),
) -> tuple[Figure, Axes]:
    """A figure with one axes, titled and labelled in the book's style.

    ``xlabel`` and ``ylabel`` should name the quantity and its unit, e.g.
    ``"Order quantity Q (units)"``.
    """
    for name, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        if not text or not str(text).strip():
            raise ValueError(f"{name} must be a non-empty label")
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    ax.set_prop_cycle(color=list(CYCLE))
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def eoq_cost_chart(
    curve,
    quantity: float,
    total_cost: float,
    *,
    time_unit: str = "year",
    currency: str = "currency units",
    title: str = "EOQ: ordering, holding and total cost",
) -> Chart:
    """The EOQ cost curves with the optimum marked.

    Args:
        curve: a DataFrame with columns ``order_quantity``, ``ordering_cost``,
            ``holding_cost``, ``total_cost`` (as from :func:`crmlab.scm.inventory.eoq_curve`).
        quantity: Q*, the optimal order quantity (units).
        total_cost: the total cost per period at Q*.
        time_unit: the period of the costs, used in the axis label.
        currency: the money unit, used in the axis label.
    """
    fig, ax = new_figure(title, "Order quantity Q (units)", f"Cost per {time_unit} ({currency})")
    q = curve["order_quantity"]
    ax.plot(q, curve["ordering_cost"], color=PALETTE["orange"], lw=2, label="Ordering cost  K·λ/Q")
    ax.plot(
        q, curve["holding_cost"], color=PALETTE["sky"], lw=2, ls="--", label="Holding cost  h·Q/2"
    )
    ax.plot(q, curve["total_cost"], color=PALETTE["blue"], lw=2.5, label="Total cost")
    ax.axvline(quantity, color=PALETTE["vermillion"], lw=1, ls=":")
    ax.plot(
        [quantity],
        [total_cost],
        "o",
        color=PALETTE["vermillion"],
        ms=8,
        label=f"Optimum Q* = {_fmt(quantity)}",
    )
    ax.annotate(
        f"Q* = {_fmt(quantity)} units\ntotal = {_fmt(total_cost)} per {time_unit}",
        xy=(quantity, total_cost),
        xytext=(12, 28),
        textcoords="offset points",
        fontsize=9,
    )
    top = float(curve["total_cost"].min()) * 3.0
    ax.set_ylim(0, top)
    ax.set_xlim(0, float(q.max()))
    ax.legend(loc="upper right", frameon=False)
    alt = (
        f"Line chart of cost per {time_unit} against order quantity. The ordering cost "
        f"falls and the holding cost rises as the order quantity grows; their sum, the "
        f"total cost, is lowest at Q* = {_fmt(quantity)} units, where it is "
        f"{_fmt(total_cost)} {currency} per {time_unit} and the two costs are equal."
    )
    return Chart(fig, alt)


def inventory_sawtooth_chart(
    path,
    order_quantity: float,
    *,
    time_unit: str = "year",
    title: str = "On-hand stock under the EOQ policy",
) -> Chart:
    """On-hand stock over time (the sawtooth) with the average Q/2 marked.

    Args:
        path: a DataFrame with columns ``time`` and ``on_hand`` (as from
            :func:`crmlab.scm.inventory.eoq_inventory_path`).
        order_quantity: Q, the order size (units).
    """
    fig, ax = new_figure(title, f"Time ({time_unit}s)", "On-hand stock (units)")
    ax.plot(path["time"], path["on_hand"], color=PALETTE["blue"], lw=2, label="On-hand stock")
    ax.axhline(
        order_quantity / 2,
        color=PALETTE["orange"],
        lw=1.5,
        ls="--",
        label=f"Average stock Q/2 = {_fmt(order_quantity / 2)}",
    )
    ax.set_ylim(0, order_quantity * 1.25)
    ax.set_xlim(0, float(path["time"].max()))
    ax.legend(loc="upper right", frameon=False)
    cycles = int((path["on_hand"] == 0).sum())
    alt = (
        f"Sawtooth line chart of on-hand stock against time: stock starts at "
        f"Q = {_fmt(order_quantity)} units, falls in a straight line to zero, and jumps back "
        f"to Q when an order arrives ({cycles} replenishments shown); a dashed line marks the "
        f"average stock of {_fmt(order_quantity / 2)} units."
    )
    return Chart(fig, alt)
