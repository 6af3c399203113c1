"""The map of CRM and its related systems: which data flows from which system to which.

The opening chapter of the book draws this map. Its content is the table of data flows in
the part introduction (label ``crm-intro``): CRM exchanges customer records and orders
with ERP, demand signals and delivery dates with SCM, web orders and offers with
e-commerce; every system feeds business intelligence (BI), which returns segments and
scores to the CRM. Customers are outside the firm and meet it through the CRM and the web
shop. BPR is a method, not a system: it takes the event logs of the processes and returns
redesigned processes.

Three kinds of flow are distinguished (column ``kind``):

- ``"interaction"``: between the firm and its customers;
- ``"data"``: records passed between the firm's systems;
- ``"process"``: knowledge about processes (event logs in, process designs out, for BPR).

>>> from crmlab.crm.systems import data_flows
>>> len(data_flows("ERP"))
7
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = ["SYSTEMS", "data_flows", "systems", "systems_graph"]

#: The nodes of the map, each name mapped to its kind, a one-line role and an (x, y)
#: position for drawing.
SYSTEMS: dict[str, tuple[str, str, tuple[float, float]]] = {
    "CRM": (
        "system",
        "records every contact with customers and makes promises to them",
        (0.0, 0.0),
    ),
    "ERP": (
        "system",
        "plans and records the firm's resources: orders, stock, production, money",
        (2.6, -1.5),
    ),
    "SCM": (
        "system",
        "plans and runs sourcing, making and delivering along the chain of firms",
        (2.6, 0.9),
    ),
    "BI": (
        "system",
        "gathers data from all systems in a data warehouse and analyses it",
        (0.0, 2.3),
    ),
    "E-commerce": (
        "system",
        "the web shop and electronic ordering: a sales channel and a source of demand",
        (-2.6, 1.4),
    ),
    "BPR": (
        "method",
        "rethinks and redesigns the processes that run across the systems",
        (0.0, -2.4),
    ),
    "Customers": (
        "external",
        "the people and firms the whole arrangement serves",
        (-2.6, -1.2),
    ),
}

# (source, target, short label for the map, what flows, why, kind)
_FLOWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "Customers",
        "CRM",
        "enquiries, orders,\ncomplaints",
        "enquiries, orders, service requests and complaints, by phone, in store or by e-mail",
        "so that every contact is recorded and answered",
        "interaction",
    ),
    (
        "CRM",
        "Customers",
        "answers, offers",
        "answers, quotations, order confirmations, offers and service",
        "so that the customer meets one consistent face of the firm",
        "interaction",
    ),
    (
        "Customers",
        "E-commerce",
        "web visits,\norders",
        "visits, searches, registrations and orders on the web shop",
        "so that customers can buy at any time without a salesperson",
        "interaction",
    ),
    (
        "CRM",
        "ERP",
        "customer records,\nsales orders",
        "new and changed customer records; quotations and sales orders",
        "so that orders can be planned, shipped and invoiced to the right customer",
        "data",
    ),
    (
        "ERP",
        "CRM",
        "order status, stock,\ninvoices, credit",
        "order status, stock available to promise, invoices, payments, credit limits",
        "so that staff can answer the customer and make promises the firm can keep",
        "data",
    ),
    (
        "CRM",
        "SCM",
        "demand signals",
        "forecasts, point-of-sale data, promotions, customers' service requirements",
        "so that the chain plans for real demand rather than for the next stage's orders",
        "data",
    ),
    (
        "SCM",
        "CRM",
        "delivery dates,\ntracking",
        "delivery dates, shipment tracking, shortages and delays",
        "so that customers are told in time and complaints are handled with the facts",
        "data",
    ),
    (
        "ERP",
        "SCM",
        "stock, plans,\npurchase orders",
        "inventory levels, production plans, purchase orders",
        "so that replenishment and transport are planned on the current state of the firm",
        "data",
    ),
    (
        "SCM",
        "ERP",
        "replenishment,\nreceipts",
        "replenishment plans, supplier confirmations, receipts",
        "so that stock, purchasing and accounts stay correct",
        "data",
    ),
    (
        "E-commerce",
        "CRM",
        "web orders, clicks",
        "web orders, registrations, browsing and clicks, reviews",
        "so that online behaviour becomes part of the customer's history",
        "data",
    ),
    (
        "CRM",
        "E-commerce",
        "segments, offers",
        "customer segments, personalised offers, service status",
        "so that the web shop treats each customer as the firm knows them",
        "data",
    ),
    (
        "CRM",
        "BI",
        "customers,\ncontacts",
        "customer records and the history of contacts, campaigns and service",
        "so that analyses use the whole picture, not one system's view",
        "data",
    ),
    (
        "ERP",
        "BI",
        "transactions",
        "orders, invoices, payments, costs",
        "so that analyses use the whole picture, not one system's view",
        "data",
    ),
    (
        "SCM",
        "BI",
        "shipments,\nstock",
        "shipments, stock levels, lead times, service levels",
        "so that analyses use the whole picture, not one system's view",
        "data",
    ),
    (
        "E-commerce",
        "BI",
        "web orders,\nclicks",
        "web orders and browsing behaviour",
        "so that analyses use the whole picture, not one system's view",
        "data",
    ),
    (
        "BI",
        "CRM",
        "segments, scores",
        "segments, scores such as customer value or churn risk, reports",
        "so that campaigns and service priorities rest on analysis",
        "data",
    ),
    (
        "CRM",
        "BPR",
        "event logs",
        "event logs: when each step of a customer process (a request, a complaint) "
        "started and ended, and who did it",
        "so that the process as it really runs can be measured and redesigned",
        "process",
    ),
    (
        "ERP",
        "BPR",
        "event logs",
        "event logs of order handling, purchasing, production and invoicing",
        "so that the process as it really runs can be measured and redesigned",
        "process",
    ),
    (
        "BPR",
        "CRM",
        "process designs",
        "redesigned processes: steps, roles, rules and the information each step needs",
        "so that the system supports the redesigned process, not the old hand-offs",
        "process",
    ),
    (
        "BPR",
        "ERP",
        "process designs",
        "redesigned processes: steps, roles, rules and the information each step needs",
        "so that the system supports the redesigned process, not the old hand-offs",
        "process",
    ),
)

RAD_ERP_BI = 0.9
_FLOW_COLUMNS = ["source", "target", "label", "data", "purpose", "kind"]


def _system_name(system: object) -> str:
    """The map's spelling of ``system`` (matched case-insensitively), or ValueError."""
    if isinstance(system, str):
        for name in SYSTEMS:
            if name.casefold() == system.strip().casefold():
                return name
    raise ValueError(f"system must be one of {', '.join(SYSTEMS)}; got {system!r}")


def systems() -> pd.DataFrame:
    """The nodes of the map, one row each.

    Returns:
        A DataFrame indexed by ``system`` (e.g. ``"CRM"``) with columns ``kind``
        (``"system"``, ``"method"`` for BPR, ``"external"`` for the customers) and
        ``role`` (one line).
    """
    rows = [
        {"system": name, "kind": kind, "role": role} for name, (kind, role, _) in SYSTEMS.items()
    ]
    return pd.DataFrame(rows).set_index("system")


def data_flows(system: str | None = None) -> pd.DataFrame:
    """The flows of the map, one row per flow from one system to another.

    Args:
        system: if given, only the flows into or out of this system (a name of
            :data:`SYSTEMS`, any case); ``None`` gives every flow.

    Returns:
        A DataFrame with columns ``source``, ``target``, ``label`` (a short label for the
        map, possibly over two lines), ``data`` (what flows), ``purpose`` (why) and
        ``kind`` (``"interaction"``, ``"data"`` or ``"process"``), in a fixed order.

    Raises:
        ValueError: if ``system`` is not on the map.
    """
    flows = pd.DataFrame(list(_FLOWS), columns=_FLOW_COLUMNS)
    if system is None:
        return flows
    name = _system_name(system)
    keep = (flows["source"] == name) | (flows["target"] == name)
    return flows[keep].reset_index(drop=True)


def systems_graph() -> nx.DiGraph:
    """The map as a directed graph: one node per system, one edge per flow.

    Node attributes: ``kind``, ``role`` and ``pos`` (an (x, y) position for drawing, CRM
    at the centre). Edge attributes: ``label``, ``data``, ``purpose`` and ``kind``, as in
    :func:`data_flows`.
    """
    graph = nx.DiGraph(name="CRM and its related systems")
    for name, (kind, role, pos) in SYSTEMS.items():
        graph.add_node(name, kind=kind, role=role, pos=pos)
    for source, target, label, data, purpose, kind in _FLOWS:
        graph.add_edge(source, target, label=label, data=data, purpose=purpose, kind=kind)
    # A drawing hint: this arrow bends round SCM instead of crossing the CRM-SCM flows.
    graph.edges["ERP", "BI"]["rad"] = RAD_ERP_BI
    return graph
