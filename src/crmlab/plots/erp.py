"""Charts of enterprise resource planning (part ERP of the book): bills of materials, MRP
records, lot sizing, capacity, costing, the ERP database's document flow, and the ERP
lineage (flows, modules, stages).

Each chart draws the result of a model of :mod:`crmlab.erp` in the shared style of
:mod:`crmlab.plots`.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
from matplotlib.figure import Figure

from crmlab import _schema
from crmlab.plots._relayout import (
    after_translation,
    arrows_between_boxes,
    legend_clear_of_data,
)
from crmlab.plots._style import (
    CYCLE,
    PALETTE,
    WIDTH,
    Chart,
    _bpr_box,
    _checked,
    _mapping,
    _number,
    _numbers,
    _texts,
    new_figure,
)

#: The most periods a lot-sizing chart draws (ten years of weeks).
MAX_LOT_PERIODS = 520


def _unique_texts(argument: str, value: object) -> None:
    """A check: a non-empty sequence of text, each entry once."""
    _texts(argument, value)
    if len(set(value)) != len(list(value)):
        raise ValueError(f"{argument} must name each entry once")


def _text(argument: str, value: object) -> None:
    """A check: text."""
    if not isinstance(value, str):
        raise ValueError(f"{argument} must be text, got {value!r}")


# ----- ERP: bills of materials, MRP, capacity, costing (crmlab.erp) -----------------------


@_checked(indented=_schema.INDENTED_BOM, names=_mapping(_text, max_items=_schema.MAX_PLOT_ROWS))
def bom_tree_chart(indented, *, names=None, title: str | None = None) -> Chart:
    """The indented bill of one item drawn as a tree: one row per BOM line, indented by level.

    Args:
        indented: the DataFrame of :func:`crmlab.erp.bom.indented_bom` (columns ``level``,
            ``item``, ``quantity_per_parent``, ``extended_quantity``).
        names: optional mapping item → description to print beside each item.
    """
    rows = indented.reset_index(drop=True)
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


@_checked(record=_schema.MRP_RECORD)
def mrp_record_chart(record, *, title: str | None = None, unit: str = "units") -> Chart:
    """An MRP record as the planner's table above a chart of its flows.

    Args:
        record: the DataFrame of :meth:`crmlab.erp.mrp.MRPPlan.record` (rows gross
            requirements … planned order releases, columns periods 1..T).
    """

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


@_checked(report=_schema.CAPACITY_REPORT, before=_schema.CAPACITY_REPORT)
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


@_checked(report=_schema.CAPACITY_REPORT)
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


@_checked(costs=_schema.COST_ROLLUP, items=_unique_texts)
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


@_checked(money=_schema.PLAN_MONEY)
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


@_checked(
    receipts=_mapping(_numbers(0, at_most=MAX_LOT_PERIODS)),
    demand=_numbers(0, at_most=MAX_LOT_PERIODS),
    costs=_mapping(_number(0)),
)
def lot_sizing_chart(
    receipts, demand, *, costs=None, unit: str = "units", title: str = "Lot-sizing rules compared"
) -> Chart:
    """Planned receipts of several lot-sizing rules for one requirement series.

    Args:
        receipts: a mapping rule name → list of planned receipts (periods 1..T).
        demand: the net requirements the rules cover.
        costs: optionally, rule name → total cost, shown in the legend.
    """

    for name, r in receipts.items():
        if len(r) != len(demand):
            raise ValueError(
                f"receipts[{name!r}] must hold one receipt per period of demand "
                f"({len(demand)}), got {len(r)}"
            )
    if costs is not None and set(costs) != set(receipts):
        raise ValueError(
            f"costs must give the cost of each rule in receipts, and only those: "
            f"{sorted(map(str, receipts))}, got {sorted(map(str, costs))}"
        )
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
    after_translation(fig, legend_clear_of_data(ax))
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


@_checked(flow=_schema.DOCUMENT_FLOW)
def document_flow_chart(flow, *, title: str = "Document flow") -> Chart:
    """The document flow of :meth:`crmlab.erp.Enterprise.document_flow` as a diagram.

    Business documents run left to right, one column per step of the chain (arrows from
    each predecessor); the journal entry each one posted hangs below it (dashed arrow).
    """
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
    boxes: dict[str, object] = {}
    arrows: list = []
    for doc in flow.itertuples():
        x, y = pos[doc.doc_id]
        amount = "" if doc.amount != doc.amount or doc.amount is None else f"\n{doc.amount:,.2f}"
        colour = _DOC_COLOURS.get(doc.doc_type, PALETTE["black"])
        small = doc.doc_type == "journal entry"
        boxes[doc.doc_id] = _bpr_box(
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
            arrow = ax.annotate(
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
            arrows.append((arrow, doc.predecessor, doc.doc_id, small))
    ax.set_xlim(-0.6, width - 0.4)
    after_translation(
        fig, arrows_between_boxes(ax, [(a, boxes[p], boxes[d], s) for a, p, d, s in arrows])
    )
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


@_checked(rows=_mapping(_number(0)))
def erp_modules_chart(rows=None, *, title: str = "ERP modules around one database") -> Chart:
    """The model's ERP modules (sales, materials, production, finance, human resources) around
    one shared database: the course text's four groups, with its logistics group split into
    sales and materials and production standing for production planning and control (the
    core). ``rows`` optionally maps a module name to the number of rows it holds
    (e.g. from :meth:`crmlab.erp.Enterprise.row_counts`), written in its box."""

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
