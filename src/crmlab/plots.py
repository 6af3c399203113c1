"""The shared chart style: one palette, labelled axes with units, alt text for every figure.

Every chart function returns a :class:`Chart`: a matplotlib figure together with its alt
text (a one-sentence description of what the figure shows, for readers who cannot see
it). In a notebook a ``Chart`` displays as an image with that alt text, so the static book
carries it too. Figures are made with :class:`matplotlib.figure.Figure` directly, not with
pyplot, so nothing is drawn twice and no global figure state is touched.
"""

from __future__ import annotations

import base64
import functools
import html
import inspect
import io
import math
import textwrap

import numpy as np
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

#: The resolution of the image a Chart shows in a notebook and in the book (dots per inch).
PNG_DPI: int = 110

#: The width of a chart (inches): the book shows charts at most 660 px wide (an output inside
#: a widget, in a 1280-px-wide window) and :meth:`Chart.png` renders at 110 dpi, so a chart
#: this wide is shown at about its natural size and its 7.5 pt text at 8 pt or more
#: (tests/test_chart_legibility.py measures every chart).
WIDTH: float = 6.0

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

    def png(self, dpi: int = PNG_DPI) -> bytes:
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
    size: tuple[float, float] = (6.0, 3.6),
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


# ----- Argument checks shared by every chart ----------------------------------------------------


def _check_scalar(function: str, name: str, annotation: str, value: object) -> None:
    """Raise ``ValueError`` naming ``name`` unless ``value`` fits its annotation."""
    kinds = {part.strip() for part in annotation.split("|")}
    if "None" in kinds and value is None:
        return
    kind = next(iter(kinds - {"None"}), "")
    if kind == "str" and not isinstance(value, str):
        raise ValueError(f"{function}: {name} must be text, got {value!r}")
    if kind == "bool" and not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{function}: {name} must be True or False, got {value!r}")
    if kind in ("float", "int"):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
            raise ValueError(f"{function}: {name} must be a number, got {value!r}")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise ValueError(f"{function}: {name} must be a finite number, got {value!r}")
        if kind == "int" and number != round(number):
            raise ValueError(f"{function}: {name} must be a whole number, got {value!r}")


#: The arguments of each chart that take a DataFrame (a model's result table): anything
#: else is refused with a ValueError naming the argument (``None`` only where it is the
#: default).
_FRAME_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "bom_tree_chart": ("indented",),
    "bullwhip_bound_chart": ("table",),
    "closed_loop_chart": ("comparison",),
    "clv_period_chart": ("table",),
    "clv_sensitivity_chart": ("grid",),
    "cohort_heatmap_chart": ("table",),
    "cost_rollup_chart": ("costs",),
    "customer_pyramid_chart": ("pyramid",),
    "design_comparison_chart": ("table",),
    "dfg_chart": ("event_log",),
    "document_flow_chart": ("flow",),
    "eoq_cost_chart": ("curve",),
    "inventory_policy_chart": ("history",),
    "inventory_sawtooth_chart": ("path",),
    "load_capacity_chart": ("report", "before"),
    "location_map_chart": ("locations",),
    "mrp_record_chart": ("record",),
    "pareto_chart": ("curve",),
    "plan_money_chart": ("money",),
    "pooling_correlation_chart": ("curve",),
    "postponement_chart": ("curve",),
    "precision_recall_chart": ("curve",),
    "retention_curve_chart": ("curve",),
    "rfm_segment_chart": ("summary",),
    "risk_pooling_chart": ("table",),
    "safety_stock_curve_chart": ("table",),
    "strategy_cost_chart": ("comparison",),
    "strategy_winner_map": ("grid",),
    "time_split_chart": ("table",),
    "utilisation_heatmap": ("report",),
}


def _checked(fn):
    """``fn`` with its text, flag and number arguments checked against their annotations
    (a title that is not text, a NaN threshold): ``ValueError`` naming the argument."""
    signature = inspect.signature(fn)
    scalars = {
        name: p.annotation
        for name, p in signature.parameters.items()
        if isinstance(p.annotation, str)
        and {a.strip() for a in p.annotation.split("|")} - {"None"}
        and {a.strip() for a in p.annotation.split("|")} <= {"str", "bool", "float", "int", "None"}
    }

    frames = {
        name: signature.parameters[name].default is None
        for name in _FRAME_ARGUMENTS.get(fn.__name__, ())
    }

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        import pandas as pd

        bound = signature.bind(*args, **kwargs)
        for name, annotation in scalars.items():
            if name in bound.arguments:
                _check_scalar(fn.__name__, name, annotation, bound.arguments[name])
        for name, optional in frames.items():
            value = bound.arguments.get(name)
            if name in bound.arguments and not (
                isinstance(value, pd.DataFrame) or (optional and value is None)
            ):
                raise ValueError(
                    f"{fn.__name__}: {name} must be a pandas DataFrame (a model's result "
                    f"table), got {type(value).__name__}"
                )
        return fn(*args, **kwargs)

    return wrapper


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


@_checked
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


@_checked
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


@_checked
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
    width = WIDTH
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


@_checked
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
    fig = Figure(figsize=(WIDTH, 4.6), layout="constrained")
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


#: Node area (points²) of the systems map: "E-commerce" in 8 pt bold fits inside.
_MAP_NODE_SIZE = 3000


@_checked
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


@_checked
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
    if series.isna().any():
        raise ValueError("values must not hold missing values (NaN): a bar needs a height")
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


@_checked
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


@_checked
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


@_checked
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


@_checked
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


@_checked
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


@_checked
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


@_checked
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


def _separate_labels(fig: Figure, movable: list, fixed: list) -> None:
    """Slide arrow labels along their arrows until none overlaps another text.

    ``movable`` are networkx edge labels (their ``label_pos`` places them along the arrow:
    0.5 the middle); ``fixed`` are texts that stay. Each label, in order, keeps the first
    of a few positions where its box meets no fixed text and no label placed before it,
    or else the one where it meets the least. tests/test_chart_legibility.py checks the
    result.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    dpi = fig.dpi
    fig.set_dpi(PNG_DPI)  # measure at the resolution the book's image has
    canvas.draw()
    renderer = canvas.get_renderer()
    placed = [t.get_window_extent(renderer) for t in fixed]

    def clash(box) -> float:
        """The area of ``box`` that other texts cover (display pixels squared)."""
        total = 0.0
        box = box.padded(3)  # a margin: the page may lay the chart out a little differently
        for other in placed:
            w = min(box.x1, other.x1) - max(box.x0, other.x0)
            h = min(box.y1, other.y1) - max(box.y0, other.y0)
            total += max(w, 0.0) * max(h, 0.0)
        return total

    for text in movable:
        box = text.get_window_extent(renderer)
        if clash(box) > 0 and hasattr(text, "label_pos"):
            best = (clash(box), text.label_pos)
            for where in (0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9):
                text.label_pos = where
                canvas.draw()
                area = clash(text.get_window_extent(renderer))
                best = min(best, (area, where))
                if area == 0:
                    break
            text.label_pos = best[1]
            canvas.draw()
            box = text.get_window_extent(renderer)
        placed.append(box)
    fig.set_dpi(dpi)


@_checked
def dfg_chart(
    event_log,
    *,
    title: str = "Directly-follows graph",
    min_frequency: int = 1,
    show_start_end: bool = True,
    size: tuple[float, float] = (WIDTH, 10.5),
) -> Chart:
    """The directly-follows graph of an event log, drawn top to bottom.

    Activities are boxes (with their department and frequency; a step repeated right away
    shows "↻ repeated"); an arrow a → b means b directly followed a in some case; its width
    grows with the frequency and its label gives the count and the mean wait between the
    two. Hand-offs (the work changes department) are orange, the edge with the longest mean
    wait (where a bottleneck shows) is vermillion, the rest blue.

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
            pos[node] = (1.15 * offset, -float(layer))

    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.set_axis_off()
    top = max(f for _, f in graph.nodes(data="frequency")) or 1
    edges = list(graph.edges(data=True))
    max_freq = max(d["frequency"] for _, _, d in edges) if edges else 1
    edge_texts: list = []
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
        edge_texts += nx.draw_networkx_edge_labels(
            graph,
            pos,
            edge_labels={(u, v): label},
            ax=ax,
            font_size=7.5,
            rotate=False,
            connectionstyle=style,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        ).values()
    node_texts = []
    for node, (x, y) in pos.items():
        data = graph.nodes[node]
        special = node in (START, END)
        text = node if special else f"{node}\n{data.get('resource', '')} · {data['frequency']:,}"
        if node in loops:
            loop = loops[node]
            text += f"\n↻ repeated {loop['frequency']:,} · {_minutes_label(loop['mean_wait'])}"
        node_texts.append(
            ax.text(
                x,
                y,
                text,
                ha="center",
                va="center",
                fontsize=7.5,
                zorder=3,
                bbox={
                    "boxstyle": "round,pad=0.35",
                    "fc": "#eeeeee" if special else "white",
                    "ec": PALETTE["black"],
                    "lw": 0.4 + 1.2 * data["frequency"] / top,
                },
            )
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
        fontsize=7.5,
        frameon=False,
        title="arrow label: cases · mean wait",
        title_fontsize=7.5,
    )
    _separate_labels(fig, edge_texts, node_texts + [ax.title])
    top_edge = dfg.iloc[0]
    n_handoff = int(dfg["handoff"].sum())
    n_activities = len(set(dfg["source"]) | set(dfg["target"]))
    alt = (
        f"Directly-follows graph of {n_activities} activities and {len(dfg)} edges, drawn "
        f"top to bottom. The most frequent edge is {top_edge['source']} to "
        f"{top_edge['target']} ({int(top_edge['frequency']):,} times). The longest mean "
        f"wait is between {slow['source']} and {slow['target']} "
        f"({_minutes_label(float(slow['mean_wait']))}). {n_handoff} of the {len(dfg)} edges "
        f"are hand-offs to another department."
    )
    return Chart(fig, alt)


# ----- BPR: simulated processes (crmlab.bpr) -------------------------------------------------


def _hours(minutes: float) -> str:
    return f"{minutes / 60:,.1f} h"


@_checked
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


@_checked
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
        title, "Mean time per case (hours)", "Design", size=(WIDTH, 1.4 + 0.6 * len(frame))
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


@_checked
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
    fig = Figure(figsize=(WIDTH, 3.4), layout="constrained")
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
        # Wrapped, so that the names of two designs fit side by side in a third of the page.
        ax.set_xticks(x, [textwrap.fill(n, 12) for n in names], fontsize=8)
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


# ----- Inventory policies, risk pooling, postponement (crmlab.scm) -------------------------


@_checked
def inventory_policy_chart(history, *, title: str = "Simulated inventory under a policy") -> Chart:
    """Net inventory (on hand − backlog) and inventory position, period by period.

    Args:
        history: a DataFrame with columns ``period``, ``position``, ``order``, ``on_hand``,
            ``backlog`` and ``stockout`` (as :func:`crmlab.scm.policies.simulate_policy`'s
            ``history``).
    """
    import numpy as np

    fig, ax = new_figure(title, "Period", "Units")
    period = history["period"].to_numpy()
    net = (history["on_hand"] - history["backlog"]).to_numpy(dtype=float)
    after = (history["position"] + history["order"]).to_numpy(dtype=float)
    ax.step(period, net, where="post", color=PALETTE["blue"], lw=1.8, label="Net inventory (end)")
    ax.step(
        period,
        after,
        where="post",
        color=PALETTE["orange"],
        lw=1.2,
        ls="--",
        label="Inventory position after ordering",
    )
    ordered = history["order"].to_numpy(dtype=float) > 0
    ax.scatter(
        period[ordered],
        after[ordered],
        marker="^",
        s=18,
        color=PALETTE["orange"],
        zorder=3,
        label="Order placed",
    )
    out = history["stockout"].to_numpy(dtype=bool)
    ax.scatter(
        period[out],
        net[out],
        marker="x",
        s=22,
        color=PALETTE["vermillion"],
        zorder=4,
        label="Stockout",
    )
    ax.axhline(0, color=PALETTE["black"], lw=0.8)
    ax.legend(loc="upper right", frameon=False, fontsize=8, ncols=2)
    ax.margins(y=0.18)
    demand = float(history["demand"].sum())
    fill = float(history["filled"].sum()) / demand if demand > 0 else 1.0
    alt = (
        f"Step chart over {len(period)} periods of net inventory (on hand minus backlog) and "
        f"the inventory position after ordering. Net inventory ranges from {_fmt(np.min(net))} "
        f"to {_fmt(np.max(net))} units; {int(ordered.sum())} orders were placed; "
        f"{int(out.sum())} periods ended with a stockout (cycle service level "
        f"{100 * (1 - out.mean()):.1f} %, fill rate {100 * fill:.1f} %)."
    )
    return Chart(fig, alt)


@_checked
def safety_stock_curve_chart(
    table, *, title: str = "Safety stock against the cycle service level"
) -> Chart:
    """Safety stock (one line per protection interval) against the cycle service level.

    Args:
        table: a DataFrame with a column ``service_level`` (in (0, 1)) and one column of
            safety stock (units) per protection interval, named e.g. ``"L = 1"``.
    """
    fig, ax = new_figure(title, "Cycle service level (%)", "Safety stock (units)")
    level = 100 * table["service_level"].to_numpy(dtype=float)
    lines = [c for c in table.columns if c != "service_level"]
    for colour, name in zip(CYCLE, lines, strict=False):
        ax.plot(level, table[name], lw=2, color=colour, label=str(name))
    ax.legend(loc="upper left", frameon=False)
    last = table.iloc[-1]
    alt = (
        f"Line chart of safety stock against the cycle service level from {level[0]:.0f} % to "
        f"{level[-1]:.1f} %, one line per protection interval ({', '.join(map(str, lines))}). "
        f"The curves rise slowly, then steeply near 100 %: at {level[-1]:.1f} % the safety "
        f"stock is " + ", ".join(f"{_fmt(float(last[n]))} units for {n}" for n in lines) + "."
    )
    return Chart(fig, alt)


@_checked
def risk_pooling_chart(table, *, title: str = "Risk pooling: safety stock by stock point") -> Chart:
    """Safety stock of each market, their sum, and the central stock point.

    Args:
        table: the DataFrame of :func:`crmlab.scm.pooling.risk_pooling` (index: markets and
            ``"centralized"``; column ``safety_stock``).
    """
    import numpy as np

    centre = "centralized"
    local = table.drop(index=centre)["safety_stock"].astype(float)
    central = float(table.loc[centre, "safety_stock"])
    fig, ax = new_figure(title, "Stock point", "Safety stock (units)")
    names = [str(i) for i in local.index] + ["all markets\n(decentralised)", "one central\nstock"]
    heights = np.array([*local.to_numpy(), local.sum(), central])
    colours = [PALETTE["sky"]] * len(local) + [PALETTE["blue"], PALETTE["green"]]
    bars = ax.bar(names, heights, color=colours)
    ax.bar_label(bars, labels=[_fmt(h) for h in heights], fontsize=8, padding=2)
    ax.grid(False, axis="x")
    ax.margins(y=0.12)
    if len(names) > 6:
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    saving = 1 - central / local.sum() if local.sum() > 0 else 0.0
    alt = (
        f"Bar chart of safety stock for {len(local)} markets, their sum "
        f"({_fmt(local.sum())} units) and one central stock serving them all "
        f"({_fmt(central)} units): centralising needs {100 * saving:.0f} % less safety stock."
    )
    return Chart(fig, alt)


@_checked
def pooling_correlation_chart(
    curve, *, n_markets: int, title: str = "Risk pooling and demand correlation"
) -> Chart:
    """Decentralised and centralised safety stock against the correlation between markets.

    Args:
        curve: the DataFrame of :func:`crmlab.scm.pooling.pooling_curve` (columns
            ``correlation``, ``decentralized``, ``centralized``).
        n_markets: n, for the title and alt text.
    """
    fig, ax = new_figure(
        title, "Correlation between two markets' demands ρ", "Total safety stock (units)"
    )
    rho = curve["correlation"].to_numpy(dtype=float)
    ax.plot(rho, curve["decentralized"], color=PALETTE["blue"], lw=2, label="Decentralised")
    ax.plot(rho, curve["centralized"], color=PALETTE["green"], lw=2, label="Centralised")
    ax.axvline(0, color=PALETTE["black"], lw=0.6, ls=":")
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right", frameon=False)
    decentral = float(curve["decentralized"].iloc[0])
    at = curve.iloc[(curve["correlation"].abs()).argsort().iloc[0]]
    alt = (
        f"Line chart for {n_markets} identical markets of the total safety stock held "
        f"decentralised (flat at {_fmt(decentral)} units) and centralised, against the "
        f"correlation ρ from {rho[0]:.2f} to {rho[-1]:.2f}. The central stock rises from "
        f"{_fmt(float(curve['centralized'].iloc[0]))} to "
        f"{_fmt(float(curve['centralized'].iloc[-1]))} units; at ρ = {float(at.correlation):.2f} "
        f"it is {_fmt(float(at.centralized))} units."
    )
    return Chart(fig, alt)


@_checked
def postponement_chart(curve, *, title: str = "Postponement: safety stock and variety") -> Chart:
    """Total safety stock with and without postponement against the number of variants.

    Args:
        curve: the DataFrame of :func:`crmlab.scm.postponement.postponement_curve`
            (columns ``variants``, ``without``, ``with``).
    """
    fig, ax = new_figure(title, "Number of product variants k", "Total safety stock (units)")
    k = curve["variants"].to_numpy()
    ax.plot(k, curve["without"], "o-", color=PALETTE["vermillion"], lw=2, label="Stock variants")
    ax.plot(
        k, curve["with"], "s-", color=PALETTE["green"], lw=2, label="Stock the generic (postpone)"
    )
    ax.set_ylim(bottom=0)
    ax.set_xticks(k)
    ax.legend(loc="upper left", frameon=False)
    last = curve.iloc[-1]
    alt = (
        f"Line chart of total safety stock against the number of variants, from {k[0]} to "
        f"{k[-1]}. Stocking finished variants needs {_fmt(float(curve['without'].iloc[0]))} "
        f"units for one variant and {_fmt(float(last['without']))} for {k[-1]}; stocking the "
        f"generic product and finishing to order needs {_fmt(float(last['with']))} units for "
        f"{k[-1]} variants, {100 * float(last['saving']):.0f} % less."
    )
    return Chart(fig, alt)


# ----- the bullwhip effect and the beer game (crmlab.scm.bullwhip, crmlab.scm.beergame) -----

#: One colour per beer-game stage, from the customer upwards.
STAGE_COLOURS: dict[str, str] = {
    "retailer": PALETTE["blue"],
    "wholesaler": PALETTE["orange"],
    "distributor": PALETTE["green"],
    "factory": PALETTE["vermillion"],
}


def _stage_frame(history, column: str):
    """weeks × stages table of one column of a beer game's long history."""
    stages = [s for s in STAGE_COLOURS if s in set(history["stage"])]
    return history.pivot(index="week", columns="stage", values=column)[stages]


def _style_axes(ax: Axes, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_prop_cycle(color=list(CYCLE))
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _draw_orders(ax: Axes, history, demand) -> None:
    orders = _stage_frame(history, "order")
    for stage in orders.columns:
        ax.plot(orders.index, orders[stage], color=STAGE_COLOURS[stage], lw=1.8, label=stage)
    if demand is not None:
        ax.plot(
            list(demand.index),
            list(demand),
            color=PALETTE["black"],
            lw=1.4,
            ls="--",
            label="customer demand",
        )
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper right", frameon=False, fontsize=8)


def _draw_inventory(ax: Axes, history) -> None:
    net = _stage_frame(history, "inventory") - _stage_frame(history, "backlog")
    for stage in net.columns:
        ax.plot(net.index, net[stage], color=STAGE_COLOURS[stage], lw=1.8, label=stage)
    ax.axhline(0, color=PALETTE["black"], lw=0.8)
    ax.legend(loc="lower left", frameon=False, fontsize=8)


def _draw_stage_bars(ax: Axes, series: dict, fmt: str) -> None:
    """Grouped bars by stage; ``series`` maps a label to a Series indexed by stage."""
    stages = list(STAGE_COLOURS)
    width = 0.8 / max(len(series), 1)
    hatches = ("", "//", "..")
    for j, (label, values) in enumerate(series.items()):
        xs = [i + (j - (len(series) - 1) / 2) * width for i in range(len(stages))]
        bars = ax.bar(
            xs,
            [float(values[s]) for s in stages],
            width=width,
            color=[STAGE_COLOURS[s] for s in stages],
            edgecolor=PALETTE["black"],
            linewidth=0.5,
            hatch=hatches[j % len(hatches)],
            label=label,
        )
        ax.bar_label(bars, fmt=fmt, fontsize=7.5, padding=1)
    ax.set_xticks(range(len(stages)), stages, fontsize=7.5)
    if len(series) > 1:
        ax.legend(loc="upper left", frameon=False, fontsize=8)


@_checked
def beer_game_orders_chart(
    result, *, title: str = "Beer game: orders placed by each stage"
) -> Chart:
    """Orders of the four stages week by week, with customer demand dashed.

    Args:
        result: a :class:`crmlab.scm.beergame.BeerGameResult`.
    """
    fig, ax = new_figure(title, "Week", "Order (cases per week)")
    _draw_orders(ax, result.history, result.demand)
    orders = _stage_frame(result.history, "order")
    peaks = ", ".join(f"{s} {orders[s].max():.0f}" for s in orders.columns)
    alt = (
        f"Line chart of the orders placed each week by the four stages over "
        f"{len(orders)} weeks, with customer demand between {result.demand.min():.0f} and "
        f"{result.demand.max():.0f} cases a week. Peak orders: {peaks} cases."
    )
    return Chart(fig, alt)


@_checked
def beer_game_inventory_chart(
    result, *, title: str = "Beer game: net inventory of each stage"
) -> Chart:
    """Net inventory (on hand minus backlog) of the four stages week by week.

    Args:
        result: a :class:`crmlab.scm.beergame.BeerGameResult`.
    """
    fig, ax = new_figure(title, "Week", "Net inventory (cases; below 0 = backlog)")
    _draw_inventory(ax, result.history)
    net = _stage_frame(result.history, "inventory") - _stage_frame(result.history, "backlog")
    lows = ", ".join(f"{s} {net[s].min():.0f}" for s in net.columns)
    alt = (
        f"Line chart of each stage's net inventory (cases on hand minus backlog) over "
        f"{len(net)} weeks, starting at 12. Lowest values: {lows} cases."
    )
    return Chart(fig, alt)


@_checked
def beer_game_cost_chart(
    results: dict, *, title: str = "Beer game: cost by stage", currency: str = "currency units"
) -> Chart:
    """Total cost of each stage, for one or more games side by side.

    Args:
        results: maps a label (e.g. ``"orders only"``, ``"demand shared"``) to a
            :class:`crmlab.scm.beergame.BeerGameResult`.
    """
    fig, ax = new_figure(title, "Stage", f"Cost over the game ({currency})")
    series = {label: r.cost_by_stage() for label, r in results.items()}
    _draw_stage_bars(ax, series, "%.0f")
    totals = "; ".join(f"{label}: team cost {r.total_cost:,.0f}" for label, r in results.items())
    alt = f"Bar chart of the total holding and backlog cost of each stage. {totals}."
    return Chart(fig, alt)


@_checked
def bullwhip_by_stage_chart(ratios: dict, *, title: str = "Bullwhip ratio by stage") -> Chart:
    """Var(orders)/Var(customer demand) of each stage, for one or more games side by side.

    Args:
        ratios: maps a label to a Series of ratios indexed by stage (as from
            ``BeerGameResult.bullwhip()``).
    """
    fig, ax = new_figure(title, "Stage", "Var(orders) / Var(customer demand)")
    _draw_stage_bars(ax, ratios, "%.1f")
    ax.axhline(1, color=PALETTE["black"], lw=0.8, ls=":")
    parts = "; ".join(
        f"{label}: " + ", ".join(f"{s} {float(v[s]):.1f}" for s in STAGE_COLOURS)
        for label, v in ratios.items()
    )
    alt = f"Bar chart of the bullwhip ratio of each stage (1 means no amplification). {parts}."
    return Chart(fig, alt)


@_checked
def beer_game_debrief_chart(
    result,
    *,
    compare=None,
    title: str = "Beer game debrief",
    labels=("orders only", "demand shared"),
) -> Chart:
    """The classic debrief on one figure: orders, net inventory, cost and bullwhip by stage.

    Args:
        result: the game played, a :class:`crmlab.scm.beergame.BeerGameResult`.
        compare: optionally the same game replayed another way (e.g. with demand shared);
            its costs and ratios are drawn beside the first game's.
        labels: names of ``result`` and ``compare`` in the legends.
    """
    fig = Figure(figsize=(WIDTH, 6.4), layout="constrained")
    fig.suptitle(textwrap.fill(title, 60), x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax_orders, ax_inv, ax_cost, ax_bw = fig.subplots(2, 2).ravel()
    _style_axes(ax_orders, "Orders placed", "Week", "Order (cases per week)")
    _draw_orders(ax_orders, result.history, result.demand)
    _style_axes(ax_inv, "Net inventory", "Week", "On hand − backlog (cases)")
    _draw_inventory(ax_inv, result.history)
    games = {labels[0]: result} if compare is None else {labels[0]: result, labels[1]: compare}
    _style_axes(ax_cost, "Cost by stage", "Stage", "Cost over the game (currency units)")
    _draw_stage_bars(ax_cost, {k: r.cost_by_stage() for k, r in games.items()}, "%.0f")
    _style_axes(ax_bw, "Bullwhip ratio", "Stage", "Var(orders) / Var(customer demand)")
    _draw_stage_bars(ax_bw, {k: r.bullwhip() for k, r in games.items()}, "%.1f")
    ax_bw.axhline(1, color=PALETTE["black"], lw=0.8, ls=":")
    for ax in (ax_orders, ax_inv, ax_cost, ax_bw):
        ax.title.set_fontsize(10)  # four panels share the page's width
    ratios = result.bullwhip()
    alt = (
        f"Four-panel debrief of a {result.history['week'].max()}-week beer game: orders of "
        f"the four stages against customer demand, their net inventory, cost by stage and "
        f"bullwhip ratios. Team cost {result.total_cost:,.0f}; bullwhip ratios "
        + ", ".join(f"{s} {float(ratios[s]):.1f}" for s in STAGE_COLOURS)
        + (
            f". Replayed with demand shared: team cost {compare.total_cost:,.0f}; ratios "
            + ", ".join(f"{s} {float(compare.bullwhip()[s]):.1f}" for s in STAGE_COLOURS)
            if compare is not None
            else ""
        )
        + "."
    )
    return Chart(fig, alt)


@_checked
def bullwhip_bound_chart(
    table, *, title: str = "Order-up-to policy: bullwhip ratio and the Chen et al. bound"
) -> Chart:
    """Simulated bullwhip ratio against the forecast window, one line per lead time, with
    the lower bound 1 + 2L/p + 2L²/p² of Chen et al. (2000).

    Args:
        table: the DataFrame of :func:`crmlab.scm.bullwhip.bullwhip_table` (columns
            ``lead_time``, ``window``, ``ratio``, ``bound``).
    """
    fig, ax = new_figure(title, "Moving-average window p (periods)", "Var(orders) / Var(demand)")
    parts = []
    for i, (lead, group) in enumerate(table.groupby("lead_time")):
        colour = CYCLE[i % len(CYCLE)]
        group = group.sort_values("window")
        ax.plot(group["window"], group["bound"], color=colour, lw=1.6, label=f"bound, L = {lead}")
        ax.plot(
            group["window"], group["ratio"], "o", color=colour, ms=6, label=f"simulated, L = {lead}"
        )
        first = group.iloc[0]
        parts.append(
            f"L = {lead}: {float(first.ratio):.2f} simulated vs {float(first.bound):.2f} bound "
            f"at p = {int(first.window)}"
        )
    ax.axhline(1, color=PALETTE["black"], lw=0.8, ls=":")
    ax.set_xticks(sorted(set(int(w) for w in table["window"])))
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper right", frameon=False, fontsize=8, ncols=2)
    alt = (
        "Chart of the bullwhip ratio of an order-up-to policy against the moving-average "
        "window, one colour per lead time L: dots are simulated ratios, lines the lower bound "
        "1 + 2L/p + 2L²/p². The ratio falls as the window grows and rises with the lead time; "
        + "; ".join(parts)
        + "."
    )
    return Chart(fig, alt)


@_checked
def orders_vs_demand_chart(
    demand,
    orders,
    *,
    lead_time: int,
    window: int,
    title: str = "Order-up-to policy: orders against demand",
) -> Chart:
    """A stage's demand and the orders it places, period by period.

    Args:
        demand: demand over the same periods as ``orders`` (a Series indexed by period, or
            a sequence numbered from 1).
        orders: the orders (as from :func:`crmlab.scm.bullwhip.order_up_to_orders`).
        lead_time, window: L and p, for the legend and alt text.
    """
    import numpy as np

    d = np.asarray(demand, dtype=float)
    q = np.asarray(orders, dtype=float)
    periods = list(demand.index) if hasattr(demand, "index") else list(range(1, len(d) + 1))
    fig, ax = new_figure(title, "Period", "Units per period")
    ax.plot(periods, d, color=PALETTE["black"], lw=1.4, ls="--", label="demand D")
    ax.plot(
        periods,
        q,
        color=PALETTE["vermillion"],
        lw=1.8,
        label=f"orders q (L = {lead_time}, p = {window})",
    )
    ax.legend(loc="upper right", frameon=False, fontsize=8)
    ratio = float(np.var(q, ddof=1) / np.var(d, ddof=1)) if np.var(d) > 0 else float("nan")
    alt = (
        f"Line chart over {len(d)} periods of demand (between {d.min():.0f} and {d.max():.0f} "
        f"units) and the orders of an order-up-to policy with lead time {lead_time} and a "
        f"{window}-period moving average (between {q.min():.0f} and {q.max():.0f} units); the "
        f"orders' variance is {ratio:.2f} times the demand's."
    )
    return Chart(fig, alt)


# ----- ERP: bills of materials, MRP, capacity, costing (crmlab.erp) -----------------------


@_checked
def bom_tree_chart(indented, *, names=None, title: str | None = None) -> Chart:
    """The indented bill of one item drawn as a tree: one row per BOM line, indented by level.

    Args:
        indented: the DataFrame of :func:`crmlab.erp.bom.indented_bom` (columns ``level``,
            ``item``, ``quantity_per_parent``, ``extended_quantity``).
        names: optional mapping item → description to print beside each item.
    """
    rows = indented.reset_index(drop=True)
    if rows.empty:
        raise ValueError("indented must hold at least the top item")
    top = str(rows.loc[0, "item"])
    height = max(2.5, 0.28 * len(rows) + 1.0)
    fig, ax = new_figure(
        title or f"Bill of materials of {top}",
        "Level in the product structure (0 = end item)",
        "BOM line",
        size=(WIDTH, height),
    )
    ax.grid(False)
    parent_row: dict[int, int] = {}
    levels = rows["level"].to_numpy()
    for i, r in rows.iterrows():
        level = int(r["level"])
        parent_row[level] = i
        colour = CYCLE[level % len(CYCLE)]
        if level > 0:
            p = parent_row[level - 1]
            ax.plot([level - 1, level - 1, level], [-p, -i, -i], color="#999999", lw=0.8)
        ax.plot(level, -i, "o", color=colour, ms=6)
        label = str(r["item"])
        if names is not None and r["item"] in names:
            label += f" {names[r['item']]}"
        if level > 0:
            label += f"  × {r['quantity_per_parent']:g}"
        ax.text(level + 0.12, -i, label, va="center", fontsize=8)
    ax.set_xlim(-0.3, levels.max() + 2.6)
    ax.set_ylim(-len(rows) + 0.4, 0.6)
    ax.set_yticks([])
    ax.set_xticks(range(int(levels.max()) + 1))
    alt = (
        f"Tree of the bill of materials of {top}: {len(rows)} lines over "
        f"{int(levels.max()) + 1} levels; level 1 holds "
        f"{', '.join(map(str, rows.loc[rows['level'] == 1, 'item']))}."
    )
    return Chart(fig, alt)


_RECORD_LABELS = {
    "gross_requirements": "Gross requirements",
    "scheduled_receipts": "Scheduled receipts",
    "projected_on_hand": "Projected on hand",
    "net_requirements": "Net requirements",
    "planned_order_receipts": "Planned order receipts",
    "planned_order_releases": "Planned order releases",
}


@_checked
def mrp_record_chart(record, *, title: str | None = None, unit: str = "units") -> Chart:
    """An MRP record as the planner's table above a chart of its flows.

    Args:
        record: the DataFrame of :meth:`crmlab.erp.mrp.MRPPlan.record` (rows gross
            requirements … planned order releases, columns periods 1..T).
    """
    import numpy as np

    item = record.index.name or "item"
    periods = [int(p) for p in record.columns]
    fig = Figure(figsize=(WIDTH, 5.0), layout="constrained")
    top, bottom = fig.subplots(2, 1, height_ratios=[1.0, 1.25])
    fig.suptitle(
        title or f"MRP record of {item}", x=0.02, ha="left", fontsize=12, fontweight="bold"
    )
    top.axis("off")
    cells = [
        [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}" for v in record.loc[row]]
        for row in record.index
    ]
    table = top.table(
        cellText=cells,
        rowLabels=[_RECORD_LABELS.get(r, r) for r in record.index],
        colLabels=[str(p) for p in periods],
        loc="center",
        cellLoc="right",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.scale(1.0, 1.25)
    x = np.arange(len(periods))
    width = 0.27
    gross = record.loc["gross_requirements"].to_numpy(dtype=float)
    receipts = record.loc["planned_order_receipts"].to_numpy(dtype=float)
    releases = record.loc["planned_order_releases"].to_numpy(dtype=float)
    poh = record.loc["projected_on_hand"].to_numpy(dtype=float)
    bottom.bar(x - width, gross, width, color=PALETTE["vermillion"], label="gross requirements")
    bottom.bar(x, receipts, width, color=PALETTE["blue"], label="planned receipts")
    bottom.bar(x + width, releases, width, color=PALETTE["sky"], label="planned releases")
    bottom.plot(x, poh, "o-", color=PALETTE["green"], label="projected on hand")
    bottom.set_xticks(x, [str(p) for p in periods])
    bottom.set_xlabel("Period (week)")
    bottom.set_ylabel(f"Quantity ({unit})")
    bottom.grid(True, color="#dddddd", linewidth=0.6)
    bottom.set_axisbelow(True)
    for side in ("top", "right"):
        bottom.spines[side].set_visible(False)
    bottom.legend(frameon=False, fontsize=8, ncols=2)
    orders = [f"{r:,.0f} in period {p}" for p, r in zip(periods, releases, strict=True) if r > 0]
    alt = (
        f"MRP record of {item} over periods {periods[0]} to {periods[-1]}: total gross "
        f"requirements {gross.sum():,.0f} {unit}; planned order releases "
        f"{'; '.join(orders) if orders else 'none'}; projected on hand ends at "
        f"{poh[-1]:,.0f}."
    )
    return Chart(fig, alt)


@_checked
def load_capacity_chart(
    report, work_centre: str, *, before=None, title: str | None = None
) -> Chart:
    """Load against capacity of one work centre by period (capacity requirements planning).

    Args:
        report: a :func:`crmlab.erp.capacity.capacity_report` table.
        work_centre: the work centre to draw.
        before: optionally, an earlier report of the same plan (e.g. before the closed-loop
            feedback), drawn as outlined bars for comparison.
    """
    import numpy as np
    from matplotlib.patches import Patch

    rows = report[report["work_centre"] == work_centre].sort_values("period")
    if rows.empty:
        raise ValueError(f"work_centre {work_centre!r} is not in the report")
    fig, ax = new_figure(
        title or f"Load against capacity at {work_centre}", "Period (week)", "Load (hours)"
    )
    x = rows["period"].to_numpy()
    load = rows["load_hours"].to_numpy(dtype=float)
    cap = rows["capacity_hours"].to_numpy(dtype=float)
    colours = [
        PALETTE["vermillion"] if a > c + 1e-6 else PALETTE["blue"]
        for a, c in zip(load, cap, strict=True)
    ]
    ax.bar(x, load, color=colours, width=0.6)
    if before is not None:
        prev = before[before["work_centre"] == work_centre].sort_values("period")
        ax.bar(
            prev["period"],
            prev["load_hours"],
            width=0.8,
            fill=False,
            edgecolor=PALETTE["black"],
            linestyle="--",
            label="load before re-planning",
        )
    ax.step(
        np.r_[x[0] - 0.5, x + 0.5],
        np.r_[cap[0], cap],
        where="pre",
        color=PALETTE["black"],
        lw=1.5,
        label="capacity",
    )
    ax.set_xticks(x)
    handles, _ = ax.get_legend_handles_labels()
    handles = [
        Patch(color=PALETTE["blue"], label="load within capacity"),
        Patch(color=PALETTE["vermillion"], label="load above capacity"),
        *handles,
    ]
    ax.legend(handles=handles, frameon=False, fontsize=8)
    over = [int(p) for p, a, c in zip(x, load, cap, strict=True) if a > c + 1e-6]
    alt = (
        f"Bar chart of the load on work centre {work_centre} in periods {x[0]} to {x[-1]} "
        f"against its capacity of {cap[0]:,.0f} hours a period: the load peaks at "
        f"{load.max():,.1f} hours in period {int(x[load.argmax()])}; overloaded periods: "
        f"{', '.join(map(str, over)) if over else 'none'}."
    )
    return Chart(fig, alt)


@_checked
def utilisation_heatmap(report, *, title: str = "Work-centre utilisation by period") -> Chart:
    """Utilisation (load / capacity) of every work centre and period, overloads marked."""
    table = report.pivot(index="work_centre", columns="period", values="utilisation")
    fig, ax = new_figure(
        title, "Period (week)", "Work centre", size=(WIDTH, 0.45 * len(table) + 1.6)
    )
    ax.grid(False)
    image = ax.imshow(
        table.to_numpy(dtype=float), cmap="cividis", vmin=0.0, vmax=1.5, aspect="auto"
    )
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(table.shape[0]), list(table.index))
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            v = table.iat[i, j]
            ax.text(
                j,
                i,
                f"{100 * v:.0f}%",
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if v < 0.9 else "black",
                fontweight="bold" if v > 1 + 1e-9 else "normal",
            )
    fig.colorbar(image, ax=ax, label="Load / capacity")
    worst = report.loc[report["utilisation"].idxmax()]
    n_over = int((report["overload_hours"] > 1e-6).sum())
    alt = (
        f"Heat map of the utilisation of {table.shape[0]} work centres over "
        f"{table.shape[1]} periods: {n_over} work-centre periods are above 100 %; the highest "
        f"is {worst['work_centre']} in period {int(worst['period'])} at "
        f"{100 * worst['utilisation']:.0f} %."
    )
    return Chart(fig, alt)


@_checked
def cost_rollup_chart(
    costs,
    items=None,
    *,
    currency: str = "EUR",
    title: str = "Standard unit cost: material, labour and overhead",
) -> Chart:
    """Stacked bars of each item's unit cost split into material, labour and overhead.

    Args:
        costs: the DataFrame of :func:`crmlab.erp.costing.cost_rollup`.
        items: the items to show (default: all items with labour, i.e. the made items).
    """
    table = costs.loc[list(items)] if items is not None else costs[costs["labour"] > 0]
    if table.empty:
        raise ValueError("items must name at least one item of costs")
    fig, ax = new_figure(
        title, f"Unit cost ({currency})", "Item", size=(WIDTH, 0.35 * len(table) + 1.8)
    )
    names = [str(i) for i in table.index][::-1]
    left = [0.0] * len(table)
    for part, colour in (("material", "blue"), ("labour", "orange"), ("overhead", "green")):
        values = table[part].to_numpy(dtype=float)[::-1]
        ax.barh(names, values, left=left, color=PALETTE[colour], label=part)
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, total in enumerate(left):
        ax.text(total, y, f" {total:,.2f}", va="center", fontsize=8)
    ax.grid(False, axis="y")
    ax.margins(x=0.15)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    dear = table["unit_cost"].idxmax()
    alt = (
        f"Stacked bar chart of the standard unit cost of {len(table)} items split into "
        f"material, labour and overhead: the dearest is {dear} at "
        f"{table.loc[dear, 'unit_cost']:,.2f} {currency}, of which material "
        f"{table.loc[dear, 'material']:,.2f}."
    )
    return Chart(fig, alt)


@_checked
def plan_money_chart(
    money,
    *,
    currency: str = "EUR",
    title: str = "The plan in money: spend, production cost, stock value",
) -> Chart:
    """Purchase spend and production cost by period (bars) and inventory value (line).

    Args:
        money: the DataFrame of :func:`crmlab.erp.costing.plan_value`.
    """
    import numpy as np

    fig, ax = new_figure(title, "Period (week)", f"Money ({currency})")
    x = np.asarray(money.index, dtype=int)
    ax.bar(x - 0.2, money["purchase_spend"], 0.4, color=PALETTE["blue"], label="purchase spend")
    ax.bar(
        x + 0.2,
        money["production_cost"],
        0.4,
        color=PALETTE["orange"],
        label="production cost (labour and overhead)",
    )
    ax.plot(x, money["inventory_value"], "o-", color=PALETTE["green"], label="inventory value")
    ax.set_xticks(x)
    ax.yaxis.set_major_formatter(_thousands_formatter())
    ax.legend(frameon=False, fontsize=8)
    alt = (
        f"Chart of the plan's money view over periods {x[0]} to {x[-1]}: purchase spend "
        f"totals {money['purchase_spend'].sum():,.0f} {currency} and production cost "
        f"{money['production_cost'].sum():,.0f}; inventory value moves between "
        f"{money['inventory_value'].min():,.0f} and {money['inventory_value'].max():,.0f}."
    )
    return Chart(fig, alt)


def _thousands_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v:,.0f}")


@_checked
def lot_sizing_chart(
    receipts, demand, *, costs=None, unit: str = "units", title: str = "Lot-sizing rules compared"
) -> Chart:
    """Planned receipts of several lot-sizing rules for one requirement series.

    Args:
        receipts: a mapping rule name → list of planned receipts (periods 1..T).
        demand: the net requirements the rules cover.
        costs: optionally, rule name → total cost, shown in the legend.
    """
    import numpy as np

    if not receipts:
        raise ValueError("receipts must hold at least one rule")
    d = np.asarray(demand, dtype=float)
    x = np.arange(1, len(d) + 1)
    fig, ax = new_figure(title, "Period", f"Quantity ({unit})")
    width = 0.8 / (len(receipts) + 1)
    ax.bar(x - 0.4 + width / 2, d, width, color=PALETTE["black"], label="net requirements")
    for k, (name, r) in enumerate(receipts.items(), start=1):
        label = name if costs is None else f"{name} (cost {costs[name]:,.0f})"
        ax.bar(
            x - 0.4 + width / 2 + k * width,
            np.asarray(r, dtype=float),
            width,
            color=CYCLE[(k - 1) % len(CYCLE)],
            label=label,
        )
    ax.set_xticks(x)
    ax.legend(frameon=False, fontsize=8)
    parts = [
        f"{name} places {int(np.count_nonzero(np.asarray(r) > 0))} orders"
        + ("" if costs is None else f" costing {costs[name]:,.0f}")
        for name, r in receipts.items()
    ]
    alt = (
        f"Grouped bar chart of net requirements over {len(d)} periods and the planned "
        f"receipts of {len(receipts)} lot-sizing rules: " + "; ".join(parts) + "."
    )
    return Chart(fig, alt)


# ----- SCM: supply network, distribution strategies, location, closed loop -----------------

#: Colour and marker of each tier of a supply network (crmlab.scm.network).
TIER_STYLE: dict[str, tuple[str, str, str]] = {
    "supplier": (PALETTE["purple"], "D", "Supplier"),
    "plant": (PALETTE["vermillion"], "s", "Plant"),
    "warehouse": (PALETTE["blue"], "s", "Warehouse"),
    "distribution_centre": (PALETTE["sky"], "s", "Distribution centre"),
    "store": (PALETTE["orange"], "o", "Store"),
}

#: Colour and line style of each flow.
FLOW_STYLE: dict[str, tuple[str, str]] = {
    "goods": (PALETTE["black"], "-"),
    "money": (PALETTE["green"], "--"),
    "information": (PALETTE["purple"], ":"),
}

#: Colour of each distribution strategy (crmlab.scm.distribution).
STRATEGY_COLOURS: dict[str, str] = {
    "direct_shipping": PALETTE["vermillion"],
    "cross_docking": PALETTE["sky"],
    "classic_warehousing": PALETTE["blue"],
}


@_checked
def supply_network_chart(
    graph,
    *,
    flows=("goods",),
    labels: bool = False,
    title: str = "The supply network",
    schematic: bool = False,
) -> Chart:
    """Draw a supply network from :mod:`crmlab.scm.network` on its map.

    Args:
        graph: a ``networkx.MultiDiGraph`` with node attributes ``tier``, ``x_km``,
            ``y_km`` and edges keyed by flow.
        flows: which flows to draw (goods downstream; money and information upstream,
            drawn slightly offset so that the three can be told apart).
        labels: write each node's id next to it.
        schematic: the coordinates are a layout, not a map (no km on the axes).
    """
    import numpy as np

    unknown = set(flows) - set(FLOW_STYLE)
    if unknown or not flows:
        raise ValueError(f"flows must be a non-empty list from {list(FLOW_STYLE)}")
    xlabel, ylabel = (
        ("Upstream → downstream", "Layout") if schematic else ("East (km)", "North (km)")
    )
    fig, ax = new_figure(title, xlabel, ylabel, size=(WIDTH, 4.2))
    pos = {n: (d["x_km"], d["y_km"]) for n, d in graph.nodes(data=True)}
    goods_units = [d.get("units", 0.0) for _, _, k, d in graph.edges(keys=True, data=True)]
    top_units = max([u for u in goods_units if u] or [1.0])
    offsets = {"goods": 0.0, "money": 1.0, "information": -1.0}
    span = max(np.ptp([p[0] for p in pos.values()]), np.ptp([p[1] for p in pos.values()]), 1.0)
    counts = dict.fromkeys(flows, 0)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if key not in flows:
            continue
        (x0, y0), (x1, y1) = pos[u], pos[v]
        dx, dy = x1 - x0, y1 - y0
        length = float(np.hypot(dx, dy)) or 1.0
        shift = offsets[key] * 0.012 * span
        nx_, ny_ = -dy / length * shift, dx / length * shift
        colour, style = FLOW_STYLE[key]
        width = 0.6 + 2.4 * data.get("units", 0.0) / top_units if key == "goods" else 0.9
        ax.annotate(
            "",
            xy=(x1 + nx_, y1 + ny_),
            xytext=(x0 + nx_, y0 + ny_),
            arrowprops={
                "arrowstyle": "-|>",
                "color": colour,
                "lw": width,
                "linestyle": style,
                "shrinkA": 6,
                "shrinkB": 6,
                "alpha": 0.8,
            },
        )
        counts[key] += 1
    for tier, (colour, marker, name) in TIER_STYLE.items():
        nodes = [n for n, t in graph.nodes(data="tier") if t == tier]
        if not nodes:
            continue
        xs = [pos[n][0] for n in nodes]
        ys = [pos[n][1] for n in nodes]
        ax.scatter(xs, ys, s=70, c=colour, marker=marker, edgecolors="black", zorder=3, label=name)
        if labels:
            for n in nodes:
                ax.annotate(str(n), pos[n], xytext=(6, 4), textcoords="offset points", fontsize=8)
    for key in flows:
        colour, style = FLOW_STYLE[key]
        ax.plot([], [], color=colour, ls=style, lw=1.5, label=f"{key} flow")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if schematic:
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        ax.set_aspect("equal", adjustable="datalim")
    by_tier = {
        TIER_STYLE[t][2].lower(): sum(1 for _, tt in graph.nodes(data="tier") if tt == t)
        for t in TIER_STYLE
    }
    tiers = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for name, n in by_tier.items() if n)
    drawn = ", ".join(f"{counts[k]} {k} arrows" for k in flows)
    alt = f"{'Diagram' if schematic else 'Map'} of a supply network with {tiers}; {drawn}"
    if "goods" in flows:
        alt += " (goods arrows point downstream, wider for more units)"
    if set(flows) & {"money", "information"}:
        alt += "; money and information arrows point upstream"
    return Chart(fig, alt + ".")


@_checked
def strategy_cost_chart(
    comparison,
    *,
    currency: str = "currency units",
    title: str = "Distribution strategies: cost per unit and lead time",
) -> Chart:
    """Stacked bars of cost per unit sold by kind, one bar per strategy, with lead times.

    Args:
        comparison: a DataFrame from :func:`crmlab.scm.distribution.compare_strategies`.
    """
    import numpy as np

    needed = {"transport", "handling", "cycle_stock", "safety_stock", "total", "lead_time_days"}
    if not needed <= set(comparison.columns):
        raise ValueError("comparison must come from compare_strategies()")
    from crmlab.scm.distribution import STRATEGY_LABELS

    units = comparison["total"] / comparison["cost_per_unit"]
    fig, ax = new_figure(title, f"Cost per unit sold ({currency})", "Strategy")
    names = [STRATEGY_LABELS.get(str(s), str(s)) for s in comparison.index]
    y = np.arange(len(names))[::-1]
    left = np.zeros(len(names))
    parts = {
        "transport": ("Transport", PALETTE["blue"]),
        "handling": ("Handling", PALETTE["orange"]),
        "cycle_stock": ("Holding: cycle stock", PALETTE["sky"]),
        "safety_stock": ("Holding: safety stock", PALETTE["green"]),
    }
    for col, (label, colour) in parts.items():
        width = (comparison[col] / units).to_numpy(float)
        ax.barh(y, width, left=left, color=colour, label=label, height=0.6)
        left += width
    for yi, total, lead in zip(y, left, comparison["lead_time_days"], strict=True):
        ax.annotate(
            f"{total:,.2f} per unit · lead time {lead:g} days",
            (total, yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, names)
    ax.grid(False, axis="y")
    ax.set_xlim(0, left.max() * 1.75)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    best = comparison["cost_per_unit"].idxmin()
    listing = "; ".join(
        f"{n}: {c:,.2f} per unit, {lead:g} days"
        for n, c, lead in zip(
            names, comparison["cost_per_unit"], comparison["lead_time_days"], strict=True
        )
    )
    alt = (
        "Stacked horizontal bar chart of cost per unit sold, split into transport, handling "
        f"and holding, for {len(names)} strategies: {listing}. Cheapest: "
        f"{STRATEGY_LABELS.get(str(best), str(best)).lower()}."
    )
    return Chart(fig, alt)


@_checked
def strategy_winner_map(grid, *, title: str = "Which distribution strategy is cheapest?") -> Chart:
    """A map of the cheapest strategy over demand per store and number of stores.

    Args:
        grid: a DataFrame from :func:`crmlab.scm.distribution.strategy_grid`.
    """
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from crmlab.scm.distribution import STRATEGY_LABELS

    if not {"demand_per_store", "stores", "winner"} <= set(grid.columns):
        raise ValueError("grid must come from strategy_grid()")
    order = list(STRATEGY_COLOURS)
    table = grid.pivot(index="stores", columns="demand_per_store", values="winner")
    codes = table.apply(lambda col: col.map(order.index)).to_numpy(float)
    d = table.columns.to_numpy(float)
    n = table.index.to_numpy(float)
    fig, ax = new_figure(title, "Demand per store (units per week)", "Number of stores")

    def edges(v):
        if len(v) == 1:
            return np.array([v[0] / 1.5, v[0] * 1.5])
        mid = np.sqrt(v[:-1] * v[1:])
        return np.concatenate([[v[0] ** 2 / mid[0]], mid, [v[-1] ** 2 / mid[-1]]])

    cmap = ListedColormap([STRATEGY_COLOURS[s] for s in order])
    ax.pcolormesh(edges(d), edges(n), codes, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.grid(False)
    handles = [Patch(color=STRATEGY_COLOURS[s], label=STRATEGY_LABELS[s]) for s in order]
    ax.legend(handles=handles, frameon=True, fontsize=8, loc="upper right")
    shares = grid["winner"].value_counts(normalize=True)
    listing = ", ".join(
        f"{STRATEGY_LABELS[s].lower()} {100 * shares.get(s, 0):.0f} %" for s in order
    )
    alt = (
        f"Map over demand per store from {d.min():g} to {d.max():g} units a week (log "
        f"scale) and {n.min():g} to {n.max():g} stores, coloured by the cheapest strategy; "
        f"share of cells won: {listing}."
    )
    return Chart(fig, alt)


@_checked
def location_map_chart(
    locations,
    solution,
    *,
    currency: str = "EUR",
    title: str | None = None,
) -> Chart:
    """The warehouses opened and the stores each serves, on the map.

    Args:
        locations: the table the model was solved on (``load("locations")``).
        solution: a :class:`crmlab.scm.location.LocationSolution`.
    """
    import numpy as np

    pts = locations.set_index("location_id")
    if title is None:
        title = f"Network configuration: {len(solution.open_warehouses)} warehouses open"
    fig, ax = new_figure(title, "East (km)", "North (km)", size=(WIDTH, 4.4))
    for _, row in solution.assignment.iterrows():
        s, w = pts.loc[row["store"]], pts.loc[row["warehouse"]]
        ax.plot([w["x_km"], s["x_km"]], [w["y_km"], s["y_km"]], color="#999999", lw=0.8)
    plants = pts[pts["type"] == "plant"]
    for w in solution.open_warehouses:
        if len(plants):
            p = plants.iloc[0]
            ax.plot(
                [p["x_km"], pts.loc[w, "x_km"]],
                [p["y_km"], pts.loc[w, "y_km"]],
                color=PALETTE["vermillion"],
                lw=1.2,
                ls="--",
            )
    stores = pts[pts["type"] == "store"]
    size = 20 + 80 * stores["annual_demand"].astype(float) / float(stores["annual_demand"].max())
    ax.scatter(
        stores["x_km"],
        stores["y_km"],
        s=size,
        c=PALETTE["orange"],
        edgecolors="black",
        zorder=3,
        label="Store (size: demand)",
    )
    whs = pts[pts["type"] == "warehouse"]
    is_open = np.array([w in solution.open_warehouses for w in whs.index])
    ax.scatter(
        whs.loc[is_open, "x_km"],
        whs.loc[is_open, "y_km"],
        s=150,
        marker="s",
        c=PALETTE["blue"],
        edgecolors="black",
        zorder=4,
        label="Warehouse: open",
    )
    ax.scatter(
        whs.loc[~is_open, "x_km"],
        whs.loc[~is_open, "y_km"],
        s=150,
        marker="s",
        facecolors="white",
        edgecolors=PALETTE["blue"],
        zorder=4,
        label="Warehouse: closed",
    )
    for w, row in whs.iterrows():
        ax.annotate(
            w, (row["x_km"], row["y_km"]), xytext=(7, 5), textcoords="offset points", fontsize=8
        )
    if len(plants):
        ax.scatter(
            plants["x_km"],
            plants["y_km"],
            s=170,
            marker="^",
            c=PALETTE["vermillion"],
            edgecolors="black",
            zorder=4,
            label="Plant",
        )
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    limit = "no limit" if solution.max_distance_km is None else f"{solution.max_distance_km:g} km"
    ax.text(
        1.02,
        0.02,
        f"Fixed {solution.fixed_cost:,.0f}\nTransport {solution.transport_cost:,.0f}\n"
        f"Total {solution.total_cost:,.0f} {currency}/year\nService distance: {limit}",
        transform=ax.transAxes,
        fontsize=8,
        va="bottom",
    )
    longest = float(solution.assignment["distance_km"].max())
    alt = (
        f"Map of {len(stores)} stores and {len(whs)} candidate warehouses: "
        f"{', '.join(solution.open_warehouses)} open, each store joined to the warehouse "
        f"that serves it (longest link {longest:.0f} km, service distance {limit}); fixed "
        f"cost {solution.fixed_cost:,.0f} plus transport {solution.transport_cost:,.0f} "
        f"makes {solution.total_cost:,.0f} {currency} a year."
    )
    return Chart(fig, alt)


@_checked
def closed_loop_chart(
    comparison,
    *,
    currency: str = "currency units",
    title: str = "Upstream cost and service by information shared",
) -> Chart:
    """Cost per period (holding and backorder) of the upstream stage for each signal.

    Args:
        comparison: a DataFrame from :func:`crmlab.scm.closed_loop.compare_signals`.
    """
    import numpy as np

    from crmlab.scm.closed_loop import SIGNAL_LABELS

    if not {"holding_cost", "backorder_cost", "fill_rate"} <= set(comparison.columns):
        raise ValueError("comparison must come from compare_signals()")
    names = [SIGNAL_LABELS.get(s, str(s)) for s in comparison.index]
    fig, ax = new_figure(
        title, "Information the upstream stage uses", f"Cost per period ({currency})"
    )
    x = np.arange(len(names))
    hold = comparison["holding_cost"].to_numpy(float)
    back = comparison["backorder_cost"].to_numpy(float)
    ax.bar(x, hold, color=PALETTE["blue"], label="Holding cost", width=0.6)
    ax.bar(x, back, bottom=hold, color=PALETTE["vermillion"], label="Backorder cost", width=0.6)
    for xi, total, fill, csl in zip(
        x, hold + back, comparison["fill_rate"], comparison["cycle_service_level"], strict=True
    ):
        ax.annotate(
            f"{total:,.1f}\nfill rate {100 * fill:.1f} %\nno backlog {100 * csl:.1f} %",
            (xi, total),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    ax.set_xticks(x, names)
    ax.grid(False, axis="x")
    ax.set_ylim(0, (hold + back).max() * 1.45)
    ax.legend(frameon=False, fontsize=8, loc="upper right")
    listing = "; ".join(
        f"{n}: {t:,.1f} per period, fill rate {100 * f:.1f} %"
        for n, t, f in zip(names, hold + back, comparison["fill_rate"], strict=True)
    )
    alt = f"Stacked bar chart of the upstream stage's holding and backorder cost: {listing}."
    return Chart(fig, alt)


@_checked
def closed_loop_history_chart(
    results,
    *,
    periods: int = 104,
    unit: str = "units",
    title: str = "End demand and the upstream stage's production orders",
) -> Chart:
    """End-customer demand and the production orders of one or more closed-loop runs.

    Args:
        results: a list of :class:`crmlab.scm.closed_loop.ClosedLoopResult` (same demand).
        periods: how many periods, from the first, to draw.
    """
    from crmlab.scm.closed_loop import SIGNAL_LABELS

    if not results:
        raise ValueError("results must hold at least one ClosedLoopResult")
    fig, ax = new_figure(title, "Period", f"Quantity per period ({unit})")
    first = results[0].history.iloc[:periods]
    ax.plot(
        first["period"],
        first["pos_demand"],
        color=PALETTE["black"],
        lw=2,
        label="End-customer demand (POS)",
    )
    colours = [PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"]]
    styles = ["-", "--", ":"]
    for k, r in enumerate(results):
        h = r.history.iloc[:periods]
        ax.plot(
            h["period"],
            h["production_order"],
            color=colours[k % 3],
            ls=styles[k % 3],
            lw=1.5,
            label=f"Production: {SIGNAL_LABELS.get(r.signal, r.signal)}",
        )
    ax.legend(frameon=False, fontsize=8)
    listing = "; ".join(
        f"{SIGNAL_LABELS.get(r.signal, r.signal)} production varies "
        f"{r.bullwhip:.1f} times as much as demand"
        for r in results
    )
    alt = (
        f"Line chart over {len(first)} periods of end-customer demand and the upstream "
        f"stage's production orders: {listing}."
    )
    return Chart(fig, alt)


# ----------------------------------------------------------------------------- ERP database
_DOC_COLOURS = {
    "sales order": PALETTE["blue"],
    "delivery": PALETTE["green"],
    "invoice": PALETTE["orange"],
    "incoming payment": PALETTE["vermillion"],
    "purchase order": PALETTE["blue"],
    "goods receipt": PALETTE["green"],
    "supplier invoice": PALETTE["orange"],
    "outgoing payment": PALETTE["vermillion"],
    "MRP run": PALETTE["purple"],
    "production order": PALETTE["sky"],
    "production confirmation": PALETTE["green"],
    "journal entry": PALETTE["black"],
}


@_checked
def document_flow_chart(flow, *, title: str = "Document flow") -> Chart:
    """The document flow of :meth:`crmlab.erp.Enterprise.document_flow` as a diagram.

    Business documents run left to right, one column per step of the chain (arrows from
    each predecessor); the journal entry each one posted hangs below it (dashed arrow).
    """
    needed = {"level", "doc_id", "doc_type", "predecessor", "amount"}
    if not needed <= set(flow.columns) or len(flow) == 0:
        raise ValueError(f"flow must be a non-empty document flow with columns {sorted(needed)}")
    business = flow[flow["doc_type"] != "journal entry"]
    journals = flow[flow["doc_type"] == "journal entry"]
    pos: dict[str, tuple[float, float]] = {}
    # Tree layout: a document's first successor stays on its row, each further one opens
    # a new row below everything drawn so far.
    spacing = 2.0 if len(journals) else 1.2
    level = dict(zip(business["doc_id"], business["level"], strict=True))
    parent = {
        d: (p if isinstance(p, str) and p in level else None)
        for d, p in zip(business["doc_id"], business["predecessor"], strict=True)
    }
    children: dict[str, list[str]] = {}
    for d, p in parent.items():
        if p is not None:
            children.setdefault(p, []).append(d)
    next_row = 0

    def place(doc_id: str, row: int) -> None:
        nonlocal next_row
        pos[doc_id] = (float(level[doc_id]), -spacing * row)
        next_row = max(next_row, row + 1)
        for k, child in enumerate(children.get(doc_id, [])):
            place(child, row if k == 0 else next_row)

    for root in [d for d, p in parent.items() if p is None]:
        place(root, next_row)
    for doc in journals.itertuples():
        px, py = pos.get(doc.predecessor, (float(doc.level), 0.0))
        pos[doc.doc_id] = (px, py - 1.0)
    width = max(x for x, _ in pos.values()) + 1
    height = -min(y for _, y in pos.values()) + 1
    fig = Figure(figsize=(WIDTH, min(1.1 * height + 1.2, 9)), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_axis_off()
    for doc in flow.itertuples():
        x, y = pos[doc.doc_id]
        amount = "" if doc.amount != doc.amount or doc.amount is None else f"\n{doc.amount:,.2f}"
        colour = _DOC_COLOURS.get(doc.doc_type, PALETTE["black"])
        small = doc.doc_type == "journal entry"
        _bpr_box(
            ax,
            x,
            y,
            # Wrapped, so that five columns of boxes fit the page's width side by side.
            f"{textwrap.fill(doc.doc_type, 12)}\n{doc.doc_id}{amount}",
            colour=colour,
            fontsize=7.5,
        )
        if isinstance(doc.predecessor, str) and doc.predecessor in pos:
            x0, y0 = pos[doc.predecessor]
            if small:  # straight down from the document to its journal entry
                start, end = (x0, y0 - 0.3), (x, y + 0.3)
            else:  # from the right edge of the predecessor to the left edge of the successor
                start, end = (x0 + 0.27, y0), (x - 0.27, y)
            ax.annotate(
                "",
                xy=end,
                xytext=start,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "#555555",
                    "lw": 1.0,
                    "ls": "--" if small else "-",
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
                zorder=6,
            )
    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(-height + 0.4, 0.6)
    chain = " → ".join(f"{d.doc_type} {d.doc_id}" for d in business.itertuples())
    alt = (
        f"Diagram of a document flow of {len(business)} business documents ({chain}) "
        f"and the {len(journals)} journal entries they posted, each drawn below its document."
    )
    return Chart(fig, alt)


@_checked
def erp_flows_chart(*, title: str = "The three flows ERP integrates") -> Chart:
    """Supplier → firm → customer, with the material flow (goods, left to right), the money
    flow (payments, right to left) and the information flow (orders, plans and documents,
    both ways) drawn between them."""
    fig = Figure(figsize=(WIDTH, 3.0), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_axis_off()
    places = {
        "Suppliers": 0.0,
        "Stock of\nmaterials": 1.6,
        "Production": 3.2,
        "Stock of\nproducts": 4.8,
        "Customers": 6.4,
    }
    for name, x in places.items():
        _bpr_box(ax, x, 0.0, name, colour=PALETTE["black"], fontsize=9)
    xs = list(places.values())
    flows = (
        ("material flow: goods", 0.55, PALETTE["blue"], "-", 1),
        ("money flow: payments", -0.55, PALETTE["orange"], "-", -1),
        ("information flow: orders, plans, documents", 1.15, PALETTE["green"], "--", 0),
    )
    for label, y, colour, style, direction in flows:
        for a, b in zip(xs[:-1], xs[1:], strict=True):
            start, end = (a, b) if direction >= 0 else (b, a)
            arrow = "<|-|>" if direction == 0 else "-|>"
            if direction == -1 and a not in (xs[0], xs[-2]):
                continue  # money moves between the firm and its partners only
            ax.annotate(
                "",
                xy=(end - 0.1 * (1 if end > start else -1), y),
                xytext=(start + 0.1 * (1 if end > start else -1), y),
                arrowprops={"arrowstyle": arrow, "color": colour, "lw": 1.8, "ls": style},
            )
        ax.text(3.2, y + (0.17 if y > 0 else -0.22), label, ha="center", color=colour, fontsize=9)
    ax.set_xlim(-0.8, 7.2)
    ax.set_ylim(-1.0, 1.6)
    alt = (
        "Diagram: suppliers, stock of materials, production, stock of products and customers "
        "in a row; the material flow (goods) runs from suppliers to customers, the money flow "
        "(payments) runs back from customers to the firm and from the firm to suppliers, and "
        "the information flow (orders, plans, documents) runs both ways along the whole chain."
    )
    return Chart(fig, alt)


@_checked
def erp_modules_chart(rows=None, *, title: str = "ERP modules around one database") -> Chart:
    """The model's ERP modules (sales, materials, production, finance, human resources) around
    one shared database: the course text's four groups, with its logistics group split into
    sales and materials and production standing for production planning and control (the
    core). ``rows`` optionally maps a module name to the number of rows it holds
    (e.g. from :meth:`crmlab.erp.Enterprise.row_counts`), written in its box."""
    import math

    modules = ["Sales", "Materials", "Production", "Finance", "Human resources"]
    if rows is not None and not set(rows) <= set(modules):
        raise ValueError(f"rows must map some of {modules} to row counts")
    fig = Figure(figsize=(WIDTH, 4.4), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_axis_off()
    _bpr_box(
        ax, 0.0, 0.0, "one database\n(shared tables)", colour=PALETTE["vermillion"], fontsize=10
    )
    for k, name in enumerate(modules):
        angle = math.pi / 2 - 2 * math.pi * k / len(modules)
        x, y = 1.6 * math.cos(angle), 1.2 * math.sin(angle)
        label = name if rows is None or name not in rows else f"{name}\n{rows[name]:,} rows"
        _bpr_box(ax, x, y, label, colour=CYCLE[k % len(CYCLE)], fontsize=9)
        ax.annotate(
            "",
            xy=(0.35 * x, 0.3 * y),
            xytext=(0.72 * x, 0.72 * y),
            arrowprops={"arrowstyle": "<|-|>", "color": "#555555", "lw": 1.2},
        )
    ax.set_xlim(-2.4, 2.4)
    ax.set_ylim(-1.6, 1.6)
    extra = (
        ""
        if rows is None
        else " Row counts: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()) + "."
    )
    alt = (
        "Diagram of five ERP modules (sales and materials, which make up logistics; "
        "production planning and control; finance; human resources) arranged around one "
        "shared database, each reading and writing it." + extra
    )
    return Chart(fig, alt)


@_checked
def precision_recall_chart(
    curve, *, threshold: float | None = None, title: str | None = None
) -> Chart:
    """Precision, recall and F1 of a matching decision against its score threshold
    (``curve`` from :func:`crmlab.crm.matching.precision_recall`); ``threshold`` marks one."""
    needed = {"threshold", "precision", "recall", "f1"}
    if not needed <= set(curve.columns) or len(curve) == 0:
        raise ValueError(f"curve must be a non-empty table with columns {sorted(needed)}")
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


@_checked
def erp_stages_chart(
    *, title: str = "From MRP to ERP: four stages, each adding to the last"
) -> Chart:
    """The four stages of ERP's development as a timeline of nested scopes.

    Each stage is a box in reading order, listing what it plans and what it added; the
    books that defined the first and third stages are marked with their years
    (Orlicky 1975; Wight 1981).
    """
    from matplotlib.patches import Rectangle

    stages = [
        (
            "MRP",
            "materials",
            "BOM explosion,\ngross-to-net,\nlead-time offsetting",
            "Orlicky (1975)",
        ),
        (
            "Closed-loop MRP",
            "materials and\ncapacity",
            "capacity planning,\nfeedback from\nexecution, re-planning",
            "",
        ),
        (
            "MRP II",
            "materials, capacity\nand money",
            "costs, budgets,\nfinancial plans,\n'what if' simulation",
            "Wight (1981)",
        ),
        (
            "ERP",
            "the whole enterprise\nand supply chain",
            "all functions in one\nsystem and database;\nlean, agile; control\nduring execution",
            "",
        ),
    ]
    fig, ax = new_figure(
        title, "Stage (in order of development)", "Scope of planning", size=(WIDTH, 4.0)
    )
    ax.grid(False)
    colours = [PALETTE["sky"], PALETTE["green"], PALETTE["orange"], PALETTE["purple"]]
    for k, (name, scope, added, source) in enumerate(stages):
        height = 1.0 + 0.55 * k
        ax.add_patch(Rectangle((k * 1.1, 0), 1.0, height, color=colours[k], alpha=0.35, lw=0))
        ax.text(
            k * 1.1 + 0.5,
            height + 0.08,
            name,
            ha="center",
            va="bottom",
            fontsize=10,
            fontweight="bold",
        )
        ax.text(k * 1.1 + 0.5, height - 0.1, f"plans: {scope}", ha="center", va="top", fontsize=7.5)
        ax.text(k * 1.1 + 0.5, 0.08, f"adds:\n{added}", ha="center", va="bottom", fontsize=7.5)
        if source:
            ax.text(
                k * 1.1 + 0.5, -0.12, source, ha="center", va="top", fontsize=7.5, style="italic"
            )
        if k:
            ax.annotate(
                "",
                xy=(k * 1.1 + 0.02, 0.5),
                xytext=(k * 1.1 - 0.12, 0.5),
                arrowprops={"arrowstyle": "->", "color": PALETTE["black"]},
            )
    ax.set_xlim(-0.1, 4.4)
    ax.set_ylim(-0.45, 3.1)
    ax.set_xticks([])
    ax.set_yticks([])
    alt = (
        "Timeline of four boxes of growing height, left to right: MRP plans materials "
        "(Orlicky 1975); closed-loop MRP adds capacity planning and feedback; MRP II adds "
        "money (Wight 1981); ERP plans the whole enterprise and its supply chain in one "
        "system."
    )
    return Chart(fig, alt)
