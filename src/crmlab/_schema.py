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

from dataclasses import dataclass

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
    """A declared table: columns checked in order, columns whose values must be unique."""

    name: str
    columns: tuple[Col, ...]
    unique: tuple[str, ...] = ()

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
    for col in table.columns:
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
