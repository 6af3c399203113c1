"""The Enterprise under hostile input (issue 17): what a ledger must refuse, and exact money.

Source: double-entry bookkeeping (every entry balances, the inventory account equals the
valuation of the stock it records; e.g. Horngren, Sundem & Elliott, *Introduction to
Financial Accounting*) and issue 17, which found non-finite amounts posted, document
numbers compared as text, a race when two processes create one new file, any string taken
as a date, BOM cycles stored, and the inventory account 0.03 away from the stock value.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmlab.erp.enterprise import MAX_MONEY, Enterprise


def small() -> Enterprise:
    """Raw material RM (bought, 2.00), SUB made from 3 RM, FG made from 2 RM + 1 SUB."""
    e = Enterprise()
    e.add_item("RM", "Raw material", standard_cost=2.0, lead_time=1)
    e.add_item("SUB", "Subassembly", make_or_buy="make", standard_cost=0.0, lead_time=1)
    e.add_item("FG", "Product", make_or_buy="make", standard_cost=0.0, selling_price=50.0)
    e.add_work_centre("WC", "Assembly", capacity_hours=80, labour_rate=20, overhead_rate=10)
    e.add_bom_line("SUB", "RM", 3)
    e.add_bom_line("FG", "RM", 2)
    e.add_bom_line("FG", "SUB", 1)
    e.add_routing("SUB", 10, "WC", setup_hours=0.0, run_hours=0.1)
    e.add_routing("FG", 10, "WC", setup_hours=1.0, run_hours=0.2)
    e.add_customer("K1", "Customer One")
    e.add_supplier("V1", "Supplier One")
    e.roll_up_standard_costs()
    return e


def dump(e: Enterprise) -> list[str]:
    return list(e.connection.iterdump())


@pytest.mark.parametrize("quantity", [1e308, 1e300, 10.0**15])
def test_amounts_beyond_the_ledger_are_refused_and_change_nothing(quantity):
    """1e308 units at 2.20 is inf money: refused with ValueError, the database unchanged."""
    e = small()
    before = dump(e)
    with pytest.raises(ValueError, match="MAX_MONEY"):
        e.procure_to_pay("V1", {"RM": quantity}, prices={"RM": 2.2})
    assert dump(e) == before
    with pytest.raises(ValueError):
        e.procure_to_pay("V1", {"RM": 1.0}, prices={"RM": float("nan")})
    assert dump(e) == before


def test_document_numbers_count_past_a_million():
    """After JE-999999 comes JE-1000000, then JE-1000001 (numbers, not text)."""
    e = small()
    e.connection.execute("INSERT OR REPLACE INTO document_counters VALUES ('JE', 999998)")
    docs = [e.enter_initial_stock("RM", 1.0) for _ in range(3)]
    entries = list(e.journal()["entry"].drop_duplicates())[-3:]
    assert entries == ["JE-999999", "JE-1000000", "JE-1000001"]
    assert len(set(docs)) == 3


def _open_same_file(path: str, mode, barrier, queue) -> None:
    try:
        barrier.wait()
        with Enterprise(path, journal_mode=mode) as e:
            e.add_supplier(f"V{mp.current_process().pid}", "Supplier")
        queue.put("ok")
    except Exception as exc:  # noqa: BLE001 (reported to the parent)
        queue.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("mode", [None, "WAL"])
def test_several_processes_create_the_same_new_file(tmp_path, mode):
    """Four processes open one new file at the same instant, 12 times: all succeed, no
    supplier lost, one set of accounts (issue 17: 'table accounts already exists' in 30
    of 30 trials before)."""
    ctx = mp.get_context("fork")
    for trial in range(12):
        path = str(tmp_path / f"erp{trial}.sqlite")
        barrier, queue = ctx.Barrier(4), ctx.Queue()
        procs = [
            ctx.Process(target=_open_same_file, args=(path, mode, barrier, queue)) for _ in range(4)
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        results = [queue.get(timeout=5) for _ in procs]
        assert results == ["ok"] * 4
        with Enterprise(path) as e:
            assert len(e.table("suppliers")) == 4
            assert len(e.table("accounts")) == len(set(e.table("accounts")["account"]))


@pytest.mark.parametrize(
    "bad", ["31/02/2025 oops", "now", "0001-01-01", "2025-02-30", "2025-1-5", 20250105, None, ""]
)
def test_dates_must_be_real_iso_dates(bad):
    """e.date takes a real calendar day as 'YYYY-MM-DD' or a datetime.date, nothing else."""
    e = Enterprise()
    with pytest.raises(ValueError, match="date"):
        e.date = bad
    with pytest.raises(ValueError, match="date"):
        Enterprise(date=bad)
    assert e.date == "2025-01-06"


def test_dates_are_stored_normalised():
    """A datetime.date is stored as 'YYYY-MM-DD'; a leap day is a real date."""
    e = small()
    e.date = dt.date(2024, 2, 29)
    doc = e.enter_initial_stock("RM", 1.0)
    assert e.table("documents").set_index("doc_id").loc[doc, "date"] == "2024-02-29"


def test_bom_line_that_closes_a_cycle_is_refused():
    """SUB is used in FG; a line FG per SUB would close FG → SUB → FG: refused, nothing stored."""
    e = small()
    before = dump(e)
    with pytest.raises(ValueError, match="cycle"):
        e.add_bom_line("SUB", "FG", 1)
    with pytest.raises(ValueError, match="cycle"):
        e.add_bom_line("RM", "FG", 1)
    assert dump(e) == before


def test_duplicate_bom_line_adds_up_like_bom_graph():
    """A (parent, child) line entered twice counts once with the quantities summed, the
    rule of crmlab.erp.bom.bom_graph; a routing operation entered twice is refused."""
    e = small()
    e.add_bom_line("FG", "RM", 3)
    bom = e.table("bom").set_index(["parent", "child"])["quantity"]
    assert bom[("FG", "RM")] == 5
    with pytest.raises(ValueError, match="operation 10"):
        e.add_routing("FG", 10, "WC", setup_hours=1.0, run_hours=0.2)


_COSTS = st.sampled_from([0.01, 0.07, 1.0 / 3.0, 2.0, 2.675, 19.99, 123.456])
_QTY = st.sampled_from([0.001, 0.1, 1.0, 1.0 / 3.0, 2.5, 7.0, 33.0])


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    cost=_COSTS,
    price=_COSTS,
    moves=st.lists(st.tuples(st.sampled_from(["buy", "sell", "make"]), _QTY), max_size=12),
)
def test_inventory_account_equals_stock_valuation_after_any_sequence(cost, price, moves):
    """After any sequence of receipts, deliveries and production, the Inventory account
    (1200) equals the stock valuation to the cent: each movement is valued as the change
    of the item's stock value in whole cents, so the sum telescopes (before the fix a
    movement rounded on its own and the two drifted 0.03 apart)."""
    e = Enterprise()
    e.add_item("RM", "Raw", standard_cost=cost, lead_time=1)
    e.add_item("FG", "Good", make_or_buy="make", standard_cost=0.0, selling_price=50.0)
    e.add_work_centre("WC", "Assembly", capacity_hours=80, labour_rate=20, overhead_rate=10)
    e.add_bom_line("FG", "RM", 1.5)
    e.add_routing("FG", 10, "WC", setup_hours=0.0, run_hours=0.1)
    e.add_customer("K1", "K")
    e.add_supplier("V1", "V")
    e.roll_up_standard_costs()
    for kind, q in moves:
        try:
            if kind == "buy":
                e.procure_to_pay("V1", {"RM": q}, prices={"RM": price})
            elif kind == "sell":
                e.order_to_cash("K1", {"FG": q})
            else:
                e.confirm_production(e.create_production_order("FG", q))
        except ValueError as exc:  # not enough stock: refused, nothing changed
            assert "not enough stock" in str(exc)
    tb = e.trial_balance()
    inventory = round(tb.loc["1200", "debit"] - tb.loc["1200", "credit"], 2)
    assert round(e.stock()["value"].sum(), 2) == inventory
    assert tb.loc["total", "debit"] == tb.loc["total", "credit"]


def test_max_money_is_documented_and_exact_in_cents():
    """MAX_MONEY whole currency units in cents stay below 2**53, so every cent is exact."""
    assert MAX_MONEY * 100 < 2**53
