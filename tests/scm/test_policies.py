"""Tests of crmlab.scm.policies: the period-by-period inventory policy simulator."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from crmlab.scm.policies import (
    BaseStockPolicy,
    InventoryState,
    RQPolicy,
    SSPolicy,
    base_stock_level,
    normal_demand,
    simulate_base_stock,
    simulate_policy,
    step,
)


@pytest.mark.parametrize("lead_time", [0, 2, 4])
def test_base_stock_cycle_service_level_matches_theory(lead_time):
    """Issue 3 / Snyder & Shen, Fundamentals of Supply Chain Theory, chapter 4: a base-stock
    policy reviewed every period protects over L + 1 periods, so S = μ(L+1) + z·σ·sqrt(L+1)
    with z = Φ⁻¹(0.95) gives a cycle service level of 95 %: simulated over 20,000 periods
    (seed 0) it is within 1 percentage point."""
    demand = normal_demand(100, 20, 20_000, seed=0)
    level = base_stock_level(100, 20, lead_time, 0.95)
    result = simulate_base_stock(demand, level, lead_time)
    assert abs(result.cycle_service_level - 0.95) <= 0.01


def test_protecting_over_lead_time_only_falls_short():
    """The same theory, the other way: a level set over L = 2 periods instead of L + 1
    (the usual mistake), S = 2μ + z·σ·sqrt(2), still faces demand over 3 periods, so the
    service level is Φ((S − 3μ)/(σ·sqrt(3))) = 6.1 %, far below the 95 % intended."""
    demand = normal_demand(100, 20, 20_000, seed=0)
    wrong = 100 * 2 + norm.ppf(0.95) * 20 * math.sqrt(2)
    result = simulate_base_stock(demand, wrong, 2)
    theory = norm.cdf((wrong - 300) / (20 * math.sqrt(3)))
    assert theory == pytest.approx(0.0613, abs=1e-3)
    assert abs(result.cycle_service_level - theory) <= 0.01


def test_expected_backlog_is_the_loss_function():
    """Closed form (Snyder & Shen chapter 4): with backorders the end-of-period backlog is
    (D over L+1 − S)⁺, whose mean is σ·sqrt(L+1)·G(z), G(z) = φ(z) − z(1 − Φ(z)) the
    standard normal loss function; on hand averages S − μ(L+1) + E[backlog]."""
    lead, mu, sigma, z = 3, 100, 20, 1.0
    s_level = mu * (lead + 1) + z * sigma * math.sqrt(lead + 1)
    result = simulate_base_stock(normal_demand(mu, sigma, 100_000, seed=3), s_level, lead)
    loss = norm.pdf(z) - z * (1 - norm.cdf(z))
    expected_backlog = sigma * math.sqrt(lead + 1) * loss
    assert result.average_backlog == pytest.approx(expected_backlog, rel=0.05)
    expected_on_hand = s_level - mu * (lead + 1) + expected_backlog
    assert result.average_on_hand == pytest.approx(expected_on_hand, rel=0.02)


def test_constant_demand_steady_state_hand_computed():
    """Hand-computed trace (S = 10, L = 1, demand 4 a period): on hand 6, 2, 2, 2, …
    = S − (L+1)·4 from period 2; orders 0, 4, 4, … (a base-stock policy passes demand
    through); receipts arrive one period after the order."""
    result = simulate_base_stock([4] * 6, 10, 1)
    h = result.history
    assert h["period"].tolist() == [1, 2, 3, 4, 5, 6]
    assert h["on_hand"].tolist() == [6, 2, 2, 2, 2, 2]
    assert h["order"].tolist() == [0, 4, 4, 4, 4, 4]
    assert h["receipt"].tolist() == [0, 0, 4, 4, 4, 4]
    assert result.fill_rate == 1.0
    assert result.cycle_service_level == 1.0


def test_s_S_policy_hand_computed():
    """Hand-computed (s, S) = (3, 10), L = 0, demand 3 a period, start with 10: IP at the
    reviews 10, 7, 4, 1 → order 9 in period 4 (arrives at once); on hand 7, 4, 1, 7."""
    result = simulate_policy([3, 3, 3, 3], SSPolicy(3, 10), 0, order_cost=5)
    h = result.history
    assert h["position"].tolist() == [10, 7, 4, 1]
    assert h["order"].tolist() == [0, 0, 0, 9]
    assert h["on_hand"].tolist() == [7, 4, 1, 7]
    assert h["ordering_cost"].tolist() == [0, 0, 0, 5]
    assert result.order_frequency == 0.25


def test_rq_policy_orders_whole_lots():
    """(r, Q) = (5, 4): at IP = 0 it takes two lots (8) to lift IP above r (0 + 8 > 5), at
    IP = 5 one lot: hand-computed from the policy's definition."""
    policy = RQPolicy(5, 4)
    assert policy.order(0) == 8
    assert policy.order(5) == 4
    assert policy.order(5.5) == 0


def test_backorders_and_lost_sales_hand_computed():
    """Hand-computed: S = 5, L = 0 gives on hand 5 each period before demand 7: 5 filled,
    2 short. With backorders the 2 stay as backlog and are served next period (order 7
    restores IP = 5); with lost sales they are gone. Fill rate 5/7 in both cases."""
    back = simulate_base_stock([7, 7], 5, 0)
    lost = simulate_base_stock([7, 7], 5, 0, lost_sales=True)
    assert back.history["backlog"].tolist() == [2, 2]
    assert back.history["filled"].tolist() == [5, 5]
    assert lost.history["shortage"].tolist() == [2, 2]
    assert lost.history["backlog"].tolist() == [0, 0]
    assert back.fill_rate == pytest.approx(5 / 7)
    assert lost.fill_rate == pytest.approx(5 / 7)
    assert back.cycle_service_level == 0.0


@pytest.mark.parametrize(
    "policy", [BaseStockPolicy(450), RQPolicy(300, 250), SSPolicy(300, 600)], ids=repr
)
@pytest.mark.parametrize("lost_sales", [False, True])
def test_simulator_agrees_with_step(policy, lost_sales):
    """The fast simulator is the one-period recipe `step` repeated (the reference
    implementation, QuantEcon style): same orders, receipts, fills and stock, L = 3."""
    demand = normal_demand(100, 30, 300, seed=7)
    result = simulate_policy(demand, policy, 3, lost_sales=lost_sales)
    state = InventoryState(policy.start, 0.0, (0.0, 0.0, 0.0))
    rows = []
    for d in demand:
        state, record = step(state, float(d), policy, lost_sales=lost_sales)
        rows.append((record.order, record.receipt, record.filled, state.on_hand, state.backlog))
    expected = np.array(rows)
    got = result.history[["order", "receipt", "filled", "on_hand", "backlog"]].to_numpy()
    np.testing.assert_allclose(got, expected, atol=1e-9)


def test_costs_add_up():
    """Cost accounting by definition: h × on hand + b × backlog + K per order each period."""
    result = simulate_policy(
        normal_demand(50, 15, 200, seed=1),
        SSPolicy(80, 200),
        1,
        holding_cost=2,
        backorder_cost=9,
        order_cost=40,
    )
    h = result.history
    total = 2 * h["on_hand"] + 9 * h["backlog"] + 40 * (h["order"] > 0)
    np.testing.assert_allclose(h["total_cost"], total)
    assert result.total_cost == pytest.approx(total.sum())


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: simulate_base_stock([1, math.nan], 5, 1), "demand"),
        (lambda: simulate_base_stock([1, -2], 5, 1), "demand"),
        (lambda: simulate_base_stock([1, 2], 5, 1.5), "lead_time"),
        (lambda: simulate_base_stock([1, 2], 5, -1), "lead_time"),
        (lambda: simulate_base_stock([1, 2], 5, 1, holding_cost=0), "holding_cost"),
        (lambda: simulate_base_stock([1, 2], 5, 1, backorder_cost=-1), "backorder_cost"),
        (lambda: simulate_policy([1, 2], BaseStockPolicy(5), 1, order_cost=-1), "order_cost"),
        (lambda: simulate_policy([1, 2], "base", 1), "policy"),
        (lambda: SSPolicy(10, 5), "S"),
        (lambda: RQPolicy(10, 0), "order_quantity"),
        (lambda: base_stock_level(100, 20, 2, 1.0), "service_level"),
        (lambda: normal_demand(100, 20, 0), "periods"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    """Issue 3: costs > 0, service levels in (0, 1), whole lead times >= 0, demand without
    NaN or negative values; otherwise ValueError naming the argument."""
    with pytest.raises(ValueError, match=name):
        call()


@settings(max_examples=40, deadline=None)
@given(
    demand=st.lists(st.floats(0, 50, allow_nan=False), min_size=1, max_size=40),
    lead_time=st.integers(0, 4),
    kind=st.sampled_from(["base", "rq", "ss"]),
    lost_sales=st.booleans(),
)
def test_stock_balance_holds_for_any_demand(demand, lead_time, kind, lost_sales):
    """Conservation of units (the definition of the recipe): each period, net stock changes
    by receipt − demand (backorders) or receipt − filled (lost sales); every order arrives
    exactly L periods after it is placed; fill never exceeds demand."""
    policy = {"base": BaseStockPolicy(60), "rq": RQPolicy(30, 25), "ss": SSPolicy(20, 70)}[kind]
    h = simulate_policy(demand, policy, lead_time, lost_sales=lost_sales).history
    net = (h["on_hand"] - h["backlog"]).to_numpy()
    before = np.concatenate([[policy.start], net[:-1]])
    used = h["filled"] if lost_sales else h["demand"]
    np.testing.assert_allclose(net, before + h["receipt"] - used, atol=1e-9)
    expected = np.concatenate([np.zeros(lead_time), h["order"].to_numpy()])[: len(h)]
    np.testing.assert_allclose(h["receipt"], expected, atol=1e-12)
    assert (h["filled"] <= h["demand"] + 1e-12).all()
