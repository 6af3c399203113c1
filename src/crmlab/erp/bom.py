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

import math
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from crmlab._validate import non_negative, positive

__all__ = [
    "MAX_BOM_DEPTH",
    "MAX_QUANTITY_PER_PARENT",
    "MAX_STRUCTURE_ROWS",
    "bom_from_dataset",
    "bom_graph",
    "explode",
    "indented_bom",
    "low_level_codes",
    "where_used",
]


#: The deepest BOM accepted (levels below the end item). Real products have a dozen levels
#: at most; the bound keeps every function answering in seconds.
MAX_BOM_DEPTH = 1_000
#: The most rows :func:`indented_bom` and :func:`where_used` list. Each row is one path
#: through the structure, and a lattice of shared sub-assemblies has exponentially many
#: paths (2**30 for 30 levels of two parents each), so a larger listing is refused.
MAX_STRUCTURE_ROWS = 100_000
#: The largest quantity of a child per parent on one BOM line (repeated lines summed).
#: Real lines hold units, metres or grams, far below it; the bound keeps requirements
#: exploded through several levels finite (1e308 per line would overflow to inf).
MAX_QUANTITY_PER_PARENT = 1e6


def bom_graph(bom: object, *, name: str = "bom") -> nx.DiGraph:
    """The BOM as a directed graph parent → child with edge attribute ``quantity``.

    Args:
        bom: ``{parent: {child: quantity}}``, a DataFrame with columns ``parent, child,
            quantity``, or a graph already made by this function. Quantities must be
            finite, > 0 and at most :data:`MAX_QUANTITY_PER_PARENT`. A (parent, child)
            line given twice (possible in a table) counts once with the quantities
            summed, as in the Enterprise's BOM.
        name: the argument name used in error messages.

    Raises:
        ValueError: if the shape or a quantity is invalid, if the BOM has a cycle (the
            message names the cycle, e.g. ``A → B → A``) or is deeper than
            :data:`MAX_BOM_DEPTH` levels.
    """
    if isinstance(bom, nx.DiGraph):
        graph = bom
    else:
        graph = nx.DiGraph()
        if isinstance(bom, pd.DataFrame):
            missing = {"parent", "child", "quantity"} - set(bom.columns)
            if missing:
                raise ValueError(
                    f"{name} must have columns parent, child, quantity; missing "
                    f"{', '.join(sorted(missing))}"
                )
            for column in ("parent", "child"):
                if bom[column].isna().any():
                    raise ValueError(f"{name} column {column} has an empty cell")
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
            if graph.has_edge(parent, child):  # a repeated line: the quantities add up
                qty += graph.edges[parent, child]["quantity"]
                if not math.isfinite(qty):
                    raise ValueError(f"{name}: the quantity of {child!r} per {parent!r} overflows")
            if qty > MAX_QUANTITY_PER_PARENT:
                raise ValueError(
                    f"{name}: the quantity of {child!r} per {parent!r} is {qty:g}; at most "
                    f"MAX_QUANTITY_PER_PARENT = {MAX_QUANTITY_PER_PARENT:g}"
                )
            graph.add_edge(parent, child, quantity=qty)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        depth = nx.dag_longest_path_length(graph) if graph.number_of_edges() else 0
        if depth > MAX_BOM_DEPTH:
            raise ValueError(
                f"{name} is {depth} levels deep; at most MAX_BOM_DEPTH = {MAX_BOM_DEPTH}"
            ) from None
        return graph
    path = [u for u, _ in cycle] + [cycle[0][0]]
    raise ValueError(f"{name} contains a cycle: {' → '.join(map(str, path))}")


def bom_from_dataset(table: pd.DataFrame | None = None) -> dict[str, dict[str, float]]:
    """The ``bom`` dataset (or a table like it) as ``{parent: {child: quantity}}``.

    A line given twice counts once with the quantities summed (as in :func:`bom_graph`).
    """
    if table is None:
        from crmlab.datasets import load

        table = load("bom")
    graph = bom_graph(table, name="table")
    out: dict[str, dict[str, float]] = {}
    for parent, child, q in graph.edges(data="quantity"):
        out.setdefault(str(parent), {})[str(child)] = float(q)
    return out


def _check_item(graph: nx.DiGraph, item: object, name: str = "item") -> None:
    if item not in graph:
        raise ValueError(f"{name} {item!r} is not in the bill of materials (bom)")


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
    # Depth first with an explicit stack (a deep chain would overflow Python's recursion).
    stack = [(item, None, 0, 1.0, qty)]
    while stack:
        node, parent, level, per_parent, extended = stack.pop()
        if len(rows) >= MAX_STRUCTURE_ROWS:
            raise ValueError(
                f"the indented bill of {item!r} in bom has more than MAX_STRUCTURE_ROWS = "
                f"{MAX_STRUCTURE_ROWS} rows (shared sub-assemblies repeat); use explode"
            )
        if not math.isfinite(extended):
            raise ValueError(f"quantity {quantity!r} overflows through the bom")
        rows.append((level, node, parent, per_parent, extended, ". " * level + str(node)))
        children = sorted(graph.successors(node), key=str)
        for child in reversed(children):
            q = graph.edges[node, child]["quantity"]
            stack.append((child, node, level + 1, q, extended * q))
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

    # Depth first with an explicit stack (no recursion limit), in the order a recursive
    # walk lists them: each parent, then that parent's own parents, then the next parent.
    def parents_of(node: object, level: int, per_unit: float) -> list[tuple]:
        return [
            (level, parent, node, graph.edges[parent, node]["quantity"] * per_unit)
            for parent in sorted(graph.predecessors(node), key=str)
        ]

    stack = parents_of(item, 1, 1.0)[::-1]
    while stack:
        if len(rows) >= MAX_STRUCTURE_ROWS:
            raise ValueError(
                f"the where-used list of {item!r} in bom has more than MAX_STRUCTURE_ROWS = "
                f"{MAX_STRUCTURE_ROWS} rows (shared sub-assemblies repeat)"
            )
        row = stack.pop()
        rows.append(row)
        stack.extend(parents_of(row[1], row[0] + 1, row[3])[::-1])
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
    if not all(math.isfinite(need[i]) for i in order):
        raise ValueError("demand and the bom quantities are too large: requirements overflow")
    return pd.Series([need[i] for i in order], index=order, name="gross_requirement")
