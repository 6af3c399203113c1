"""Charts of supply chain management (part SCM of the book): inventory (EOQ, policies,
safety stock), risk pooling, postponement, the bullwhip effect and the beer game, the
supply network, distribution strategies, warehouse location and the closed CRM-SCM loop.

Each chart draws the result of a model of :mod:`crmlab.scm` in the shared style of
:mod:`crmlab.plots`.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from crmlab import _schema
from crmlab.plots._relayout import (
    after_translation,
    labels_clear_of_markers,
    legend_clear_of_data,
)
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
    _real,
    _sequence,
    _style_axes,
    _texts,
    new_figure,
)

#: The check of a beer game's result (:func:`crmlab.scm.beergame.simulate_beer_game`).
_BEER_GAME = _instance(
    "crmlab.scm.beergame:BeerGameResult",
    "a BeerGameResult (as from crmlab.scm.beergame.simulate_beer_game)",
)
#: The most closed-loop runs one chart compares.
_MAX_RUNS = 10


def _stage_ratios(argument: str, value: object) -> None:
    """A check: one finite number >= 0 for every beer-game stage (a dict or Series)."""
    import pandas as pd

    if not isinstance(value, (dict, pd.Series)):
        raise ValueError(
            f"{argument} must map each stage ({', '.join(STAGE_COLOURS)}) to a number, "
            f"got {type(value).__name__}"
        )
    missing = [s for s in STAGE_COLOURS if s not in value]
    if missing:
        raise ValueError(f"{argument} lacks the stages {missing}")
    for stage in STAGE_COLOURS:
        _real(f"{argument}[{stage!r}]", value[stage], 0)


def _closed_loop_runs(argument: str, value: object) -> None:
    """A check: a list of closed-loop results (as from
    :func:`crmlab.scm.closed_loop.simulate_closed_loop`)."""
    check = _instance(
        "crmlab.scm.closed_loop:ClosedLoopResult",
        "a ClosedLoopResult (as from crmlab.scm.closed_loop.simulate_closed_loop)",
    )
    runs = _sequence(argument, value, at_most=_MAX_RUNS)
    for i, run in enumerate(runs):
        check(f"{argument}[{i}]", run)


# ----- EOQ (crmlab.scm.inventory) -----


@_checked(curve=_schema.EOQ_CURVE)
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


@_checked(path=_schema.EOQ_PATH)
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


# ----- Inventory policies, risk pooling, postponement (crmlab.scm) -------------------------


@_checked(history=_schema.POLICY_HISTORY)
def inventory_policy_chart(history, *, title: str = "Simulated inventory under a policy") -> Chart:
    """Net inventory (on hand − backlog) and inventory position, period by period.

    Args:
        history: a DataFrame with columns ``period``, ``position``, ``order``, ``on_hand``,
            ``backlog`` and ``stockout`` (as :func:`crmlab.scm.policies.simulate_policy`'s
            ``history``).
    """

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
    after_translation(fig, legend_clear_of_data(ax))
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


@_checked(table=_schema.SAFETY_STOCK_CURVE)
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


@_checked(table=_schema.RISK_POOLING)
def risk_pooling_chart(table, *, title: str = "Risk pooling: safety stock by stock point") -> Chart:
    """Safety stock of each market, their sum, and the central stock point.

    Args:
        table: the DataFrame of :func:`crmlab.scm.pooling.risk_pooling` (index: markets and
            ``"centralized"``; column ``safety_stock``).
    """

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


@_checked(curve=_schema.POOLING_CURVE)
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


@_checked(curve=_schema.POSTPONEMENT_CURVE)
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
    after_translation(ax.get_figure(root=True), legend_clear_of_data(ax, may_move_below=False))


def _draw_inventory(ax: Axes, history) -> None:
    net = _stage_frame(history, "inventory") - _stage_frame(history, "backlog")
    for stage in net.columns:
        ax.plot(net.index, net[stage], color=STAGE_COLOURS[stage], lw=1.8, label=stage)
    ax.axhline(0, color=PALETTE["black"], lw=0.8)
    ax.legend(loc="lower left", frameon=False, fontsize=8)
    after_translation(ax.get_figure(root=True), legend_clear_of_data(ax, may_move_below=False))


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


@_checked(result=_BEER_GAME)
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


@_checked(result=_BEER_GAME)
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


@_checked(results=_mapping(_BEER_GAME))
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


@_checked(ratios=_mapping(_stage_ratios))
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


@_checked(result=_BEER_GAME, compare=_BEER_GAME, labels=_texts)
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


@_checked(table=_schema.BULLWHIP_TABLE)
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


@_checked(demand=_numbers(at_least=2), orders=_numbers(at_least=2))
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

    if len(demand) != len(orders):
        raise ValueError(
            f"demand and orders must cover the same periods; demand has {len(demand)} "
            f"values, orders {len(orders)}"
        )
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
    after_translation(fig, legend_clear_of_data(ax))
    ratio = float(np.var(q, ddof=1) / np.var(d, ddof=1)) if np.var(d) > 0 else float("nan")
    alt = (
        f"Line chart over {len(d)} periods of demand (between {d.min():.0f} and {d.max():.0f} "
        f"units) and the orders of an order-up-to policy with lead time {lead_time} and a "
        f"{window}-period moving average (between {q.min():.0f} and {q.max():.0f} units); the "
        f"orders' variance is {ratio:.2f} times the demand's."
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


@_checked(
    graph=_instance("networkx:MultiDiGraph", "a supply network (a networkx MultiDiGraph)"),
    flows=_texts,
)
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


@_checked(comparison=_schema.STRATEGY_COMPARISON)
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


@_checked(grid=_schema.STRATEGY_GRID)
def strategy_winner_map(grid, *, title: str = "Which distribution strategy is cheapest?") -> Chart:
    """A map of the cheapest strategy over demand per store and number of stores.

    Args:
        grid: a DataFrame from :func:`crmlab.scm.distribution.strategy_grid`.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from crmlab.scm.distribution import STRATEGY_LABELS

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


@_checked(
    locations=_schema.LOCATIONS_MAP,
    solution=_instance(
        "crmlab.scm.location:LocationSolution",
        "a LocationSolution (as from crmlab.scm.location.locate_warehouses)",
    ),
)
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

    named = {*solution.assignment["store"], *solution.assignment["warehouse"]}
    unknown = sorted(map(str, named - set(locations["location_id"])))
    if unknown:
        raise ValueError(
            f"locations must hold every location the solution uses; missing {unknown[:5]}"
        )
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
    store_dots = ax.scatter(
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
    names = [
        ax.annotate(
            w, (row["x_km"], row["y_km"]), xytext=(7, 5), textcoords="offset points", fontsize=8
        )
        for w, row in whs.iterrows()
    ]
    # Beside the square, clear of the store dots (translated charts only: see _relayout).
    beside = [(7, -12), (-19, 5), (-19, -12), (-6, 8), (-6, -16), (9, -4), (-21, -4)]
    after_translation(fig, labels_clear_of_markers(ax, names, store_dots, beside))
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


@_checked(comparison=_schema.CLOSED_LOOP_COMPARISON)
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

    from crmlab.scm.closed_loop import SIGNAL_LABELS

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


@_checked(results=_closed_loop_runs)
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
    after_translation(fig, legend_clear_of_data(ax))
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
