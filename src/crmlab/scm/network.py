"""A supply network as a graph: who ships to whom, what flows back, and the SCOR processes.

A supply chain is drawn as a directed multigraph (:class:`networkx.MultiDiGraph`). Each
node is a facility with a ``tier`` (supplier, plant, warehouse, distribution centre, store)
and a position on the map. Each pair of trading partners is joined by three edges, one per
flow the book names:

* ``goods``: from the shipper to the receiver (downstream), with the yearly ``units``, the
  straight-line ``distance_km`` and the yearly ``transport_cost``;
* ``money``: from the receiver back to the shipper (upstream): payment for the goods;
* ``information``: from the receiver back to the shipper (upstream): orders, sales and
  forecasts. (Shipping notices also travel downstream; the graph keeps the direction in
  which demand information travels, which is what the CRM chapter is about.)

The five processes at the top level of the SCOR model (plan, source, make, deliver,
return; APICS 2017) are mapped onto the tiers by :func:`scor_processes`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from crmlab import _schema
from crmlab._validate import finite, finite_result, positive

#: Tiers from upstream to downstream.
TIERS: tuple[str, ...] = ("supplier", "plant", "warehouse", "distribution_centre", "store")

#: The three flows of a supply chain and the direction each travels along a trading link.
FLOWS: dict[str, str] = {
    "goods": "downstream (shipper to receiver)",
    "money": "upstream (receiver pays shipper)",
    "information": "upstream (orders, sales and forecasts go to the shipper)",
}

#: The classic top level of the SCOR model (APICS 2017), with the work each process covers.
SCOR: dict[str, str] = {
    "plan": "balance demand and supply: forecast, decide what to make, buy and move",
    "source": "buy and receive materials or goods, and pay suppliers",
    "make": "turn materials into finished products",
    "deliver": "take orders, store, pick, ship and invoice",
    "return": "take back faulty or unwanted goods, and send them back upstream",
}

#: Which SCOR processes each tier performs (plan happens everywhere).
SCOR_BY_TIER: dict[str, tuple[str, ...]] = {
    "supplier": ("plan", "make", "deliver", "return"),
    "plant": ("plan", "source", "make", "deliver", "return"),
    "warehouse": ("plan", "source", "deliver", "return"),
    "distribution_centre": ("plan", "source", "deliver", "return"),
    "store": ("plan", "source", "deliver", "return"),
}

_REQUIRED = ("location_id", "name", "type", "x_km", "y_km", "annual_demand", "capacity")


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line (Euclidean) distance between two map points (x_km, y_km), in km."""
    points = []
    for name, point in (("a", a), ("b", b)):
        if (
            isinstance(point, (str, bytes, Mapping))
            or not hasattr(point, "__len__")
            or len(point) != 2
        ):
            raise ValueError(f"{name} must be a point (x_km, y_km), got {point!r}")
        points.append((finite(f"{name}[0]", point[0]), finite(f"{name}[1]", point[1])))
    (ax, ay), (bx, by) = points
    return finite_result("the distance", math.hypot(ax - bx, ay - by), names="a, b")


def _add_link(
    graph: nx.MultiDiGraph, shipper: str, receiver: str, units: float, cost_per_unit_km: float
) -> None:
    a, b = graph.nodes[shipper], graph.nodes[receiver]
    dist = distance_km((a["x_km"], a["y_km"]), (b["x_km"], b["y_km"]))
    graph.add_edge(
        shipper,
        receiver,
        key="goods",
        flow="goods",
        units=float(units),
        distance_km=dist,
        transport_cost=float(units) * dist * cost_per_unit_km,
    )
    graph.add_edge(receiver, shipper, key="money", flow="money", units=float(units))
    graph.add_edge(receiver, shipper, key="information", flow="information", units=float(units))


def _check_locations(locations: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(locations, pd.DataFrame):
        raise ValueError("locations must be a DataFrame shaped like load('locations')")
    missing = [c for c in _REQUIRED if c not in locations.columns]
    if missing:
        raise ValueError(f"locations lacks the columns {missing}")
    _schema.check("locations", locations, _schema.LOCATIONS_MAP)
    for column in ("capacity", "fixed_cost"):  # optional columns, checked when present
        if column in locations.columns:
            _schema.check(
                "locations",
                locations,
                _schema.Table("locations", (_schema.Col(column, "number", True, minimum=0),)),
            )
    bad = set(locations["type"]) - {"plant", "warehouse", "store"}
    if bad:
        raise ValueError(f"locations: type must be plant, warehouse or store, got {sorted(bad)}")
    for kind in ("plant", "warehouse", "store"):
        if not (locations["type"] == kind).any():
            raise ValueError(f"locations must contain at least one {kind}")
    demand = pd.to_numeric(locations.loc[locations["type"] == "store", "annual_demand"])
    if demand.isna().any() or (demand < 0).any():
        raise ValueError("locations: annual_demand of every store must be a number >= 0")
    return locations


def supply_network(
    locations: pd.DataFrame | None = None,
    *,
    open_warehouses: list[str] | tuple[str, ...] | None = None,
    assignment: dict[str, str] | None = None,
    cost_per_unit_km: float = 0.05,
    inbound_cost_per_unit_km: float = 0.02,
    suppliers: int = 2,
) -> nx.MultiDiGraph:
    """Build the supply network of a ``locations`` table as a graph with three flows.

    Goods go from ``suppliers`` illustrative material suppliers (the data set does not
    model inbound supply: they are placed west of the plant and share its volume equally)
    to the plant, from the plant to each open warehouse, and from each warehouse to the
    stores it serves.

    Args:
        locations: a table shaped like ``crmlab.datasets.load("locations")`` (default: that
            table): columns ``location_id, name, type, x_km, y_km, annual_demand,
            capacity``; ``type`` is plant, warehouse or store. The first plant is used.
        open_warehouses: ids of the warehouses in use (default: all).
        assignment: store id → warehouse id (default: each store's nearest open warehouse,
            as the crow flies).
        cost_per_unit_km: transport cost per unit per km from warehouse to store (money;
            > 0). Illustrative: the data set has no transport rates.
        inbound_cost_per_unit_km: the same for supplier to plant and plant to warehouse
            (> 0; full truckloads travel cheaper per unit). The defaults match
            :func:`crmlab.scm.location.locate_warehouses`.
        suppliers: number of illustrative suppliers feeding the plant (whole, >= 1).

    Returns:
        A :class:`networkx.MultiDiGraph`. Nodes carry ``tier``, ``name``, ``x_km``,
        ``y_km`` and, where known, ``annual_demand``, ``capacity`` and ``fixed_cost``.
        Edges are keyed by flow (see the module docstring); goods edges carry ``units``
        (per year), ``distance_km`` and ``transport_cost`` (per year).

    Raises:
        ValueError: for a malformed table, an unknown warehouse or store id, a store
            assigned to a closed warehouse, or a rate that is not > 0.
    """
    from crmlab import datasets

    table = _check_locations(datasets.load("locations") if locations is None else locations)
    rate = positive("cost_per_unit_km", cost_per_unit_km)
    rate_in = positive("inbound_cost_per_unit_km", inbound_cost_per_unit_km)
    if isinstance(suppliers, bool) or not isinstance(suppliers, int) or suppliers < 1:
        raise ValueError(f"suppliers must be a whole number >= 1, got {suppliers!r}")
    plant = table[table["type"] == "plant"].iloc[0]
    warehouses = table[table["type"] == "warehouse"].set_index("location_id")
    stores = table[table["type"] == "store"].set_index("location_id")
    if open_warehouses is None:
        open_ids = list(warehouses.index)
    else:
        if isinstance(open_warehouses, (str, bytes, dict)) or not hasattr(
            open_warehouses, "__iter__"
        ):
            raise ValueError(
                f"open_warehouses must be a list of warehouse ids, got {open_warehouses!r}"
            )
        open_ids = list(open_warehouses)
        unknown = [w for w in open_ids if w not in warehouses.index]
        if unknown or not open_ids:
            raise ValueError(
                f"open_warehouses must be a non-empty list of warehouse ids from "
                f"{list(warehouses.index)}, got {open_warehouses!r}"
            )
    graph = nx.MultiDiGraph(cost_per_unit_km=rate, inbound_cost_per_unit_km=rate_in)

    def add_node(node_id: str, row: pd.Series, tier: str) -> None:
        attrs = {"tier": tier, "name": row["name"], "x_km": float(row["x_km"])}
        attrs["y_km"] = float(row["y_km"])
        for col in ("annual_demand", "capacity", "fixed_cost"):
            if col in row.index and pd.notna(row[col]):
                attrs[col] = float(row[col])
        graph.add_node(node_id, **attrs)

    add_node(plant["location_id"], plant, "plant")
    for w in open_ids:
        add_node(w, warehouses.loc[w], "warehouse")
    for s, row in stores.iterrows():
        add_node(s, row, "store")

    # Which warehouse serves each store.
    serve: dict[str, str] = {}
    for s, row in stores.iterrows():
        if assignment is not None and s in assignment:
            w = assignment[s]
            if w not in open_ids:
                raise ValueError(
                    f"assignment: store {s} is assigned to {w!r}, not an open warehouse"
                )
        else:
            w = min(
                open_ids,
                key=lambda w: distance_km(
                    (row["x_km"], row["y_km"]),
                    (warehouses.loc[w, "x_km"], warehouses.loc[w, "y_km"]),
                ),
            )
        serve[s] = w
    if assignment is not None:
        unknown = [s for s in assignment if s not in stores.index]
        if unknown:
            raise ValueError(f"assignment names unknown stores {unknown}")

    for s, w in serve.items():
        _add_link(graph, w, s, float(stores.loc[s, "annual_demand"]), rate)
    for w in open_ids:
        units = sum(float(stores.loc[s, "annual_demand"]) for s, v in serve.items() if v == w)
        _add_link(graph, plant["location_id"], w, units, rate_in)
    total = float(pd.to_numeric(stores["annual_demand"]).sum())
    for k in range(suppliers):
        node = f"V{k + 1}"
        y = float(plant["y_km"]) + (k - (suppliers - 1) / 2) * 60.0
        graph.add_node(
            node,
            tier="supplier",
            name=f"Supplier {k + 1}",
            x_km=float(plant["x_km"]) - 25.0,
            y_km=y,
        )
        _add_link(graph, node, plant["location_id"], total / suppliers, rate_in)
    return graph


def example_network() -> nx.MultiDiGraph:
    """A small schematic chain with all five tiers, for drawing the three flows.

    Two suppliers feed one plant; the plant ships to a central warehouse, which feeds two
    distribution centres, each serving two stores (20 units a week per store). Positions
    are schematic (tiers in columns, ``x_km`` and ``y_km`` are layout coordinates, not a
    map) and the transport rate is 0.05 per unit per km: illustrative numbers.
    """
    graph = nx.MultiDiGraph(cost_per_unit_km=0.05)
    layout = {
        "Supplier A": ("supplier", 0, 2.5),
        "Supplier B": ("supplier", 0, 0.5),
        "Plant": ("plant", 1, 1.5),
        "Warehouse": ("warehouse", 2, 1.5),
        "DC North": ("distribution_centre", 3, 2.5),
        "DC South": ("distribution_centre", 3, 0.5),
        "Store 1": ("store", 4, 3.0),
        "Store 2": ("store", 4, 2.0),
        "Store 3": ("store", 4, 1.0),
        "Store 4": ("store", 4, 0.0),
    }
    for node, (tier, x, y) in layout.items():
        graph.add_node(node, tier=tier, name=node, x_km=100.0 * x, y_km=100.0 * y)
    store_demand = 20.0
    for dc, stores in (("DC North", ("Store 1", "Store 2")), ("DC South", ("Store 3", "Store 4"))):
        for s in stores:
            graph.nodes[s]["annual_demand"] = store_demand
            _add_link(graph, dc, s, store_demand, 0.05)
        _add_link(graph, "Warehouse", dc, 2 * store_demand, 0.05)
    _add_link(graph, "Plant", "Warehouse", 4 * store_demand, 0.05)
    for sup in ("Supplier A", "Supplier B"):
        _add_link(graph, sup, "Plant", 2 * store_demand, 0.05)
    return graph


def flows_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """All edges of a supply network as a table.

    Returns:
        One row per edge, columns ``source, target, flow, source_tier, target_tier, units,
        distance_km, transport_cost`` (the last two only for goods; NaN otherwise).
    """
    if not isinstance(graph, nx.MultiDiGraph):
        raise ValueError("graph must be a networkx.MultiDiGraph from supply_network()")
    rows = []
    for u, v, data in graph.edges(data=True):
        rows.append(
            {
                "source": u,
                "target": v,
                "flow": data.get("flow"),
                "source_tier": graph.nodes[u].get("tier"),
                "target_tier": graph.nodes[v].get("tier"),
                "units": data.get("units", float("nan")),
                "distance_km": data.get("distance_km", float("nan")),
                "transport_cost": data.get("transport_cost", float("nan")),
            }
        )
    return pd.DataFrame(rows)


def tier_summary(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Goods flow and transport cost by tier.

    Returns:
        Indexed by the tiers present (upstream first), columns ``nodes``, ``units_in`` and
        ``units_out`` (goods per year received and shipped by the tier), and
        ``transport_cost_out`` (yearly transport cost of the goods the tier ships).
    """
    edges = flows_table(graph)
    goods = edges[edges["flow"] == "goods"]
    rows = {}
    for tier in TIERS:
        nodes = [n for n, t in graph.nodes(data="tier") if t == tier]
        if not nodes:
            continue
        rows[tier] = {
            "nodes": len(nodes),
            "units_in": float(goods.loc[goods["target_tier"] == tier, "units"].sum()),
            "units_out": float(goods.loc[goods["source_tier"] == tier, "units"].sum()),
            "transport_cost_out": float(
                goods.loc[goods["source_tier"] == tier, "transport_cost"].sum()
            ),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def scor_processes(graph: nx.MultiDiGraph | None = None) -> pd.DataFrame:
    """The five SCOR processes mapped onto a supply network's tiers.

    Args:
        graph: a network from :func:`supply_network` or :func:`example_network` (default:
            :func:`example_network`).

    Returns:
        Indexed by process (plan, source, make, deliver, return), columns ``covers`` (what
        the process does), ``tiers`` (the tiers of the graph that perform it, upstream
        first), ``nodes`` (how many facilities) and ``flows`` (the flows it mainly moves).
    """
    g = example_network() if graph is None else graph
    if not isinstance(g, nx.MultiDiGraph):
        raise ValueError("graph must be a networkx.MultiDiGraph from supply_network()")
    flows = {
        "plan": "information",
        "source": "goods in, money and orders out",
        "make": "goods (transformed)",
        "deliver": "goods out, money and orders in",
        "return": "goods back upstream, money (refunds) downstream",
    }
    tiers = [t for t in TIERS if any(tt == t for _, tt in g.nodes(data="tier"))]
    rows = {}
    for process, covers in SCOR.items():
        doing = [t for t in tiers if process in SCOR_BY_TIER[t]]
        count = sum(1 for _, t in g.nodes(data="tier") if t in doing)
        rows[process] = {
            "covers": covers,
            "tiers": ", ".join(t.replace("_", " ") for t in doing),
            "nodes": count,
            "flows": flows[process],
        }
    return pd.DataFrame.from_dict(rows, orient="index")
