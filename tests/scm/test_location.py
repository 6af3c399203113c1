"""Tests of crmlab.scm.location: warehouse location solved exactly with scipy's MILP."""

import itertools

import numpy as np
import pandas as pd
import pytest

from crmlab import datasets
from crmlab.scm.location import distances, locate_warehouses, service_distance_table


def _line(capacity_a=100, capacity_b=100):
    """Two candidate warehouses and three stores on a line (y = 0), no plant."""
    rows = [
        ("A", "warehouse", 0.0, None, capacity_a, 60),
        ("B", "warehouse", 10.0, None, capacity_b, 50),
        ("s1", "store", 1.0, 10, None, None),
        ("s2", "store", 9.0, 10, None, None),
        ("s3", "store", 4.0, 1, None, None),
    ]
    frame = pd.DataFrame(
        rows, columns=["location_id", "type", "x_km", "annual_demand", "capacity", "fixed_cost"]
    )
    frame["y_km"] = 0.0
    frame["name"] = frame["location_id"]
    return frame


def test_tiny_instance_worked_by_hand():
    """Hand calculation, rate 1 per unit·km: A alone costs 60 + 10·1 + 10·9 + 1·4 = 164;
    B alone 50 + 10·9 + 10·1 + 1·6 = 156; both 110 + 10 + 10 + 4 = 134, the optimum, with
    s3 served from A (4 km rather than 6)."""
    sol = locate_warehouses(_line(), cost_per_unit_km=1.0, inbound_cost_per_unit_km=0.0)
    assert sol.open_warehouses == ("A", "B")
    assert sol.total_cost == pytest.approx(134.0)
    assert sol.fixed_cost == pytest.approx(110.0)
    served = dict(zip(sol.assignment["store"], sol.assignment["warehouse"], strict=True))
    assert served == {"s1": "A", "s2": "B", "s3": "A"}


def test_tiny_instance_with_capacity_and_service_distance():
    """Hand calculation: with A's capacity 10, s1 (10 units) fills A and s3 must go to B:
    110 + 10 + 10 + 6 = 136. With both capacities 10 the 21 units cannot be served at all;
    within a 3 km service distance s3 (4 and 6 km away) cannot be reached."""
    sol = locate_warehouses(_line(capacity_a=10), cost_per_unit_km=1.0, inbound_cost_per_unit_km=0)
    assert sol.total_cost == pytest.approx(136.0)
    assert sol.warehouses.loc["A", "units"] == 10
    uncapacitated = locate_warehouses(
        _line(capacity_a=10), cost_per_unit_km=1.0, inbound_cost_per_unit_km=0, capacitated=False
    )
    assert uncapacitated.total_cost == pytest.approx(134.0)
    with pytest.raises(ValueError, match="capacitated"):
        locate_warehouses(_line(10, 10), cost_per_unit_km=1.0)
    with pytest.raises(ValueError, match="max_distance_km.*s3"):
        locate_warehouses(_line(), cost_per_unit_km=1.0, max_distance_km=3)


def _brute_force_uncapacitated(locations, rate, rate_in, limit):
    """Every non-empty set of open warehouses; each store to its cheapest open one in reach."""
    w = locations[locations["type"] == "warehouse"].set_index("location_id")
    s = locations[locations["type"] == "store"]
    plant = locations[locations["type"] == "plant"].iloc[0]
    dist = distances(locations).to_numpy()
    inbound = np.hypot(w["x_km"] - plant["x_km"], w["y_km"] - plant["y_km"]).to_numpy()
    demand = s["annual_demand"].to_numpy(float)
    unit = rate * dist + rate_in * inbound[:, None]
    unit = np.where(dist <= (np.inf if limit is None else limit), unit, np.inf)
    fixed = w["fixed_cost"].to_numpy(float)
    best = np.inf
    for k in range(1, len(w) + 1):
        for subset in itertools.combinations(range(len(w)), k):
            idx = list(subset)
            cost = fixed[idx].sum() + (demand * unit[idx].min(axis=0)).sum()
            best = min(best, cost)
    return best


@pytest.mark.parametrize("limit", [None, 120.0, 95.0])
def test_milp_matches_brute_force_over_all_open_sets(limit):
    """Brute force over all 127 sets of open warehouses on the `locations` data set
    (uncapacitated: each store then goes to its cheapest reachable open warehouse) gives
    the MILP's optimum."""
    loc = datasets.load("locations")
    sol = locate_warehouses(loc, max_distance_km=limit, capacitated=False)
    assert sol.total_cost == pytest.approx(_brute_force_uncapacitated(loc, 0.05, 0.02, limit))
    if limit is not None:
        assert sol.assignment["distance_km"].max() <= limit


def test_capacitated_milp_matches_brute_force_over_all_assignments():
    """Brute force over all 3^6 = 729 single-sourcing assignments of a random small
    instance (seed 1) with capacities gives the MILP's optimum."""
    rng = np.random.default_rng(1)
    rows = [
        (f"W{i}", "warehouse", *rng.uniform(0, 100, 2), None, 60, rng.integers(50, 150))
        for i in range(3)
    ]
    rows += [
        (f"S{j}", "store", *rng.uniform(0, 100, 2), int(rng.integers(5, 30)), None, None)
        for j in range(6)
    ]
    loc = pd.DataFrame(
        rows,
        columns=["location_id", "type", "x_km", "y_km", "annual_demand", "capacity", "fixed_cost"],
    )
    loc["name"] = loc["location_id"]
    dist = distances(loc).to_numpy()
    demand = loc.loc[loc["type"] == "store", "annual_demand"].to_numpy(float)
    fixed = loc.loc[loc["type"] == "warehouse", "fixed_cost"].to_numpy(float)
    best = np.inf
    for assign in itertools.product(range(3), repeat=6):
        a = np.array(assign)
        loads = np.bincount(a, weights=demand, minlength=3)
        if (loads > 60).any():
            continue
        cost = fixed[np.unique(a)].sum() + (demand * dist[a, np.arange(6)]).sum() * 0.5
        best = min(best, cost)
    sol = locate_warehouses(loc, cost_per_unit_km=0.5)
    assert sol.total_cost == pytest.approx(best)
    assert (sol.warehouses["units"] <= sol.warehouses["capacity"]).all()


def test_dataset_solution_is_consistent():
    """Totals add up, capacities hold, and a dearer fixed cost never opens more sites."""
    sol = locate_warehouses()
    assert sol.total_cost == pytest.approx(sol.fixed_cost + sol.transport_cost)
    assert (sol.warehouses["units"] <= sol.warehouses["capacity"] + 1e-6).all()
    assert len(sol.assignment) == 30
    dear = locate_warehouses(fixed_cost_multiplier=3.0)
    assert len(dear.open_warehouses) <= len(sol.open_warehouses)
    table = service_distance_table(distances_km=(None, 100.0, 50.0))
    assert list(table.index) == [np.inf, 100.0]  # 50 km reaches no configuration
    assert table["total_cost"].is_monotonic_increasing


def test_infeasible_service_distance_names_the_argument():
    """A service distance no candidate meets raises ValueError naming max_distance_km and
    the smallest distance that would work (87.6 km on the data set)."""
    with pytest.raises(ValueError, match=r"max_distance_km.*87\.6 km"):
        locate_warehouses(max_distance_km=60)


def test_bad_input_names_the_argument():
    """Bad input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="cost_per_unit_km"):
        locate_warehouses(cost_per_unit_km=0)
    with pytest.raises(ValueError, match="fixed_cost_multiplier"):
        locate_warehouses(fixed_cost_multiplier=-1)
    with pytest.raises(ValueError, match="max_distance_km"):
        locate_warehouses(max_distance_km=0)
    with pytest.raises(ValueError, match="inbound_cost_per_unit_km"):
        locate_warehouses(inbound_cost_per_unit_km=-0.1)
    with pytest.raises(ValueError, match="capacitated"):
        locate_warehouses(capacitated="yes")
    with pytest.raises(ValueError, match="locations"):
        locate_warehouses(datasets.load("locations").drop(columns="fixed_cost"))
