"""The Enterprise's books: its chart of accounts, document types and database schema.

:class:`crmlab.erp.enterprise.Enterprise` keeps everything in one SQLite database; this
module holds what that database is made of, apart from the transactions that fill it: the
tables (:data:`SCHEMA`), which ERP module owns which table, the fixed chart of accounts
with a name for every account (:class:`Account`, so a posting reads
``(Account.COST_OF_GOODS_SOLD, value, 0)`` rather than ``("5000", value, 0)``), the
document number prefixes, and money in whole cents. The public names are documented where
they are public, in :mod:`crmlab.erp.enterprise`.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


class Account:
    """The accounts of the chart of accounts, by name: each holds the account's number."""

    BANK = "1000"
    ACCOUNTS_RECEIVABLE = "1100"
    INVENTORY = "1200"
    ACCOUNTS_PAYABLE = "2000"
    GOODS_RECEIVED_NOT_INVOICED = "2100"
    OWNERS_EQUITY = "3000"
    SALES_REVENUE = "4000"
    COST_OF_GOODS_SOLD = "5000"
    PURCHASE_PRICE_VARIANCE = "5100"
    PRODUCTION_VARIANCE = "5200"
    LABOUR_AND_OVERHEAD_ABSORBED = "5300"
    WAGES = "5400"


# number -> (name, type); assets and expenses have debit balances, the others credit ones.
ACCOUNTS: dict[str, tuple[str, str]] = {
    Account.BANK: ("Bank", "asset"),
    Account.ACCOUNTS_RECEIVABLE: ("Accounts receivable", "asset"),
    Account.INVENTORY: ("Inventory", "asset"),
    Account.ACCOUNTS_PAYABLE: ("Accounts payable", "liability"),
    Account.GOODS_RECEIVED_NOT_INVOICED: ("Goods received not invoiced", "liability"),
    Account.OWNERS_EQUITY: ("Owner's equity", "equity"),
    Account.SALES_REVENUE: ("Sales revenue", "revenue"),
    Account.COST_OF_GOODS_SOLD: ("Cost of goods sold", "expense"),
    Account.PURCHASE_PRICE_VARIANCE: ("Purchase price variance", "expense"),
    Account.PRODUCTION_VARIANCE: ("Production variance", "expense"),
    Account.LABOUR_AND_OVERHEAD_ABSORBED: ("Labour and overhead absorbed", "expense"),
    Account.WAGES: ("Wages", "expense"),
}

DOCUMENT_TYPES: dict[str, str] = {
    "OB": "opening balance",
    "SO": "sales order",
    "DL": "delivery",
    "IV": "invoice",
    "PM": "incoming payment",
    "PO": "purchase order",
    "GR": "goods receipt",
    "SI": "supplier invoice",
    "PP": "outgoing payment",
    "MR": "MRP run",
    "PR": "production order",
    "CF": "production confirmation",
    "PY": "payroll run",
    "JE": "journal entry",
}

# The most money one document, line or movement may carry; cents below it are exact.
MAX_MONEY = 10**12


def cents(x: float) -> int:
    """``x`` currency units as whole cents, rounded half up (exact decimal arithmetic)."""
    if not math.isfinite(x) or abs(x) > MAX_MONEY:
        raise ValueError(
            f"amount {x!r} is outside the ledger's range: at most MAX_MONEY = {MAX_MONEY:,} "
            f"(quantity × price too large)"
        )
    return int((Decimal(repr(float(x))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money(x: float) -> float:
    """``x`` rounded to whole cents (as a float that holds those cents exactly)."""
    return cents(x) / 100 + 0.0


SCHEMA = """
CREATE TABLE document_counters (prefix TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE accounts (
    account TEXT PRIMARY KEY, name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('asset','liability','equity','revenue','expense')));
CREATE TABLE items (
    item_id TEXT PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL,
    make_or_buy TEXT NOT NULL CHECK (make_or_buy IN ('make','buy')),
    standard_cost REAL NOT NULL CHECK (standard_cost >= 0),
    selling_price REAL CHECK (selling_price >= 0),
    lead_time INTEGER NOT NULL CHECK (lead_time >= 0),
    on_hand REAL NOT NULL DEFAULT 0 CHECK (on_hand >= 0));
CREATE TABLE customers (
    customer_no TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT,
    payment_terms TEXT, credit_limit REAL);
CREATE TABLE suppliers (supplier_no TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE work_centres (
    work_centre TEXT PRIMARY KEY, name TEXT NOT NULL,
    capacity_hours REAL NOT NULL CHECK (capacity_hours >= 0),
    labour_rate REAL NOT NULL CHECK (labour_rate >= 0),
    overhead_rate REAL NOT NULL CHECK (overhead_rate >= 0));
CREATE TABLE bom (
    parent TEXT NOT NULL REFERENCES items, child TEXT NOT NULL REFERENCES items,
    quantity REAL NOT NULL CHECK (quantity > 0), PRIMARY KEY (parent, child));
CREATE TABLE routings (
    item_id TEXT NOT NULL REFERENCES items, operation INTEGER NOT NULL,
    work_centre TEXT NOT NULL REFERENCES work_centres,
    setup_hours REAL NOT NULL CHECK (setup_hours >= 0),
    run_hours REAL NOT NULL CHECK (run_hours >= 0), PRIMARY KEY (item_id, operation));
CREATE TABLE employees (
    employee_id TEXT PRIMARY KEY, name TEXT NOT NULL,
    work_centre TEXT NOT NULL REFERENCES work_centres,
    hourly_wage REAL NOT NULL CHECK (hourly_wage >= 0),
    weekly_hours REAL NOT NULL CHECK (weekly_hours >= 0));
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, doc_type TEXT NOT NULL, date TEXT NOT NULL,
    predecessor TEXT REFERENCES documents, partner TEXT, amount REAL);
CREATE INDEX documents_predecessor ON documents (predecessor);
CREATE TABLE document_lines (
    doc_id TEXT NOT NULL REFERENCES documents, line INTEGER NOT NULL,
    item_id TEXT NOT NULL REFERENCES items, quantity REAL NOT NULL CHECK (quantity > 0),
    price REAL NOT NULL CHECK (price >= 0), PRIMARY KEY (doc_id, line)) WITHOUT ROWID;
CREATE TABLE sales_orders (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    customer_no TEXT NOT NULL REFERENCES customers) WITHOUT ROWID;
CREATE TABLE deliveries (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    sales_order TEXT NOT NULL UNIQUE REFERENCES sales_orders) WITHOUT ROWID;
CREATE TABLE invoices (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    delivery TEXT NOT NULL UNIQUE REFERENCES deliveries, amount REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE payments (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    invoice TEXT NOT NULL UNIQUE REFERENCES invoices, amount REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE purchase_orders (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    supplier_no TEXT NOT NULL REFERENCES suppliers);
CREATE TABLE goods_receipts (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    purchase_order TEXT NOT NULL UNIQUE REFERENCES purchase_orders);
CREATE TABLE supplier_invoices (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    goods_receipt TEXT NOT NULL UNIQUE REFERENCES goods_receipts, amount REAL NOT NULL);
CREATE TABLE supplier_payments (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    supplier_invoice TEXT NOT NULL UNIQUE REFERENCES supplier_invoices, amount REAL NOT NULL);
CREATE TABLE planned_orders (
    mrp_run TEXT NOT NULL REFERENCES documents, item_id TEXT NOT NULL REFERENCES items,
    period INTEGER NOT NULL, quantity REAL NOT NULL, PRIMARY KEY (mrp_run, item_id, period));
CREATE TABLE production_orders (
    doc_id TEXT PRIMARY KEY REFERENCES documents, item_id TEXT NOT NULL REFERENCES items,
    quantity REAL NOT NULL CHECK (quantity > 0));
CREATE TABLE confirmations (
    doc_id TEXT PRIMARY KEY REFERENCES documents,
    production_order TEXT NOT NULL UNIQUE REFERENCES production_orders);
CREATE TABLE operation_hours (
    confirmation TEXT NOT NULL REFERENCES confirmations, operation INTEGER NOT NULL,
    work_centre TEXT NOT NULL REFERENCES work_centres, hours REAL NOT NULL,
    labour_cost REAL NOT NULL, overhead_cost REAL NOT NULL,
    PRIMARY KEY (confirmation, operation));
CREATE TABLE payroll (
    payroll_run TEXT NOT NULL REFERENCES documents,
    employee_id TEXT NOT NULL REFERENCES employees, hours REAL NOT NULL, amount REAL NOT NULL,
    PRIMARY KEY (payroll_run, employee_id));
CREATE TABLE stock_movements (
    movement_id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents,
    item_id TEXT NOT NULL REFERENCES items, quantity REAL NOT NULL, value REAL NOT NULL);
CREATE TABLE journal_lines (
    entry TEXT NOT NULL REFERENCES documents, line INTEGER NOT NULL,
    account TEXT NOT NULL REFERENCES accounts,
    debit REAL NOT NULL DEFAULT 0 CHECK (debit >= 0),
    credit REAL NOT NULL DEFAULT 0 CHECK (credit >= 0), PRIMARY KEY (entry, line)) WITHOUT ROWID;
CREATE INDEX journal_account ON journal_lines (account);
"""

# The business tables, in a sensible reading order.
TABLES: tuple[str, ...] = (
    "accounts",
    "items",
    "customers",
    "suppliers",
    "work_centres",
    "bom",
    "routings",
    "employees",
    "documents",
    "document_lines",
    "sales_orders",
    "deliveries",
    "invoices",
    "payments",
    "purchase_orders",
    "goods_receipts",
    "supplier_invoices",
    "supplier_payments",
    "planned_orders",
    "production_orders",
    "confirmations",
    "operation_hours",
    "payroll",
    "stock_movements",
    "journal_lines",
)

# Which tables each ERP module owns (documents and stock movements are shared by all).
MODULE_TABLES: dict[str, tuple[str, ...]] = {
    "Sales": ("customers", "sales_orders", "deliveries", "invoices", "payments"),
    "Materials": (
        "items",
        "suppliers",
        "purchase_orders",
        "goods_receipts",
        "supplier_invoices",
        "supplier_payments",
        "stock_movements",
    ),
    "Production": (
        "bom",
        "routings",
        "planned_orders",
        "production_orders",
        "confirmations",
        "operation_hours",
    ),
    "Finance": ("accounts", "journal_lines"),
    "Human resources": ("work_centres", "employees", "payroll"),
}
