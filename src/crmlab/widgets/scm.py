"""Explorers for the supply network chapter: distribution strategies, network
configuration and the CRM–SCM closed loop. Thin: each control calls a model and redraws."""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as widgets
import numpy as np

from crmlab import plots
from crmlab._validate import flag, sequence
from crmlab.i18n import localize
from crmlab.scm.closed_loop import SIGNAL_LABELS, compare_signals
from crmlab.scm.distribution import (
    STRATEGY_LABELS,
    DistributionCosts,
    compare_strategies,
    strategy_grid,
)
from crmlab.scm.location import LocationSolution, locate_warehouses
from crmlab.widgets import _controls

# Wide enough for the longest label in full (checked in tests/built).
_STYLE = {"description_width": "19em"}
_LAYOUT = widgets.Layout(width="39em")

# ----- Distribution strategies -----------------------------------------------------------

#: Slider ranges (min, max, step) of the distribution explorer; every value is valid.
DISTRIBUTION_RANGES: dict[str, tuple[float, float, float]] = {
    "demand_per_store": (5.0, 2000.0, 5.0),
    "stores": (1, 150, 1),
    "long_haul_cost": (200.0, 5000.0, 100.0),
    "stop_cost": (0.0, 200.0, 5.0),
    "holding_cost": (0.05, 1.0, 0.05),
    "demand_cv": (0.0, 1.5, 0.1),
}

DISTRIBUTION_LABELS: dict[str, str] = {
    "demand_per_store": "Demand per store (units/week)",
    "stores": "Number of stores",
    "long_haul_cost": "Long-haul cost (per load)",
    "stop_cost": "Cost per store delivery (stop)",
    "holding_cost": "Store holding cost (per unit·week)",
    "demand_cv": "Demand variability (std/mean)",
}

#: The grid the winner map is drawn on.
GRID_DEMAND = np.geomspace(5.0, 2000.0, 25)
GRID_STORES = np.unique(np.round(np.geomspace(1, 150, 25)))


def _costs(long_haul_cost: float, stop_cost: float, holding_cost: float, demand_cv: float):
    return replace(
        DistributionCosts(),
        long_haul_cost=float(long_haul_cost),
        stop_cost=float(stop_cost),
        holding_cost=float(holding_cost),
        demand_cv=float(demand_cv),
    )


def distribution_model(
    demand_per_store: float = 50.0,
    stores: int = 20,
    long_haul_cost: float = 2000.0,
    stop_cost: float = 25.0,
    holding_cost: float = 0.25,
    demand_cv: float = 0.4,
):
    """The model calls of one update: the three strategies at the point, and the grid.
    Each value must lie in the explorer's range (:data:`DISTRIBUTION_RANGES`)."""
    given = {
        "demand_per_store": demand_per_store,
        "stores": stores,
        "long_haul_cost": long_haul_cost,
        "stop_cost": stop_cost,
        "holding_cost": holding_cost,
        "demand_cv": demand_cv,
    }
    checked = {n: _controls.check(n, v, DISTRIBUTION_RANGES[n]) for n, v in given.items()}
    demand_per_store, stores = checked["demand_per_store"], checked["stores"]
    long_haul_cost, stop_cost = checked["long_haul_cost"], checked["stop_cost"]
    holding_cost, demand_cv = checked["holding_cost"], checked["demand_cv"]
    costs = _costs(long_haul_cost, stop_cost, holding_cost, demand_cv)
    table = compare_strategies(demand_per_store, int(stores), costs)
    return table, _grid(long_haul_cost, stop_cost, holding_cost, demand_cv)


@_controls.memo(maxsize=256)
def _grid(long_haul_cost: float, stop_cost: float, holding_cost: float, demand_cv: float):
    """The winner grid depends only on the costs, so moving demand or stores reuses it."""
    costs = _costs(long_haul_cost, stop_cost, holding_cost, demand_cv)
    return strategy_grid(GRID_DEMAND, GRID_STORES, costs)


def distribution_figures(**values) -> tuple[plots.Chart, plots.Chart]:
    """The cost bars at the chosen point and the winner map (the explorer's redraw)."""
    table, grid = distribution_model(**values)
    chart = plots.strategy_cost_chart(table)
    winners = plots.strategy_winner_map(grid)
    ax = winners.axes[0]
    ax.plot(
        [values.get("demand_per_store", 50.0)],
        [values.get("stores", 20)],
        "o",
        ms=10,
        mfc="none",
        mec=plots.PALETTE["black"],
        mew=2,
    )
    return chart, winners


def distribution_summary(**values) -> str:
    """One line: the cheapest strategy at the chosen point, its cost and lead time."""
    table, _ = distribution_model(**values)
    best = table["cost_per_unit"].idxmin()
    return (
        f"Cheapest: {STRATEGY_LABELS[best]} at {table.loc[best, 'cost_per_unit']:,.2f} per "
        f"unit, lead time {table.loc[best, 'lead_time_days']:g} days · fastest: "
        f"{STRATEGY_LABELS[table['lead_time_days'].idxmin()]}"
    )


def distribution_explorer(**start) -> widgets.VBox:
    """Sliders for demand per store, number of stores and the main costs; the cost bars of
    the three strategies and the map of the cheapest one (the circle marks the point)."""
    values = {
        "demand_per_store": 50.0,
        "stores": 20,
        "long_haul_cost": 2000.0,
        "stop_cost": 25.0,
        "holding_cost": 0.25,
        "demand_cv": 0.4,
    }
    unknown = set(start) - set(values)
    if unknown:
        raise ValueError(f"unknown arguments {sorted(unknown)}; use {list(values)}")
    values.update(start)
    sliders = _controls.sliders(
        DISTRIBUTION_RANGES, DISTRIBUTION_LABELS, values, style=_STYLE, layout=_LAYOUT
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        v = _controls.values(sliders)
        summary.value = f"<p>{distribution_summary(**v)}</p>"
        _controls.show(out, lambda: distribution_figures(**v))

    _controls.connect(redraw, *sliders.values())
    return localize(_controls.frame([*sliders.values(), summary, out]))


# ----- Network configuration ---------------------------------------------------------------

#: Service distance slider (km); its top value means "no limit". Every value is feasible.
DISTANCE_RANGE: tuple[float, float, float] = (90.0, 300.0, 10.0)
#: Fixed cost multiplier slider.
MULTIPLIER_RANGE: tuple[float, float, float] = (0.25, 3.0, 0.25)


def network_model(max_distance_km: float = 300.0, fixed_cost_multiplier: float = 1.0):
    """Solve the location model (memoised: the MILP takes tens of milliseconds, so each
    slider position is solved once). A distance at the slider's top means no limit; each
    value must lie in the explorer's range (:data:`DISTANCE_RANGE`,
    :data:`MULTIPLIER_RANGE`)."""
    return _network_solution(
        _controls.check("max_distance_km", max_distance_km, DISTANCE_RANGE),
        _controls.check("fixed_cost_multiplier", fixed_cost_multiplier, MULTIPLIER_RANGE),
    )


@_controls.memo(maxsize=512)
def _network_solution(max_distance_km: float, fixed_cost_multiplier: float):
    """:func:`network_model` on checked values (hashable, so the cache can hold them)."""
    limit = None if max_distance_km >= DISTANCE_RANGE[1] else float(max_distance_km)
    return locate_warehouses(max_distance_km=limit, fixed_cost_multiplier=fixed_cost_multiplier)


def network_figure(max_distance_km: float = 300.0, fixed_cost_multiplier: float = 1.0):
    """The map of the optimal configuration (the explorer's redraw)."""
    from crmlab import datasets

    solution: LocationSolution = network_model(max_distance_km, fixed_cost_multiplier)
    return plots.location_map_chart(datasets.load("locations"), solution)


def network_summary(max_distance_km: float = 300.0, fixed_cost_multiplier: float = 1.0) -> str:
    """One line: the warehouses opened and the yearly costs."""
    s = network_model(max_distance_km, fixed_cost_multiplier)
    return (
        f"Open: {', '.join(s.open_warehouses)} · fixed {s.fixed_cost:,.0f} + transport "
        f"{s.transport_cost:,.0f} = {s.total_cost:,.0f} EUR a year · farthest store "
        f"{s.assignment['distance_km'].max():.0f} km"
    )


def network_explorer(
    max_distance_km: float = 300.0, fixed_cost_multiplier: float = 1.0
) -> widgets.VBox:
    """Sliders for the service distance and a multiplier on the warehouses' fixed costs;
    the optimal configuration on the map (capacitated model on the `locations` data)."""
    distance = _controls.slider(
        "max_distance_km",
        max_distance_km,
        "Service distance (km; 300 = none)",
        DISTANCE_RANGE,
        style=_STYLE,
        layout=_LAYOUT,
    )
    multiplier = _controls.slider(
        "fixed_cost_multiplier",
        fixed_cost_multiplier,
        "Fixed cost × (multiplier)",
        MULTIPLIER_RANGE,
        style=_STYLE,
        layout=_LAYOUT,
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        summary.value = f"<p>{network_summary(distance.value, multiplier.value)}</p>"
        _controls.show(out, lambda: network_figure(distance.value, multiplier.value))

    _controls.connect(redraw, distance, multiplier)
    return localize(_controls.frame([distance, multiplier, summary, out]))


# ----- The CRM–SCM closed loop --------------------------------------------------------------

#: Lead time slider (periods).
LEAD_TIME_RANGE: tuple[int, int] = (0, 8)


def closed_loop_signal(share_pos: bool, pipeline: bool) -> str:
    """The signal name for the two switches (the pipeline needs POS sharing)."""
    share_pos, pipeline = flag("share_pos", share_pos), flag("pipeline", pipeline)
    if not share_pos:
        return "orders"
    return "pos_pipeline" if pipeline else "pos"


def closed_loop_model(share_pos: bool = True, pipeline: bool = False, lead_time: int = 2):
    """Orders only against the chosen information, same demand (seed 0), 520 periods;
    ``lead_time`` within :data:`LEAD_TIME_RANGE`."""
    lead_time = _controls.check("lead_time", lead_time, LEAD_TIME_RANGE)
    chosen = closed_loop_signal(share_pos, pipeline)
    signals = ["orders"] if chosen == "orders" else ["orders", chosen]
    return compare_signals(signals, lead_time=int(lead_time))


def closed_loop_figure(share_pos: bool = True, pipeline: bool = False, lead_time: int = 2):
    """The cost bars of the chosen setting next to ordering on orders only."""
    return plots.closed_loop_chart(closed_loop_model(share_pos, pipeline, lead_time))


def closed_loop_summary(share_pos: bool = True, pipeline: bool = False, lead_time: int = 2) -> str:
    """One line comparing the chosen setting with orders only."""
    table = closed_loop_model(share_pos, pipeline, lead_time)
    base = table.loc["orders"]
    chosen = table.index[-1]
    row = table.loc[chosen]
    if chosen == "orders":
        return (
            f"{SIGNAL_LABELS['orders']}: cost {base['total_cost']:,.1f} per period, fill "
            f"rate {100 * base['fill_rate']:.1f} %"
        )
    saving = 100 * (1 - row["total_cost"] / base["total_cost"])
    return (
        f"{SIGNAL_LABELS[chosen]}: cost {row['total_cost']:,.1f} per period against "
        f"{base['total_cost']:,.1f} ({saving:.0f} % less), fill rate "
        f"{100 * row['fill_rate']:.1f} % against {100 * base['fill_rate']:.1f} %"
    )


def closed_loop_explorer(
    share_pos: bool = True, pipeline: bool = False, lead_time: int = 2
) -> widgets.VBox:
    """Switches for sharing POS data and the sales pipeline, a lead-time slider; the
    upstream stage's cost and service against ordering on the retailer's orders only."""
    lead_time = _controls.check("lead_time", lead_time, LEAD_TIME_RANGE)
    share_pos = flag("share_pos", share_pos)
    pipeline = flag("pipeline", pipeline)
    pos_box = widgets.Checkbox(value=bool(share_pos), description="Share POS data (CRM)")
    pipe_box = widgets.Checkbox(
        value=bool(pipeline), description="Share the sales pipeline", disabled=not share_pos
    )
    lead = _controls.slider(
        "lead_time",
        lead_time,
        "Production lead time (periods)",
        LEAD_TIME_RANGE,
        style=_STYLE,
        layout=_LAYOUT,
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        pipe_box.disabled = not pos_box.value
        args = (pos_box.value, pipe_box.value, lead.value)
        summary.value = f"<p>{closed_loop_summary(*args)}</p>"
        _controls.show(out, lambda: closed_loop_figure(*args))

    _controls.connect(redraw, pos_box, pipe_box, lead)
    return localize(_controls.frame([pos_box, pipe_box, lead, summary, out]))


# ----- The supply network and the key issues ---------------------------------------------


def _warehouses(open_warehouses: object) -> list[str]:
    """The warehouses in use: a non-empty list of W1 ... W7."""
    options = [f"W{k}" for k in range(1, 8)]
    chosen = sequence("open_warehouses", open_warehouses)
    if not chosen or any(not isinstance(w, str) or w not in options for w in chosen):
        raise ValueError(f"open_warehouses must be a non-empty list from {options}")
    return chosen


def supply_network_figure(open_warehouses=("W1", "W3", "W7")) -> plots.Chart:
    """The `locations` network with the chosen warehouses open (goods flows on the map)."""
    from crmlab import datasets

    open_warehouses = _warehouses(open_warehouses)
    from crmlab.scm.network import supply_network

    graph = supply_network(datasets.load("locations"), open_warehouses=list(open_warehouses))
    return plots.supply_network_chart(
        graph, title=f"The Vale supply network: {len(open_warehouses)} warehouses in use"
    )


def supply_network_summary(open_warehouses=("W1", "W3", "W7")) -> str:
    """One line: yearly transport cost and fixed cost of the warehouses in use."""
    from crmlab import datasets
    from crmlab.scm.network import supply_network, tier_summary

    open_warehouses = _warehouses(open_warehouses)

    graph = supply_network(datasets.load("locations"), open_warehouses=list(open_warehouses))
    table = tier_summary(graph)
    transport = table.loc[["plant", "warehouse"], "transport_cost_out"].sum()
    fixed = sum(graph.nodes[w].get("fixed_cost", 0.0) for w in open_warehouses)
    return (
        f"Transport plant → warehouses → stores {transport:,.0f} EUR a year · fixed cost of "
        f"the warehouses {fixed:,.0f} · together {transport + fixed:,.0f}"
    )


def supply_network_explorer(open_warehouses=("W1", "W3", "W7")) -> widgets.VBox:
    """Choose which of the seven warehouses are in use; each store is served by its
    nearest one. The map and the yearly costs redraw."""
    options = [f"W{k}" for k in range(1, 8)]
    chosen = sequence("open_warehouses", open_warehouses)
    if not chosen or any(w not in options for w in chosen):
        raise ValueError(f"open_warehouses must be a non-empty list from {options}")
    select = widgets.SelectMultiple(
        options=options,
        value=tuple(chosen),
        description="Warehouses in use",
        rows=7,
        style={"description_width": "initial"},
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        if not select.value:  # keep at least one warehouse: the model needs one
            summary.value = "<p>Select at least one warehouse.</p>"
            return
        summary.value = f"<p>{supply_network_summary(select.value)}</p>"
        _controls.show(out, lambda: supply_network_figure(select.value))

    _controls.connect(redraw, select)
    return localize(_controls.frame([select, summary, out]))


#: The seven key issues of SCM (course text; Simchi-Levi et al. 2008) and where the book
#: makes each tangible: (issue, what the model shows, notebook label or None).
KEY_ISSUES: tuple[tuple[str, str, str | None], ...] = (
    (
        "Distribution network configuration",
        "which warehouses to open and which stores each serves (crmlab.scm.location)",
        "network-configuration-notebook",
    ),
    (
        "Distribution strategy",
        "direct shipping, cross-docking and classic warehousing compared (crmlab.scm.distribution)",
        "distribution-strategies-notebook",
    ),
    (
        "Supply chain integration and strategic partnering",
        "sharing customer demand with the upstream stage (crmlab.scm.closed_loop)",
        "crm-for-scm-notebook",
    ),
    (
        "Inventory control",
        "the EOQ, safety stock and reorder policies (crmlab.scm.inventory)",
        "eoq-notebook",
    ),
    (
        "Product design",
        "postponement: delaying differentiation (crmlab.scm.postponement)",
        "postponement-notebook",
    ),
    (
        "Information technology and decision-support systems",
        "an optimisation model as decision support: the network configuration MILP",
        "network-configuration-notebook",
    ),
    (
        "Measuring customer value",
        "RFM and customer lifetime value (crmlab.crm.value)",
        "clv-notebook",
    ),
)


def key_issue_figure(issue: str) -> plots.Chart | None:
    """The default figure of the model that makes a key issue tangible (None if it has none
    in this part)."""
    from crmlab.widgets.eoq import eoq_figure

    names = [k[0] for k in KEY_ISSUES]
    if issue not in names:
        raise ValueError(f"issue must be one of {names}, got {issue!r}")
    figures = {
        names[0]: lambda: network_figure(),
        names[1]: lambda: distribution_figures()[1],
        names[2]: lambda: closed_loop_figure(),
        names[3]: lambda: eoq_figure(1200.0, 100.0, 5.0),
        names[5]: lambda: network_figure(),
    }
    return figures[issue]() if issue in figures else None


def key_issues_tour() -> widgets.VBox:
    """A drop-down of the seven key issues: what each is about and its model's figure."""
    names = [k[0] for k in KEY_ISSUES]
    pick = widgets.Dropdown(
        options=names,
        value=names[0],
        description="Key issue",
        layout=_LAYOUT,
        style={"description_width": "6em"},
    )
    text = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        issue, shows, _ = KEY_ISSUES[names.index(pick.value)]
        text.value = f"<p><b>{issue}</b>: {shows}.</p>"
        _controls.show(out, lambda: key_issue_figure(issue))

    _controls.connect(redraw, pick)
    return localize(_controls.frame([pick, text, out]))
