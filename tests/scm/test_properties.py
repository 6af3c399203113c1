"""Property-based tests of crmlab.scm: random valid and invalid inputs (hypothesis).

Source: the public-API contract of DESIGN.md ("every function validates its inputs and
raises ValueError naming the bad argument and its allowed range") and issue 8. For each
public function, hypothesis draws random *valid* inputs, which must never crash and whose
results must satisfy simple invariants (closed-form identities where one exists, e.g. at the EOQ the
ordering and holding costs are equal, Harris 1913);
and random *invalid* inputs, which must always raise ``ValueError`` (never a TypeError,
KeyError, ZeroDivisionError or a silent nonsense result). Which public functions have
property tests is checked by tests/project/test_property_coverage.py.

Kept fast and deterministic (tests/strategies.py: ``derandomize=True``, no example
database, modest ``max_examples``, no deadline). Run with ``pytest tests/scm/test_properties.py
--hypothesis-show-statistics`` to see how many cases ran.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crmlab.scm import (
    beergame,
    bullwhip,
    closed_loop,
    distribution,
    inventory,
    location,
    network,
    pooling,
    postponement,
)
from crmlab.scm import policies as scm_policies
from tests.strategies import (
    fast,
    non_negative,
    not_positive,
    not_probability,
    positive,
    probability,
    small_positive,
)

# ---------------------------------------------------------------- crmlab.scm.inventory


@fast()
@given(positive, positive, positive)
def test_eoq_balances_ordering_and_holding_costs(demand, order_cost, holding_cost):
    """At Q* = sqrt(2Kλ/h) the yearly ordering and holding costs are equal (Harris 1913)."""
    q = inventory.eoq(demand, order_cost, holding_cost)
    assert q > 0 and math.isfinite(q)
    ordering, holding = inventory.eoq_costs(q, demand, order_cost, holding_cost)
    assert ordering == pytest.approx(holding, rel=1e-9)


@fast()
@given(positive, positive, positive, st.integers(0, 2), not_positive)
def test_eoq_rejects_non_positive_inputs(demand, order_cost, holding_cost, which, bad):
    """Each EOQ input must be finite and > 0."""
    args = [demand, order_cost, holding_cost]
    args[which] = bad
    with pytest.raises(ValueError):
        inventory.eoq(*args)
    with pytest.raises(ValueError):
        inventory.eoq_costs(1.0, *args)
    with pytest.raises(ValueError):
        inventory.eoq_curve(*args)


@fast(25)
@given(small_positive, small_positive, small_positive, st.integers(10, 300))
def test_eoq_curve_minimum_is_the_eoq(demand, order_cost, holding_cost, points):
    """The curve's lowest total cost is never below the cost at Q* (Q* is optimal)."""
    sol = inventory.eoq_curve(demand, order_cost, holding_cost, points=points)
    assert sol.quantity == pytest.approx(inventory.eoq(demand, order_cost, holding_cost))
    assert sol.curve.select_dtypes("number").min().min() >= 0
    numeric = sol.curve.select_dtypes("number")
    assert numeric.iloc[:, -1].min() >= sol.total_cost * (1 - 1e-9)


@fast(25)
@given(small_positive, small_positive, small_positive, st.integers(10, 500))
def test_inventory_path_stays_between_zero_and_q(demand, quantity, horizon, points):
    """Under the EOQ policy stock never goes below 0 nor above Q."""
    path = inventory.eoq_inventory_path(demand, quantity, horizon, points=points)
    stock = path.select_dtypes("number").iloc[:, -1]
    assert stock.min() >= -1e-9 * quantity and stock.max() <= quantity * (1 + 1e-9)


@fast(20)
@given(not_positive)
def test_inventory_path_and_curve_reject_bad_input(bad):
    """Every argument of the path and the curve is checked."""
    with pytest.raises(ValueError):
        inventory.eoq_inventory_path(1.0, 1.0, bad)
    with pytest.raises(ValueError):
        inventory.eoq_inventory_path(bad, 1.0, 1.0)
    with pytest.raises(ValueError):
        inventory.eoq_curve(1.0, 1.0, 1.0, points=bad)


@fast()
@given(positive, non_negative, positive, positive)
def test_newsvendor_orders_above_mean_when_underage_costs_more(mean, std, cu, co):
    """Critical fractile cu/(cu+co) > 1/2 gives z > 0, so Q >= mean (and < for < 1/2)."""
    q = inventory.newsvendor_quantity(mean, std, cu, co)
    assert math.isfinite(q)
    if cu > co:
        assert q >= mean - 1e-9 * max(1.0, mean)
    elif cu < co:
        assert q <= mean + 1e-9 * max(1.0, mean)


@fast()
@given(positive, non_negative, positive, positive, st.integers(0, 3))
def test_newsvendor_rejects_bad_input(mean, std, cu, co, which):
    """std >= 0, both costs > 0, the mean finite."""
    args = [mean, std, cu, co]
    args[which] = {0: math.nan, 1: -1.0}.get(which, 0.0)
    with pytest.raises(ValueError):
        inventory.newsvendor_quantity(*args)


@fast()
@given(non_negative, non_negative, st.integers(1, 52), probability)
def test_reorder_point_is_lead_time_demand_plus_safety_stock(mean, std, lead, service):
    """ROP = μL + z σ sqrt(L), with the safety stock term from safety_stock()."""
    ss = inventory.safety_stock(std, lead, service)
    rop = inventory.reorder_point(mean, std, lead, service)
    assert rop == pytest.approx(mean * lead + ss, rel=1e-9, abs=1e-9)
    if service >= 0.5:
        assert ss >= 0


@fast()
@given(not_probability, st.integers(0, 1))
def test_safety_stock_rejects_service_levels_outside_0_1(bad, which):
    """The cycle service level lies strictly between 0 and 1; lead time is >= 1."""
    with pytest.raises(ValueError):
        inventory.safety_stock(1.0, 2, bad)
    with pytest.raises(ValueError):
        inventory.reorder_point(10.0, 1.0, 2, bad)
    with pytest.raises(ValueError):
        inventory.safety_stock(-1.0 if which else 1.0, 2 if which else -1, 0.9)


# ---------------------------------------------------------------- crmlab.scm (SCM chapter)


demand_path = st.lists(st.floats(0.0, 200.0), min_size=12, max_size=80)


@fast(30)
@given(demand_path, st.integers(0, 4), st.integers(2, 8), st.floats(0.0, 2.0))
def test_order_up_to_orders_and_bullwhip(demand, lead, window, z):
    """n − window orders; with allow_returns=False none is negative; the ratio is >= 0;
    the lower bound of Chen et al. (2000) is >= 1."""
    assume(len(demand) > window + 1)
    orders = bullwhip.order_up_to_orders(demand, lead, window, z)
    assert len(orders) == len(demand) - window
    clipped = bullwhip.order_up_to_orders(demand, lead, window, z, allow_returns=False)
    assert (clipped >= 0).all()
    assume(np.var(demand[window:]) > 0)
    assert bullwhip.bullwhip_ratio(orders, demand[window:]) >= 0
    assert bullwhip.bullwhip_lower_bound(lead, window) >= 1


@fast(30)
@given(demand_path, st.integers(0, 3))
def test_bullwhip_rejects_bad_input(demand, which):
    """Window >= 1 (>= 2 with z > 0), lead time >= 0, finite demand, equal lengths."""
    calls = [
        lambda: bullwhip.order_up_to_orders(demand, 1, 0),
        lambda: bullwhip.order_up_to_orders(demand, -1, 2),
        lambda: bullwhip.order_up_to_orders([*demand, math.nan], 1, 2),
        lambda: bullwhip.bullwhip_ratio(demand, demand[:-1]),
    ]
    with pytest.raises(ValueError):
        calls[which]()


@fast(15)
@given(
    st.integers(5, 40),
    st.sampled_from(["sterman", "pass_through", "base_stock"]),
    st.booleans(),
    st.integers(0, 99),
)
def test_beer_game_costs_add_up(weeks, policy, share, seed):
    """Total cost is the sum of weekly costs; no stage holds negative stock or backlog."""
    res = beergame.simulate_beer_game(weeks=weeks, policy=policy, share_demand=share, seed=seed)
    h = res.history
    assert res.total_cost == pytest.approx(h["cost"].sum())
    assert (h["inventory"] >= -1e-9).all() and (h["backlog"] >= -1e-9).all()
    assert set(h["stage"]) == {"retailer", "wholesaler", "distributor", "factory"}


@fast(15)
@given(st.sampled_from([0, -3, 2.5, "36"]), st.text(min_size=1, max_size=8))
def test_beer_game_rejects_bad_input(weeks, policy):
    """Weeks a whole number >= 1; a policy a known name or a callable."""
    assume(policy not in ("sterman", "pass_through", "base_stock"))
    with pytest.raises(ValueError):
        beergame.simulate_beer_game(weeks=weeks)
    with pytest.raises(ValueError):
        beergame.simulate_beer_game(policy=policy)


@fast(25)
@given(
    st.lists(st.floats(0.0, 100.0), min_size=5, max_size=200),
    st.sampled_from(["base", "rq", "ss"]),
    st.floats(0.0, 300.0),
    st.floats(1.0, 100.0),
    st.integers(0, 4),
    st.booleans(),
)
def test_inventory_policies_simulate(demand, kind, level, q, lead, lost):
    """Fill rate and cycle service level are shares; costs and stock are >= 0."""
    policy = {
        "base": scm_policies.BaseStockPolicy(level),
        "rq": scm_policies.RQPolicy(level, q),
        "ss": scm_policies.SSPolicy(level, level + q),
    }[kind]
    res = scm_policies.simulate_policy(demand, policy, lead, lost_sales=lost)
    assert 0 <= res.fill_rate <= 1 + 1e-9 and 0 <= res.cycle_service_level <= 1 + 1e-9
    assert res.average_on_hand >= 0 and res.total_cost >= 0
    with pytest.raises(ValueError):
        scm_policies.simulate_policy([*demand, -1.0], policy, lead)
    with pytest.raises(ValueError):
        scm_policies.simulate_policy(demand, policy, -1)


@fast(40)
@given(non_negative, st.integers(1, 30), st.floats(0.0, 1.0))
def test_risk_pooling_formulas(std, n, rho):
    """Pooled std lies between sqrt(n)·σ·(ρ=0) bounds: never above n·σ; the pooling ratio
    is in (0, 1]; the square-root law with n2 = n1 changes nothing (Maister 1976)."""
    pooled = pooling.pooled_std(std, n, rho)
    assert pooled <= n * std * (1 + 1e-9) + 1e-9
    ratio = pooling.pooling_ratio(n, rho)
    assert 0 < ratio <= 1 + 1e-9
    assert pooling.square_root_law(std, n, n) == pytest.approx(std)
    with pytest.raises(ValueError):
        pooling.pooled_std(std, n, 1.5)
    with pytest.raises(ValueError):
        pooling.pooling_ratio(0)


@fast(25)
@given(
    st.lists(st.floats(0.0, 100.0), min_size=1, max_size=8),
    st.integers(0, 8),
    probability,
)
def test_postponement_never_needs_more_generic_stock(stds, lead, service):
    """Held as the generic product, safety stock is never more than held as variants
    (independent demands: the pooled std is at most the sum of the stds)."""
    table = postponement.postponement(stds, lead, service)
    assert len(table) >= len(stds)
    with pytest.raises(ValueError):
        postponement.postponement([*stds, -1.0], lead, service)
    with pytest.raises(ValueError):
        postponement.postponement(stds, lead, 1.0)


# ------------------------------------------------- crmlab.scm: network, distribution, closed loop


points = st.tuples(st.floats(-1000.0, 1000.0), st.floats(-1000.0, 1000.0))


@fast(60)
@given(points, points, points)
def test_distance_is_a_metric(a, b, c):
    """Straight-line distance: zero to itself, symmetric, and the triangle inequality."""
    assert network.distance_km(a, a) == 0
    assert network.distance_km(a, b) == pytest.approx(network.distance_km(b, a))
    assert network.distance_km(a, c) <= (
        network.distance_km(a, b) + network.distance_km(b, c) + 1e-9
    )


@fast(30)
@given(st.floats(1.0, 5000.0), st.integers(1, 200), not_positive)
def test_distribution_strategies_add_up(demand, stores, bad):
    """Each strategy's total is the sum of its cost parts; cost per unit is total over
    units sold; bad demand or store counts raise ValueError."""
    table = distribution.compare_strategies(demand, stores)
    parts = table[["transport", "handling", "cycle_stock", "safety_stock"]].sum(axis=1)
    assert np.allclose(table["total"], parts)
    assert np.allclose(table["cost_per_unit"], table["total"] / (demand * stores))
    assert (table.select_dtypes("number") >= 0).all().all()
    with pytest.raises(ValueError):
        distribution.compare_strategies(bad, stores)
    with pytest.raises(ValueError):
        distribution.compare_strategies(demand, 0)


@fast(10)
@given(
    st.sampled_from(["orders", "pos", "pos_pipeline"]),
    st.integers(60, 200),
    st.integers(0, 99),
)
def test_closed_loop_measures_are_shares(signal, periods, seed):
    """Fill rate and cycle service level are shares; cost and bullwhip are >= 0; an
    unknown signal raises ValueError."""
    res = closed_loop.simulate_closed_loop(signal, periods=periods, warmup=10, seed=seed)
    assert 0 <= res.fill_rate <= 1 + 1e-9 and 0 <= res.cycle_service_level <= 1 + 1e-9
    assert res.total_cost >= 0 and res.bullwhip >= 0
    with pytest.raises(ValueError):
        closed_loop.simulate_closed_loop("telepathy", periods=periods)


@fast(20)
@given(positive, st.floats(0.0, 100.0), st.integers(1, 6), st.integers(2, 60), st.integers(0, 99))
def test_correlated_demand_is_seeded(mean, std, n, periods, seed):
    """The same seed gives the same demand table: n markets by the requested periods."""
    a = pooling.correlated_demand(mean, std, n, periods, 0.0, seed=seed)
    b = pooling.correlated_demand(mean, std, n, periods, 0.0, seed=seed)
    pd.testing.assert_frame_equal(a, b)
    assert a.shape == (periods, n)


# ---------------------------------------------------------------- crmlab.scm.location


@st.composite
def location_tables(draw, plant: bool | None = None):
    """A small network: 1 to 3 candidate warehouses, 1 to 5 stores, maybe a plant."""
    coordinate = st.floats(-300.0, 300.0)
    rows = []
    if draw(st.booleans()) if plant is None else plant:
        rows.append(("P1", "plant", draw(coordinate), draw(coordinate), None, 10**6, None))
    for i in range(draw(st.integers(1, 3))):
        capacity = draw(st.integers(0, 5000))
        fixed = draw(st.integers(0, 100_000))
        rows.append(
            (f"W{i}", "warehouse", draw(coordinate), draw(coordinate), None, capacity, fixed)
        )
    for j in range(draw(st.integers(1, 5))):
        demand = draw(st.integers(0, 2000))
        rows.append((f"S{j}", "store", draw(coordinate), draw(coordinate), demand, None, None))
    columns = ["location_id", "type", "x_km", "y_km", "annual_demand", "capacity", "fixed_cost"]
    table = pd.DataFrame(rows, columns=columns)
    for column in ("annual_demand", "capacity", "fixed_cost"):
        table[column] = table[column].astype("Int64")
    table.insert(1, "name", "Site " + table["location_id"])
    return table


@fast(20)
@given(location_tables(), st.floats(0.01, 1.0), st.floats(0.0, 0.5), st.floats(0.1, 3.0))
def test_locate_warehouses_serves_every_store_at_its_cost(table, c, c_in, multiplier):
    """Without capacities or a service distance every network has an optimum: each store
    served once by an open warehouse, the total the sum of the fixed costs of the open
    warehouses and of demand × unit cost; the distances are the straight lines."""
    dist = location.distances(table)
    stores = table[table["type"] == "store"]
    assert dist.shape == ((table["type"] == "warehouse").sum(), len(stores))
    assert (dist.to_numpy() >= 0).all()
    sol = location.locate_warehouses(
        table,
        cost_per_unit_km=c,
        inbound_cost_per_unit_km=c_in,
        fixed_cost_multiplier=multiplier,
        capacitated=False,
    )
    assert list(sol.assignment["store"]) == list(stores["location_id"])
    assert set(sol.assignment["warehouse"]) <= set(sol.open_warehouses)
    assert sol.total_cost == pytest.approx(sol.fixed_cost + sol.transport_cost)
    assert sol.fixed_cost == pytest.approx(sol.warehouses["fixed_cost"].sum())
    assert sol.assignment["units"].sum() == pytest.approx(stores["annual_demand"].sum())
    with pytest.raises(ValueError, match="cost_per_unit_km"):
        location.locate_warehouses(table, cost_per_unit_km=-c)


@fast(15)
@given(location_tables(), st.floats(50.0, 400.0))
def test_service_distances_and_capacities_are_kept(table, limit):
    """A solution within a service distance and the capacities keeps both; where none
    exists, ValueError names the argument that rules it out; the table by service distance
    lists only distances some configuration meets, each within its limit."""
    try:
        sol = location.locate_warehouses(table, max_distance_km=limit)
    except ValueError as exc:
        assert "max_distance_km" in str(exc) or "capacitated" in str(exc)
    else:
        assert (sol.assignment["distance_km"] <= limit + 1e-6).all()
        used = sol.warehouses[sol.warehouses["open"]]
        assert (used["units"] <= used["capacity"] + 1e-6).all()
    try:
        grid = location.service_distance_table(table, distances_km=(None, limit))
    except ValueError as exc:
        assert "distances_km" in str(exc)
    else:
        assert set(grid.index) <= {math.inf, limit}
        assert (grid["longest_km"] <= grid.index.to_numpy() + 1e-6).all()


# ---------------------------------------------------------------- crmlab.scm: more pooling


@fast(25)
@given(
    st.integers(2, 5),
    st.integers(3, 30),
    st.integers(0, 4),
    probability,
    st.integers(0, 2**16),
)
def test_risk_pooling_centralises_at_most_the_sum(markets, periods, lead, service, seed):
    """One central stock needs at most the sum of the markets' safety stocks (the sample std
    of a sum is at most the sum of the stds); every row keeps average inventory = Q/2 +
    safety stock (Simchi-Levi et al. 2008, risk pooling)."""
    rng = np.random.default_rng(seed)
    demand = pd.DataFrame(rng.gamma(4.0, 25.0, (periods, markets)))
    demand.columns = [f"M{i}" for i in range(markets)]
    table = pooling.risk_pooling(demand, lead, service, 50.0, 1.0)
    central = table.loc["centralized"]
    markets_only = table.drop(index="centralized")
    if service >= 0.5:
        assert central["safety_stock"] <= markets_only["safety_stock"].sum() + 1e-9
    assert central["mean"] == pytest.approx(markets_only["mean"].sum())
    assert np.allclose(
        table["average_inventory"], table["order_quantity"] / 2 + table["safety_stock"]
    )


@fast(25)
@given(positive, st.integers(0, 8), probability, st.integers(1, 8))
def test_pooling_and_postponement_curves_never_pool_upward(std, lead, service, n):
    """With ρ <= 1 the centralised safety stock never exceeds the decentralised one, and
    finishing to order never needs more stock than stocking every variant (for z >= 0)."""
    curve = pooling.pooling_curve(std, lead, service, n_markets=max(n, 2))
    post = postponement.postponement_curve(std, lead, service, max_variants=n)
    if service >= 0.5:
        assert (curve["centralized"] <= curve["decentralized"] * (1 + 1e-9) + 1e-9).all()
        assert (post["with"] <= post["without"] * (1 + 1e-9) + 1e-9).all()
    assert list(post["variants"]) == list(range(1, n + 1))


# ---------------------------------------------------------------- crmlab.scm.policies: base stock


@fast(30)
@given(
    non_negative,
    non_negative,
    st.integers(0, 8),
    probability,
    st.integers(1, 60),
    st.integers(0, 2**16),
)
def test_base_stock_level_and_simulation(mean, std, lead, service, periods, seed):
    """S = λ(L+1) + z·σ·sqrt(L+1), the reorder point over the protection interval L + 1;
    normal demand is seeded and never negative; the simulated base-stock policy's shares
    lie in [0, 1] and one period's step conserves stock (on hand + shipped = start +
    received)."""
    level = scm_policies.base_stock_level(mean, std, lead, service)
    assert level == pytest.approx(inventory.reorder_point(mean, std, lead + 1, service))
    demand = scm_policies.normal_demand(min(mean, 1e4), min(std, 1e4), periods, seed)
    assert len(demand) == periods and (demand >= 0).all()
    assert (
        scm_policies.normal_demand(min(mean, 1e4), min(std, 1e4), periods, seed) == demand
    ).all()
    result = scm_policies.simulate_base_stock(demand, min(max(level, 0.0), 1e6), lead)
    assert 0 <= result.fill_rate <= 1 + 1e-9 and 0 <= result.cycle_service_level <= 1 + 1e-9
    state = scm_policies.InventoryState(50.0, 0.0, (0.0,) * lead)
    after, record = scm_policies.step(state, float(demand[0]), scm_policies.BaseStockPolicy(60.0))
    assert after.on_hand - after.backlog == pytest.approx(50.0 + record.receipt - record.demand)
    assert after.on_hand >= 0 and after.backlog >= 0
    with pytest.raises(ValueError):
        scm_policies.base_stock_level(mean, std, -1, service)


# ---------------------------------------------------------------- crmlab.scm: beer games in batch


@fast(10)
@given(st.integers(1, 4), st.integers(6, 30), st.integers(0, 2**16))
def test_beer_games_in_batch_by_hand_and_compared(n_games, weeks, seed):
    """A batch of games has one cost per game and stage and week, all >= 0; a game played by
    hand runs its weeks and ends; passing orders on unchanged with shared demand gives every
    stage a bullwhip ratio of exactly 1 (every stage orders end-customer demand)."""
    runs = beergame.simulate_beer_games(n_games, weeks=weeks, seed=seed)
    assert runs.cost.shape == (n_games, weeks, 4) and (runs.cost >= 0).all()
    assert runs.total_cost.shape == (n_games,)
    game = beergame.BeerGame(weeks=weeks, seed=seed)
    while not game.finished:
        game.play(game.suggested_order())
    assert game.result().total_cost >= 0
    table = beergame.policy_comparison(weeks=max(weeks, 12), seed=seed)
    assert (table["total_cost"] >= 0).all()
    shared = table[(table["policy"] == "pass_through") & table["share_demand"]]
    stages = ["retailer", "wholesaler", "distributor", "factory"]
    assert np.allclose(shared[stages].to_numpy(dtype=float), 1.0)


@fast(10)
@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=2, unique=True),
    st.lists(st.integers(2, 10), min_size=1, max_size=2, unique=True),
    st.integers(0, 2**16),
)
def test_bullwhip_table_meets_the_bound(leads, windows, seed):
    """With z = 0 and independent demand the bound 1 + 2L/p + 2L²/p² is the expected ratio
    (Chen, Drezner, Ryan & Simchi-Levi 2000); 20,000 simulated periods land within 20 %."""
    table = bullwhip.bullwhip_table(leads, windows, seed=seed)
    assert len(table) == len(leads) * len(windows)
    bound = (
        1
        + 2 * table["lead_time"] / table["window"]
        + 2 * (table["lead_time"] / table["window"]) ** 2
    )
    assert np.allclose(table["bound"], bound, rtol=0.01)
    assert (abs(table["ratio"] / table["bound"] - 1) < 0.2).all()


@fast(5)
@given(st.integers(10, 60), st.integers(0, 2**16))
def test_compare_signals_runs_each_signal_on_the_same_demand(periods, seed):
    """Each row is the run of its signal with the same settings; shares lie in [0, 1]."""
    table = closed_loop.compare_signals(periods=periods, warmup=0, seed=seed)
    assert list(table.index) == list(closed_loop.SIGNALS)
    assert table["fill_rate"].between(0, 1).all()
    assert table["cycle_service_level"].between(0, 1).all()
    one = closed_loop.simulate_closed_loop("pos", periods=periods, warmup=0, seed=seed)
    assert table.at["pos", "total_cost"] == one.total_cost


@fast(20)
@given(
    st.lists(st.floats(1.0, 5000.0), min_size=1, max_size=4),
    st.lists(st.integers(1, 60), min_size=1, max_size=4),
)
def test_strategy_grid_names_the_cheapest_strategy(demands, stores):
    """Each cell's winner is the strategy with the least cost per unit; the parameters
    table lists every cost parameter."""
    grid = distribution.strategy_grid(demands, stores)
    costs = grid[["direct_shipping", "cross_docking", "classic_warehousing"]]
    assert list(grid["winner"]) == list(costs.idxmin(axis=1))
    params = distribution.cost_parameters_table()
    assert list(params.index) == [
        f.name for f in dataclasses.fields(distribution.DistributionCosts)
    ]


@fast(15)
@given(location_tables(plant=True), st.integers(1, 4))
def test_supply_network_tables_add_up(table, suppliers):
    """Goods flow through every tier unchanged: what the stores take comes in at every tier
    and goes out of every tier but the stores; the flows table has one row per edge; SCOR's
    five processes map onto the network (plan, source, make, deliver, return)."""
    graph = network.supply_network(table, suppliers=suppliers)
    assert len(network.flows_table(graph)) == graph.number_of_edges()
    tiers = network.tier_summary(graph)
    demand = float(table["annual_demand"].sum())
    assert tiers.at["store", "units_in"] == pytest.approx(demand)
    assert np.allclose(tiers.drop(index="supplier")["units_in"], demand)
    assert np.allclose(tiers.drop(index="store")["units_out"], demand)
    assert tiers.at["supplier", "nodes"] == suppliers
    scor = network.scor_processes(graph)
    assert list(scor.index) == ["plan", "source", "make", "deliver", "return"]
    assert len(network.flows_table(network.example_network())) > 0
