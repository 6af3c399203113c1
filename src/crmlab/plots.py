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


# ----- BPR: organisation chart against a process view; the concept map -----


def _bpr_box(ax: Axes, x: float, y: float, text: str, *, colour: str, fontsize: float = 8.5):
    return ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=fontsize,
        zorder=5,
        bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": colour, "lw": 1.4},
    )


def organisation_process_chart(
    steps,
    departments=None,
    *,
    head: str = "Managing director",
    title: str | None = None,
    case: str = "customer order",
) -> Chart:
    """A functional organisation chart with one case (a customer order) drawn across it.

    The departments stand side by side as vertical columns under the head of the firm
    (the organisation chart); the order's steps are placed in the column of the department
    that does them, one row per step, and every move from one column to another (a
    hand-off) is drawn as a numbered horizontal arrow. The customer stands outside, at the
    left (the request) and at the right (the result).

    Args:
        steps: the process in order, a sequence of ``(activity, department)`` pairs.
        departments: the columns, left to right (default: in order of first appearance).
            Departments listed here but absent from ``steps`` still appear (as silos the
            order never visits).
        head: the label of the organisation chart's top box.
        title: the chart title (default names the number of hand-offs).
        case: what travels through the organisation, for the title and alt text (e.g.
            ``"complaint"``).
    """
    from itertools import pairwise

    import networkx as nx
    from matplotlib.patches import FancyBboxPatch

    steps = [(str(a), str(d)) for a, d in steps]
    if not steps:
        raise ValueError("steps must hold at least one (activity, department) pair")
    order = list(dict.fromkeys(d for _, d in steps))
    if departments is None:
        departments = order
    departments = list(departments)
    missing = [d for d in order if d not in departments]
    if missing:
        raise ValueError(f"departments must list every department in steps; missing {missing}")
    handoffs = sum(1 for (_, a), (_, b) in pairwise(steps) if a != b)
    n_dept, n_steps = len(departments), len(steps)
    if title is None:
        title = (
            f"One {case} crosses the functional organisation: "
            f"{handoffs} hand-off{'s' if handoffs != 1 else ''}"
        )
    width = max(7.0, 1.55 * n_dept + 2.6)
    height = 2.2 + 0.42 * n_steps
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_axis_off()
    col = {d: 1.0 + i for i, d in enumerate(departments)}
    top, head_y, dept_y = 0.0, 0.0, -1.0
    first_row = -2.0
    rows = [first_row - 0.8 * i for i in range(n_steps)]
    bottom = rows[-1] - 0.7

    # the organisation chart: a tree drawn with networkx
    tree = nx.DiGraph()
    pos = {"head": (0.5 * (1 + n_dept), head_y)}
    for d in departments:
        tree.add_edge("head", d)
        pos[d] = (col[d], dept_y)
    nx.draw_networkx_edges(
        tree, pos, ax=ax, arrows=False, edge_color=PALETTE["black"], width=1.0, node_size=0
    )
    _bpr_box(ax, *pos["head"], head, colour=PALETTE["black"], fontsize=9)

    # the silos: one shaded column per department
    for i, d in enumerate(departments):
        ax.add_patch(
            FancyBboxPatch(
                (col[d] - 0.45, bottom),
                0.9,
                dept_y - 0.35 - bottom,
                boxstyle="round,pad=0.02",
                facecolor=CYCLE[i % len(CYCLE)],
                alpha=0.12,
                edgecolor="none",
                zorder=0,
            )
        )
        _bpr_box(ax, col[d], dept_y, d, colour=CYCLE[i % len(CYCLE)], fontsize=9)

    # the process: the steps in their columns, the customer outside at both ends
    left, right = 0.1, n_dept + 0.9
    boxes = {}
    boxes["in"] = _bpr_box(ax, left, rows[0], "Customer\n(request)", colour=PALETTE["black"])
    for i, (activity, dept) in enumerate(steps):
        colour = CYCLE[departments.index(dept) % len(CYCLE)]
        boxes[i] = _bpr_box(ax, col[dept], rows[i], activity, colour=colour)
    boxes["out"] = _bpr_box(ax, right, rows[-1], "Customer\n(result)", colour=PALETTE["black"])
    path = ["in", *range(n_steps), "out"]
    x_of = {"in": left, "out": right, **{i: col[d] for i, (_, d) in enumerate(steps)}}
    count = 0
    for u, v in pairwise(path):
        if x_of[u] == x_of[v]:  # same department: the next step, below
            start_at, end_at, colour, lw = (0.5, 0.0), (0.5, 1.0), "#777777", 1.2
        else:
            rightwards = x_of[v] > x_of[u]
            start_at = (1.0, 0.5) if rightwards else (0.0, 0.5)
            end_at = (0.0, 0.5) if rightwards else (1.0, 0.5)
            handoff = u != "in" and v != "out"
            colour = PALETTE["vermillion"] if handoff else PALETTE["black"]
            lw = 1.8 if handoff else 1.2
        arrow = ax.annotate(
            "",
            xy=end_at,
            xycoords=boxes[v],
            xytext=start_at,
            textcoords=boxes[u],
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": lw, "shrinkA": 2, "shrinkB": 2},
            zorder=4,
        )
        if colour == PALETTE["vermillion"]:
            count += 1
            arrow.set_zorder(4)
            ax.text(
                (x_of[u] + x_of[v]) / 2,
                (rows[u] + rows[v]) / 2 + 0.1,
                str(count),
                ha="center",
                va="bottom",
                fontsize=8,
                fontweight="bold",
                color="white",
                zorder=6,
                bbox={"boxstyle": "circle,pad=0.2", "facecolor": PALETTE["vermillion"], "lw": 0},
            )
    ax.set_xlim(left - 0.6, right + 0.6)
    ax.set_ylim(bottom - 0.1, top + 0.5)

    def _n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    alt = (
        f"Organisation chart with {head} at the top and {_n(n_dept, 'unit')} side by side "
        f"below ({', '.join(departments)}), each drawn as a vertical column. One {case} "
        f"runs from the customer on the left through {_n(n_steps, 'step')} placed in "
        f"the columns of the units that do them, to the customer on the right; it visits "
        f"{_n(len(order), 'unit')} and is handed from one column to another "
        f"{_n(handoffs, 'time')}, each hand-off numbered."
    )
    return Chart(fig, alt)


#: The course text's seven strands of thought that BPR inherits (section 2.3.1).
BPR_STRANDS: tuple[str, ...] = (
    "Process management\nthinking",
    "Organisation\ntheory",
    "IT and organisational\nstructure",
    "Organisational\ninnovation",
    "Socio-technical\ntheory",
    "Informatisation and\nfunction theory",
    "Other management ideas\n(quality, lean, value chain,\ncore competence)",
)


def bpr_concept_map(
    strands=BPR_STRANDS,
    goals=("Cost", "Quality", "Service", "Speed"),
    *,
    title: str = "BPR: what it inherits, what it aims at",
) -> Chart:
    """A concept map of BPR (course text, section 2.3.1).

    The strands of thought BPR inherits stand on the left with arrows into the central
    idea; modern information and communication technology enters from below ("integrated
    with"); the four measures it aims to improve stand on the right; the environment it
    must fit (customers, competition, change) stands above.

    Args:
        strands: the labels of the inherited strands (default: the course text's seven).
        goals: the measures of performance BPR aims to improve dramatically.
    """
    import networkx as nx

    strands, goals = list(strands), list(goals)
    if not strands or not goals:
        raise ValueError("strands and goals must each hold at least one label")
    fig = Figure(figsize=(10.0, 6.4), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_axis_off()
    g = nx.DiGraph()
    centre = "BPR\nfundamental rethinking and\nradical redesign of\nbusiness processes"
    ict = "Modern information and\ncommunication technology"
    env = "A world of customers,\ncompetition and change"
    pos = {centre: (0.0, 0.0), ict: (0.0, -2.6), env: (0.0, 2.6)}
    n = len(strands)
    for i, s in enumerate(strands):
        y = 2.7 - 5.4 * i / max(n - 1, 1)
        pos[s] = (-3.4, y)
        g.add_edge(s, centre, label="")
    for i, goal in enumerate(goals):
        y = 1.8 - 3.6 * i / max(len(goals) - 1, 1)
        pos[goal] = (3.2, y)
        g.add_edge(centre, goal, label="")
    g.add_edge(ict, centre, label="integrated with,\nenabled by")
    g.add_edge(centre, env, label="so the firm fits")
    boxes = {}
    for s in strands:
        boxes[s] = _bpr_box(ax, *pos[s], s, colour=PALETTE["blue"], fontsize=8)
    for goal in goals:
        boxes[goal] = _bpr_box(ax, *pos[goal], goal, colour=PALETTE["green"], fontsize=9)
    boxes[centre] = _bpr_box(ax, *pos[centre], centre, colour=PALETTE["vermillion"], fontsize=9.5)
    boxes[ict] = _bpr_box(ax, *pos[ict], ict, colour=PALETTE["orange"], fontsize=8.5)
    boxes[env] = _bpr_box(ax, *pos[env], env, colour=PALETTE["purple"], fontsize=8.5)
    # each arrow joins the two boxes' edges (coordinates are fractions of a box)
    strand_rank = {s: i for i, s in enumerate(strands)}
    goal_rank = {goal: i for i, goal in enumerate(goals)}
    for u, v, label in g.edges(data="label"):
        if u in strand_rank:
            frac = 0.9 - 0.8 * strand_rank[u] / max(n - 1, 1)
            start_at, end_at = (1.0, 0.5), (0.0, frac)
        elif v in goal_rank:
            frac = 0.9 - 0.8 * goal_rank[v] / max(len(goals) - 1, 1)
            start_at, end_at = (1.0, frac), (0.0, 0.5)
        elif u == ict:
            start_at, end_at = (0.5, 1.0), (0.5, 0.0)
        else:
            start_at, end_at = (0.5, 1.0), (0.5, 0.0)
        ax.annotate(
            "",
            xy=end_at,
            xycoords=boxes[v],
            xytext=start_at,
            textcoords=boxes[u],
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#777777",
                "lw": 1.1,
                "shrinkA": 2,
                "shrinkB": 2,
            },
        )
        if label:
            (x0, y0), (x1, y1) = pos[u], pos[v]
            ax.text(
                (x0 + x1) / 2 + 0.1,
                (y0 + y1) / 2,
                label,
                ha="left",
                va="center",
                fontsize=8,
                style="italic",
            )
    ax.text(-3.4, 3.35, f"Inherits {n} strands of thought", ha="center", fontsize=9, style="italic")
    ax.text(3.2, 2.5, "Aims at dramatic improvement in", ha="center", fontsize=9, style="italic")
    ax.set_xlim(-4.8, 4.4)
    ax.set_ylim(-3.2, 3.6)
    flat = [s.replace("\n", " ") for s in strands]
    alt = (
        f"Concept map. In the centre, BPR: the fundamental rethinking and radical redesign of "
        f"business processes. On the left, {n} strands of thought point into it: "
        f"{'; '.join(flat)}. From below, modern information and communication technology "
        f"points into it (integrated with, enabled by). On the right, it points to the "
        f"{len(goals)} measures it aims to improve dramatically: {', '.join(goals).lower()}. "
        f"Above, it points to the environment the firm must fit: customers, competition and "
        f"change."
    )
    return Chart(fig, alt)


# ----- The map of CRM and its related systems (opening chapter) -----

#: Fill colours of the map's nodes by kind (see :mod:`crmlab.crm.systems`).
_NODE_COLOURS: dict[str, str] = {
    "system": PALETTE["sky"],
    "method": PALETTE["yellow"],
    "external": PALETTE["green"],
}
#: Line styles of the map's edges by kind of flow.
_EDGE_STYLES: dict[str, str] = {"interaction": "-", "data": "-", "process": "--"}


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
    fig = Figure(figsize=(10.0, 7.4), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
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
            node_size=4400,
            connectionstyle=connection,
        )
        if attrs.get("label"):
            nx.draw_networkx_edge_labels(
                graph,
                pos,
                edge_labels={(u, v): attrs["label"]},
                ax=ax,
                font_size=7.5,
                font_color="#000000" if on else "#707070",
                connectionstyle=connection,
                node_size=4400,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    kinds = dict(graph.nodes(data="kind", default="system"))
    nx.draw_networkx_nodes(
        graph,
        pos,
        ax=ax,
        node_size=4400,
        node_color=[_NODE_COLOURS.get(kinds[n], PALETTE["sky"]) for n in graph.nodes],
        edgecolors=[
            PALETTE["vermillion"] if n == highlight else PALETTE["black"] for n in graph.nodes
        ],
        linewidths=[3.0 if n == highlight else 1.0 for n in graph.nodes],
    )
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9, font_weight="bold")
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


def bar_chart(
    values,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    horizontal: bool = False,
) -> Chart:
    """A bar chart of one number per category, with each bar's value written on it.

    Args:
        values: a pandas Series: the index names the categories, the values are the bar
            heights (as from ``df.groupby("category")["amount"].sum()``).
        title: the figure's title.
        xlabel: the label of the category axis (or of the value axis when ``horizontal``).
        ylabel: the label of the value axis with its unit (or of the category axis when
            ``horizontal``).
        horizontal: draw horizontal bars, largest at the top.

    Raises:
        ValueError: if ``values`` is empty or not numeric.
    """
    import pandas as pd
    from matplotlib.ticker import FuncFormatter

    series = pd.Series(values)
    if series.empty:
        raise ValueError("values must hold at least one category")
    if not pd.api.types.is_numeric_dtype(series):
        raise ValueError("values must be numbers, one per category")
    fig, ax = new_figure(title, xlabel, ylabel)
    names = [str(i) for i in series.index]
    heights = series.to_numpy(dtype=float)
    thousands = FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}")
    if horizontal:
        bars = ax.barh(names[::-1], heights[::-1], color=PALETTE["blue"])
        ax.grid(False, axis="y")
        ax.xaxis.set_major_formatter(thousands)
    else:
        bars = ax.bar(names, heights, color=PALETTE["blue"])
        ax.grid(False, axis="x")
        ax.yaxis.set_major_formatter(thousands)
    ax.bar_label(bars, labels=[_fmt(h) for h in bars.datavalues], fontsize=8, padding=2)
    ax.margins(x=0.12 if horizontal else 0.02, y=0.02 if horizontal else 0.12)
    top, low = series.idxmax(), series.idxmin()
    value_label, category_label = (xlabel, ylabel) if horizontal else (ylabel, xlabel)
    alt = (
        f"{'Horizontal bar' if horizontal else 'Bar'} chart of {value_label} for "
        f"{len(series)} categories of {category_label}: highest is {top} "
        f"({_fmt(series.max())}), lowest is {low} ({_fmt(series.min())})."
    )
    return Chart(fig, alt)


# ----- Customer value (crmlab.crm.value) --------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %" if abs(x) >= 0.095 else f"{100 * x:.1f} %"


def _share_bars(ax: Axes, labels: list[str], customers, revenue) -> None:
    """Paired horizontal bars: share of customers and share of revenue per group."""
    import numpy as np

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


def rfm_segment_chart(summary, *, title: str = "RFM segments: customers and revenue") -> Chart:
    """Each RFM segment's share of the customers and of the revenue (paired bars).

    Args:
        summary: the result of :func:`crmlab.crm.value.segment_summary`.
    """
    fig, ax = new_figure(title, "Share (%)", "RFM segment", size=(7.0, 4.4))
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


def customer_pyramid_chart(pyramid, *, title: str = "The customer pyramid") -> Chart:
    """The customer pyramid as back-to-back bars: share of customers (left) against share
    of revenue (right), top tier at the top.

    Args:
        pyramid: the result of :func:`crmlab.crm.value.customer_pyramid` (an
            ``Inactive`` tier, which has no revenue, is left out of the chart).
    """
    import numpy as np

    table = pyramid.drop(index="Inactive", errors="ignore")
    fig, ax = new_figure(
        title, "← share of customers (%)   |   share of revenue (%) →", "Tier", size=(7.0, 4.0)
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


def pareto_chart(
    curve, *, mark: float = 0.2, title: str = "Pareto curve of customer revenue"
) -> Chart:
    """Cumulative share of revenue against cumulative share of customers, best first.

    Args:
        curve: the result of :func:`crmlab.crm.value.pareto_curve`.
        mark: a share of customers to mark (default the top 20 %).
    """
    import numpy as np

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


def cohort_heatmap_chart(
    table, *, period_name: str = "quarter", title: str = "Cohort retention"
) -> Chart:
    """The cohort table as a heat map: cohorts in rows, periods after acquisition in
    columns, each cell the share of the cohort active (printed in the cell).

    Args:
        table: the result of :func:`crmlab.crm.value.cohort_retention` (shares).
        period_name: the length of a period, for the axis label.
    """
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    values = table.to_numpy(dtype=float)
    rows, cols = values.shape
    fig, ax = new_figure(
        title,
        f"{period_name.capitalize()}s after the acquisition {period_name}",
        f"Cohort (first purchase, {period_name})",
        size=(7.0, 0.9 + 0.34 * rows),
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
                ax.text(j, i, f"{100 * v:.0f}", ha="center", va="center", fontsize=7, color=colour)
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


def _minutes_label(minutes: float) -> str:
    """A wait in minutes as a short label: minutes below two hours, else hours."""
    return f"{minutes:,.0f} min" if minutes < 120 else f"{minutes / 60:,.1f} h"


def dfg_chart(
    event_log,
    *,
    title: str = "Directly-follows graph",
    min_frequency: int = 1,
    show_start_end: bool = True,
    size: tuple[float, float] = (9.0, 10.0),
) -> Chart:
    """The directly-follows graph of an event log, drawn top to bottom.

    Activities are boxes (with their department and frequency; a step repeated right away
    shows "↻ repeated"); an arrow a → b means b directly followed a in some case; its width
    grows with the frequency and its label gives the count and the mean wait between the
    two. Hand-offs (the work changes department) are orange, the edge with the longest mean
    wait (the bottleneck) is vermillion, the rest blue.

    Args:
        event_log: a DataFrame ``case_id, activity, resource, start, end`` (as
            ``crmlab.bpr.simulate(...).event_log`` or the ``order_events`` dataset).
        title: the figure's title.
        min_frequency: hide edges seen fewer times than this (whole number >= 1).
        show_start_end: draw the artificial start and end nodes.
        size: figure size in inches.
    """
    import networkx as nx
    from matplotlib.lines import Line2D

    from crmlab.bpr.discovery import END, START, bottleneck, dfg_graph, directly_follows

    if isinstance(min_frequency, bool) or not isinstance(min_frequency, int) or min_frequency < 1:
        raise ValueError(f"min_frequency must be a whole number >= 1, got {min_frequency!r}")
    graph = dfg_graph(event_log)
    dfg = directly_follows(event_log)
    if dfg.empty:
        raise ValueError("event_log has no case with two or more activities: nothing to draw")
    slow = bottleneck(dfg)
    slow_edge = (slow["source"], slow["target"])
    drop = [(u, v) for u, v, d in graph.edges(data=True) if d["frequency"] < min_frequency]
    graph.remove_edges_from(drop)
    if not show_start_end:
        graph.remove_nodes_from([START, END])
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0 and n in (START, END)])

    loops = {u: d for u, v, d in graph.edges(data=True) if u == v}
    graph.remove_edges_from([(u, u) for u in loops])

    # Layout, top to bottom: one row per layer (median position in the case); within a
    # row the most frequent activity sits in the middle, the others alternate right, left.
    pos: dict[str, tuple[float, float]] = {}
    rows: dict[int, list[str]] = {}
    for node, layer in graph.nodes(data="layer"):
        rows.setdefault(layer, []).append(node)
    for layer, nodes in rows.items():
        nodes.sort(key=lambda n: (-graph.nodes[n]["frequency"], str(n)))
        for i, node in enumerate(nodes):
            offset = (i + 1) // 2 * (1 if i % 2 else -1)
            pos[node] = (float(offset), -float(layer))

    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_axis_off()
    top = max(f for _, f in graph.nodes(data="frequency")) or 1
    edges = list(graph.edges(data=True))
    max_freq = max(d["frequency"] for _, _, d in edges) if edges else 1
    for u, v, d in edges:
        if (u, v) == slow_edge:
            colour = PALETTE["vermillion"]
        elif d.get("handoff"):
            colour = PALETTE["orange"]
        else:
            colour = PALETTE["blue"]
        (x0, y0), (x1, y1) = pos[u], pos[v]
        straight = x0 == x1 and y0 - y1 == 1
        style = "arc3,rad=0" if straight else f"arc3,rad={0.35 if y1 > y0 else 0.18}"
        boundary = START in (u, v) or END in (u, v)
        nx.draw_networkx_edges(
            graph,
            pos,
            ax=ax,
            edgelist=[(u, v)],
            edge_color=colour,
            width=1.0 if boundary else 0.8 + 5.0 * d["frequency"] / max_freq,
            style="dotted" if boundary else "solid",
            arrows=True,
            arrowsize=10,
            connectionstyle=style,
            node_size=900,
        )
        label = (
            f"{d['frequency']:,}"
            if boundary
            else f"{d['frequency']:,} · {_minutes_label(d['mean_wait'])}"
        )
        nx.draw_networkx_edge_labels(
            graph,
            pos,
            edge_labels={(u, v): label},
            ax=ax,
            font_size=6.5,
            rotate=False,
            connectionstyle=style,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        )
    for node, (x, y) in pos.items():
        data = graph.nodes[node]
        special = node in (START, END)
        text = node if special else f"{node}\n{data.get('resource', '')} · {data['frequency']:,}"
        if node in loops:
            loop = loops[node]
            text += f"\n↻ repeated {loop['frequency']:,} · {_minutes_label(loop['mean_wait'])}"
        ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=7,
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.35",
                "fc": "#eeeeee" if special else "white",
                "ec": PALETTE["black"],
                "lw": 0.4 + 1.2 * data["frequency"] / top,
            },
        )
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.5, max(ys) + 0.5)
    ax.legend(
        handles=[
            Line2D([], [], color=PALETTE["blue"], lw=2, label="same department"),
            Line2D([], [], color=PALETTE["orange"], lw=2, label="hand-off"),
            Line2D([], [], color=PALETTE["vermillion"], lw=2, label="longest mean wait"),
        ],
        loc="upper right",
        fontsize=7,
        frameon=False,
        title="arrow label: cases · mean wait",
        title_fontsize=7,
    )
    top_edge = dfg.iloc[0]
    n_handoff = int(dfg["handoff"].sum())
    n_activities = len(set(dfg["source"]) | set(dfg["target"]))
    alt = (
        f"Directly-follows graph of {n_activities} activities and {len(dfg)} edges, drawn "
        f"top to bottom. The most frequent edge is {top_edge['source']} to "
        f"{top_edge['target']} ({int(top_edge['frequency']):,} times). The longest mean "
        f"wait, the bottleneck, is between {slow['source']} and {slow['target']} "
        f"({_minutes_label(float(slow['mean_wait']))}). {n_handoff} of the {len(dfg)} edges "
        f"are hand-offs to another department."
    )
    return Chart(fig, alt)


# ----- BPR: simulated processes (crmlab.bpr) -------------------------------------------------


def _hours(minutes: float) -> str:
    return f"{minutes / 60:,.1f} h"


def cycle_time_histogram(
    cycle_times,
    *,
    promise: float | None = None,
    bins: int = 40,
    title: str = "How long customers wait for a result: the cycle-time distribution",
) -> Chart:
    """Histogram of cycle times (given in minutes, drawn in hours), mean and promise marked.

    Args:
        cycle_times: the cycle time of each case in minutes (a sequence or Series, as
            ``simulate(...).cases["cycle_time"]``).
        promise: a promised resolution time in minutes; drawn as a line, with the share of
            cases within it in the legend.
        bins: number of histogram bins.
    """
    import numpy as np

    values = np.asarray(cycle_times, dtype=float).ravel()
    if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError("cycle_times must be finite times >= 0 (minutes), at least one")
    fig, ax = new_figure(title, "Cycle time (hours)", "Cases")
    ax.hist(values / 60, bins=bins, color=PALETTE["sky"], edgecolor="white", linewidth=0.5)
    mean, p90 = float(values.mean()), float(np.quantile(values, 0.9))
    ax.axvline(mean / 60, color=PALETTE["blue"], lw=2, label=f"Mean {_hours(mean)}")
    ax.axvline(p90 / 60, color=PALETTE["blue"], lw=1.5, ls="--", label=f"90 % within {_hours(p90)}")
    text = ""
    if promise is not None:
        share = float((values <= promise).mean())
        ax.axvline(
            promise / 60,
            color=PALETTE["vermillion"],
            lw=2,
            ls=":",
            label=f"Promise {_hours(promise)}: {100 * share:.0f} % of cases within",
        )
        text = (
            f" A dotted line marks the promise of {_hours(promise)}; {100 * share:.0f} % of "
            f"cases finish within it."
        )
    ax.set_xlim(left=0)
    ax.legend(loc="best", frameon=True, framealpha=0.9, edgecolor="none")
    alt = (
        f"Histogram of the cycle times of {values.size:,} cases in hours, skewed to the "
        f"right: mean {_hours(mean)}, 90 % of cases within {_hours(p90)}, longest "
        f"{_hours(float(values.max()))}.{text}"
    )
    return Chart(fig, alt)


def time_split_chart(
    table,
    *,
    title: str = "Where the time goes: working versus waiting",
) -> Chart:
    """Horizontal stacked bars of mean work and mean wait per case, one bar per row.

    Args:
        table: a DataFrame indexed by design or case name with columns
            ``mean_work_time`` and ``mean_wait_time`` (minutes), as from
            :func:`crmlab.bpr.redesign.compare_designs` or ``summary()["mean"]`` rows.
    """
    import pandas as pd

    frame = pd.DataFrame(table)
    for col in ("mean_work_time", "mean_wait_time"):
        if col not in frame.columns:
            raise ValueError(f"table must have a column {col!r} (minutes)")
    if frame.empty:
        raise ValueError("table must hold at least one row")
    names = [str(i) for i in frame.index][::-1]
    work = frame["mean_work_time"].to_numpy(dtype=float)[::-1] / 60
    wait = frame["mean_wait_time"].to_numpy(dtype=float)[::-1] / 60
    fig, ax = new_figure(
        title, "Mean time per case (hours)", "Design", size=(7.0, 1.4 + 0.7 * len(frame))
    )
    ax.barh(names, work, color=PALETTE["blue"], label="Working (someone works on the case)")
    ax.barh(names, wait, left=work, color=PALETTE["orange"], label="Waiting (queues, hand-offs)")
    for y, (a, b) in enumerate(zip(work, wait, strict=True)):
        share = a / (a + b) if a + b > 0 else float("nan")
        ax.text(a + b, y, f"  {a + b:,.1f} h, {100 * share:.0f} % working", va="center", fontsize=8)
    ax.grid(False, axis="y")
    ax.set_xlim(0, float((work + wait).max()) * 1.45)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    parts = [
        f"{n}: {a + b:,.1f} h in all, of which {a:,.1f} h working ({100 * a / (a + b):.0f} %)"
        for n, a, b in zip(names[::-1], work[::-1], wait[::-1], strict=True)
    ]
    alt = (
        "Stacked horizontal bar chart of the mean time a case spends working and waiting. "
        + "; ".join(parts)
        + "."
    )
    return Chart(fig, alt)


def design_comparison_chart(
    table,
    *,
    promise: float,
    currency: str = "currency units",
    title: str = "As-is against to-be: speed, cost and service",
) -> Chart:
    """Three panels comparing process designs: cycle time, cost per case, service level.

    Args:
        table: a DataFrame indexed by design name with columns ``mean_cycle_time`` and
            ``p90_cycle_time`` (minutes), ``cost_per_case`` and ``service_level`` (share of
            cases within ``promise``), as from :func:`crmlab.bpr.redesign.compare_designs`.
        promise: the promised time in minutes that ``service_level`` refers to.
        currency: the money unit, for the cost axis.
    """
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame(table)
    needed = ("mean_cycle_time", "p90_cycle_time", "cost_per_case", "service_level")
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"table is missing columns: {', '.join(missing)}")
    if frame.empty:
        raise ValueError("table must hold at least one design")
    names = [str(i) for i in frame.index]
    colours = [CYCLE[i % len(CYCLE)] for i in range(len(names))]
    fig = Figure(figsize=(10.0, 3.8), layout="constrained")
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    axes = fig.subplots(1, 3)
    x = np.arange(len(names))
    panels = [
        (
            "Cycle time",
            "Hours per case",
            frame["mean_cycle_time"].to_numpy(dtype=float) / 60,
            lambda v: f"{v:,.1f} h",
        ),
        (
            "Cost per case",
            f"Labour cost ({currency})",
            frame["cost_per_case"].to_numpy(dtype=float),
            lambda v: f"{v:,.1f}",
        ),
        (
            f"Service level (within {_hours(promise)})",
            "Share of cases (%)",
            100 * frame["service_level"].to_numpy(dtype=float),
            lambda v: f"{v:,.0f} %",
        ),
    ]
    for ax, (name, ylabel, values, fmt) in zip(axes, panels, strict=True):
        bars = ax.bar(x, values, color=colours, width=0.6)
        ax.bar_label(bars, labels=[fmt(v) for v in values], fontsize=8, padding=2)
        ax.set_xticks(x, names)
        ax.set_title(name, loc="left", fontsize=10)
        ax.set_ylabel(ylabel)
        ax.grid(True, axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.margins(y=0.15)
    p90 = frame["p90_cycle_time"].to_numpy(dtype=float) / 60
    axes[0].scatter(
        x, p90, marker="_", s=400, color=PALETTE["black"], zorder=3, label="90 % within"
    )
    axes[0].legend(loc="upper right", frameon=False, fontsize=8)
    axes[2].set_ylim(0, 112)
    parts = [
        f"{n}: mean cycle time {_hours(float(r.mean_cycle_time))} (90 % within "
        f"{_hours(float(r.p90_cycle_time))}), cost {float(r.cost_per_case):,.1f} {currency} "
        f"per case, {100 * float(r.service_level):.0f} % within the promise"
        for n, r in zip(names, frame.itertuples(), strict=True)
    ]
    alt = (
        f"Three bar charts comparing {len(names)} process designs on mean cycle time (hours), "
        f"labour cost per case and the share of cases finished within the promised "
        f"{_hours(promise)}. " + "; ".join(parts) + "."
    )
    return Chart(fig, alt)
