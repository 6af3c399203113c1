"""Charts of business process reengineering (part BPR of the book): the organisation
chart against the process view, the concept map, simulated processes, redesign
comparisons and the directly-follows graph of process discovery.

Each chart draws the result of a model of :mod:`crmlab.bpr` in the shared style of
:mod:`crmlab.plots`.
"""

from __future__ import annotations

import textwrap
import warnings

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlab import _schema
from crmlab.plots._relayout import after_translation, legend_clear_of_data
from crmlab.plots._style import (
    CYCLE,
    PALETTE,
    PNG_DPI,
    WIDTH,
    Chart,
    _bpr_box,
    _checked,
    _numbers,
    _sequence,
    _texts,
    new_figure,
)

#: The most steps the organisation chart draws (one row each).
MAX_STEPS = 60


def _steps(argument: str, value: object) -> None:
    """A check: a sequence of ``(activity, department)`` pairs of text."""
    for step in _sequence(argument, value, at_most=MAX_STEPS):
        if (
            isinstance(step, (str, bytes, dict))
            or not isinstance(step, (list, tuple))
            or len(step) != 2
            or not all(isinstance(part, str) for part in step)
        ):
            raise ValueError(
                f"{argument} must hold (activity, department) pairs of text, got {step!r}"
            )


# ----- The organisation chart against a process view; the concept map -----


@_checked(steps=_steps)
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


@_checked(strands=_texts, goals=_texts)
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


# ----- Process discovery: the directly-follows graph (crmlab.bpr.discovery) -----


def _minutes_label(minutes: float) -> str:
    """A wait in minutes as a short label: minutes below two hours, else hours."""
    return f"{minutes:,.0f} min" if minutes < 120 else f"{minutes / 60:,.1f} h"


def _separate_labels(
    fig: Figure,
    movable: list,
    fixed: list,
    positions: tuple[float, ...] = (0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9),
) -> list:
    """Slide arrow labels along their arrows until none overlaps another text.

    ``movable`` are networkx edge labels (their ``label_pos`` places them along the arrow:
    0.5 the middle); ``fixed`` are texts that stay. Each label, in order, keeps the first
    of ``positions`` where its box meets no fixed text and no label placed before it,
    or else the one where it meets the least; the labels left meeting another text are
    returned. tests/plots/test_legibility.py checks the result.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    dpi = fig.dpi
    fig.set_dpi(PNG_DPI)  # measure at the resolution the book's image has
    canvas.draw()
    renderer = canvas.get_renderer()
    placed = [t.get_window_extent(renderer) for t in fixed]
    left = []

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
            for where in positions:
                text.label_pos = where
                text.draw(renderer)  # places the label along its arrow (no full redraw)
                area = clash(text.get_window_extent(renderer))
                best = min(best, (area, where))
                if area == 0:
                    break
            text.label_pos = best[1]
            text.draw(renderer)
            box = text.get_window_extent(renderer)
            if best[0] > 0:
                left.append(text)
        placed.append(box)
    fig.set_dpi(dpi)
    return left


def _separate_translated_labels(fig: Figure, movable: list, fixed: list) -> None:
    """:func:`_separate_labels` again for translated (wider) labels, at finer steps along
    the arrows; a label that still meets another text is broken into two lines at its
    "·" (count above, wait below) and placed once more."""
    finer = tuple(sorted(np.arange(0.05, 0.96, 0.05), key=lambda p: abs(p - 0.5)))
    left = _separate_labels(fig, movable, fixed, finer)
    if left:
        for text in left:
            text.set_text("\n".join(part.strip() for part in text.get_text().split("·", 1)))
        # The broken labels choose first; the others then find room around them.
        _separate_labels(fig, left + [t for t in movable if t not in left], fixed, finer)


def _dfg_edges(graph) -> pd.DataFrame:
    """The edges between activities of a directly-follows graph, as
    :func:`crmlab.bpr.discovery.directly_follows` orders them (most frequent first); a
    graph that is not one raises ``ValueError`` naming ``graph``."""
    import networkx as nx

    from crmlab.bpr.discovery import END, START

    if not isinstance(graph, nx.DiGraph):
        raise ValueError(
            "graph must be a directly-follows graph (a networkx DiGraph, as from "
            f"crmlab.bpr.discovery.dfg_graph), got {type(graph).__name__}"
        )
    nodes = pd.DataFrame(
        [{"activity": n, **d} for n, d in graph.nodes(data=True)],
        columns=["activity", "frequency", "layer"],
    )
    _schema.check("graph", nodes, _schema.DFG_NODES)
    every = pd.DataFrame(
        [{"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)],
        columns=["source", "target", "frequency"],
    )
    _schema.check("graph", every, _schema.DFG_EDGE_COUNTS)
    edges = pd.DataFrame(
        [
            {"source": u, "target": v, **d}
            for u, v, d in graph.edges(data=True)
            if u not in (START, END) and v not in (START, END)
        ],
        columns=[c.name for c in _schema.DFG.columns],
    )
    if edges.empty:
        raise ValueError("graph has no edge between two activities: nothing to draw")
    _schema.check("graph", edges, _schema.DFG)
    return edges.sort_values(
        ["frequency", "source", "target"], ascending=[False, True, True]
    ).reset_index(drop=True)


@_checked
def dfg_chart(
    graph,
    *,
    title: str = "Directly-follows graph",
    min_frequency: int = 1,
    show_start_end: bool = True,
    size: tuple[float, float] = (WIDTH, 10.5),
) -> Chart:
    """The directly-follows graph of an event log, drawn top to bottom.

    The graph is the model's result: ``dfg_chart(dfg_graph(event_log))`` with
    :func:`crmlab.bpr.discovery.dfg_graph`. Activities are boxes (with their department
    and frequency; a step repeated right away shows "↻ repeated"); an arrow a → b means b
    directly followed a in some case; its width grows with the frequency and its label
    gives the count and the mean wait between the two. Hand-offs (the work changes
    department) are orange, the edge with the longest mean wait (where a bottleneck
    shows) is vermillion, the rest blue.

    Args:
        graph: a directly-follows graph as from :func:`crmlab.bpr.discovery.dfg_graph`
            (a networkx ``DiGraph``; it is not changed). Passing the event log itself (a
            DataFrame ``case_id, activity, resource, start, end``) still works but is
            deprecated: the chart then runs ``dfg_graph`` on it and warns with
            ``DeprecationWarning``.
        title: the figure's title.
        min_frequency: hide edges seen fewer times than this (whole number >= 1).
        show_start_end: draw the artificial start and end nodes.
        size: figure size in inches.
    """
    import networkx as nx
    from matplotlib.lines import Line2D

    from crmlab.bpr.discovery import END, START, bottleneck, dfg_graph

    if isinstance(min_frequency, bool) or not isinstance(min_frequency, int) or min_frequency < 1:
        raise ValueError(f"min_frequency must be a whole number >= 1, got {min_frequency!r}")
    if isinstance(graph, pd.DataFrame):
        warnings.warn(
            "dfg_chart(event_log) is deprecated: a chart draws a model's result, so pass "
            "dfg_chart(dfg_graph(event_log)) (crmlab.bpr.discovery.dfg_graph)",
            DeprecationWarning,
            stacklevel=3,  # the caller of the @_checked wrapper
        )
        graph = dfg_graph(graph)
    dfg = _dfg_edges(graph)
    graph = graph.copy()  # the caller's graph stays as it was
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
    after_translation(
        fig, lambda f: _separate_translated_labels(f, edge_texts, node_texts + [ax.title])
    )
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


@_checked(cycle_times=_numbers(0))
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

    values = np.asarray(cycle_times, dtype=float).ravel()
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
    after_translation(fig, legend_clear_of_data(ax))
    alt = (
        f"Histogram of the cycle times of {values.size:,} cases in hours, skewed to the "
        f"right: mean {_hours(mean)}, 90 % of cases within {_hours(p90)}, longest "
        f"{_hours(float(values.max()))}.{text}"
    )
    return Chart(fig, alt)


@_checked(table=_schema.TIME_SPLIT)
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
    frame = pd.DataFrame(table)
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
    after_translation(fig, legend_clear_of_data(ax))
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


@_checked(table=_schema.DESIGN_COMPARISON)
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
    frame = pd.DataFrame(table)
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
