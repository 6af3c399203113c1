"""Tests of crmlab.erp.Enterprise: ERP as one database, with a double-entry ledger.

Sources: the double-entry rule (every journal's debits equal its credits, so the trial
balance's totals agree) and the accounting equation assets = liabilities + equity +
(revenue − expenses) as set out by Pacioli (1494) and any accounting text, e.g. Horngren,
Sundem, Elliott and Philbrick, *Introduction to Financial Accounting*, ch. 1–2; the
order-to-cash and procure-to-pay document chains and standard-cost postings as in
Magal and Word, *Integrated Business Processes with ERP Systems* (Wiley, 2011), ch. 4–5.
"""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmlab.erp import Enterprise


def small(path=":memory:", **kwargs) -> Enterprise:
    """A hand-made plant: raw material RM (bought, standard 2.00), subassembly SUB (made
    from 3 RM), product FG (made from 2 RM + 1 SUB, sold at 50.00), one work centre."""
    e = Enterprise(path, **kwargs)
    e.add_item("RM", "Raw material", standard_cost=2.0, lead_time=1)
    e.add_item("SUB", "Subassembly", make_or_buy="make", standard_cost=0.0, lead_time=1)
    e.add_item(
        "FG", "Product", make_or_buy="make", standard_cost=0.0, selling_price=50.0, lead_time=1
    )
    e.add_work_centre("WC", "Assembly", capacity_hours=80, labour_rate=20, overhead_rate=10)
    e.add_bom_line("SUB", "RM", 3)
    e.add_bom_line("FG", "RM", 2)
    e.add_bom_line("FG", "SUB", 1)
    e.add_routing("SUB", 10, "WC", setup_hours=0.0, run_hours=0.1)
    e.add_routing("FG", 10, "WC", setup_hours=1.0, run_hours=0.2)
    e.add_employee("E1", "Ann", "WC", hourly_wage=20)
    e.add_customer("K1", "Customer One")
    e.add_supplier("V1", "Supplier One")
    e.roll_up_standard_costs()
    return e


def dump(e: Enterprise) -> list[str]:
    return list(e.connection.iterdump())


def test_standard_cost_roll_up_by_hand():
    """Cost roll-up by hand: SUB = 3 × 2.00 + 0.1 h × (20 + 10) = 9.00;
    FG = 2 × 2.00 + 9.00 + 0.2 h × 30 = 19.00 (setup hours excluded)."""
    e = small()
    costs = e.stock()["standard_cost"]
    assert costs["SUB"] == pytest.approx(9.0)
    assert costs["FG"] == pytest.approx(19.0)


def test_hand_worked_trial_balance_and_profit_and_loss():
    """A hand-worked example. Buy 100 RM at 2.20 (standard 2.00): Inventory +200, purchase
    price variance 20, Bank −220. Make 10 SUB: RM −60, hours 1.0 → absorbed 30, SUB +90.
    Make 10 FG: RM −40, SUB −90, hours 1 + 2 = 3 → absorbed 90; actual 220, standard 190:
    production variance 30. Sell 4 FG at 50: revenue 200, COGS 76, Bank +200.
    Pay one week's wages 40 h × 20 = 800. Trial balance: Bank 200 − 220 − 800 = −820,
    Inventory 200 + 90 − 60 + 190 − 130 − 76 = 214; P&L: 200 − 76 − 20 − 30 + 120 − 800
    = −606."""
    e = small()
    e.procure_to_pay("V1", {"RM": 100}, prices={"RM": 2.2})
    e.confirm_production(e.create_production_order("SUB", 10))
    e.confirm_production(e.create_production_order("FG", 10))
    e.order_to_cash("K1", {"FG": 4})
    e.run_payroll()
    tb = e.trial_balance()
    assert tb.loc["total", "debit"] == pytest.approx(tb.loc["total", "credit"])
    assert tb.loc["1000", "balance"] == pytest.approx(-820.0)
    assert tb.loc["1200", "balance"] == pytest.approx(214.0)
    assert tb.loc["4000", "balance"] == pytest.approx(-200.0)
    assert tb.loc["5000", "balance"] == pytest.approx(76.0)
    assert tb.loc["5100", "balance"] == pytest.approx(20.0)
    assert tb.loc["5200", "balance"] == pytest.approx(30.0)
    assert tb.loc["5300", "balance"] == pytest.approx(-120.0)
    pnl = e.profit_and_loss()
    assert pnl["Sales revenue"] == pytest.approx(200.0)
    assert pnl["Profit"] == pytest.approx(-606.0)
    stock = e.stock()
    assert stock.loc["RM", "on_hand"] == pytest.approx(100 - 30 - 20)
    assert stock.loc["FG", "on_hand"] == pytest.approx(6.0)
    # Perpetual inventory: the ledger's Inventory equals the stock valued at standard.
    assert stock["value"].sum() == pytest.approx(tb.loc["1200", "balance"])
    labour = e.labour_cost()
    assert labour.loc["WC", "confirmed_hours"] == pytest.approx(4.0)
    assert labour.loc["WC", "labour_cost"] == pytest.approx(80.0)
    assert labour.loc["WC", "wages_paid"] == pytest.approx(800.0)


def test_order_to_cash_document_flow():
    """Order to cash (Magal and Word, ch. 5): sales order → delivery → invoice → payment,
    each pointing to its predecessor, each goods or money movement with its journal;
    the flow is the same whichever document of the chain is asked about."""
    e = small()
    e.procure_to_pay("V1", {"RM": 100})
    e.confirm_production(e.create_production_order("SUB", 5))
    e.confirm_production(e.create_production_order("FG", 5))
    so = e.create_sales_order("K1", {"FG": 2})
    dl = e.deliver(so)
    iv = e.invoice(dl)
    pm = e.receive_payment(iv)
    flow = e.document_flow(pm)
    business = flow[flow["doc_type"] != "journal entry"]
    assert list(business["doc_id"]) == [so, dl, iv, pm]
    assert list(business["doc_type"]) == ["sales order", "delivery", "invoice", "incoming payment"]
    assert list(business["predecessor"].fillna("")) == ["", so, dl, iv]
    assert (flow["doc_type"] == "journal entry").sum() == 3  # delivery, invoice, payment
    assert e.document_flow(so).equals(flow)
    assert list(e.journal(iv)["account"]) == ["1100", "4000"]
    assert e.journal(iv)["debit"].sum() == pytest.approx(100.0)
    records = e.records_of(so)
    assert set(records) >= {"sales_orders", "deliveries", "invoices", "payments", "journal_lines"}


def test_procure_to_pay_document_flow():
    """Procure to pay (Magal and Word, ch. 4): purchase order → goods receipt → supplier
    invoice → payment; GR/IR clearing nets to zero once the invoice is entered."""
    e = small()
    docs = e.procure_to_pay("V1", {"RM": 50})
    flow = e.document_flow(docs["goods_receipt"])
    business = flow[flow["doc_type"] != "journal entry"]
    assert list(business["doc_id"]) == list(docs.values())
    tb = e.trial_balance()
    assert tb.loc["2100", "balance"] == pytest.approx(0.0)
    assert tb.loc["2000", "balance"] == pytest.approx(0.0)
    assert tb.loc["1200", "balance"] == pytest.approx(100.0)
    assert tb.loc["1000", "balance"] == pytest.approx(-100.0)


def test_mrp_run_releases_orders_with_document_links():
    """MRP by hand (Orlicky 1975): FG gross 10 in period 2, lead time 1, no stock →
    release 10 FG in period 1; SUB 10 and RM 2 × 10 + 3 × 10 = 50 released in period 1
    too (past due, released now); production and purchase orders point to the MRP run."""
    e = small()
    releases = e.run_mrp({"FG": [0, 10]}, release=True, supplier_no="V1")
    assert releases.loc["FG", 1] == pytest.approx(10)
    run = releases.attrs["mrp_run"]
    flow = e.document_flow(run)
    assert set(flow["doc_type"]) >= {"MRP run", "production order", "purchase order"}
    assert e.table("planned_orders")["mrp_run"].eq(run).all()


@pytest.fixture
def stocked(tmp_path):
    path = tmp_path / "erp.sqlite"
    e = small(path)
    e.procure_to_pay("V1", {"RM": 100})
    e.confirm_production(e.create_production_order("SUB", 5))
    e.confirm_production(e.create_production_order("FG", 5))
    so = e.create_sales_order("K1", {"FG": 1})
    iv = e.invoice(e.deliver(so))
    e.receive_payment(iv)
    yield e, path, iv
    e.close()


@pytest.mark.parametrize(
    "action, message",
    [
        (lambda e, iv: e.order_to_cash("K1", {"FG": 99}), "not enough stock of item 'FG'"),
        (
            lambda e, iv: e.order_to_cash("K1", {"FG": 1, "RM": 1e6}, prices={"RM": 3}),
            "not enough stock of item 'RM'",
        ),
        (lambda e, iv: e.invoice("DL-999999"), "unknown delivery 'DL-999999'"),
        (lambda e, iv: e.invoice("SO-000001"), "unknown delivery 'SO-000001'"),
        (lambda e, iv: e.receive_payment(iv), "is already paid"),
        (lambda e, iv: e.deliver("SO-000001"), "is already delivered"),
        (lambda e, iv: e.create_sales_order("NOBODY", {"FG": 1}), "unknown customer_no"),
        (lambda e, iv: e.create_sales_order("K1", {"XX": 1}), "unknown item 'XX'"),
        (lambda e, iv: e.create_sales_order("K1", {"FG": -1}), "must be a finite number > 0"),
        (lambda e, iv: e.create_purchase_order("V1", {"FG": 1}), "is made, not bought"),
        (lambda e, iv: e.add_customer("K1", "Again"), "already exists"),
    ],
)
def test_invalid_transaction_rejected_and_nothing_changes(stocked, action, message):
    """Shipping more than on hand, invoicing an unknown delivery, paying twice, ... each
    raise ValueError naming the problem; the file is byte-for-byte and the tables row for
    row what they were (a failed composite flow leaves not even its sales order)."""
    e, path, iv = stocked
    before_rows, before_bytes = dump(e), path.read_bytes()
    with pytest.raises(ValueError, match=message):
        action(e, iv)
    assert dump(e) == before_rows
    assert path.read_bytes() == before_bytes


def test_failed_confirmation_rolls_back_whole_transaction(stocked):
    """A confirmation with a short component leaves no movement, journal or confirmation."""
    e, path, _ = stocked
    order = e.create_production_order("FG", 500)
    before_rows, before_bytes = dump(e), path.read_bytes()
    with pytest.raises(ValueError, match="not enough stock of item"):
        e.confirm_production(order)
    assert dump(e) == before_rows
    assert path.read_bytes() == before_bytes


def test_bad_constructor_and_master_data_arguments():
    """Bad input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="journal_mode"):
        Enterprise(journal_mode="FAST")
    with pytest.raises(ValueError, match="synchronous"):
        Enterprise(synchronous="SOMETIMES")
    with pytest.raises(ValueError, match="date"):
        Enterprise(date="yesterday")
    e = small()
    with pytest.raises(ValueError, match="standard_cost"):
        e.add_item("X", "X", standard_cost=-1)
    with pytest.raises(ValueError, match="make_or_buy"):
        e.add_item("X", "X", standard_cost=1, make_or_buy="steal")
    with pytest.raises(ValueError, match="lead_time"):
        e.add_item("X", "X", standard_cost=1, lead_time=1.5)
    with pytest.raises(ValueError, match="unknown work_centre"):
        e.add_employee("E9", "Bob", "WC99", hourly_wage=10)
    with pytest.raises(ValueError, match="lines"):
        e.create_sales_order("K1", {})
    with pytest.raises(ValueError, match="mps"):
        e.run_mrp({"FG": [1, 2], "SUB": [1]})
    with pytest.raises(ValueError, match="supplier_no"):
        e.run_mrp({"FG": [1]}, release=True)
    with pytest.raises(ValueError, match="name"):
        e.table("sqlite_master")
    with pytest.raises(ValueError, match="unknown document"):
        e.document_flow("SO-424242")


def test_roll_up_refuses_when_made_items_hold_stock():
    """Changing a standard cost would revalue stock without a posting: refused."""
    e = small()
    e.procure_to_pay("V1", {"RM": 10})
    e.confirm_production(e.create_production_order("SUB", 1))
    with pytest.raises(ValueError, match="holds stock"):
        e.roll_up_standard_costs()


def test_file_backed_database_persists_and_foreign_keys_on(tmp_path):
    """A file-backed enterprise reopens with its data; SQLite enforces foreign keys."""
    path = tmp_path / "erp.sqlite"
    e = small(path, journal_mode="WAL", synchronous="NORMAL")
    docs = e.procure_to_pay("V1", {"RM": 3})
    e.close()
    again = Enterprise(path)
    assert again.document_flow(docs["payment"])["doc_id"].iloc[0] == docs["purchase_order"]
    assert again.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        again.connection.execute("INSERT INTO sales_orders VALUES ('SO-9', 'NOBODY')")
    again.close()


def test_from_datasets_loads_master_data():
    """The datasets' Alder & Pine master data: 27 items, 7 work centres, 46 BOM lines,
    opening stock valued in the ledger at standard cost (Dr Inventory = Cr Equity)."""
    e = Enterprise.from_datasets(customers=10)
    counts = e.row_counts()
    assert counts["items"] == 27 and counts["work_centres"] == 7 and counts["bom"] == 46
    assert counts["customers"] == 10
    tb = e.trial_balance()
    assert tb.loc["1200", "balance"] == pytest.approx(-tb.loc["3000", "balance"])
    assert tb.loc["1200", "balance"] == pytest.approx(e.stock()["value"].sum(), abs=0.05)
    docs = e.order_to_cash("D100001", {"D100": 1})
    assert e.table("invoices")["amount"].iloc[0] == pytest.approx(449.0)
    assert len(e.document_flow(docs["payment"])) == 7


# ----------------------------------------------------------------------------- property
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["o2c", "order", "deliver", "invoice", "pay", "p2p", "make_sub", "make_fg", "payroll"]
        ),
        st.integers(min_value=1, max_value=30),
        st.floats(min_value=0.5, max_value=5.0, allow_nan=False),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_ledger_balances_after_any_sequence(ops):
    """Double entry (Pacioli 1494): after any sequence of transactions, valid or rejected,
    total debits equal total credits, the accounting equation holds (the balances sum to
    zero), and the Inventory account equals the stock valued at standard cost."""
    e = small()
    for op, n, price in ops:
        try:
            if op == "o2c":
                e.order_to_cash("K1", {"FG": n})
            elif op == "order":
                e.create_sales_order("K1", {"FG": n}, prices={"FG": price * 20})
            elif op == "deliver":
                e.deliver(f"SO-{n % 5 + 1:06d}")
            elif op == "invoice":
                e.invoice(f"DL-{n % 5 + 1:06d}")
            elif op == "pay":
                e.receive_payment(f"IV-{n % 5 + 1:06d}")
            elif op == "p2p":
                e.procure_to_pay("V1", {"RM": 10 * n}, prices={"RM": price})
            elif op == "make_sub":
                e.confirm_production(e.create_production_order("SUB", n))
            elif op == "make_fg":
                e.confirm_production(e.create_production_order("FG", n))
            else:
                e.run_payroll()
        except ValueError:
            pass
    tb = e.trial_balance()
    assert tb.loc["total", "debit"] == pytest.approx(tb.loc["total", "credit"], abs=1e-6)
    assert tb.drop(index="total")["balance"].sum() == pytest.approx(0.0, abs=1e-6)
    assert tb.loc["1200", "balance"] == pytest.approx(e.stock()["value"].sum(), abs=0.05)
    # every journal entry balances on its own
    lines = e.journal()
    per_entry = lines.groupby("entry")[["debit", "credit"]].sum()
    assert (per_entry["debit"] - per_entry["credit"]).abs().max() < 1e-6 if len(lines) else True
    assert (e.stock()["on_hand"] >= 0).all()


def test_initial_stock_staffing_and_module_counts():
    """Opening stock posts Dr Inventory / Cr Equity at standard (10 × 2.00 = 20); staffing
    counts one employee of 40 h against 80 h capacity (share 0.5); module row counts add
    up to the table counts of MODULE_TABLES."""
    from crmlab.erp.enterprise import MODULE_TABLES

    e = small()
    doc = e.enter_initial_stock("RM", 10)
    assert list(e.journal(doc)["debit"]) == [20.0, 0.0]
    assert e.staffing().loc["WC", "staffed_share"] == pytest.approx(0.5)
    counts = e.row_counts()
    modules = e.module_row_counts()
    for module, tables in MODULE_TABLES.items():
        assert modules[module] == sum(counts[t] for t in tables)
    with pytest.raises(ValueError, match="quantity"):
        e.enter_initial_stock("RM", 0)
    with pytest.raises(ValueError, match="unknown item_id"):
        e.enter_initial_stock("NOPE", 1)
