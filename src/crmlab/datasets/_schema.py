"""The catalogue: every dataset's name, one-line summary and column types.

The column types fix how a table is written to CSV and read back, so that the file in
``datasets/`` and a table regenerated in memory parse to equal DataFrames. Units and
meanings of the columns live in the data sheets (``sheets/<name>.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["int", "float", "str", "bool", "date", "datetime"]

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Column:
    """One column of a dataset: its name, kind and how it is written."""

    name: str
    kind: Kind
    decimals: int | None = None  # floats only: digits after the decimal point
    nullable: bool = False  # may hold empty cells (read back as missing values)


@dataclass(frozen=True)
class Dataset:
    """A dataset's name, a one-line summary and its columns in file order."""

    name: str
    summary: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        """The column names in file order."""
        return [c.name for c in self.columns]


def _c(name: str, kind: Kind, decimals: int | None = None, *, nullable: bool = False) -> Column:
    return Column(name, kind, decimals, nullable)


CATALOGUE: tuple[Dataset, ...] = (
    Dataset(
        "customers",
        "CRM customer list of the retailer: contact data, sign-up, channel, consent.",
        (
            _c("customer_id", "str"),
            _c("first_name", "str"),
            _c("last_name", "str"),
            _c("email", "str"),
            _c("phone", "str"),
            _c("street", "str"),
            _c("postcode", "str"),
            _c("city", "str"),
            _c("home_store_id", "str"),
            _c("signup_date", "date"),
            _c("acquisition_channel", "str"),
            _c("birth_year", "int"),
            _c("loyalty_member", "bool"),
            _c("marketing_consent", "bool"),
        ),
    ),
    Dataset(
        "transactions",
        "Three years of purchases by those customers, in stores and online.",
        (
            _c("transaction_id", "str"),
            _c("customer_id", "str"),
            _c("date", "date"),
            _c("channel", "str"),
            _c("store_id", "str", nullable=True),
            _c("category", "str"),
            _c("amount", "float", 2),
        ),
    ),
    Dataset(
        "store_demand",
        "Weekly unit demand for five products in six stores over two years.",
        (
            _c("week", "int"),
            _c("week_start", "date"),
            _c("store_id", "str"),
            _c("product_id", "str"),
            _c("demand", "int"),
            _c("promotion", "bool"),
        ),
    ),
    Dataset(
        "locations",
        "A plant, candidate warehouses and stores on a map, for network design.",
        (
            _c("location_id", "str"),
            _c("name", "str"),
            _c("type", "str"),
            _c("x_km", "float", 1),
            _c("y_km", "float", 1),
            _c("annual_demand", "int", nullable=True),
            _c("capacity", "int", nullable=True),
            _c("fixed_cost", "int", nullable=True),
        ),
    ),
    Dataset(
        "products",
        "ERP item master: end products, subassemblies, components, raw materials.",
        (
            _c("item_id", "str"),
            _c("name", "str"),
            _c("item_type", "str"),
            _c("unit", "str"),
            _c("make_or_buy", "str"),
            _c("standard_cost", "float", 2, nullable=True),
            _c("selling_price", "float", 2, nullable=True),
            _c("lead_time_weeks", "int"),
            _c("lot_size_rule", "str"),
            _c("lot_size", "int", nullable=True),
            _c("safety_stock", "int"),
            _c("on_hand", "int"),
        ),
    ),
    Dataset(
        "bom",
        "Multi-level bill of materials: quantity of each child per unit of its parent.",
        (
            _c("parent", "str"),
            _c("child", "str"),
            _c("quantity", "float", 3),
        ),
    ),
    Dataset(
        "routings",
        "Operations that make each manufactured item: work centre, setup and run hours.",
        (
            _c("item_id", "str"),
            _c("operation", "int"),
            _c("work_centre", "str"),
            _c("description", "str"),
            _c("setup_hours", "float", 2),
            _c("run_hours", "float", 3),
        ),
    ),
    Dataset(
        "work_centres",
        "The factory's work centres: weekly capacity, labour and overhead rates.",
        (
            _c("work_centre", "str"),
            _c("name", "str"),
            _c("capacity_hours_per_week", "int"),
            _c("labour_rate", "float", 2),
            _c("overhead_rate", "float", 2),
        ),
    ),
    Dataset(
        "erp_customers",
        "ERP customer master that disagrees with the CRM list (typos, formats, gaps).",
        (
            _c("erp_customer_no", "str"),
            _c("name", "str"),
            _c("street", "str", nullable=True),
            _c("postcode", "str", nullable=True),
            _c("city", "str", nullable=True),
            _c("phone", "str", nullable=True),
            _c("email", "str", nullable=True),
            _c("created_date", "date"),
            _c("payment_terms", "str"),
            _c("credit_limit", "int"),
        ),
    ),
    Dataset(
        "customer_matches",
        "Ground truth: which CRM customer each matched ERP record belongs to.",
        (
            _c("crm_customer_id", "str"),
            _c("erp_customer_no", "str"),
        ),
    ),
    Dataset(
        "order_events",
        "Event log of a customer order process that crosses six departments.",
        (
            _c("case_id", "str"),
            _c("activity", "str"),
            _c("resource", "str"),
            _c("start", "datetime"),
            _c("end", "datetime"),
        ),
    ),
)

BY_NAME: dict[str, Dataset] = {d.name: d for d in CATALOGUE}
