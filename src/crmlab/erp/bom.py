"""Multi-level bills of materials (BOMs) as a directed graph.

A bill of materials lists, for each parent item, the child items one unit of it consumes
and how many (the quantity per parent). Here it is a :class:`networkx.DiGraph` with an
edge parent → child carrying ``quantity``. End items have no parent; purchased items have
no child. The **low-level code** of an item is the deepest level at which it appears in any
product structure (end items 0); MRP plans every item once, at that level, after all its
parents (Orlicky 1975).

Every function accepts the BOM as a dict ``{parent: {child: quantity}}``, as a DataFrame
with columns ``parent, child, quantity`` (the ``bom`` dataset), or as a graph made by
:func:`bom_graph`.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import pandas as pd

from crmlab._validate import non_negative, positive

__all__ = [
    "bom_from_dataset",
    "bom_graph",
    "explode",
    "indented_bom",
    "low_level_codes",
    "where_used",
]


def bom_graph(bom: object, *, name: str = "bom") -> nx.DiGraph:
    """The BOM as a directed graph parent → child with edge attribute ``quantity``.

    Args:
        bom: ``{parent: {child: quantity}}``, a DataFrame with columns ``parent, child,
            quantity``, or a graph already made by this function. Quantities must be
            finite and > 0.
        name: the argument name used in error messages.

    Raises:
        ValueError: if the shape or a quantity is invalid, or if the BOM has a cycle (the
            message names the cycle, e.g. ``A → B → A``).
    """
    if isinstance(bom, nx.DiGraph):
        graph = bom
    else:
        graph = nx.DiGraph()
        if isinstance(bom, pd.DataFrame):
            missing = {"parent", "child", "quantity"} - set(bom.columns)
            if missing:
                raise ValueError(f"{name} must have columns parent, child, quantity")
            links = bom[["parent", "child", "quantity"]].itertuples(index=False)
        elif isinstance(bom, Mapping):
            links = []
            for parent, children in bom.items():
                if not isinstance(children, Mapping):
                    raise ValueError(
                        f"{name} must map each parent to {{child: quantity}}; "
                        f"{parent!r} maps to {children!r}"
                    )
                links.extend((parent, child, q) for child, q in children.items())
                graph.add_node(parent)
        else:
            raise ValueError(
                f"{name} must be a dict {{parent: {{child: quantity}}}} or a DataFrame "
                f"with columns parent, child, quantity, got {type(bom).__name__}"
            )
        for parent, child, q in links:
            try:
                qty = positive("quantity", q)
            except ValueError:
                raise ValueError(
                    f"{name}: the quantity of {child!r} per {parent!r} must be a finite "
                    f"number > 0, got {q!r}"
                ) from None
            if parent == child:
                raise ValueError(f"{name} contains a cycle: {parent} → {parent}")
            graph.add_edge(parent, child, quantity=qty)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return graph
    path = [u for u, _ in cycle] + [cycle[0][0]]
    raise ValueError(f"{name} contains a cycle: {' → '.join(map(str, path))}")


def bom_from_dataset(table: pd.DataFrame | None = None) -> dict[str, dict[str, float]]:
    """The ``bom`` dataset (or a table like it) as ``{parent: {child: quantity}}``."""
    if table is None:
        from crmlab.datasets import load

        table = load("bom")
    bom_graph(table, name="table")
    out: dict[str, dict[str, float]] = {}
    for parent, child, q in table[["parent", "child", "quantity"]].itertuples(index=False):
        out.setdefault(str(parent), {})[str(child)] = float(q)
    return out


def _check_item(graph: nx.DiGraph, item: object, name: str = "item") -> None:
    if item not in graph:
        raise ValueError(f"{name} {item!r} is not in the bill of materials")


def low_level_codes(bom: object) -> dict[str, int]:
    """The low-level code of every item: the deepest level at which it is used.

    End items (no parent) have code 0; a child's code is one more than the largest code of
    its parents. Returns items ordered by code, then by name.
    """
    graph = bom_graph(bom)
    code: dict = {}
    for item in nx.topological_sort(graph):
        parents = list(graph.predecessors(item))
        code[item] = 1 + max(code[p] for p in parents) if parents else 0
    return dict(sorted(code.items(), key=lambda kv: (kv[1], str(kv[0]))))


def indented_bom(bom: object, item: object, quantity: float = 1.0) -> pd.DataFrame:
    """The indented (multi-level) bill of one item, depth first as a planner reads it.

    Args:
        bom: the bill of materials.
        item: the top item (must be in the BOM).
        quantity: how many of the top item (>= 0); scales ``extended_quantity``.

    Returns:
        One row per occurrence of an item in the structure, in depth-first order:
        ``level`` (0 for the top item), ``item``, ``parent``, ``quantity_per_parent``,
        ``extended_quantity`` (units needed for ``quantity`` top items) and ``indented``
        (the item name indented by level, for display).
    """
    graph = bom_graph(bom)
    _check_item(graph, item)
    qty = non_negative("quantity", quantity)
    rows = []

    def visit(node, parent, level, per_parent, extended):
        rows.append((level, node, parent, per_parent, extended, ". " * level + str(node)))
        for child in sorted(graph.successors(node), key=str):
            q = graph.edges[node, child]["quantity"]
            visit(child, node, level + 1, q, extended * q)

    visit(item, None, 0, 1.0, qty)
    return pd.DataFrame(
        rows,
        columns=[
            "level",
            "item",
            "parent",
            "quantity_per_parent",
            "extended_quantity",
            "indented",
        ],
    )


def where_used(bom: object, item: object) -> pd.DataFrame:
    """Where an item is used: every parent above it, directly or through other items.

    Returns:
        One row per path upwards, ``level`` (1 for direct parents, 2 for their parents …),
        ``parent``, ``via`` (the item directly below that parent on the path) and
        ``quantity`` (units of ``item`` in one unit of ``parent`` along that path).
    """
    graph = bom_graph(bom)
    _check_item(graph, item)
    rows = []

    def visit(node, level, per_unit):
        for parent in sorted(graph.predecessors(node), key=str):
            q = graph.edges[parent, node]["quantity"] * per_unit
            rows.append((level, parent, node, q))
            visit(parent, level + 1, q)

    visit(item, 1, 1.0)
    return pd.DataFrame(rows, columns=["level", "parent", "via", "quantity"])


def explode(bom: object, demand: Mapping[object, float]) -> pd.Series:
    """Gross explosion: total units of every item needed to make the given end items.

    No stock, timing or lot sizes: each item's requirement is its own demand plus, for
    every parent, the parent's requirement times the quantity per parent.

    Args:
        bom: the bill of materials.
        demand: item → units wanted (>= 0); items must be in the BOM.

    Returns:
        A Series indexed by item (in low-level-code order), ``gross_requirement``.
    """
    graph = bom_graph(bom)
    if not isinstance(demand, Mapping):
        raise ValueError(f"demand must map items to units, got {type(demand).__name__}")
    need = {item: 0.0 for item in graph}
    for item, q in demand.items():
        _check_item(graph, item, "demand item")
        need[item] += non_negative(f"demand[{item!r}]", q)
    for item in nx.topological_sort(graph):
        for child in graph.successors(item):
            need[child] += need[item] * graph.edges[item, child]["quantity"]
    order = list(low_level_codes(graph))
    return pd.Series([need[i] for i in order], index=order, name="gross_requirement")
