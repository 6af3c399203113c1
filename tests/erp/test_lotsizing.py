"""Tests of crmlab.erp.lotsizing: the lot-sizing rules of MRP and their cost."""

import itertools
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from crmlab.erp.lotsizing import (
    fixed_order_quantity,
    lot_for_lot,
    lot_sizing_cost,
    periodic_order_quantity,
    silver_meal,
    wagner_whitin,
)

NAHMIAS = [18, 30, 42, 5, 20]


def test_silver_meal_nahmias_example():
    """Nahmias, Production and Operations Analysis (lot-sizing section of the MRP chapter):
    demands r = (18, 30, 42, 5, 20), setup K = $80, holding h = $2 per unit per period.
    Hand check of the averages: from period 1, C(1) = 80, C(2) = (80 + 60)/2 = 70,
    C(3) = (140 + 168)/3 = 102.67 > 70, so y1 = 48; from period 3, C(1) = 80,
    C(2) = 90/2 = 45, C(3) = 170/3 = 56.67 > 45, so y3 = 47; then y5 = 20. Cost 310."""
    receipts = silver_meal(NAHMIAS, 80, 2)
    assert receipts == [48, 0, 47, 0, 20]
    assert lot_sizing_cost(receipts, NAHMIAS, 80, 2) == pytest.approx(310)


def test_wagner_whitin_hand_worked_dp():
    """Hand-worked dynamic programme (Wagner & Whitin 1958 recursion) on d = (10, 0, 40, 30),
    S = 50, h = 1: F(1) = 50; F(3) = min(50 + 50 + 0 [order 3 alone], 50 + 80 [1 covers 1..3])
    = 100; F(4) = min(F(3) + 50, F(2) + 50 + 30, 50 + 80 + 90) = 130 by ordering 40 + 30 in
    period 3. Plan (10, 0, 70, 0)."""
    d = [10, 0, 40, 30]
    r = wagner_whitin(d, 50, 1)
    assert r == [10, 0, 70, 0]
    assert lot_sizing_cost(r, d, 50, 1) == pytest.approx(130)


def _brute_force(d, s, h):
    """Least cost over every set of order periods (each order covers up to the next)."""
    n = len(d)
    first = next((i for i, x in enumerate(d) if x > 0), None)
    if first is None:
        return 0.0
    best = float("inf")
    for mask in itertools.product([0, 1], repeat=n - first - 1):
        starts = [first] + [first + 1 + i for i, b in enumerate(mask) if b]
        r = [0.0] * n
        for k, a in enumerate(starts):
            b = starts[k + 1] if k + 1 < len(starts) else n
            r[a] = float(sum(d[a:b]))
        best = min(best, lot_sizing_cost(r, d, s, h))
    return best


def _milp_optimum(d, s, h):
    """The uncapacitated lot-sizing problem as a mixed-integer programme (scipy milp):
    variables x_t (receipts), I_t (stock), y_t (order binary); I_t = I_{t-1} + x_t - d_t,
    x_t <= M y_t; minimise S sum y + h sum I."""
    n = len(d)
    big = float(sum(d)) + 1
    c = np.concatenate([np.zeros(n), h * np.ones(n), s * np.ones(n)])
    rows, lo, hi = [], [], []
    for t in range(n):
        row = np.zeros(3 * n)
        row[t] = 1
        row[n + t] = -1
        if t > 0:
            row[n + t - 1] = 1
        rows.append(row)
        lo.append(d[t])
        hi.append(d[t])
        row = np.zeros(3 * n)
        row[t] = 1
        row[2 * n + t] = -big
        rows.append(row)
        lo.append(-np.inf)
        hi.append(0)
    res = milp(
        c,
        constraints=LinearConstraint(np.array(rows), lo, hi),
        integrality=np.concatenate([np.zeros(2 * n), np.ones(n)]),
        bounds=Bounds(np.zeros(3 * n), np.concatenate([np.full(2 * n, np.inf), np.ones(n)])),
    )
    return res.fun


def test_wagner_whitin_equals_brute_force_on_seeded_random_instances():
    """Wagner–Whitin is optimal: on 200 seeded random instances (T <= 8) its cost equals the
    enumeration of every order schedule, and is never above Silver–Meal, POQ or FOQ."""
    rng = np.random.default_rng(20240601)
    for _ in range(200):
        n = int(rng.integers(1, 9))
        d = [float(x) for x in rng.integers(0, 60, n) * (rng.random(n) > 0.2)]
        s, h = float(rng.integers(1, 200)), float(rng.integers(1, 5))
        ww = lot_sizing_cost(wagner_whitin(d, s, h), d, s, h)
        assert ww == pytest.approx(_brute_force(d, s, h))
        for rule in (silver_meal(d, s, h), periodic_order_quantity(d, 2), lot_for_lot(d)):
            assert ww <= lot_sizing_cost(rule, d, s, h) + 1e-9


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 50), min_size=1, max_size=7),
    st.integers(0, 150),
    st.integers(0, 4),
)
def test_wagner_whitin_equals_milp_optimum(d, s, h):
    """Property test against an independent optimum: the MILP formulation of the
    uncapacitated lot-sizing problem (Wagner & Whitin 1958) solved by scipy's HiGHS."""
    d = [float(x) for x in d]
    ww = lot_sizing_cost(wagner_whitin(d, s, h), d, s, h)
    assert ww == pytest.approx(_milp_optimum(d, s, h), abs=1e-3)


def test_every_rule_covers_requirements_in_time():
    """Definition (DESIGN.md): receipts cover every requirement in or before its period."""
    d = [0, 25, 0, 60, 10, 0, 45, 5]
    rules = [
        lot_for_lot,
        partial(fixed_order_quantity, quantity=40),
        partial(periodic_order_quantity, periods=3),
        partial(silver_meal, setup_cost=100, holding_cost=1),
        partial(wagner_whitin, setup_cost=100, holding_cost=1),
    ]
    for rule in rules:
        r = rule(d)
        assert len(r) == len(d)
        assert all(np.cumsum(r) >= np.cumsum(d) - 1e-9)


def test_fixed_and_periodic_hand_examples():
    """Hand-worked: FOQ 25 on (18, 30, 42, 5, 20): stock 7, 2, 10, 5, 10 after lots
    25, 25, 50, 0, 25; POQ 2 periods: 48, 0, 47, 0, 20. Lot for lot returns the input."""
    assert fixed_order_quantity(NAHMIAS, 25) == [25, 25, 50, 0, 25]
    assert periodic_order_quantity(NAHMIAS, 2) == [48, 0, 47, 0, 20]
    assert periodic_order_quantity([0, 10, 0, 0, 5], 2) == [0, 10, 0, 0, 5]
    assert lot_for_lot(NAHMIAS) == NAHMIAS


def test_lot_sizing_cost_counts_setups_and_end_stock():
    """Definition (DESIGN.md): 2 setups x 80 + h = 2 on end stocks (30, 0, 5, 0, 0) = 230."""
    r = [48, 0, 67, 0, 0]
    d = [18, 30, 42, 5, 20]
    # stocks: 30, 0, 25, 20, 0
    assert lot_sizing_cost(r, d, 80, 2) == pytest.approx(2 * 80 + 2 * (30 + 25 + 20))


def test_shortfall_raises():
    """DESIGN.md: receipts that leave a shortfall raise ValueError naming receipts."""
    with pytest.raises(ValueError, match="receipts .*shortfall.*period 2"):
        lot_sizing_cost([18, 20, 50, 0, 20], NAHMIAS, 80, 2)
    with pytest.raises(ValueError, match="receipts must have the same length"):
        lot_sizing_cost([18], NAHMIAS, 80, 2)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: lot_for_lot([1, -2]), "demand"),
        (lambda: lot_for_lot("abc"), "demand"),
        (lambda: fixed_order_quantity([1, 2], 0), "quantity"),
        (lambda: periodic_order_quantity([1, 2], 0), "periods"),
        (lambda: periodic_order_quantity([1, 2], 1.5), "periods"),
        (lambda: silver_meal([1, 2], -1, 1), "setup_cost"),
        (lambda: wagner_whitin([1, 2], 1, float("nan")), "holding_cost"),
        (lambda: wagner_whitin([1, float("inf")], 1, 1), "demand"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    """Each rule validates its inputs and names the bad argument."""
    with pytest.raises(ValueError, match=name):
        call()
