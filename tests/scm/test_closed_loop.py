"""Tests of crmlab.scm.closed_loop: CRM signals feeding an upstream stage."""

import numpy as np
import pytest

from crmlab.scm.closed_loop import SIGNALS, compare_signals, simulate_closed_loop


def test_retailer_orders_follow_the_order_up_to_rule():
    """Chen, Drezner, Ryan & Simchi-Levi (2000), the order-up-to policy with a moving
    average and z = 0: q_t = y_t − y_(t−1) + D_(t−1), y_t = L·mean(D_(t−p) … D_(t−1))."""
    h = simulate_closed_loop("orders", periods=60, retailer_lead_time=3, window=5).history
    d, q = h["pos_demand"].to_numpy(), h["retailer_order"].to_numpy()
    for t in range(6, 60):
        y_t = 3 * d[t - 5 : t].mean()
        y_prev = 3 * d[t - 6 : t - 1].mean()
        assert q[t] == pytest.approx(y_t - y_prev + d[t - 1])


def test_retailer_bullwhip_matches_chen_et_al_when_production_is_instant():
    """With no production lead time the stage that sees POS data (and the retailer's rule)
    knows next period's order exactly, so its production copies the retailer's orders:
    their variance ratio is Chen et al.'s (2000) 1 + 2L/p + 2L²/p² = 2.5 for L = 2, p = 4
    (i.i.d. demand, z = 0), within 3 % over 20,000 periods."""
    r = simulate_closed_loop("pos", lead_time=0, periods=20_000)
    assert r.bullwhip == pytest.approx(2.5, rel=0.03)


def test_instant_production_with_pos_holds_no_stock_and_never_backorders():
    """Hand reasoning: with lead time 0 the forecast of the next order is exact (it depends
    only on sales already recorded), σ = 0, and production equals the next order: stock
    and backlog stay at zero, so cost is 0 and the fill rate 1."""
    r = simulate_closed_loop("pos", lead_time=0)
    assert r.total_cost == pytest.approx(0.0, abs=1e-6)
    assert r.fill_rate == pytest.approx(1.0)
    assert r.cycle_service_level == 1.0


def test_customer_information_lowers_cost_at_the_same_service():
    """Lee, So & Tang (2000) and Chen et al. (2000), qualitatively: sharing end-customer
    demand lowers the upstream stage's cost and its order variability; advance demand
    information (the pipeline) lowers them further; all three meet the 95 % target within
    3 percentage points (20,000 periods, seed 0)."""
    table = compare_signals(periods=20_000)
    cost = table["total_cost"]
    assert cost["pos_pipeline"] < cost["pos"] < cost["orders"]
    assert (
        table["bullwhip"]["pos_pipeline"] < table["bullwhip"]["pos"] < table["bullwhip"]["orders"]
    )
    assert np.allclose(table["cycle_service_level"], 0.95, atol=0.03)


def test_without_deals_the_pipeline_adds_nothing():
    """If the pipeline announces nothing (pipeline_std = 0), POS + pipeline is POS alone."""
    table = compare_signals(["pos", "pos_pipeline"], pipeline_std=0.0)
    assert table.loc["pos"].to_numpy() == pytest.approx(table.loc["pos_pipeline"].to_numpy())


def test_seed_reproduces_and_changes_the_run():
    """Randomness only through seed: the same seed gives the same run, another differs."""
    a = simulate_closed_loop("orders", seed=3).history
    b = simulate_closed_loop("orders", seed=3).history
    c = simulate_closed_loop("orders", seed=4).history
    assert a.equals(b)
    assert not a.equals(c)
    assert list(a.columns)[:3] == ["period", "pos_demand", "retailer_order"]
    assert a["period"].iloc[0] == 1


def test_bad_input_names_the_argument():
    """Bad input raises ValueError naming the argument and its range."""
    with pytest.raises(ValueError, match="signal"):
        simulate_closed_loop("email")
    with pytest.raises(ValueError, match="service_level"):
        simulate_closed_loop(service_level=1.0)
    with pytest.raises(ValueError, match="lead_time"):
        simulate_closed_loop(lead_time=-1)
    with pytest.raises(ValueError, match="lead_time"):
        simulate_closed_loop(lead_time=1.5)
    with pytest.raises(ValueError, match="window"):
        simulate_closed_loop(window=1)
    with pytest.raises(ValueError, match="holding_cost"):
        simulate_closed_loop(holding_cost=0)
    with pytest.raises(ValueError, match="mean_demand"):
        simulate_closed_loop(mean_demand=float("nan"))
    with pytest.raises(ValueError, match="seed"):
        simulate_closed_loop(seed="x")
    with pytest.raises(ValueError, match="signals"):
        compare_signals([])
    assert SIGNALS == ("orders", "pos", "pos_pipeline")


def test_retailer_orders_agree_with_the_bullwhip_module():
    """The retailer's orders are crmlab.scm.bullwhip.order_up_to_orders with z = 0 (Chen
    et al. 2000), applied to the same point-of-sale demand (from the second order on: the
    first one depends on how each starts up)."""
    from crmlab.scm.bullwhip import order_up_to_orders

    h = simulate_closed_loop("orders", periods=80, retailer_lead_time=2, window=4).history
    expected = order_up_to_orders(h["pos_demand"], lead_time=2, window=4)
    assert h["retailer_order"].to_numpy()[5:] == pytest.approx(expected[1:])
