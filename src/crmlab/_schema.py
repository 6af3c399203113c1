"""Declared schemas of the DataFrames the models take, and the one check that applies them.

Each kind of table (routings, work centres, locations, CRM and ERP customers ...) is
declared once as a :class:`Table`: its columns, what each holds (text, number, whole
number, date), whether a cell may be empty, a lower bound, and which columns must be
unique. :func:`check` raises ``ValueError`` naming the argument and the column, so a NaN
cost, a duplicated warehouse id or an integer where a date belongs is refused before it
turns into a wrong number.

Why not pandera: it would bring a large dependency (and its own error types) to a
teaching package whose tables have a handful of columns; a few dozen lines do the same
checks and keep the user-facing error a plain ``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

KINDS = ("text", "number", "whole", "date", "bool")

#: The most hours one routing operation may take (setup, or run time per unit): about a
#: century, far above any real operation; it keeps loads and costs finite.
MAX_HOURS = 1e6
#: The largest coordinate (km) of a location, either sign: 25 times the Earth's
#: circumference; it keeps distances and transport costs finite.
MAX_KM = 1e6
#: The largest amount of money per unit a cost table may hold (a quadrillion); it keeps
#: plan values, which multiply it by quantities, finite.
MAX_MONEY = 1e15
#: The largest quantity one cell of a rows × periods table may hold (a trillion units):
#: sums and products of such tables then stay finite.
MAX_QUANTITY = 1e12


@dataclass(frozen=True)
class Col:
    """One declared column: ``kind`` is text, number (finite real), whole, date or bool."""

    name: str
    kind: str = "text"
    nullable: bool = False
    minimum: float | None = None  # numbers: the smallest value allowed
    positive: bool = False  # numbers: strictly greater than minimum
    maximum: float | None = None  # numbers: the largest value allowed


@dataclass(frozen=True)
class Table:
    """A declared table: columns checked in order, columns whose values must be unique.

    ``others``, if given, is the rule for every column the table does not name (a table
    with one column per period or per market); ``key`` are columns whose values together
    name a row once; ``rows`` are row labels (index values) the table must have, each
    once; ``min_rows`` and ``max_rows`` bound its length.
    """

    name: str
    columns: tuple[Col, ...]
    unique: tuple[str, ...] = ()
    others: Col | None = None
    key: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    min_rows: int = 0
    max_rows: int | None = None

    def describe(self) -> str:
        """One line per column, as shown in the API reference."""
        parts = []
        for c in self.columns:
            rule = c.kind
            if c.minimum is not None:
                rule += f" {'>' if c.positive else '>='} {c.minimum:g}"
            if c.maximum is not None:
                rule += f" and <= {c.maximum:g}"
            if c.nullable:
                rule += ", may be empty"
            if c.name in self.unique:
                rule += ", unique"
            parts.append(f"``{c.name}`` ({rule})")
        if self.others is not None:
            parts.append(f"every other column ({self.others.kind})")
        if self.key:
            parts.append("one row per " + ", ".join(f"``{k}``" for k in self.key))
        if self.rows:
            parts.append("rows " + ", ".join(f"``{r}``" for r in self.rows))
        if self.min_rows:
            parts.append(f"at least {self.min_rows} row{'s' if self.min_rows > 1 else ''}")
        if self.max_rows is not None:
            parts.append(f"at most {self.max_rows:,} rows")
        return "; ".join(parts)


def check(argument: str, frame: object, table: Table) -> pd.DataFrame:
    """Return ``frame`` if it matches ``table``; else raise ``ValueError`` naming
    ``argument`` and the offending column."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(
            f"{argument} must be a pandas DataFrame with columns "
            f"{[c.name for c in table.columns]}, got {type(frame).__name__}"
        )
    missing = [c.name for c in table.columns if c.name not in frame.columns]
    if missing:
        raise ValueError(f"{argument} lacks the columns {missing} (a {table.name} table)")
    absent = [r for r in table.rows if r not in frame.index]
    if absent:
        raise ValueError(f"{argument} lacks the rows {absent} (a {table.name} table)")
    if table.rows and frame.index.duplicated().any():
        repeated = frame.index[frame.index.duplicated()][0]
        raise ValueError(f"{argument} must name each row once; {repeated!r} repeats")
    if len(frame) < table.min_rows:
        raise ValueError(
            f"{argument} must hold at least {table.min_rows} row(s) (a {table.name} table), "
            f"got {len(frame)}"
        )
    if table.max_rows is not None and len(frame) > table.max_rows:
        raise ValueError(
            f"{argument} may hold at most {table.max_rows:,} rows (a {table.name} table), "
            f"got {len(frame):,}"
        )
    columns = list(table.columns)
    if table.others is not None:
        named = {c.name for c in table.columns}
        columns += [replace(table.others, name=c) for c in frame.columns if c not in named]
    for col in columns:
        values = frame[col.name]
        empty = values.isna()
        if empty.any() and not col.nullable:
            row = int(np.flatnonzero(empty.to_numpy())[0])
            raise ValueError(f"{argument} column {col.name} has an empty cell in row {row + 1}")
        present = values[~empty]
        if col.kind in ("number", "whole"):
            if pd.api.types.is_bool_dtype(present) or not (
                pd.api.types.is_numeric_dtype(present)
                or all(
                    isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
                    for v in present
                )
            ):
                raise ValueError(f"{argument} column {col.name} must hold numbers")
            x = present.to_numpy(dtype=float)
            if not np.isfinite(x).all():
                raise ValueError(f"{argument} column {col.name} must hold finite numbers")
            if col.kind == "whole" and not (x == np.round(x)).all():
                raise ValueError(f"{argument} column {col.name} must hold whole numbers")
            if col.minimum is not None:
                bad = x <= col.minimum if col.positive else x < col.minimum
                if bad.any():
                    sign = ">" if col.positive else ">="
                    raise ValueError(
                        f"{argument} column {col.name} must be {sign} {col.minimum:g}, "
                        f"got {x[bad][0]!r}"
                    )
            if col.maximum is not None and (x > col.maximum).any():
                raise ValueError(
                    f"{argument} column {col.name} must be <= {col.maximum:g}, "
                    f"got {x[x > col.maximum][0]!r}"
                )
        elif col.kind == "bool":
            if not all(isinstance(v, (bool, np.bool_)) for v in present):
                raise ValueError(f"{argument} column {col.name} must hold True or False")
        elif col.kind == "date":
            if pd.api.types.is_numeric_dtype(present) or pd.api.types.is_bool_dtype(present):
                raise ValueError(
                    f"{argument} column {col.name} must hold dates or ISO date strings, not numbers"
                )
            try:
                pd.to_datetime(present)
            except (ValueError, TypeError):
                raise ValueError(
                    f"{argument} column {col.name} holds values that are not dates"
                ) from None
    if table.key and frame.duplicated(list(table.key)).any():
        row = frame[frame.duplicated(list(table.key))].iloc[0]
        raise ValueError(
            f"{argument} must hold one row per {', '.join(table.key)}; "
            f"{tuple(row[k] for k in table.key)!r} appears more than once"
        )
    for name in table.unique:
        dup = frame[name].duplicated()
        if dup.any():
            raise ValueError(
                f"{argument} column {name} must be unique; "
                f"{frame[name][dup].iloc[0]!r} appears more than once"
            )
    return frame


def quantities(
    argument: str, frame: object, what: str, maximum: float | None = None
) -> pd.DataFrame:
    """Return ``frame`` if it is a DataFrame of finite numbers >= 0 (and <= ``maximum``,
    if given) (rows × periods), with unique row labels; else raise ``ValueError`` naming
    ``argument`` and the bad column."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{argument} must be a DataFrame {what}, got {type(frame).__name__}")
    if frame.index.duplicated().any():
        repeated = frame.index[frame.index.duplicated()][0]
        raise ValueError(f"{argument} must name each row once; {repeated!r} repeats")
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            raise ValueError(f"{argument} column {column} must hold numbers")
        x = values.to_numpy(dtype=float)
        if not np.isfinite(x).all() or (x < 0).any():
            raise ValueError(f"{argument} column {column} must hold finite numbers >= 0")
        if maximum is not None and (x > maximum).any():
            raise ValueError(f"{argument} column {column} must hold numbers <= {maximum:g}")
    return frame


#: ``routings``: one row per operation of an item (crmlab.erp.capacity, costing).
ROUTINGS = Table(
    "routings",
    (
        Col("item_id"),
        Col("work_centre"),
        Col("setup_hours", "number", minimum=0, maximum=MAX_HOURS),
        Col("run_hours", "number", minimum=0, maximum=MAX_HOURS),
    ),
)
#: ``work_centres`` for capacity planning.
WORK_CENTRE_CAPACITY = Table(
    "work centres",
    (Col("work_centre"), Col("capacity_hours_per_week", "number", minimum=0)),
    unique=("work_centre",),
)
#: ``work_centres`` for costing.
WORK_CENTRE_RATES = Table(
    "work centres",
    (
        Col("work_centre"),
        Col("labour_rate", "number", minimum=0),
        Col("overhead_rate", "number", minimum=0),
    ),
    unique=("work_centre",),
)
#: ``locations`` (crmlab.scm.location, network): one row per plant, warehouse, store.
LOCATIONS = Table(
    "locations",
    (
        Col("location_id"),
        Col("type"),
        Col("x_km", "number", minimum=-MAX_KM, maximum=MAX_KM),
        Col("y_km", "number", minimum=-MAX_KM, maximum=MAX_KM),
        Col("annual_demand", "number", nullable=True, minimum=0),
        Col("capacity", "number", nullable=True, minimum=0),
        Col("fixed_cost", "number", nullable=True, minimum=0),
    ),
    unique=("location_id",),
)
#: ``locations`` as the network map reads them: the same columns but the fixed costs.
LOCATIONS_MAP = Table(
    "locations",
    tuple(c for c in LOCATIONS.columns if c.name != "fixed_cost"),
    unique=LOCATIONS.unique,
)
#: CRM customers (crmlab.crm.matching): ids unique.
CRM_CUSTOMERS = Table("CRM customers", (Col("customer_id"),), unique=("customer_id",))
#: ERP customers (crmlab.crm.matching): numbers unique.
ERP_CUSTOMERS = Table("ERP customers", (Col("erp_customer_no"),), unique=("erp_customer_no",))
#: ERP customers for golden records: also the creation date, terms and credit limit.
ERP_CUSTOMERS_FULL = Table(
    "ERP customers",
    (
        Col("erp_customer_no"),
        Col("created_date", "date"),
        Col("payment_terms", nullable=True),
        Col("credit_limit", "number", nullable=True, minimum=0),
    ),
    unique=("erp_customer_no",),
)

#: The result of :func:`crmlab.crm.value.rfm`, as :func:`crmlab.crm.value.segment_summary` reads it.
RFM_TABLE = Table(
    "RFM",
    (
        Col("segment"),
        Col("recency", "number", minimum=0),
        Col("frequency", "number", minimum=0),
        Col("monetary", "number"),
    ),
)
#: The result of :func:`crmlab.crm.value.abc_analysis`, as
#: :func:`crmlab.crm.value.abc_summary` reads it.
ABC_TABLE = Table("ABC", (Col("abc_class"), Col("revenue", "number")))
#: An item master (the ``products`` dataset) as costing and lot sizing read it.
PRODUCTS = Table(
    "products",
    (Col("item_id"), Col("standard_cost", "number", nullable=True, minimum=0)),
    unique=("item_id",),
)
#: An item master with its lot-sizing rule and lot size.
PRODUCTS_LOTS = Table(
    "products",
    (
        Col("item_id"),
        Col("lot_size_rule"),
        Col("lot_size", "number", nullable=True, minimum=0, positive=True),
    ),
    unique=("item_id",),
)
#: Unit costs as returned by :func:`crmlab.erp.costing.cost_rollup`.
UNIT_COSTS = Table(
    "unit costs",
    (
        Col("unit_cost", "number", minimum=0, maximum=MAX_MONEY),
        Col("own_labour", "number", minimum=0, maximum=MAX_MONEY),
        Col("own_overhead", "number", minimum=0, maximum=MAX_MONEY),
    ),
)
#: A directly-follows graph as returned by :func:`crmlab.bpr.discovery.directly_follows`.
DFG = Table(
    "directly-follows",
    (
        Col("source"),
        Col("target"),
        Col("frequency", "whole", minimum=0),
        Col("mean_wait", "number"),
        Col("handoff", "bool"),
    ),
)

# ----- The tables the charts of crmlab.plots draw (each a model's result) -----------------

#: The largest number a chart's table may hold (either sign): far above any quantity,
#: time or amount of money the book draws; it keeps axis limits and sums finite.
MAX_PLOT = 1e15
#: The most rows a chart's table of bars, cells or boxes may hold: more than a chart of
#: the book's width can show (and than it can draw in seconds).
MAX_PLOT_ROWS = 5_000
#: The most rows a line chart's table may hold (the points of its lines): as many as
#: :data:`crmlab.scm.inventory.MAX_POINTS`.
MAX_LINE_ROWS = 1_000_000


def _n(name: str, minimum: float | None = None, *, whole: bool = False, **rules) -> Col:
    """A plotted number column: finite, within ±MAX_PLOT (and >= ``minimum``)."""
    return Col(
        name,
        "whole" if whole else "number",
        minimum=-MAX_PLOT if minimum is None else minimum,
        maximum=rules.pop("maximum", MAX_PLOT),
        **rules,
    )


def _chart(name: str, *columns: Col, **rules) -> Table:
    """A chart's input table: at least one row, at most MAX_PLOT_ROWS."""
    rules.setdefault("min_rows", 1)
    rules.setdefault("max_rows", MAX_PLOT_ROWS)
    return Table(name, columns, **rules)


#: A directly-follows graph's nodes, as :func:`crmlab.plots.dfg_chart` reads them from
#: :func:`crmlab.bpr.discovery.dfg_graph` (one row per node).
DFG_NODES = Table(
    "directly-follows nodes",
    (Col("activity"), _n("frequency", 0, whole=True), _n("layer", whole=True)),
    min_rows=1,
    max_rows=MAX_PLOT_ROWS,
)
#: Every edge of a directly-follows graph, the start and end edges included.
DFG_EDGE_COUNTS = Table(
    "directly-follows edges",
    (Col("source"), Col("target"), _n("frequency", 0, whole=True)),
    max_rows=MAX_PLOT_ROWS,
)

# SCM (crmlab.plots.scm)
#: :func:`crmlab.scm.inventory.eoq_curve`, for :func:`crmlab.plots.eoq_cost_chart`.
EOQ_CURVE = _chart(
    "EOQ curve",
    _n("order_quantity", 0),
    _n("ordering_cost", 0),
    _n("holding_cost", 0),
    _n("total_cost", 0),
    max_rows=MAX_LINE_ROWS,
)
#: :func:`crmlab.scm.inventory.eoq_inventory_path`, for
#: :func:`crmlab.plots.inventory_sawtooth_chart`.
EOQ_PATH = _chart("inventory path", _n("time", 0), _n("on_hand", 0), max_rows=MAX_LINE_ROWS)
#: A policy simulation's history (:mod:`crmlab.scm.policies`), for
#: :func:`crmlab.plots.inventory_policy_chart`.
POLICY_HISTORY = _chart(
    "policy history",
    _n("period", whole=True),
    _n("demand", 0),
    _n("filled", 0),
    _n("on_hand", 0),
    _n("order", 0),
    _n("position"),
    _n("backlog", 0),
    Col("stockout", "bool"),
    max_rows=MAX_LINE_ROWS,
)
#: Safety stock by service level, one further column per curve, for
#: :func:`crmlab.plots.safety_stock_curve_chart`.
SAFETY_STOCK_CURVE = _chart(
    "safety-stock curve",
    _n("service_level", 0, positive=True, maximum=1),
    others=_n("curve"),
    max_rows=MAX_LINE_ROWS,
)
#: :func:`crmlab.scm.pooling.risk_pooling`, for :func:`crmlab.plots.risk_pooling_chart`.
RISK_POOLING = _chart(
    "risk pooling",
    _n("safety_stock", 0),
    rows=("centralized",),
    unique=(),
)
#: :func:`crmlab.scm.pooling.pooling_curve`, for :func:`crmlab.plots.pooling_correlation_chart`.
POOLING_CURVE = _chart(
    "pooling curve",
    _n("correlation", -1, maximum=1),
    _n("centralized", 0),
    _n("decentralized", 0),
    max_rows=MAX_LINE_ROWS,
)
#: :func:`crmlab.scm.postponement.postponement_curve`, for
#: :func:`crmlab.plots.postponement_chart`.
POSTPONEMENT_CURVE = _chart(
    "postponement curve",
    _n("variants", 1, whole=True),
    _n("without", 0),
    _n("with", 0),
    _n("saving"),
    max_rows=MAX_LINE_ROWS,
)
#: :func:`crmlab.scm.bullwhip.bullwhip_table`, for :func:`crmlab.plots.bullwhip_bound_chart`.
BULLWHIP_TABLE = _chart(
    "bullwhip",
    _n("lead_time", 0, whole=True),
    _n("window", 1, whole=True),
    _n("ratio", 0),
    _n("bound", 0),
)
#: :func:`crmlab.scm.distribution.compare_strategies`, for
#: :func:`crmlab.plots.strategy_cost_chart`.
STRATEGY_COMPARISON = _chart(
    "strategy comparison",
    _n("total", 0),
    _n("cost_per_unit", 0),
    _n("lead_time_days", 0),
    _n("transport", 0),
    _n("handling", 0),
    _n("cycle_stock", 0),
    _n("safety_stock", 0),
)
#: :func:`crmlab.scm.distribution.strategy_grid`, for :func:`crmlab.plots.strategy_winner_map`.
STRATEGY_GRID = _chart(
    "strategy grid",
    _n("demand_per_store", 0, positive=True),
    _n("stores", 0, positive=True),
    Col("winner"),
    key=("demand_per_store", "stores"),
)
#: :func:`crmlab.scm.closed_loop.compare_signals`, for
#: :func:`crmlab.plots.closed_loop_chart`.
CLOSED_LOOP_COMPARISON = _chart(
    "closed-loop comparison",
    _n("holding_cost", 0),
    _n("backorder_cost", 0),
    _n("fill_rate", 0, maximum=1),
    _n("cycle_service_level", 0, maximum=1),
)

# ERP (crmlab.plots.erp)
#: :func:`crmlab.erp.bom.indented_bom`, for :func:`crmlab.plots.bom_tree_chart`.
INDENTED_BOM = _chart(
    "indented BOM",
    _n("level", 0, whole=True, maximum=1000),
    Col("item"),
    _n("quantity_per_parent", 0),
)
#: An MRP record (:meth:`crmlab.erp.mrp.MRPPlan.record`): one row per line, one column
#: per period, for :func:`crmlab.plots.mrp_record_chart`.
MRP_RECORD = _chart(
    "MRP record",
    others=_n("period"),
    rows=(
        "gross_requirements",
        "projected_on_hand",
        "planned_order_receipts",
        "planned_order_releases",
    ),
)
#: A capacity report (:func:`crmlab.erp.capacity.capacity_report`), for
#: :func:`crmlab.plots.load_capacity_chart` and :func:`crmlab.plots.utilisation_heatmap`.
CAPACITY_REPORT = _chart(
    "capacity report",
    Col("work_centre"),
    _n("period", whole=True),
    _n("load_hours", 0),
    _n("capacity_hours", 0),
    _n("utilisation", 0),
    _n("overload_hours", 0),
    key=("work_centre", "period"),
)
#: :func:`crmlab.erp.costing.cost_rollup`, for :func:`crmlab.plots.cost_rollup_chart`.
COST_ROLLUP = _chart(
    "cost roll-up",
    _n("unit_cost", 0),
    _n("material", 0),
    _n("labour", 0),
    _n("overhead", 0),
)
#: :func:`crmlab.erp.costing.plan_value`, for :func:`crmlab.plots.plan_money_chart`.
PLAN_MONEY = _chart(
    "plan value",
    _n("purchase_spend", 0),
    _n("production_cost", 0),
    _n("inventory_value", 0),
)
#: :meth:`crmlab.erp.Enterprise.document_flow`, for :func:`crmlab.plots.document_flow_chart`.
DOCUMENT_FLOW = _chart(
    "document flow",
    Col("doc_id"),
    Col("doc_type"),
    _n("level", 0, whole=True, maximum=1000),
    Col("predecessor", nullable=True),
    Col("amount", "number", nullable=True, minimum=-MAX_PLOT, maximum=MAX_PLOT),
    unique=("doc_id",),
)

# BPR (crmlab.plots.bpr)
#: :func:`crmlab.bpr.redesign.compare_designs`, for :func:`crmlab.plots.time_split_chart`.
TIME_SPLIT = _chart("designs", _n("mean_work_time", 0), _n("mean_wait_time", 0))
#: :func:`crmlab.bpr.redesign.compare_designs`, for
#: :func:`crmlab.plots.design_comparison_chart`.
DESIGN_COMPARISON = _chart(
    "designs",
    _n("mean_cycle_time", 0),
    _n("p90_cycle_time", 0),
    _n("cost_per_case", 0),
    _n("service_level", 0, maximum=1),
)

# CRM (crmlab.plots.crm)
#: :func:`crmlab.crm.value.segment_summary`, for :func:`crmlab.plots.rfm_segment_chart`.
SEGMENT_SHARES = _chart(
    "segment summary",
    _n("share_of_customers", 0, maximum=1),
    _n("share_of_revenue", -MAX_PLOT),
)
#: :func:`crmlab.crm.value.customer_pyramid` without its ``Inactive`` tier, for
#: :func:`crmlab.plots.customer_pyramid_chart`.
PYRAMID = _chart(
    "customer pyramid",
    _n("share_of_customers", 0, maximum=1),
    _n("share_of_revenue", -MAX_PLOT),
)
#: :func:`crmlab.crm.value.pareto_curve`, for :func:`crmlab.plots.pareto_chart`.
PARETO_CURVE = _chart(
    "Pareto curve", _n("customer_share", 0, maximum=1), _n("revenue_share", -MAX_PLOT)
)
#: :func:`crmlab.crm.value.cohort_retention`: one row per cohort, one column per period,
#: for :func:`crmlab.plots.cohort_heatmap_chart`.
COHORT_TABLE = _chart(
    "cohort retention",
    others=Col("period", "number", nullable=True, minimum=0, maximum=1),
)
#: :func:`crmlab.crm.value.retention_curve`, for :func:`crmlab.plots.retention_curve_chart`.
RETENTION_CURVE = _chart("retention curve", _n("share", 0, maximum=1), max_rows=MAX_LINE_ROWS)
#: A CLV grid (retention × discount), for :func:`crmlab.plots.clv_sensitivity_chart`.
CLV_GRID = _chart(
    "CLV grid",
    _n("retention", 0, maximum=1),
    _n("discount", 0),
    _n("clv"),
    max_rows=MAX_LINE_ROWS,
)
#: :func:`crmlab.crm.value.clv_by_period`, for :func:`crmlab.plots.clv_period_chart`.
CLV_PERIODS = _chart("CLV by period", _n("present_value"), _n("cumulative_clv"))
#: :func:`crmlab.crm.matching.precision_recall`, for :func:`crmlab.plots.precision_recall_chart`.
PRECISION_RECALL = _chart(
    "precision-recall",
    _n("threshold", 0, maximum=1),
    _n("precision", 0, maximum=1),
    _n("recall", 0, maximum=1),
    _n("f1", 0, maximum=1),
    max_rows=MAX_LINE_ROWS,
)

#: The chart tables, for the API reference.
CHART_TABLES = (
    DFG_NODES,
    DFG_EDGE_COUNTS,
    EOQ_CURVE,
    EOQ_PATH,
    POLICY_HISTORY,
    SAFETY_STOCK_CURVE,
    RISK_POOLING,
    POOLING_CURVE,
    POSTPONEMENT_CURVE,
    BULLWHIP_TABLE,
    STRATEGY_COMPARISON,
    STRATEGY_GRID,
    CLOSED_LOOP_COMPARISON,
    INDENTED_BOM,
    MRP_RECORD,
    CAPACITY_REPORT,
    COST_ROLLUP,
    PLAN_MONEY,
    DOCUMENT_FLOW,
    TIME_SPLIT,
    DESIGN_COMPARISON,
    SEGMENT_SHARES,
    PYRAMID,
    PARETO_CURVE,
    COHORT_TABLE,
    RETENTION_CURVE,
    CLV_GRID,
    CLV_PERIODS,
    PRECISION_RECALL,
)

#: Every declared table, for the API reference.
TABLES = (
    RFM_TABLE,
    ABC_TABLE,
    PRODUCTS,
    PRODUCTS_LOTS,
    UNIT_COSTS,
    DFG,
    ROUTINGS,
    WORK_CENTRE_CAPACITY,
    WORK_CENTRE_RATES,
    LOCATIONS,
    LOCATIONS_MAP,
    CRM_CUSTOMERS,
    ERP_CUSTOMERS,
    ERP_CUSTOMERS_FULL,
)
