"""Charts of customer relationship management (the opening part of the book): the map of
CRM and its related systems, customer value (RFM, the pyramid, Pareto, cohorts, CLV) and
customer matching.

Each chart draws the result of a model of :mod:`crmlab.crm` in the shared style of
:mod:`crmlab.plots`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from crmlab import _schema
from crmlab.plots._style import (
    CYCLE,
    PALETTE,
    WIDTH,
    Chart,
    _checked,
    _fmt,
    _instance,
    _mapping,
    _numbers,
    new_figure,
)


def _pyramid(argument: str, value: object) -> None:
    """A check: a customer pyramid; its ``Inactive`` tier (no revenue) is not drawn."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        value = value.drop(index="Inactive", errors="ignore")
    _schema.check(argument, value, _schema.PYRAMID)


# ----- The map of CRM and its related systems (opening chapter) -----

#: Fill colours of the map's nodes by kind (see :mod:`crmlab.crm.systems`).
_NODE_COLOURS: dict[str, str] = {
    "system": PALETTE["sky"],
    "method": PALETTE["yellow"],
    "external": PALETTE["green"],
}
#: Line styles of the map's edges by kind of flow.
_EDGE_STYLES: dict[str, str] = {"interaction": "-", "data": "-", "process": "--"}


#: Node area (points²) of the systems map: "E-commerce" in 8 pt bold fits inside.
_MAP_NODE_SIZE = 3000


@_checked(graph=_instance("networkx:DiGraph", "the systems map (a networkx DiGraph)"))
def systems_map_chart(
    graph,
    *,
    highlight: str | None = None,
    title: str = "CRM and its related systems: the data that flows between them",
) -> Chart:
    """Draw the map of systems and data flows as a network diagram with labelled arrows.

    Args:
        graph: a ``networkx.DiGraph`` as from :func:`crmlab.crm.systems.systems_graph`:
            nodes with a ``kind`` and optionally a ``pos`` (x, y); edges with a ``label``
            and a ``kind`` (``"interaction"``, ``"data"`` or ``"process"``, drawn dashed), and
            optionally a ``rad``, the curvature of the arrow (default 0.16, so that the
            arrows u → v and v → u stay apart).
        highlight: a node whose flows are drawn in colour, the others in grey; ``None``
            draws every flow in colour.
        title: the figure's title.

    Raises:
        ValueError: if ``highlight`` is not a node of ``graph``.
    """
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if graph.number_of_nodes() == 0:
        raise ValueError("graph must have at least one node")
    if highlight is not None and highlight not in graph:
        raise ValueError(f"highlight must be one of {', '.join(graph.nodes)}; got {highlight!r}")
    pos = nx.get_node_attributes(graph, "pos")
    if len(pos) != graph.number_of_nodes():
        pos = nx.circular_layout(graph)
    fig = Figure(figsize=(WIDTH, 5.2), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.set_axis_off()
    grey = "#b0b0b0"

    def touches(edge: tuple) -> bool:
        return highlight is None or highlight in edge

    for u, v, attrs in graph.edges(data=True):
        on = touches((u, v))
        colour = (PALETTE["vermillion"] if highlight else PALETTE["blue"]) if on else grey
        rad = attrs.get("rad", 0.16)
        connection = f"arc3,rad={rad}"
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=[(u, v)],
            ax=ax,
            style=_EDGE_STYLES.get(attrs.get("kind", "data"), "-"),
            edge_color=colour,
            width=2.0 if on else 1.0,
            arrows=True,
            arrowstyle="-|>",
            arrowsize=16,
            node_size=_MAP_NODE_SIZE,
            connectionstyle=connection,
        )
        if attrs.get("label"):
            nx.draw_networkx_edge_labels(
                graph,
                pos,
                edge_labels={(u, v): attrs["label"]},
                ax=ax,
                font_size=7.5,  # 8 pt or more as the page shows the chart
                font_color="#000000" if on else "#707070",
                connectionstyle=connection,
                node_size=_MAP_NODE_SIZE,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    kinds = dict(graph.nodes(data="kind", default="system"))
    nx.draw_networkx_nodes(
        graph,
        pos,
        ax=ax,
        node_size=_MAP_NODE_SIZE,
        node_color=[_NODE_COLOURS.get(kinds[n], PALETTE["sky"]) for n in graph.nodes],
        edgecolors=[
            PALETTE["vermillion"] if n == highlight else PALETTE["black"] for n in graph.nodes
        ],
        linewidths=[3.0 if n == highlight else 1.0 for n in graph.nodes],
    )
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=8, font_weight="bold")
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.9, max(xs) + 1.2)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    handles = [
        Patch(facecolor=_NODE_COLOURS["system"], edgecolor="black", label="information system"),
        Patch(facecolor=_NODE_COLOURS["method"], edgecolor="black", label="method (BPR)"),
        Patch(facecolor=_NODE_COLOURS["external"], edgecolor="black", label="outside the firm"),
        Line2D([], [], color=PALETTE["blue"], lw=2, label="data or interaction"),
        Line2D([], [], color=PALETTE["blue"], lw=2, ls="--", label="process knowledge"),
    ]
    ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=8)

    degree = {n: (graph.in_degree(n), graph.out_degree(n)) for n in graph.nodes}
    hub = max(graph.nodes, key=lambda n: sum(degree[n]))
    alt = (
        f"Network diagram of {graph.number_of_nodes()} boxes ({', '.join(graph.nodes)}) "
        f"joined by {graph.number_of_edges()} labelled arrows, one per flow of data. "
        f"{hub} has the most flows: {degree[hub][0]} in and {degree[hub][1]} out."
    )
    if highlight is not None:
        mine = [
            f"{u} to {v}: {label}".replace("\n", " ")
            for u, v, label in graph.edges(data="label", default="")
            if highlight in (u, v)
        ]
        alt += f" The {len(mine)} flows of {highlight} are highlighted: " + "; ".join(mine) + "."
    else:
        alt += " Dashed arrows carry event logs to BPR and process designs back."
    return Chart(fig, alt)


# ----- Customer value (crmlab.crm.value) --------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %" if abs(x) >= 0.095 else f"{100 * x:.1f} %"


def _share_bars(ax: Axes, labels: list[str], customers, revenue) -> None:
    """Paired horizontal bars: share of customers and share of revenue per group."""

    y = np.arange(len(labels))
    height = 0.38
    ax.barh(y - height / 2, customers, height, color=PALETTE["sky"], label="Share of customers")
    ax.barh(y + height / 2, revenue, height, color=PALETTE["blue"], label="Share of revenue")
    for yi, c, r in zip(y, customers, revenue, strict=True):
        ax.text(c, yi - height / 2, f" {_pct(c)}", va="center", fontsize=8)
        ax.text(r, yi + height / 2, f" {_pct(r)}", va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    top = max(max(customers, default=0), max(revenue, default=0))
    ax.set_xlim(0, max(top * 1.18, 0.05))
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{100 * v:.0f}")
    ax.grid(True, axis="x", color="#dddddd", linewidth=0.6)
    ax.grid(False, axis="y")
    ax.legend(loc="lower right", frameon=False)


@_checked(summary=_schema.SEGMENT_SHARES)
def rfm_segment_chart(summary, *, title: str = "RFM segments: customers and revenue") -> Chart:
    """Each RFM segment's share of the customers and of the revenue (paired bars).

    Args:
        summary: the result of :func:`crmlab.crm.value.segment_summary`.
    """
    fig, ax = new_figure(title, "Share (%)", "RFM segment", size=(WIDTH, 3.8))
    labels = [str(s) for s in summary.index]
    customers = summary["share_of_customers"].fillna(0).tolist()
    revenue = summary["share_of_revenue"].fillna(0).tolist()
    _share_bars(ax, labels, customers, revenue)
    parts = "; ".join(
        f"{s} {_pct(c)} of customers and {_pct(r)} of revenue"
        for s, c, r in zip(labels, customers, revenue, strict=True)
    )
    alt = (
        f"Horizontal paired bar chart of the {len(labels)} RFM segments, showing each "
        f"segment's share of the customers and of the revenue: {parts}."
    )
    return Chart(fig, alt)


@_checked(pyramid=_pyramid)
def customer_pyramid_chart(pyramid, *, title: str = "The customer pyramid") -> Chart:
    """The customer pyramid as back-to-back bars: share of customers (left) against share
    of revenue (right), top tier at the top.

    Args:
        pyramid: the result of :func:`crmlab.crm.value.customer_pyramid` (an
            ``Inactive`` tier, which has no revenue, is left out of the chart).
    """

    table = pyramid.drop(index="Inactive", errors="ignore")
    fig, ax = new_figure(
        title, "← share of customers (%)   |   share of revenue (%) →", "Tier", size=(WIDTH, 3.4)
    )
    labels = [str(t) for t in table.index]
    y = np.arange(len(labels))
    customers = table["share_of_customers"].to_numpy()
    revenue = table["share_of_revenue"].to_numpy()
    ax.barh(y, -customers, 0.7, color=PALETTE["sky"], label="Share of customers")
    ax.barh(y, revenue, 0.7, color=PALETTE["blue"], label="Share of revenue")
    for yi, c, r in zip(y, customers, revenue, strict=True):
        ax.text(-c, yi, f"{_pct(c)} ", va="center", ha="right", fontsize=8)
        ax.text(r, yi, f" {_pct(r)}", va="center", ha="left", fontsize=8)
    ax.axvline(0, color=PALETTE["black"], lw=0.8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    edge = float(max(customers.max(), revenue.max())) * 1.3
    ax.set_xlim(-edge, edge)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(100 * v):.0f}")
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    parts = "; ".join(
        f"{t}: {_pct(c)} of customers, {_pct(r)} of revenue"
        for t, c, r in zip(labels, customers, revenue, strict=True)
    )
    alt = (
        f"Back-to-back bar chart of the customer pyramid, tiers from the top down, share of "
        f"customers to the left and share of revenue to the right. {parts}."
    )
    return Chart(fig, alt)


@_checked(curve=_schema.PARETO_CURVE)
def pareto_chart(
    curve, *, mark: float = 0.2, title: str = "Pareto curve of customer revenue"
) -> Chart:
    """Cumulative share of revenue against cumulative share of customers, best first.

    Args:
        curve: the result of :func:`crmlab.crm.value.pareto_curve`.
        mark: a share of customers to mark (default the top 20 %).
    """

    fig, ax = new_figure(
        title, "Customers, ranked by revenue (cumulative %)", "Revenue (cumulative %)"
    )
    x = curve["customer_share"].to_numpy()
    y = curve["revenue_share"].to_numpy()
    ax.plot(x, y, color=PALETTE["blue"], lw=2.5, label="Actual customers")
    ax.plot([0, 1], [0, 1], color=PALETTE["black"], lw=1, ls=":", label="Every customer equal")
    at = float(np.interp(mark, x, y))
    ax.plot([mark, mark, 0], [0, at, at], color=PALETTE["vermillion"], lw=1, ls="--")
    ax.plot([mark], [at], "o", color=PALETTE["vermillion"], ms=7)
    ax.annotate(
        f"top {_pct(mark)} of customers\nbring {_pct(at)} of revenue",
        xy=(mark, at),
        xytext=(14, -34),
        textcoords="offset points",
        fontsize=9,
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(lambda v, _pos: f"{100 * v:.0f}")
    ax.legend(loc="lower right", frameon=False)
    alt = (
        f"Line chart of the cumulative share of revenue against the cumulative share of "
        f"customers, ranked from the highest spender. The curve rises steeply, far above "
        f"the diagonal of equal customers: the top {_pct(mark)} of customers bring "
        f"{_pct(at)} of the revenue."
    )
    return Chart(fig, alt)


@_checked(table=_schema.COHORT_TABLE)
def cohort_heatmap_chart(
    table, *, period_name: str = "quarter", title: str = "Cohort retention"
) -> Chart:
    """The cohort table as a heat map: cohorts in rows, periods after acquisition in
    columns, each cell the share of the cohort active (printed in the cell).

    Args:
        table: the result of :func:`crmlab.crm.value.cohort_retention` (shares).
        period_name: the length of a period, for the axis label.
    """
    from matplotlib.colors import LinearSegmentedColormap

    values = table.to_numpy(dtype=float)
    rows, cols = values.shape
    fig, ax = new_figure(
        title,
        f"{period_name.capitalize()}s after the acquisition {period_name}",
        f"Cohort (first purchase, {period_name})",
        size=(WIDTH, 0.9 + 0.3 * rows),
    )
    ax.grid(False)
    cmap = LinearSegmentedColormap.from_list("crmlab_blues", ["#ffffff", PALETTE["blue"]])
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 1.0
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=top, aspect="auto")
    for i in range(rows):
        for j in range(cols):
            v = values[i, j]
            if np.isfinite(v):
                colour = "white" if v > 0.6 * top else PALETTE["black"]
                ax.text(
                    j, i, f"{100 * v:.0f}", ha="center", va="center", fontsize=7.5, color=colour
                )
    ax.set_xticks(range(cols), [str(c) for c in table.columns])
    ax.set_yticks(range(rows), [str(r) for r in table.index])
    bar = fig.colorbar(image, ax=ax, shrink=0.9)
    bar.set_label("Share of the cohort active (%)")
    bar.formatter = _percent_formatter()
    bar.update_ticks()
    first = table.iloc[:, 0].dropna()
    alt = (
        f"Heat map of cohort retention: {rows} cohorts (rows, oldest at the top) by "
        f"{cols} {period_name}s after acquisition (columns); each cell gives the percentage "
        f"of the cohort that bought in that {period_name}, darker for more. One {period_name} "
        f"after acquisition {_pct(first.min())} to {_pct(first.max())} of a cohort is "
        f"active, and across all cohorts and {period_name}s {_pct(finite.min())} to "
        f"{_pct(finite.max())}; cells not yet observed are blank."
    )
    return Chart(fig, alt)


def _percent_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{100 * v:.0f}")


@_checked(curve=_schema.RETENTION_CURVE, models=_mapping(_numbers()))
def retention_curve_chart(
    curve,
    models=None,
    *,
    period_name: str = "quarter",
    title: str = "Retention curve: share of customers still buying",
) -> Chart:
    """The pooled retention curve (share active k periods after acquisition), with optional
    model curves for comparison.

    Args:
        curve: the result of :func:`crmlab.crm.value.retention_curve`.
        models: optional mapping of a label to model shares for the same k (dashed lines).
        period_name: the length of a period, for the axis label.
    """
    fig, ax = new_figure(
        title, f"{period_name.capitalize()}s after the acquisition {period_name}", "Active (%)"
    )
    k = list(curve.index)
    for label, values in (models or {}).items():
        if len(values) != len(k):
            raise ValueError(
                f"models[{label!r}] must hold one share per period of curve ({len(k)}), "
                f"got {len(values)}"
            )
    share = curve["share"]
    ax.plot(k, share, "o-", color=PALETTE["blue"], lw=2.5, label="Observed (all cohorts)")
    styles = ["--", "-.", ":"]
    colours = [PALETTE["orange"], PALETTE["vermillion"], PALETTE["green"]]
    top = float(share.max())
    for i, (label, values) in enumerate((models or {}).items()):
        values = list(values)
        top = max(top, *values)
        ax.plot(k, values, styles[i % 3], color=colours[i % 3], lw=2, label=label)
    ax.set_ylim(0, min(1.0, max(0.05, top * 1.25)))
    ax.set_xticks(k)
    ax.yaxis.set_major_formatter(_percent_formatter())
    ax.legend(loc="upper right", frameon=False)
    alt = (
        f"Line chart of the share of customers active k {period_name}s after their "
        f"acquisition, for k = {k[0]} to {k[-1]}: {_pct(share.iloc[0])} after one "
        f"{period_name}, falling to {_pct(share.iloc[-1])} after {k[-1]}."
    )
    if models:
        alt += " Dashed lines show " + ", ".join(str(m) for m in models) + " for comparison."
    return Chart(fig, alt)


@_checked(grid=_schema.CLV_GRID)
def clv_sensitivity_chart(
    grid,
    margin: float,
    retention: float,
    discount: float,
    value: float,
    *,
    periods: int | None = None,
    currency: str = "EUR",
    title: str = "Customer lifetime value against retention",
) -> Chart:
    """CLV against the retention rate, one line per discount rate, the current point marked.

    Args:
        grid: the result of :func:`crmlab.crm.value.clv_sensitivity`.
        margin, retention, discount: m, r and d of the marked point.
        value: the CLV at the marked point.
        periods: the horizon T (None: no end), for the legend and alt text.
    """
    fig, ax = new_figure(title, "Retention rate r (% per period)", f"CLV ({currency})")
    for i, (d, part) in enumerate(grid.groupby("discount", sort=True)):
        ax.plot(
            part["retention"],
            part["clv"],
            color=CYCLE[i % len(CYCLE)],
            lw=2,
            label=f"discount d = {100 * d:.0f} %",
        )
    ax.plot([retention], [value], "o", color=PALETTE["black"], mec="white", ms=9, zorder=5)
    ax.annotate(
        f"r = {100 * retention:.0f} %, d = {100 * discount:.0f} %\nCLV = {_fmt(value)}",
        xy=(retention, value),
        xytext=(-120, 10),
        textcoords="offset points",
        fontsize=9,
    )
    ax.xaxis.set_major_formatter(_percent_formatter())
    ax.set_xlim(0, float(grid["retention"].max()))
    ax.set_ylim(min(0.0, float(grid["clv"].min())), float(grid["clv"].max()) * 1.05 or 1.0)
    horizon = "no end" if periods is None else f"{periods} periods"
    ax.legend(loc="upper left", frameon=False, title=f"m = {_fmt(margin)}, horizon {horizon}")
    rates = ", ".join(f"{100 * d:.0f} %" for d in sorted(grid["discount"].unique()))
    alt = (
        f"Line chart of customer lifetime value against the retention rate for discount "
        f"rates {rates}, with a margin of {_fmt(margin)} {currency} per period and horizon "
        f"{horizon}. CLV rises ever more steeply as retention approaches 100 %, and lies "
        f"lower for higher discount rates. The marked point, r = {100 * retention:.0f} % and "
        f"d = {100 * discount:.0f} %, has CLV {_fmt(value)} {currency}."
    )
    return Chart(fig, alt)


@_checked(table=_schema.CLV_PERIODS)
def clv_period_chart(table, *, currency: str = "EUR", title: str = "CLV period by period") -> Chart:
    """Bars of each period's discounted expected margin, with the cumulative CLV as a line.

    Args:
        table: the result of :func:`crmlab.crm.value.clv_by_period`.
    """
    fig, ax = new_figure(title, "Period t", f"Value today ({currency})")
    t = list(table.index)
    ax.bar(t, table["present_value"], color=PALETTE["sky"], label="m·r^t/(1+d)^t, this period")
    ax.plot(t, table["cumulative_clv"], "o-", color=PALETTE["blue"], lw=2, label="Cumulative CLV")
    ax.set_xticks(t if len(t) <= 20 else t[:: max(1, len(t) // 10)])
    ax.legend(loc="center right", frameon=False)
    total = float(table["cumulative_clv"].iloc[-1])
    alt = (
        f"Bar chart of the present value of the expected margin in each of periods 1 to "
        f"{t[-1]}, shrinking period by period (first {_fmt(table['present_value'].iloc[0])}, "
        f"last {_fmt(table['present_value'].iloc[-1])} {currency}), with a line of the "
        f"cumulative CLV rising to {_fmt(total)} {currency}."
    )
    return Chart(fig, alt)


# ----- Customer matching (crmlab.crm.matching) -----


@_checked(curve=_schema.PRECISION_RECALL)
def precision_recall_chart(
    curve, *, threshold: float | None = None, title: str | None = None
) -> Chart:
    """Precision, recall and F1 of a matching decision against its score threshold
    (``curve`` from :func:`crmlab.crm.matching.precision_recall`); ``threshold`` marks one."""
    fig, ax = new_figure(
        title or "Matching quality against the threshold",
        "Score threshold (a pair at or above it is a match)",
        "Share (0 to 1)",
    )
    ax.plot(curve["threshold"], curve["precision"], marker="o", ms=3, label="precision")
    ax.plot(curve["threshold"], curve["recall"], marker="s", ms=3, label="recall")
    ax.plot(curve["threshold"], curve["f1"], ls="--", label="F1")
    best = curve.loc[curve["f1"].idxmax()]
    text = f" F1 is highest ({best['f1']:.3f}) at threshold {best['threshold']:.2f}."
    if threshold is not None:
        ax.axvline(threshold, color=PALETTE["black"], lw=1, ls=":")
        near = curve.iloc[(curve["threshold"] - threshold).abs().argmin()]
        text += (
            f" At {near['threshold']:.2f} precision is {near['precision']:.3f} and recall "
            f"{near['recall']:.3f}."
        )
    ax.set_ylim(min(0.0, float(curve[["precision", "recall"]].min().min())), 1.02)
    ax.legend(frameon=False)
    alt = (
        f"Line chart of precision, recall and F1 for score thresholds from "
        f"{curve['threshold'].min():.2f} to {curve['threshold'].max():.2f}: precision rises "
        f"from {curve['precision'].iloc[0]:.3f} to {curve['precision'].iloc[-1]:.3f} while "
        f"recall falls from {curve['recall'].iloc[0]:.3f} to {curve['recall'].iloc[-1]:.3f}." + text
    )
    return Chart(fig, alt)
