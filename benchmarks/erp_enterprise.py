"""Benchmark: 10,000 order-to-cash flows in a file-backed crmlab.erp.Enterprise.

Run: ``.venv/bin/python benchmarks/erp_enterprise.py [flows] [journal_mode] [synchronous]``
(defaults: 10000, WAL, NORMAL).

Each flow is :meth:`crmlab.erp.Enterprise.order_to_cash`: a sales order, a delivery (goods
issue with its journal), an invoice (with its journal) and the payment (with its journal),
all validated and written in ONE SQLite transaction that commits before the next flow
starts. The enterprise is loaded from the teaching datasets (Alder & Pine) into a fresh
database file in a temporary directory; each flow sells 1 to 3 units of one end product
to one of 50 customers (seeded, so every run sells the same). Enough stock of each product
is entered first as an opening balance (:meth:`~crmlab.erp.Enterprise.enter_initial_stock`,
outside the timing). The target (issue 4) is at most 10 s.
Figures are printed; nothing passes or fails.
"""

from __future__ import annotations

import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from crmlab.erp import Enterprise


def main(flows: int = 10_000, journal_mode: str = "WAL", synchronous: str = "NORMAL") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "erp.sqlite"
        ent = Enterprise.from_datasets(path, journal_mode=journal_mode, synchronous=synchronous)
        # Enough finished stock for every flow: buy the purchased parts, then make the
        # products (each confirmation issues components and receives the product).
        products = ["D100", "T200", "C300", "B400", "G500"]
        rng = np.random.default_rng(0)
        item = rng.choice(products, size=flows)
        qty = rng.integers(1, 4, size=flows)
        customers = list(ent.table("customers")["customer_no"])
        who = rng.choice(customers, size=flows)
        need = {p: float(qty[item == p].sum()) for p in products}
        stock = ent.stock()["on_hand"]
        for p, n in need.items():  # opening stock for every flow (one OB document each)
            if n > stock[p]:
                ent.enter_initial_stock(p, n - float(stock[p]))
        counts_before = ent.row_counts()
        start = time.perf_counter()
        for i in range(flows):
            ent.order_to_cash(str(who[i]), {str(item[i]): int(qty[i])})
        elapsed = time.perf_counter() - start
        counts = ent.row_counts() - counts_before
        tb = ent.trial_balance()
        size = path.stat().st_size
        ent.close()
    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {platform.machine()}")
    print(f"journal_mode={journal_mode}, synchronous={synchronous}, foreign_keys=ON, file-backed")
    print(f"{flows:,} order-to-cash flows (one transaction each): {elapsed:.2f} s")
    print(f"  {1e6 * elapsed / flows:.0f} µs per flow, {flows / elapsed:,.0f} flows per second")
    print(
        f"  rows written: {int(counts['documents']):,} documents, "
        f"{int(counts['journal_lines']):,} journal lines, "
        f"{int(counts['stock_movements']):,} stock movements; file {size / 1e6:.1f} MB"
    )
    print(
        f"  revenue {-tb.loc['4000', 'balance']:,.2f} EUR; "
        f"ledger totals debit {tb.loc['total', 'debit']:,.2f} = credit "
        f"{tb.loc['total', 'credit']:,.2f}"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        int(args[0]) if args else 10_000,
        args[1] if len(args) > 1 else "WAL",
        args[2] if len(args) > 2 else "NORMAL",
    )
