"""Tests of crmlab.scm.distribution: direct shipping, cross-docking, classic warehousing."""

import math

import numpy as np
import pytest

from crmlab.scm.distribution import (
    STRATEGIES,
    DistributionCosts,
    compare_strategies,
    cost_parameters_table,
    strategy_grid,
)


def test_direct_shipping_is_an_eoq_with_one_truck_per_shipment():
    """Hand calculation (EOQ, Harris 1913): with no demand uncertainty and shipments below
    a truckload, a store's shipment cost K = long-haul load + stop and its holding cost h
    give a weekly transport-plus-cycle-stock cost of sqrt(2·K·d·h) per store."""
    costs = DistributionCosts(demand_cv=0.0, truck_capacity=1e6)
    table = compare_strategies(demand_per_store=40, stores=3, costs=costs)
    k = costs.long_haul_cost + costs.stop_cost
    expected = 3 * math.sqrt(2 * k * 40 * costs.holding_cost)
    row = table.loc["direct_shipping"]
    assert row["transport"] + row["cycle_stock"] == pytest.approx(expected, rel=1e-3)
    assert row["safety_stock"] == 0.0
    assert row["shipment_size"] == pytest.approx(
        math.sqrt(2 * k * 40 / costs.holding_cost), rel=0.02
    )


def test_handling_and_lead_times_follow_the_parameters():
    """By definition: handling is the rate × units moved (none for direct shipping), and
    the store's lead time is the long haul (direct), long haul + dock + local run
    (cross-docking) or the local run from stock (warehousing)."""
    c = DistributionCosts()
    t = compare_strategies(50, 20, c)
    assert t.loc["direct_shipping", "handling"] == 0.0
    assert t.loc["cross_docking", "handling"] == pytest.approx(c.handling_crossdock * 1000)
    assert t.loc["classic_warehousing", "handling"] == pytest.approx(c.handling_warehouse * 1000)
    assert t.loc["direct_shipping", "lead_time_days"] == c.long_haul_days
    assert t.loc["cross_docking", "lead_time_days"] == pytest.approx(
        c.long_haul_days + c.crossdock_days + c.local_days
    )
    assert t.loc["classic_warehousing", "lead_time_days"] == c.local_days
    parts = t[["transport", "handling", "cycle_stock", "safety_stock"]].sum(axis=1)
    assert np.allclose(parts, t["total"])
    assert np.allclose(t["total"] / 1000, t["cost_per_unit"])


def test_each_strategy_wins_where_the_textbooks_say():
    """Simchi-Levi et al. (2008) and Chopra & Meindl (2016), qualitatively: direct
    shipping pays when each store takes large volumes (full trucks); cross-docking when
    many stores together fill trucks; classic warehousing when volumes are small (stock
    and its uncertainty are pooled at the DC, and stores get small, frequent deliveries)."""
    grid = strategy_grid([10, 2000], [3, 150]).set_index(["demand_per_store", "stores"])
    assert grid.loc[(2000, 3), "winner"] == "direct_shipping"
    assert grid.loc[(10, 150), "winner"] == "cross_docking"
    assert grid.loc[(10, 3), "winner"] == "classic_warehousing"


def test_more_uncertainty_favours_the_warehouse():
    """Risk pooling (Eppen 1979, as taught by Simchi-Levi et al. 2008): the DC's safety
    stock grows with sqrt(n), the stores' with n, so higher demand variability shifts
    cells towards classic warehousing."""
    d, n = np.geomspace(5, 2000, 15), [2, 5, 10, 20, 40, 80]
    calm = strategy_grid(d, n, DistributionCosts(demand_cv=0.1))
    wild = strategy_grid(d, n, DistributionCosts(demand_cv=1.5))
    assert (wild["winner"] == "classic_warehousing").sum() > (
        calm["winner"] == "classic_warehousing"
    ).sum()


def test_grid_winner_is_the_cheapest_in_each_cell():
    """The winner column is the argmin of the three costs; the grid has one row per pair."""
    grid = strategy_grid([5, 50, 500], [1, 10, 100])
    assert len(grid) == 9
    for _, row in grid.iterrows():
        assert row["winner"] == min(STRATEGIES, key=lambda s: row[s])


def test_parameters_table_lists_every_field_with_a_unit():
    """Every parameter is documented with its unit."""
    table = cost_parameters_table()
    assert set(table.index) == set(DistributionCosts.__dataclass_fields__)
    assert table["unit"].str.len().min() > 0


def test_bad_input_names_the_argument():
    """Bad input raises ValueError naming the argument or the parameter."""
    with pytest.raises(ValueError, match="demand_per_store"):
        compare_strategies(0, 10)
    with pytest.raises(ValueError, match="stores"):
        compare_strategies(10, 2.5)
    with pytest.raises(ValueError, match="stores"):
        strategy_grid([10], [0, 5])
    with pytest.raises(ValueError, match="demand_per_store"):
        strategy_grid([float("nan")], [5])
    with pytest.raises(ValueError, match="service_level"):
        compare_strategies(10, 10, DistributionCosts(service_level=1.0))
    with pytest.raises(ValueError, match="holding_cost"):
        compare_strategies(10, 10, DistributionCosts(holding_cost=-1))
    with pytest.raises(ValueError, match="stops_per_route"):
        compare_strategies(10, 10, DistributionCosts(stops_per_route=0))
