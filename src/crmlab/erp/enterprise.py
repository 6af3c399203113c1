"""ERP as one database: a small integrated enterprise in SQLite.

:class:`Enterprise` is the one stateful object of the package (see the design notes): it
*is* a database. Its modules share that one database, so a single business event updates
material, money and information flows together:

- **sales**: customers, sales orders, deliveries, invoices, incoming payments;
- **materials**: items, stock, suppliers, purchase orders, goods receipts, supplier
  invoices, outgoing payments;
- **production**: bills of materials, routings, an MRP run, production orders and their
  confirmations;
- **finance**: a double-entry general ledger. Every goods movement, invoice and payment
  posts one balanced journal entry (debits equal credits); trial balance; profit and loss;
- **human resources**: employees, work-centre staffing, payroll and labour cost.

Every document gets a number (``SO-000001`` a sales order, ``DL-`` a delivery, ``IV-`` an
invoice, ``PM-`` an incoming payment, ``PO-`` a purchase order, ``GR-`` a goods receipt,
``SI-`` a supplier invoice, ``PP-`` an outgoing payment, ``MR-`` an MRP run, ``PR-`` a
production order, ``CF-`` a confirmation, ``PY-`` a payroll run, ``JE-`` a journal entry)
and points to its predecessor, so :meth:`Enterprise.document_flow` can return the whole
chain, as real ERP systems do.

Every business transaction is **atomic**: it runs inside one SQLite transaction that either
commits in full or is rolled back, so an invalid transaction (shipping more than is on
hand, invoicing an unknown delivery, paying an invoice twice, ...) raises ``ValueError``
naming the problem and leaves the database exactly as it was.

Stock is valued at standard cost (a perpetual inventory). The chart of accounts is fixed
(:data:`ACCOUNTS`); the postings of each transaction are listed in its docstring.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab._validate import non_negative, positive
from crmlab.erp import _ledger
from crmlab.erp._ledger import SCHEMA, Account, cents, money

#: The chart of accounts: number → (name, type). Types: asset, liability, equity, revenue,
#: expense. Assets and expenses have debit balances; the others credit balances.
ACCOUNTS: dict[str, tuple[str, str]] = _ledger.ACCOUNTS

#: Document types with their number prefixes.
DOCUMENT_TYPES: dict[str, str] = _ledger.DOCUMENT_TYPES

#: The largest amount of money one document, line or movement may carry (currency units).
#: Money is computed in whole cents; below this bound every cent is exact in a float.
MAX_MONEY = _ledger.MAX_MONEY

#: The business tables (in a sensible reading order), for :meth:`Enterprise.row_counts`.
TABLES: tuple[str, ...] = _ledger.TABLES

#: Which tables each ERP module owns (documents and stock movements are shared by all).
MODULE_TABLES: dict[str, tuple[str, ...]] = _ledger.MODULE_TABLES

_EPS = 1e-9


def _retry_locked(action: Callable[[], object], seconds: float = 30.0) -> None:
    """Run ``action``, retrying while another process holds the lock SQLite needs.

    SQLite's busy handler does not cover every case (switching the journal mode of a new
    file, or a lock taken while another connection changes it), so opening one new file
    from several processes at once would otherwise fail with "database is locked".
    """
    deadline = time.monotonic() + seconds
    attempt = 0
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            # back off by a pause that differs between processes (no global random state)
            attempt += 1
            time.sleep(0.01 + 0.01 * (attempt % 4) + 0.005 * (os.getpid() % 7))


def _key(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


class Enterprise:
    """A small integrated ERP system: one SQLite database shared by all modules.

    Parameters
    ----------
    path:
        A database file (created if missing) or ``":memory:"`` (the default).
    journal_mode:
        SQLite's journal mode, e.g. ``"WAL"`` for a fast file-backed database; ``None``
        keeps SQLite's default (a rollback journal).
    synchronous:
        SQLite's ``synchronous`` setting (``"OFF"``, ``"NORMAL"``, ``"FULL"``); ``None``
        keeps the default (``FULL``).
    date:
        The posting date of new documents (ISO ``YYYY-MM-DD``); change it with
        the attribute ``date`` as the simulated business days pass.

    Foreign keys are enforced. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        journal_mode: str | None = None,
        synchronous: str | None = None,
        date: str = "2025-01-06",
    ) -> None:
        if not isinstance(path, (str, Path)) or not str(path):
            raise ValueError(f"path must be a file path or ':memory:', got {path!r}")
        modes = {"DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF"}
        if journal_mode is not None and str(journal_mode).upper() not in modes:
            raise ValueError(f"journal_mode must be one of {sorted(modes)}, got {journal_mode!r}")
        syncs = {"OFF", "NORMAL", "FULL", "EXTRA"}
        if synchronous is not None and str(synchronous).upper() not in syncs:
            raise ValueError(f"synchronous must be one of {sorted(syncs)}, got {synchronous!r}")
        self.date = date
        # isolation_level=None: no implicit transactions; _transaction() opens them itself.
        # timeout: wait up to 30 s for another process's write lock instead of failing.
        self._conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA foreign_keys = ON")
        if journal_mode is not None:
            _retry_locked(
                lambda: self._conn.execute(f"PRAGMA journal_mode = {str(journal_mode).upper()}")
            )
        if synchronous is not None:
            self._conn.execute(f"PRAGMA synchronous = {str(synchronous).upper()}")
        # Several processes may open the same new file at once: the write lock of BEGIN
        # IMMEDIATE lets one create the schema; the others then find it inside their own
        # transaction and create nothing.
        _retry_locked(self._create_schema)

    def _create_schema(self) -> None:
        with self._transaction():
            exists = self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='documents'"
            ).fetchone()
            if not exists:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self._conn.execute(statement)
                self._conn.executemany(
                    "INSERT INTO accounts VALUES (?, ?, ?)",
                    [(k, n, t) for k, (n, t) in ACCOUNTS.items()],
                )
            else:  # a file made before numbering had its own table
                self._conn.execute(
                    "CREATE TABLE IF NOT EXISTS document_counters "
                    "(prefix TEXT PRIMARY KEY, last INTEGER NOT NULL)"
                )

    # ------------------------------------------------------------------ plumbing
    @property
    def date(self) -> str:
        """The posting date of new documents, ``'YYYY-MM-DD'``.

        Set it to a :class:`datetime.date` or an ISO string ``'YYYY-MM-DD'`` naming a real
        calendar day (years 1000 to 9999); anything else raises ``ValueError``.
        """
        return self._date

    @date.setter
    def date(self, value: object) -> None:
        self._date = self._check_date(value)

    @staticmethod
    def _check_date(date: object) -> str:
        if isinstance(date, _dt.datetime):
            date = date.date()
        if isinstance(date, _dt.date) and 1000 <= date.year:
            return date.isoformat()
        if isinstance(date, str) and re.fullmatch(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}", date):
            try:
                return _dt.date.fromisoformat(date).isoformat()
            except ValueError:
                pass
        raise ValueError(
            f"date must be a real calendar date, ISO 'YYYY-MM-DD' (years 1000-9999), got {date!r}"
        )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic business transaction: ``BEGIN``, then commit, or roll back on error."""
        conn = self._conn
        if conn.in_transaction:  # nested call from a composite transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        with conn:  # commits on success, rolls back on any exception
            yield conn

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> Enterprise:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self):  # noqa: ANN201 (sqlite3.Connection; no intersphinx in the book)
        """The underlying ``sqlite3.Connection`` (read it; change data only via methods)."""
        return self._conn

    def _one(self, sql: str, *args: object) -> tuple | None:
        return self._conn.execute(sql, args).fetchone()

    def _next_number(self, prefix: str) -> str:
        # A counter per prefix, compared as a number: JE-1000000 follows JE-999999 (the
        # document ids, compared as text, would put it first).
        updated = self._conn.execute(
            "UPDATE document_counters SET last = last + 1 WHERE prefix = ?", (prefix,)
        ).rowcount
        if not updated:  # first document of this prefix (or a file made before counters)
            last = self._one(
                "SELECT MAX(CAST(substr(doc_id, ?) AS INTEGER)) FROM documents "
                "WHERE doc_id > ? AND doc_id < ?",
                len(prefix) + 2,
                f"{prefix}-",
                f"{prefix}.",
            )[0]
            self._conn.execute(
                "INSERT INTO document_counters VALUES (?, ?)", (prefix, (last or 0) + 1)
            )
        n = self._one("SELECT last FROM document_counters WHERE prefix = ?", prefix)[0]
        return f"{prefix}-{n:06d}"

    def _new_document(
        self,
        prefix: str,
        predecessor: str | None = None,
        partner: str | None = None,
        amount: float | None = None,
    ) -> str:
        doc = self._next_number(prefix)
        self._conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
            (doc, DOCUMENT_TYPES[prefix], self.date, predecessor, partner, amount),
        )
        return doc

    def _post(self, source: str, lines: list[tuple[str, float, float]]) -> str:
        """Post one journal entry for ``source``: lines of (account, debit, credit)."""
        in_cents = [(a, cents(d), cents(c)) for a, d, c in lines]
        in_cents = [(a, d, c) for a, d, c in in_cents if d or c]
        debit = sum(d for _, d, _ in in_cents)
        credit = sum(c for _, _, c in in_cents)
        if debit != credit:  # whole cents: exact
            raise ValueError(
                f"journal for {source} does not balance: {debit / 100} != {credit / 100}"
            )
        lines = [(a, d / 100 + 0.0, c / 100 + 0.0) for a, d, c in in_cents]
        entry = self._new_document("JE", source, amount=debit / 100)
        self._conn.executemany(
            "INSERT INTO journal_lines VALUES (?, ?, ?, ?, ?)",
            [(entry, i, a, d, c) for i, (a, d, c) in enumerate(lines, start=1)],
        )
        return entry

    def _move_stock(self, doc: str, item: str, quantity: float) -> float:
        """Change stock by ``quantity`` (negative = issue); return its standard value."""
        on_hand, cost = self._one(
            "SELECT on_hand, standard_cost FROM items WHERE item_id = ?", item
        )
        if on_hand + quantity < -_EPS:
            raise ValueError(
                f"not enough stock of item {item!r}: {on_hand:g} on hand, "
                f"{-quantity:g} needed by {doc}"
            )
        new = max(on_hand + quantity, 0.0)
        self._conn.execute("UPDATE items SET on_hand = ? WHERE item_id = ?", (new, item))
        # The movement's value is the change of the item's stock value in whole cents, so
        # the inventory account (the sum of movements) equals the stock valuation exactly.
        value = (cents(new * cost) - cents(on_hand * cost)) / 100 + 0.0
        self._conn.execute(
            "INSERT INTO stock_movements (doc_id, item_id, quantity, value) VALUES (?, ?, ?, ?)",
            (doc, item, quantity, value),
        )
        return value

    def _require(self, table: str, column: str, value: object, what: str) -> None:
        if not isinstance(value, str) or not self._one(
            f"SELECT 1 FROM {table} WHERE {column} = ?", value
        ):
            raise ValueError(f"unknown {what} {value!r}")

    def _require_open(
        self, document: object, what: str, table: str, successors: str, link: str, done: str
    ) -> None:
        """``document`` must be a ``what`` in ``table`` and have no successor yet (no row of
        ``successors`` whose ``link`` names it); else ``ValueError``."""
        self._require(table, "doc_id", document, what)
        if self._one(f"SELECT 1 FROM {successors} WHERE {link} = ?", document):
            raise ValueError(f"{what} {document} is already {done}")

    def _settle(self, prefix: str, table: str, predecessor: str, *, debit: str, credit: str) -> str:
        """A document that takes over its predecessor's partner and amount (an invoice for a
        receipt, a payment of an invoice): numbered with ``prefix``, recorded in ``table``
        and posted Dr ``debit`` / Cr ``credit``."""
        partner, amount = self._one(
            "SELECT partner, amount FROM documents WHERE doc_id = ?", predecessor
        )
        doc = self._new_document(prefix, predecessor, partner=partner, amount=amount)
        self._conn.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (doc, predecessor, amount))
        self._post(doc, [(debit, amount, 0), (credit, 0, amount)])
        return doc

    def _lines(
        self, name: str, lines: Mapping[str, float], prices: Mapping[str, float] | None, price_col
    ) -> list[tuple[str, float, float]]:
        if not isinstance(lines, Mapping) or not lines:
            raise ValueError(f"{name} must be a non-empty mapping item_id -> quantity")
        if prices is not None and not isinstance(prices, Mapping):
            raise ValueError("prices must be a mapping item_id -> price, or None")
        out = []
        for item, qty in lines.items():
            row = self._one(f"SELECT {price_col} FROM items WHERE item_id = ?", item)
            if row is None:
                raise ValueError(f"{name} names an unknown item {item!r}")
            q = positive(f"{name}[{item!r}]", qty)
            if prices is not None and item in prices:
                price = non_negative(f"prices[{item!r}]", prices[item])
            elif row[0] is None:
                raise ValueError(f"item {item!r} has no selling price; pass prices[{item!r}]")
            else:
                price = float(row[0])
            out.append((item, q, price))
        return out

    def _insert_lines(self, doc: str, lines: list[tuple[str, float, float]]) -> float:
        self._conn.executemany(
            "INSERT INTO document_lines VALUES (?, ?, ?, ?, ?)",
            [(doc, i, it, q, p) for i, (it, q, p) in enumerate(lines, start=1)],
        )
        total = money(math.fsum(q * p for _, q, p in lines))
        self._conn.execute("UPDATE documents SET amount = ? WHERE doc_id = ?", (total, doc))
        return total

    def _doc_lines(self, doc: str) -> list[tuple[str, float, float]]:
        return self._conn.execute(
            "SELECT item_id, quantity, price FROM document_lines WHERE doc_id = ? ORDER BY line",
            (doc,),
        ).fetchall()

    # ------------------------------------------------------------------ master data
    def add_item(
        self,
        item_id: str,
        name: str,
        *,
        standard_cost: float,
        make_or_buy: str = "buy",
        unit: str = "pcs",
        selling_price: float | None = None,
        lead_time: int = 1,
        on_hand: float = 0.0,
    ) -> None:
        """Add an item to the item master; opening stock posts Dr Inventory / Cr Equity."""
        _key("item_id", item_id)
        _key("name", name)
        cost = non_negative("standard_cost", standard_cost)
        if make_or_buy not in ("make", "buy"):
            raise ValueError(f"make_or_buy must be 'make' or 'buy', got {make_or_buy!r}")
        price = None if selling_price is None else non_negative("selling_price", selling_price)
        if isinstance(lead_time, bool) or not isinstance(lead_time, (int, np.integer)):
            raise ValueError(f"lead_time must be a whole number >= 0, got {lead_time!r}")
        if lead_time < 0:
            raise ValueError(f"lead_time must be a whole number >= 0, got {lead_time!r}")
        stock = non_negative("on_hand", on_hand)
        with self._transaction():
            if self._one("SELECT 1 FROM items WHERE item_id = ?", item_id):
                raise ValueError(f"item_id {item_id!r} already exists")
            self._conn.execute(
                "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                (item_id, name, unit, make_or_buy, cost, price, int(lead_time)),
            )
            if stock > 0:
                self._initial_stock(item_id, stock)

    def _initial_stock(self, item_id: str, quantity: float) -> str:
        doc = self._new_document("OB", partner=item_id)
        value = self._move_stock(doc, item_id, quantity)
        self._conn.execute("UPDATE documents SET amount = ? WHERE doc_id = ?", (value, doc))
        self._post(doc, [(Account.INVENTORY, value, 0), (Account.OWNERS_EQUITY, 0, value)])
        return doc

    def enter_initial_stock(self, item_id: str, quantity: float) -> str:
        """Take over stock when the system goes live (an opening balance, ``OB-…``).
        Posts Dr Inventory / Cr Owner's equity at standard cost."""
        q = positive("quantity", quantity)
        with self._transaction():
            self._require("items", "item_id", item_id, "item_id")
            return self._initial_stock(item_id, q)

    def add_customer(
        self,
        customer_no: str,
        name: str,
        *,
        city: str | None = None,
        payment_terms: str | None = None,
        credit_limit: float | None = None,
    ) -> None:
        """Add a customer (a debtor) to the customer master."""
        _key("customer_no", customer_no)
        _key("name", name)
        limit = None if credit_limit is None else non_negative("credit_limit", credit_limit)
        with self._transaction():
            if self._one("SELECT 1 FROM customers WHERE customer_no = ?", customer_no):
                raise ValueError(f"customer_no {customer_no!r} already exists")
            self._conn.execute(
                "INSERT INTO customers VALUES (?, ?, ?, ?, ?)",
                (customer_no, name, city, payment_terms, limit),
            )

    def add_supplier(self, supplier_no: str, name: str) -> None:
        """Add a supplier (a creditor)."""
        _key("supplier_no", supplier_no)
        _key("name", name)
        with self._transaction():
            if self._one("SELECT 1 FROM suppliers WHERE supplier_no = ?", supplier_no):
                raise ValueError(f"supplier_no {supplier_no!r} already exists")
            self._conn.execute("INSERT INTO suppliers VALUES (?, ?)", (supplier_no, name))

    def add_work_centre(
        self,
        work_centre: str,
        name: str,
        *,
        capacity_hours: float,
        labour_rate: float,
        overhead_rate: float,
    ) -> None:
        """Add a work centre: weekly capacity (hours) and labour and overhead rates per hour."""
        _key("work_centre", work_centre)
        _key("name", name)
        values = [
            non_negative("capacity_hours", capacity_hours),
            non_negative("labour_rate", labour_rate),
            non_negative("overhead_rate", overhead_rate),
        ]
        with self._transaction():
            if self._one("SELECT 1 FROM work_centres WHERE work_centre = ?", work_centre):
                raise ValueError(f"work_centre {work_centre!r} already exists")
            self._conn.execute(
                "INSERT INTO work_centres VALUES (?, ?, ?, ?, ?)", (work_centre, name, *values)
            )

    def add_bom_line(self, parent: str, child: str, quantity: float) -> None:
        """Add a bill-of-materials line: ``quantity`` of ``child`` per unit of ``parent``."""
        q = positive("quantity", quantity)
        with self._transaction():
            self._require("items", "item_id", parent, "parent item")
            self._require("items", "item_id", child, "child item")
            if parent == child:
                raise ValueError(f"child must differ from parent, got {child!r} in {parent!r}")
            # Refuse a line that closes a cycle: is parent already below child?
            below = self._one(
                "WITH RECURSIVE below(item) AS (SELECT ? UNION "
                "SELECT b.child FROM bom b JOIN below ON b.parent = below.item) "
                "SELECT 1 FROM below WHERE item = ?",
                child,
                parent,
            )
            if below:
                raise ValueError(
                    f"child {child!r} would close a cycle in the BOM: {parent!r} is already "
                    f"used in {child!r}"
                )
            # A line given twice adds up (as in crmlab.erp.bom.bom_graph).
            self._conn.execute(
                "INSERT INTO bom VALUES (?, ?, ?) ON CONFLICT (parent, child) "
                "DO UPDATE SET quantity = quantity + excluded.quantity",
                (parent, child, q),
            )

    def add_routing(
        self,
        item_id: str,
        operation: int,
        work_centre: str,
        *,
        setup_hours: float,
        run_hours: float,
    ) -> None:
        """Add a routing operation: setup hours per order and run hours per unit."""
        if isinstance(operation, bool) or not isinstance(operation, (int, np.integer)):
            raise ValueError(f"operation must be a whole number, got {operation!r}")
        setup = non_negative("setup_hours", setup_hours)
        run = non_negative("run_hours", run_hours)
        with self._transaction():
            self._require("items", "item_id", item_id, "item_id")
            self._require("work_centres", "work_centre", work_centre, "work_centre")
            if self._one(
                "SELECT 1 FROM routings WHERE item_id = ? AND operation = ?",
                item_id,
                int(operation),
            ):
                raise ValueError(
                    f"operation {int(operation)} of item_id {item_id!r} already exists; "
                    f"each operation of a routing is entered once"
                )
            self._conn.execute(
                "INSERT INTO routings VALUES (?, ?, ?, ?, ?)",
                (item_id, int(operation), work_centre, setup, run),
            )

    def add_employee(
        self,
        employee_id: str,
        name: str,
        work_centre: str,
        *,
        hourly_wage: float,
        weekly_hours: float = 40.0,
    ) -> None:
        """Add an employee staffing ``work_centre`` (human resources)."""
        _key("employee_id", employee_id)
        _key("name", name)
        wage = non_negative("hourly_wage", hourly_wage)
        hours = non_negative("weekly_hours", weekly_hours)
        with self._transaction():
            self._require("work_centres", "work_centre", work_centre, "work_centre")
            if self._one("SELECT 1 FROM employees WHERE employee_id = ?", employee_id):
                raise ValueError(f"employee_id {employee_id!r} already exists")
            self._conn.execute(
                "INSERT INTO employees VALUES (?, ?, ?, ?, ?)",
                (employee_id, name, work_centre, wage, hours),
            )

    def roll_up_standard_costs(self) -> pd.Series:
        """Set the standard cost of every routed item from its BOM and routing (a costing run).

        Uses :func:`crmlab.erp.costing.cost_rollup`: unit cost = Σ child quantity × child
        standard cost + Σ run hours × (labour rate +
        overhead rate) of the routing's work centres. Setup hours are not in the standard
        (they depend on the lot); they appear as production variance when orders run.
        Returns the new standard costs of the made items. Run it before made items hold
        stock (a change of standard cost would revalue stock without a posting): otherwise
        it raises ``ValueError``.
        """
        with self._transaction():
            held = self._one(
                "SELECT item_id FROM items WHERE make_or_buy = 'make' AND on_hand > 0 LIMIT 1"
            )
            if held:
                raise ValueError(
                    f"item {held[0]!r} is made and holds stock: roll up standard costs "
                    "before made items hold stock"
                )
            from crmlab.erp.costing import cost_rollup  # the chapter's MRP II costing model

            routings = pd.read_sql_query(
                "SELECT item_id, operation, work_centre, setup_hours, run_hours FROM routings",
                self._conn,
            )
            centres = pd.read_sql_query(
                "SELECT work_centre, labour_rate, overhead_rate FROM work_centres", self._conn
            )
            items = pd.read_sql_query(
                "SELECT item_id, make_or_buy, standard_cost FROM items", self._conn
            ).set_index("item_id")
            routed = set(routings["item_id"])
            prices = {i: float(c) for i, c in items["standard_cost"].items() if i not in routed}
            bom = self._bom_dict()
            for item in items.index:  # items without a BOM still belong to the graph
                bom.setdefault(item, {})
            made = [i for i in items.index if items.at[i, "make_or_buy"] == "make"]
            # cost_rollup raises ValueError naming a cycle in the BOM
            costs = cost_rollup(bom, routings, centres, prices)["unit_cost"]
            done = {i: round(float(costs[i]), 4) for i in made if i in routed}
            self._conn.executemany(
                "UPDATE items SET standard_cost = ? WHERE item_id = ?",
                [(c, i) for i, c in done.items()],
            )
        return pd.Series(done, name="standard_cost").rename_axis("item_id")

    @classmethod
    def from_datasets(
        cls,
        path: str | Path = ":memory:",
        *,
        customers: int | None = 50,
        employees_per_work_centre: int = 2,
        **kwargs: object,
    ) -> Enterprise:
        """An enterprise loaded with the teaching datasets' master data (Alder & Pine).

        Items and opening stock from ``products`` (made items costed by
        :meth:`roll_up_standard_costs` over ``bom``, ``routings`` and ``work_centres``),
        customers from ``erp_customers`` (the first ``customers`` records; ``None`` for all),
        one supplier ``V1000``, and ``employees_per_work_centre`` invented employees per
        work centre, paid the work centre's labour rate. ``kwargs`` go to the constructor.
        """
        from crmlab.datasets import load

        if customers is not None and (
            isinstance(customers, bool) or not isinstance(customers, int) or customers < 0
        ):
            raise ValueError(f"customers must be a whole number >= 0 or None, got {customers!r}")
        if (
            isinstance(employees_per_work_centre, bool)
            or not isinstance(employees_per_work_centre, int)
            or employees_per_work_centre < 0
        ):
            raise ValueError(
                "employees_per_work_centre must be a whole number >= 0, "
                f"got {employees_per_work_centre!r}"
            )
        ent = cls(path, **kwargs)  # type: ignore[arg-type]
        products = load("products")
        for row in products.itertuples():
            ent.add_item(
                row.item_id,
                row.name,
                unit=row.unit,
                make_or_buy=row.make_or_buy,
                standard_cost=0.0 if pd.isna(row.standard_cost) else float(row.standard_cost),
                selling_price=None if pd.isna(row.selling_price) else float(row.selling_price),
                lead_time=int(row.lead_time_weeks),
            )
        for row in load("work_centres").itertuples():
            ent.add_work_centre(
                row.work_centre,
                row.name,
                capacity_hours=float(row.capacity_hours_per_week),
                labour_rate=float(row.labour_rate),
                overhead_rate=float(row.overhead_rate),
            )
            for k in range(1, employees_per_work_centre + 1):
                ent.add_employee(
                    f"E{row.work_centre[2:]}{k:02d}",
                    f"Operator {k} ({row.name})",
                    row.work_centre,
                    hourly_wage=float(row.labour_rate),
                )
        for row in load("bom").itertuples():
            ent.add_bom_line(row.parent, row.child, float(row.quantity))
        for row in load("routings").itertuples():
            ent.add_routing(
                row.item_id,
                int(row.operation),
                row.work_centre,
                setup_hours=float(row.setup_hours),
                run_hours=float(row.run_hours),
            )
        ent.roll_up_standard_costs()
        # Opening stock, valued at the rolled-up standard cost.
        with ent._transaction():
            for row in products.itertuples():
                if row.on_hand > 0:
                    ent._initial_stock(row.item_id, float(row.on_hand))
        erp = load("erp_customers")
        if customers is not None:
            erp = erp.head(customers)
        for row in erp.itertuples():
            ent.add_customer(
                row.erp_customer_no,
                row.name,
                city=None if pd.isna(row.city) else row.city,
                payment_terms=row.payment_terms,
                credit_limit=float(row.credit_limit),
            )
        ent.add_supplier("V1000", "Timber & Fittings Ltd")
        return ent

    # ------------------------------------------------------------------ sales
    def _sales_order(
        self, customer_no: str, lines: Mapping[str, float], prices: Mapping[str, float] | None
    ) -> str:
        self._require("customers", "customer_no", customer_no, "customer_no")
        checked = self._lines("lines", lines, prices, "selling_price")
        doc = self._new_document("SO", partner=customer_no)
        self._conn.execute("INSERT INTO sales_orders VALUES (?, ?)", (doc, customer_no))
        self._insert_lines(doc, checked)
        return doc

    def create_sales_order(
        self,
        customer_no: str,
        lines: Mapping[str, float],
        *,
        prices: Mapping[str, float] | None = None,
    ) -> str:
        """Create a sales order for ``customer_no``: ``lines`` maps item_id → quantity.

        Prices default to the items' selling prices. No posting (an order is a commitment,
        not yet a transaction in the books). Returns the order number ``SO-…``.
        """
        with self._transaction():
            return self._sales_order(customer_no, lines, prices)

    def _deliver(self, sales_order: str) -> str:
        self._require_open(
            sales_order, "sales order", "sales_orders", "deliveries", "sales_order", "delivered"
        )
        customer = self._one("SELECT customer_no FROM sales_orders WHERE doc_id = ?", sales_order)[
            0
        ]
        doc = self._new_document("DL", sales_order, partner=customer)
        self._conn.execute("INSERT INTO deliveries VALUES (?, ?)", (doc, sales_order))
        lines = self._doc_lines(sales_order)
        value = 0.0
        for item, qty, _ in lines:
            value -= self._move_stock(doc, item, -qty)
        self._insert_lines(doc, lines)
        self._conn.execute("UPDATE documents SET amount = ? WHERE doc_id = ?", (value, doc))
        self._post(doc, [(Account.COST_OF_GOODS_SOLD, value, 0), (Account.INVENTORY, 0, value)])
        return doc

    def deliver(self, sales_order: str) -> str:
        """Ship a sales order in full (goods issue). Posts Dr Cost of goods sold / Cr Inventory
        at standard cost. Raises ``ValueError`` if the order is unknown or already delivered,
        or if any line has not enough stock on hand. Returns the delivery number ``DL-…``."""
        with self._transaction():
            return self._deliver(sales_order)

    def _invoice(self, delivery: str) -> str:
        self._require_open(delivery, "delivery", "deliveries", "invoices", "delivery", "invoiced")
        customer, amount = self._one(
            "SELECT partner, d.amount FROM documents d "
            "JOIN deliveries v ON v.sales_order = d.doc_id WHERE v.doc_id = ?",
            delivery,
        )
        doc = self._new_document("IV", delivery, partner=customer, amount=amount)
        self._conn.execute("INSERT INTO invoices VALUES (?, ?, ?)", (doc, delivery, amount))
        self._post(
            doc, [(Account.ACCOUNTS_RECEIVABLE, amount, 0), (Account.SALES_REVENUE, 0, amount)]
        )
        return doc

    def invoice(self, delivery: str) -> str:
        """Bill a delivery at the sales order's prices. Posts Dr Accounts receivable / Cr Sales
        revenue. Raises ``ValueError`` for an unknown or already invoiced delivery. Returns
        the invoice number ``IV-…``."""
        with self._transaction():
            return self._invoice(delivery)

    def _receive_payment(self, invoice: str, amount: float | None) -> str:
        self._require_open(invoice, "invoice", "invoices", "payments", "invoice", "paid")
        customer, due = self._one("SELECT partner, amount FROM documents WHERE doc_id = ?", invoice)
        paid = due if amount is None else money(positive("amount", amount))
        if abs(paid - due) > 0.005:
            raise ValueError(f"amount must equal the invoice's open amount {due:.2f}, got {paid}")
        doc = self._new_document("PM", invoice, partner=customer, amount=paid)
        self._conn.execute("INSERT INTO payments VALUES (?, ?, ?)", (doc, invoice, paid))
        self._post(doc, [(Account.BANK, paid, 0), (Account.ACCOUNTS_RECEIVABLE, 0, paid)])
        return doc

    def receive_payment(self, invoice: str, amount: float | None = None) -> str:
        """Record the customer's payment of an invoice in full. Posts Dr Bank / Cr Accounts
        receivable. Raises ``ValueError`` for an unknown invoice, an invoice already paid,
        or an amount other than the invoice's. Returns the payment number ``PM-…``."""
        with self._transaction():
            return self._receive_payment(invoice, amount)

    def order_to_cash(
        self,
        customer_no: str,
        lines: Mapping[str, float],
        *,
        prices: Mapping[str, float] | None = None,
    ) -> dict[str, str]:
        """Run order → delivery → invoice → payment as ONE transaction.

        Returns the four document numbers under the keys ``sales_order``, ``delivery``,
        ``invoice``, ``payment``. Any failure leaves the database as it was.
        """
        with self._transaction():
            so = self._sales_order(customer_no, lines, prices)
            dl = self._deliver(so)
            iv = self._invoice(dl)
            pm = self._receive_payment(iv, None)
        return {"sales_order": so, "delivery": dl, "invoice": iv, "payment": pm}

    # ------------------------------------------------------------------ materials
    def _purchase_order(
        self,
        supplier_no: str,
        lines: Mapping[str, float],
        prices: Mapping[str, float] | None,
        predecessor: str | None = None,
    ) -> str:
        self._require("suppliers", "supplier_no", supplier_no, "supplier_no")
        checked = self._lines("lines", lines, prices, "standard_cost")
        for item, _, _ in checked:
            if self._one("SELECT make_or_buy FROM items WHERE item_id = ?", item)[0] != "buy":
                raise ValueError(f"item {item!r} is made, not bought: it cannot be purchased")
        doc = self._new_document("PO", predecessor, partner=supplier_no)
        self._conn.execute("INSERT INTO purchase_orders VALUES (?, ?)", (doc, supplier_no))
        self._insert_lines(doc, checked)
        return doc

    def create_purchase_order(
        self,
        supplier_no: str,
        lines: Mapping[str, float],
        *,
        prices: Mapping[str, float] | None = None,
    ) -> str:
        """Order purchased items from a supplier; prices default to the standard costs.
        No posting. Returns ``PO-…``."""
        with self._transaction():
            return self._purchase_order(supplier_no, lines, prices)

    def _receive_goods(self, purchase_order: str) -> str:
        self._require_open(
            purchase_order,
            "purchase order",
            "purchase_orders",
            "goods_receipts",
            "purchase_order",
            "received",
        )
        supplier, amount = self._one(
            "SELECT partner, amount FROM documents WHERE doc_id = ?", purchase_order
        )
        doc = self._new_document("GR", purchase_order, partner=supplier, amount=amount)
        self._conn.execute("INSERT INTO goods_receipts VALUES (?, ?)", (doc, purchase_order))
        lines = self._doc_lines(purchase_order)
        standard = sum(self._move_stock(doc, item, qty) for item, qty, _ in lines)
        self._insert_lines(doc, lines)
        variance = money(amount - standard)
        self._post(
            doc,
            [
                (Account.INVENTORY, standard, 0),
                (Account.PURCHASE_PRICE_VARIANCE, max(variance, 0), max(-variance, 0)),
                (Account.GOODS_RECEIVED_NOT_INVOICED, 0, amount),
            ],
        )
        return doc

    def receive_goods(self, purchase_order: str) -> str:
        """Receive a purchase order in full (goods receipt). Posts Dr Inventory (standard
        cost), Cr Goods received not invoiced (order price), the difference to Purchase
        price variance. Returns ``GR-…``."""
        with self._transaction():
            return self._receive_goods(purchase_order)

    def _supplier_invoice(self, goods_receipt: str) -> str:
        self._require_open(
            goods_receipt,
            "goods receipt",
            "goods_receipts",
            "supplier_invoices",
            "goods_receipt",
            "invoiced",
        )
        return self._settle(
            "SI",
            "supplier_invoices",
            goods_receipt,
            debit=Account.GOODS_RECEIVED_NOT_INVOICED,
            credit=Account.ACCOUNTS_PAYABLE,
        )

    def enter_supplier_invoice(self, goods_receipt: str) -> str:
        """Enter the supplier's invoice for a goods receipt (matched to it). Posts Dr Goods
        received not invoiced / Cr Accounts payable. Returns ``SI-…``."""
        with self._transaction():
            return self._supplier_invoice(goods_receipt)

    def _pay_supplier(self, supplier_invoice: str) -> str:
        self._require_open(
            supplier_invoice,
            "supplier invoice",
            "supplier_invoices",
            "supplier_payments",
            "supplier_invoice",
            "paid",
        )
        return self._settle(
            "PP",
            "supplier_payments",
            supplier_invoice,
            debit=Account.ACCOUNTS_PAYABLE,
            credit=Account.BANK,
        )

    def pay_supplier(self, supplier_invoice: str) -> str:
        """Pay a supplier invoice in full. Posts Dr Accounts payable / Cr Bank. Returns ``PP-…``."""
        with self._transaction():
            return self._pay_supplier(supplier_invoice)

    def procure_to_pay(
        self,
        supplier_no: str,
        lines: Mapping[str, float],
        *,
        prices: Mapping[str, float] | None = None,
    ) -> dict[str, str]:
        """Purchase order → goods receipt → supplier invoice → payment, as ONE transaction.

        Returns the document numbers under ``purchase_order``, ``goods_receipt``,
        ``supplier_invoice``, ``payment``.
        """
        with self._transaction():
            po = self._purchase_order(supplier_no, lines, prices)
            gr = self._receive_goods(po)
            si = self._supplier_invoice(gr)
            pp = self._pay_supplier(si)
        return {"purchase_order": po, "goods_receipt": gr, "supplier_invoice": si, "payment": pp}

    def stock(self) -> pd.DataFrame:
        """Stock on hand per item with its standard value (quantity × standard cost)."""
        df = pd.read_sql_query(
            "SELECT item_id, name, unit, on_hand, standard_cost, "
            "on_hand * standard_cost AS value FROM items ORDER BY item_id",
            self._conn,
        )
        df["value"] = [
            money(q * c) for q, c in zip(df["on_hand"], df["standard_cost"], strict=True)
        ]
        return df.set_index("item_id")

    # ------------------------------------------------------------------ production
    def _production_order(self, item_id: str, quantity: float, predecessor: str | None) -> str:
        row = self._one("SELECT make_or_buy FROM items WHERE item_id = ?", item_id)
        if row is None:
            raise ValueError(f"unknown item_id {item_id!r}")
        if row[0] != "make":
            raise ValueError(f"item_id {item_id!r} is bought, not made: it has no production")
        q = positive("quantity", quantity)
        doc = self._new_document("PR", predecessor, partner=item_id)
        self._conn.execute("INSERT INTO production_orders VALUES (?, ?, ?)", (doc, item_id, q))
        return doc

    def create_production_order(self, item_id: str, quantity: float) -> str:
        """Order ``quantity`` of a made item to be produced. No posting. Returns ``PR-…``."""
        with self._transaction():
            return self._production_order(item_id, quantity, None)

    def _confirm(self, production_order: str) -> str:
        self._require_open(
            production_order,
            "production order",
            "production_orders",
            "confirmations",
            "production_order",
            "confirmed",
        )
        item, qty = self._one(
            "SELECT item_id, quantity FROM production_orders WHERE doc_id = ?", production_order
        )
        doc = self._new_document("CF", production_order, partner=item)
        self._conn.execute("INSERT INTO confirmations VALUES (?, ?)", (doc, production_order))
        material = 0.0
        for child, per in self._conn.execute(
            "SELECT child, quantity FROM bom WHERE parent = ? ORDER BY child", (item,)
        ).fetchall():
            material -= self._move_stock(doc, child, -per * qty)
        labour = overhead = 0.0
        for op, wc, setup, run, lrate, orate in self._conn.execute(
            "SELECT r.operation, r.work_centre, r.setup_hours, r.run_hours, w.labour_rate, "
            "w.overhead_rate FROM routings r JOIN work_centres w USING (work_centre) "
            "WHERE r.item_id = ? ORDER BY r.operation",
            (item,),
        ).fetchall():
            hours = setup + run * qty
            lc, oc = money(hours * lrate), money(hours * orate)
            labour += lc
            overhead += oc
            self._conn.execute(
                "INSERT INTO operation_hours VALUES (?, ?, ?, ?, ?, ?)",
                (doc, op, wc, hours, lc, oc),
            )
        finished = self._move_stock(doc, item, qty)
        actual = money(material + labour + overhead)
        variance = money(actual - finished)
        self._conn.execute("UPDATE documents SET amount = ? WHERE doc_id = ?", (finished, doc))
        self._post(
            doc,
            [
                (Account.INVENTORY, finished, material),
                (Account.PRODUCTION_VARIANCE, max(variance, 0), max(-variance, 0)),
                (Account.LABOUR_AND_OVERHEAD_ABSORBED, 0, labour + overhead),
            ],
        )
        return doc

    def confirm_production(self, production_order: str) -> str:
        """Confirm a production order as finished: issue its components (BOM × quantity),
        record the hours of each routing operation (setup + run × quantity), receive the
        product into stock. Posts Dr Inventory (product at standard), Cr Inventory
        (components), Cr Labour and overhead absorbed (hours × rates), the difference to
        Production variance. Raises ``ValueError`` if a component is short. Returns ``CF-…``."""
        with self._transaction():
            return self._confirm(production_order)

    def _bom_dict(self) -> dict[str, dict[str, float]]:
        bom: dict[str, dict[str, float]] = {}
        for p, c, q in self._conn.execute("SELECT parent, child, quantity FROM bom"):
            bom.setdefault(p, {})[c] = q
        return bom

    def run_mrp(
        self,
        mps: Mapping[str, list[float]],
        *,
        release: bool = False,
        supplier_no: str | None = None,
        predecessor: str | None = None,
    ) -> pd.DataFrame:
        """Run MRP from the database's BOM, lead times and stock for master schedule ``mps``.

        ``mps`` maps end items to gross requirements for periods 1..T. Uses
        :func:`crmlab.erp.mrp.mrp` (lot for lot). The planned order releases are stored under an
        ``MR-…`` document; with ``release=True`` the whole plan is firmed: each made item's
        planned orders become one production order (for their total; deepest BOM level
        first, the order in which they must be confirmed) and the bought items one purchase
        order with ``supplier_no``, each pointing to the MRP run. Returns the planned order
        releases (items × periods 1..T) with the run number in ``.attrs["mrp_run"]``.
        ``predecessor`` links the run to a document that caused it (e.g. a make-to-order
        sales order).
        """
        if not isinstance(mps, Mapping) or not mps:
            raise ValueError("mps must be a non-empty mapping item_id -> list of quantities")
        lengths = {len(list(v)) for v in mps.values()}
        if len(lengths) != 1 or 0 in lengths:
            raise ValueError("mps must give every end item the same number (>= 1) of periods")
        for item, values in mps.items():
            self._require("items", "item_id", item, "mps item")
            for v in values:
                non_negative(f"mps[{item!r}]", v)
        if release and supplier_no is not None:
            self._require("suppliers", "supplier_no", supplier_no, "supplier_no")
        if predecessor is not None:
            self._require("documents", "doc_id", predecessor, "predecessor document")
        if release and supplier_no is None:
            raise ValueError("supplier_no must name a supplier when release=True")
        items = pd.read_sql_query(
            "SELECT item_id, lead_time, on_hand, make_or_buy FROM items", self._conn
        ).set_index("item_id")
        bom = self._bom_dict()
        lead = items["lead_time"].astype(int).to_dict()
        stock = items["on_hand"].astype(float).to_dict()
        releases = _plan(mps, bom, lead, stock)
        with self._transaction():
            run = self._new_document("MR", predecessor)
            rows = [
                (run, item, int(t), float(q))
                for item, row in releases.iterrows()
                for t, q in row.items()
                if q > 0
            ]
            self._conn.executemany("INSERT INTO planned_orders VALUES (?, ?, ?, ?)", rows)
            if release:  # firm the whole plan: every planned order becomes an order
                totals = releases.sum(axis=1)
                levels = _levels_below(bom, list(mps))
                buy = {}
                for item in sorted(totals.index, key=lambda i: (-levels.get(i, 0), i)):
                    q = float(totals[item])
                    if q <= _EPS:
                        continue
                    if items.loc[item, "make_or_buy"] == "make":
                        self._production_order(item, q, run)
                    else:
                        buy[item] = q
                if buy:
                    self._purchase_order(supplier_no, buy, None, predecessor=run)
        releases.attrs["mrp_run"] = run
        return releases

    # ------------------------------------------------------------------ human resources
    def run_payroll(self) -> str:
        """Pay every employee one week (weekly hours × hourly wage). Posts Dr Wages / Cr Bank.
        Returns ``PY-…``."""
        with self._transaction():
            staff = self._conn.execute(
                "SELECT employee_id, weekly_hours, hourly_wage FROM employees ORDER BY employee_id"
            ).fetchall()
            if not staff:
                raise ValueError("there are no employees to pay")
            doc = self._new_document("PY")
            total = 0.0
            for emp, hours, wage in staff:
                amount = money(hours * wage)
                total += amount
                self._conn.execute(
                    "INSERT INTO payroll VALUES (?, ?, ?, ?)", (doc, emp, hours, amount)
                )
            total = money(total)
            self._conn.execute("UPDATE documents SET amount = ? WHERE doc_id = ?", (total, doc))
            self._post(doc, [(Account.WAGES, total, 0), (Account.BANK, 0, total)])
        return doc

    def staffing(self) -> pd.DataFrame:
        """Per work centre: employees, staffed hours a week, capacity hours, and their ratio."""
        df = pd.read_sql_query(
            "SELECT w.work_centre, w.name, COUNT(e.employee_id) AS employees, "
            "COALESCE(SUM(e.weekly_hours), 0) AS staffed_hours, "
            "w.capacity_hours FROM work_centres w LEFT JOIN employees e USING (work_centre) "
            "GROUP BY w.work_centre ORDER BY w.work_centre",
            self._conn,
        ).set_index("work_centre")
        df["staffed_share"] = (df["staffed_hours"] / df["capacity_hours"]).round(3)
        return df

    def labour_cost(self) -> pd.DataFrame:
        """Per work centre: hours confirmed on production orders and their labour and
        overhead cost, and the wages paid to the work centre's employees by payroll."""
        return pd.read_sql_query(
            "SELECT w.work_centre, w.name, "
            "COALESCE((SELECT SUM(hours) FROM operation_hours o "
            "  WHERE o.work_centre = w.work_centre), 0) AS confirmed_hours, "
            "COALESCE((SELECT SUM(labour_cost) FROM operation_hours o "
            "  WHERE o.work_centre = w.work_centre), 0) AS labour_cost, "
            "COALESCE((SELECT SUM(overhead_cost) FROM operation_hours o "
            "  WHERE o.work_centre = w.work_centre), 0) AS overhead_cost, "
            "COALESCE((SELECT SUM(p.amount) FROM payroll p JOIN employees e USING "
            "  (employee_id) WHERE e.work_centre = w.work_centre), 0) AS wages_paid "
            "FROM work_centres w ORDER BY w.work_centre",
            self._conn,
        ).set_index("work_centre")

    # ------------------------------------------------------------------ finance
    def journal(self, document: str | None = None) -> pd.DataFrame:
        """Journal lines (entry, source document, account, debit, credit); all of them, or
        those of the entries posted for ``document``."""
        sql = (
            "SELECT j.entry, d.predecessor AS source, d.date, j.line, j.account, a.name, "
            "j.debit, j.credit FROM journal_lines j JOIN documents d ON d.doc_id = j.entry "
            "JOIN accounts a USING (account)"
        )
        if document is None:
            return pd.read_sql_query(sql + " ORDER BY d.rowid, j.line", self._conn)
        self._require("documents", "doc_id", document, "document")
        return pd.read_sql_query(
            sql + " WHERE d.predecessor = ? OR j.entry = ? ORDER BY d.rowid, j.line",
            self._conn,
            params=(document, document),
        )

    def trial_balance(self) -> pd.DataFrame:
        """Every account's total debits, credits and balance (debit − credit), with a
        ``total`` row; in a correct double-entry ledger total debits equal total credits."""
        df = pd.read_sql_query(
            "SELECT a.account, a.name, a.type, COALESCE(SUM(j.debit), 0) AS debit, "
            "COALESCE(SUM(j.credit), 0) AS credit FROM accounts a "
            "LEFT JOIN journal_lines j USING (account) GROUP BY a.account ORDER BY a.account",
            self._conn,
        )
        df["debit"] = df["debit"].round(2)
        df["credit"] = df["credit"].round(2)
        df["balance"] = (df["debit"] - df["credit"]).round(2) + 0.0
        total = pd.DataFrame(
            [
                {
                    "account": "total",
                    "name": "Total",
                    "type": "",
                    "debit": round(df["debit"].sum(), 2),
                    "credit": round(df["credit"].sum(), 2),
                    "balance": round(df["balance"].sum(), 2) + 0.0,
                }
            ]
        )
        return pd.concat([df, total], ignore_index=True).set_index("account")

    def profit_and_loss(self) -> pd.Series:
        """A simple profit and loss statement: revenue, each expense account (positive =
        cost), and ``profit`` = revenue − expenses."""
        tb = self.trial_balance().drop(index="total")
        revenue = tb[tb["type"] == "revenue"]
        expense = tb[tb["type"] == "expense"]
        lines = {name: -bal for name, bal in zip(revenue["name"], revenue["balance"], strict=False)}
        lines.update(
            {name: bal for name, bal in zip(expense["name"], expense["balance"], strict=False)}
        )
        profit = -revenue["balance"].sum() - expense["balance"].sum()
        lines["Profit"] = profit
        return pd.Series(lines, name="EUR").round(2) + 0.0

    # ------------------------------------------------------------------ information
    def document_flow(self, document: str) -> pd.DataFrame:
        """The document flow of ``document``: its whole chain, from the first predecessor
        through every successor (journal entries included), one row per document with its
        ``level`` (0 = the chain's first document) and ``predecessor``."""
        self._require("documents", "doc_id", document, "document")
        root = self._one(
            "WITH RECURSIVE up(doc_id, predecessor) AS ("
            " SELECT doc_id, predecessor FROM documents WHERE doc_id = ?"
            " UNION ALL SELECT d.doc_id, d.predecessor FROM documents d"
            " JOIN up ON d.doc_id = up.predecessor)"
            " SELECT doc_id FROM up WHERE predecessor IS NULL",
            document,
        )[0]
        return pd.read_sql_query(
            "WITH RECURSIVE down(doc_id, level) AS ("
            " SELECT ?, 0 UNION ALL SELECT d.doc_id, down.level + 1 FROM documents d"
            " JOIN down ON d.predecessor = down.doc_id)"
            " SELECT down.level, d.doc_id, d.doc_type, d.predecessor, d.date, d.partner, d.amount"
            " FROM down JOIN documents d USING (doc_id) ORDER BY d.rowid",
            self._conn,
            params=(root,),
        )

    def table(self, name: str) -> pd.DataFrame:
        """One database table as a DataFrame (``name`` one of :data:`TABLES`)."""
        if name not in TABLES:
            raise ValueError(f"name must be one of {list(TABLES)}, got {name!r}")
        return pd.read_sql_query(f"SELECT * FROM {name}", self._conn)

    def row_counts(self) -> pd.Series:
        """The number of rows in each table."""
        return pd.Series(
            {t: self._one(f"SELECT COUNT(*) FROM {t}")[0] for t in TABLES}, name="rows"
        )

    def module_row_counts(self) -> pd.Series:
        """The number of rows each module holds (tables as in :data:`MODULE_TABLES`)."""
        counts = self.row_counts()
        return pd.Series(
            {m: int(sum(counts[t] for t in tables)) for m, tables in MODULE_TABLES.items()},
            name="rows",
        )

    def records_of(self, document: str) -> dict[str, pd.DataFrame]:
        """Every row, in every table, that the chain of ``document`` left behind: its
        documents, lines, stock movements, journal lines and module records."""
        flow = self.document_flow(document)
        ids = list(flow["doc_id"])
        marks = ",".join("?" * len(ids))
        queries = {
            "documents": f"SELECT * FROM documents WHERE doc_id IN ({marks})",
            "document_lines": f"SELECT * FROM document_lines WHERE doc_id IN ({marks})",
            "sales_orders": f"SELECT * FROM sales_orders WHERE doc_id IN ({marks})",
            "deliveries": f"SELECT * FROM deliveries WHERE doc_id IN ({marks})",
            "invoices": f"SELECT * FROM invoices WHERE doc_id IN ({marks})",
            "payments": f"SELECT * FROM payments WHERE doc_id IN ({marks})",
            "purchase_orders": f"SELECT * FROM purchase_orders WHERE doc_id IN ({marks})",
            "goods_receipts": f"SELECT * FROM goods_receipts WHERE doc_id IN ({marks})",
            "supplier_invoices": f"SELECT * FROM supplier_invoices WHERE doc_id IN ({marks})",
            "supplier_payments": f"SELECT * FROM supplier_payments WHERE doc_id IN ({marks})",
            "production_orders": f"SELECT * FROM production_orders WHERE doc_id IN ({marks})",
            "confirmations": f"SELECT * FROM confirmations WHERE doc_id IN ({marks})",
            "operation_hours": f"SELECT * FROM operation_hours WHERE confirmation IN ({marks})",
            "stock_movements": f"SELECT * FROM stock_movements WHERE doc_id IN ({marks})",
            "journal_lines": f"SELECT * FROM journal_lines WHERE entry IN ({marks})",
        }
        out = {}
        for name, sql in queries.items():
            df = pd.read_sql_query(sql, self._conn, params=ids)
            if len(df):
                out[name] = df
        return out


def _plan(
    mps: Mapping[str, list[float]],
    bom: dict[str, dict[str, float]],
    lead: dict[str, int],
    stock: dict[str, float],
) -> pd.DataFrame:
    """Planned order releases (items × periods 1..T), lot for lot, by :func:`crmlab.erp.mrp.mrp`."""
    from crmlab.erp.mrp import mrp  # the chapter's MRP model

    plan = mrp(
        {k: [float(x) for x in v] for k, v in mps.items()},
        bom,
        lead,
        on_hand={k: v for k, v in stock.items()},
    )
    releases = plan.planned_order_releases
    return releases.loc[:, [c for c in releases.columns if isinstance(c, (int, np.integer))]]


def _levels_below(bom: dict[str, dict[str, float]], roots: list[str]) -> dict[str, int]:
    """The low-level code of each item in the structures of ``roots`` (0 for a root that
    no other item there uses): :func:`crmlab.erp.bom.low_level_codes` of that part."""
    import networkx as nx

    from crmlab.erp.bom import bom_graph, low_level_codes

    graph = bom_graph(bom)
    graph.add_nodes_from(roots)
    below = set(roots).union(*(nx.descendants(graph, r) for r in roots))
    return low_level_codes(graph.subgraph(below))
