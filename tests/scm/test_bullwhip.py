"""Tests of crmlab.scm.bullwhip: the order-up-to policy and the Chen et al. (2000) bound."""

import numpy as np
import pytest

from crmlab.scm.bullwhip import (
    bullwhip_lower_bound,
    bullwhip_ratio,
    bullwhip_table,
    order_up_to_orders,
)


def test_hand_worked_orders_lead_time_one_window_two():
    """DESIGN.md's definition worked by hand: D = 1, 2, 3, 4, L = 1, p = 2.

    y_3 = 1·(1+2)/2 = 1.5, y_4 = (2+3)/2 = 2.5; q_3 = D_2 = 2 (the stage starts at y_3),
    q_4 = y_4 − y_3 + D_3 = 1 + 3 = 4. Two orders (n − p), for periods 3 and 4.
    """
    assert order_up_to_orders([1, 2, 3, 4], lead_time=1, window=2).tolist() == [2.0, 4.0]


def test_hand_worked_orders_window_three_lead_time_two():
    """By hand: D = 10, 0, 20, 10, 0, L = 2, p = 3. y_4 = 2·10 = 20, y_5 = 2·10 = 20;
    q_4 = D_3 = 20, q_5 = 20 − 20 + D_4 = 10."""
    q = order_up_to_orders([10, 0, 20, 10, 0], lead_time=2, window=3)
    assert len(q) == 5 - 3
    assert q.tolist() == [20.0, 10.0]


def test_returns_are_clipped_when_not_allowed():
    """A falling forecast gives a negative order (a return); allow_returns=False clips it.

    D = 10, 10, 0, 0, L = 4, p = 1: y_2 = 40, y_3 = 40, y_4 = 0; q_3 = 40 − 40 + 10 = 10,
    q_4 = 0 − 40 + 0 = −40, clipped to 0.
    """
    q = order_up_to_orders([10, 10, 0, 0], lead_time=4, window=1)
    assert q.tolist() == [10.0, 10.0, -40.0]
    clipped = order_up_to_orders([10, 10, 0, 0], lead_time=4, window=1, allow_returns=False)
    assert clipped.tolist() == [10.0, 10.0, 0.0]


def test_safety_term_uses_sample_std_and_sqrt_lead_time():
    """y_t = L·mean + z·s·sqrt(L) (DESIGN.md): D = 0, 2, 4, 6, L = 4, p = 2, z = 1.
    s = sqrt(2) for every window, so the safety term cancels in y_t − y_(t−1):
    q_4 = 4·(3 − 1) + D_3 = 12."""
    q = order_up_to_orders([0, 2, 4, 6], lead_time=4, window=2, z=1.0)
    assert q == pytest.approx([2.0, 12.0])


def test_chen_et_al_bound_iid_within_three_percent():
    """Chen, Drezner, Ryan & Simchi-Levi (2000): with z = 0 and i.i.d. demand the ratio is
    1 + 2L/p + 2L²/p²; on 100,000 i.i.d. demands it is within 3 % of it."""
    rng = np.random.default_rng(2000)
    demand = rng.normal(100, 15, 100_000)
    for lead, window in [(1, 1), (2, 5), (4, 4), (3, 10)]:
        orders = order_up_to_orders(demand, lead, window)
        ratio = bullwhip_ratio(orders, demand[window:])
        bound = 1 + 2 * lead / window + 2 * lead**2 / window**2
        assert bullwhip_lower_bound(lead, window) == pytest.approx(bound)
        assert ratio == pytest.approx(bound, rel=0.03), (lead, window)


def test_chen_et_al_bound_with_correlated_demand():
    """Chen et al. (2000), Theorem 1: for AR(1) demand with correlation ρ the bound is
    1 + (2L/p + 2L²/p²)(1 − ρ^p), attained with z = 0."""
    rng = np.random.default_rng(7)
    rho, n = 0.6, 200_000
    eps = rng.normal(0, 5, n)
    demand = np.empty(n)
    demand[0] = 100
    for t in range(1, n):
        demand[t] = 40 + rho * demand[t - 1] + eps[t]
    orders = order_up_to_orders(demand, 2, 3)
    bound = bullwhip_lower_bound(2, 3, correlation=rho)
    assert bound == pytest.approx(1 + (4 / 3 + 8 / 9) * (1 - rho**3))
    assert bullwhip_ratio(orders, demand[3:]) == pytest.approx(bound, rel=0.03)


def test_safety_stock_only_adds_variance():
    """The bound is a lower bound: z > 0 adds the variability of the safety stock."""
    rng = np.random.default_rng(3)
    demand = rng.normal(100, 15, 50_000)
    plain = bullwhip_ratio(order_up_to_orders(demand, 2, 5), demand[5:])
    safe = bullwhip_ratio(order_up_to_orders(demand, 2, 5, z=2.0), demand[5:])
    assert safe > plain


def test_bullwhip_ratio_is_a_variance_ratio():
    """Orders twice as spread as demand give a ratio of 4 (Var(2X) = 4·Var(X))."""
    demand = [4.0, 6.0, 5.0, 9.0]
    orders = [2 * d - 3 for d in demand]
    assert bullwhip_ratio(orders, demand) == pytest.approx(4.0)


def test_table_matches_the_bound():
    """The tabulated simulated ratio is within 5 % of the bound for every (L, p)."""
    table = bullwhip_table(lead_times=(1, 3), windows=(2, 6), periods=40_000)
    assert list(table.columns) == ["lead_time", "window", "ratio", "bound"]
    assert len(table) == 4
    assert np.allclose(table["ratio"], table["bound"], rtol=0.05)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"window": 0}, "window"),
        ({"window": 1.5}, "window"),
        ({"lead_time": -1}, "lead_time"),
        ({"lead_time": 1.5}, "lead_time"),
        ({"demand": [1, float("nan"), 3, 4, 5]}, "demand"),
        ({"demand": [1, -2, 3, 4, 5]}, "demand"),
        ({"z": 1.0, "window": 1}, "window"),
        ({"z": -1.0}, "z"),
        ({"demand": [1, 2]}, "demand"),
    ],
)
def test_bad_input_names_the_argument(kwargs, name):
    """Bad input raises ValueError naming the argument (issue 3, "Bad input")."""
    args = {"demand": [1, 2, 3, 4, 5], "lead_time": 1, "window": 2} | kwargs
    with pytest.raises(ValueError, match=name):
        order_up_to_orders(**args)


def test_ratio_and_bound_bad_input():
    """bullwhip_ratio and the bound reject bad demand, lengths, windows and correlations."""
    with pytest.raises(ValueError, match="demand"):
        bullwhip_ratio([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="demand"):
        bullwhip_ratio([1, 2, 3], [2, 2, 2])
    with pytest.raises(ValueError, match="demand"):
        bullwhip_ratio([1, 2, 3], [2, float("nan"), 2])
    with pytest.raises(ValueError, match="orders"):
        bullwhip_ratio([1, float("nan"), 3], [1, 2, 3])
    with pytest.raises(ValueError, match="window"):
        bullwhip_lower_bound(1, 0)
    with pytest.raises(ValueError, match="lead_time"):
        bullwhip_lower_bound(-1, 2)
    with pytest.raises(ValueError, match="correlation"):
        bullwhip_lower_bound(1, 2, correlation=1.0)
