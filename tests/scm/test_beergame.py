"""Tests of crmlab.scm.beergame: the board game's set-up, its invariants and the policies."""

import numpy as np
import pandas as pd
import pytest

from crmlab.scm.beergame import (
    STAGES,
    BeerGame,
    StageState,
    policy_comparison,
    simulate_beer_game,
    simulate_beer_games,
)

COLUMNS = ["week", "stage", "incoming_order", "shipped", "inventory", "backlog", "order", "cost"]


def _wide(result, column):
    return result.history.pivot(index="week", columns="stage", values=column)[list(STAGES)]


def test_history_shape_and_classic_demand():
    """Sterman (1989): four stages, 36 weeks, customer demand 4 a week then 8 from week 5."""
    result = simulate_beer_game()
    history = result.history
    assert list(history.columns) == COLUMNS
    assert len(history) == 36 * 4
    assert history["week"].min() == 1 and history["week"].max() == 36
    assert list(history["stage"].unique()) == ["retailer", "wholesaler", "distributor", "factory"]
    assert result.demand.tolist() == [4.0] * 4 + [8.0] * 32
    assert _wide(result, "incoming_order")["retailer"].tolist() == result.demand.tolist()


def test_sterman_heuristic_first_order_by_hand():
    """Sterman (1989), eq. for O_t with θ = 0.36, α_S = 0.26, β = 0.34, S′ = 17 in week 1.

    Every stage has 12 on hand and no backlog; L̂ = 0.36·4 + 0.64·4 = 4. At the decision the
    supply line holds last week's order slip (4) and two shipments (8): SL = 12, so
    O = 4 + 0.26·(17 − 12 − 0.34·12) = 4.2392. The factory's supply line is its production
    pipeline, 2 slots of 4 after this week's arrival: O = 4 + 0.26·(5 − 0.34·8) = 4.5928.
    """
    orders = _wide(simulate_beer_game(), "order").loc[1]
    assert orders["retailer"] == pytest.approx(4.2392)
    assert orders["wholesaler"] == pytest.approx(4.2392)
    assert orders["factory"] == pytest.approx(4.5928)


def test_pass_through_constant_demand_stays_in_equilibrium():
    """The board game starts in equilibrium: with demand 4 and orders = incoming orders,
    every stage keeps 12 cases, no backlog, and the team pays 36·4·(0.5·12) = 864."""
    result = simulate_beer_game(demand="constant", policy="pass_through")
    assert (result.history["inventory"] == 12).all()
    assert (result.history["backlog"] == 0).all()
    assert (result.history["order"] == 4).all()
    assert result.total_cost == pytest.approx(864.0)


def test_base_stock_constant_demand_stays_in_equilibrium():
    """The base-stock level ℓ·4 + 12 equals the starting inventory position, so with
    constant demand the policy orders 4 every week and stock stays at 12."""
    result = simulate_beer_game(demand="constant", policy="base_stock")
    assert np.allclose(result.history["order"], 4)
    assert np.allclose(result.history["inventory"], 12)


@pytest.mark.parametrize("policy", ["sterman", "pass_through", "base_stock"])
@pytest.mark.parametrize("share", [False, True])
def test_stock_is_conserved_at_every_stage(policy, share):
    """Inventory − backlog changes each week by what arrives minus what is ordered from
    the stage; arrivals are the upstream shipment of 2 weeks before (the factory: its own
    order of 3 weeks before), 4 cases in the first weeks (the board's start, Sterman 1989)."""
    result = simulate_beer_game(policy=policy, share_demand=share)
    inv, back = _wide(result, "inventory"), _wide(result, "backlog")
    inc, shipped, order = (
        _wide(result, "incoming_order"),
        _wide(result, "shipped"),
        _wide(result, "order"),
    )
    net = (inv - back).to_numpy()
    previous = np.vstack([np.full(4, 12.0), net[:-1]])
    received = np.full((36, 4), 4.0)
    received[2:, :3] = shipped.to_numpy()[:-2, 1:]
    received[3:, 3] = order.to_numpy()[:-3, 3]
    assert np.allclose(net, previous + received - inc.to_numpy())
    assert (inv.to_numpy() >= 0).all() and (back.to_numpy() >= 0).all()
    # a stage never holds stock and backlog at once
    assert (np.minimum(inv.to_numpy(), back.to_numpy()) == 0).all()


def test_orders_arrive_after_the_order_delay():
    """An order placed in week t is read by the supplier in week t + 2 (order delay 2)."""
    result = simulate_beer_game(policy="sterman")
    order, inc = _wide(result, "order"), _wide(result, "incoming_order")
    for lower, upper in zip(STAGES[:-1], STAGES[1:], strict=True):
        assert np.allclose(inc[upper].to_numpy()[2:], order[lower].to_numpy()[:-2])
        assert (inc[upper].to_numpy()[:2] == 4).all()


def test_cost_is_holding_plus_backlog():
    """Board game costs: 0.50 per case on hand and 1.00 per case in backlog per week."""
    result = simulate_beer_game()
    h = result.history
    assert np.allclose(h["cost"], 0.5 * h["inventory"] + 1.0 * h["backlog"])
    assert result.total_cost == pytest.approx(h["cost"].sum())
    assert result.cost_by_stage().sum() == pytest.approx(result.total_cost)


def test_bullwhip_is_the_variance_ratio_and_sterman_amplifies():
    """bullwhip() = Var(orders)/Var(customer demand); with Sterman's heuristic it grows
    from the retailer to the factory (Sterman 1989: amplification up the chain)."""
    result = simulate_beer_game()
    ratios = result.bullwhip()
    orders = _wide(result, "order")
    assert list(ratios.index) == list(STAGES)
    expected = orders["factory"].var(ddof=1) / result.demand.var(ddof=1)
    assert ratios["factory"] == pytest.approx(expected)
    assert ratios.is_monotonic_increasing


def test_shared_demand_lowers_the_bullwhip_of_the_sterman_heuristic():
    """Sharing point-of-sale demand damps the bullwhip (Lee et al. 1997; Chen et al. 2000):
    every upstream stage's ratio and the team cost fall."""
    alone = simulate_beer_game(policy="sterman")
    shared = simulate_beer_game(policy="sterman", share_demand=True)
    for stage in STAGES[1:]:
        assert shared.bullwhip()[stage] < alone.bullwhip()[stage]
    assert shared.total_cost < alone.total_cost


def test_pass_through_with_shared_demand_has_no_bullwhip():
    """Every stage orders what customers bought this week: all ratios are exactly 1."""
    result = simulate_beer_game(policy="pass_through", share_demand=True)
    assert np.allclose(result.bullwhip(), 1.0)


def test_vectorised_games_agree_with_single_games():
    """Each game of a batch (different demand per game) equals the same game played alone."""
    rng = np.random.default_rng(11)
    demand = rng.poisson(6, size=(5, 30)).astype(float)
    runs = simulate_beer_games(5, demand=demand, weeks=30, policy="sterman")
    assert runs.order.shape == (5, 30, 4)
    for i in range(5):
        alone = simulate_beer_game(demand=demand[i], weeks=30)
        pd.testing.assert_frame_equal(runs.game(i).history, alone.history)
        assert runs.total_cost[i] == pytest.approx(alone.total_cost)
    assert np.allclose(runs.bullwhip().iloc[2], simulate_beer_game(demand[2], 30).bullwhip())


def test_step_by_step_game_agrees_with_the_simulation():
    """Playing the game week by week, ordering what Sterman's rule suggests, reproduces
    simulate_beer_game exactly."""
    game = BeerGame(player="wholesaler")
    while not game.finished:
        game.play(game.suggested_order())
    pd.testing.assert_frame_equal(game.result().history, simulate_beer_game().history)


def test_step_by_step_view_shows_the_players_stage():
    """The player's view in week 1: 12 on hand, incoming order 4, supply line 12."""
    game = BeerGame(player="distributor")
    view = game.view()
    assert isinstance(view, StageState)
    assert (view.week, view.stage, view.inventory, view.backlog) == (1, "distributor", 12, 0)
    assert (view.incoming_order, view.supply_line) == (4, 12)
    game.play(20)
    assert game.week == 2
    assert not game.finished
    assert game.view().supply_line == pytest.approx(12 - 4 + 20)  # week-2 arrival left, 20 added


def test_callable_policy_sees_the_state():
    """A callable returning the incoming order behaves exactly like pass_through."""
    seen = []

    def echo(state):
        seen.append(state)
        return state.incoming_order

    a = simulate_beer_game(policy=echo)
    b = simulate_beer_game(policy="pass_through")
    pd.testing.assert_frame_equal(a.history, b.history)
    assert {s.stage for s in seen} == set(STAGES)
    assert seen[0].week == 1 and seen[0].demand_signal == 4


def test_random_demand_uses_the_seed():
    """Random demand is reproducible with a seed and changes with it."""
    a = simulate_beer_game(demand="poisson", seed=1)
    b = simulate_beer_game(demand="poisson", seed=1)
    c = simulate_beer_game(demand="poisson", seed=2)
    pd.testing.assert_frame_equal(a.history, b.history)
    assert not a.demand.equals(c.demand)
    runs = simulate_beer_games(200, demand="poisson_step", seed=3)
    assert runs.demand[:, 4:].mean() == pytest.approx(8, rel=0.05)


def test_policy_comparison_table():
    """Three policies × shared or not: six rows with cost and the four ratios."""
    table = policy_comparison()
    assert len(table) == 6
    assert {"policy", "share_demand", "total_cost", *STAGES} <= set(table.columns)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"policy": "panic"}, "policy"),
        ({"policy": {"brewery": "sterman"}}, "policy"),
        ({"demand": [4.0] * 35 + [float("nan")]}, "demand"),
        ({"demand": [4.0] * 35 + [-1.0]}, "demand"),
        ({"demand": [4.0] * 10}, "demand"),
        ({"demand": "sinusoid"}, "demand"),
        ({"weeks": 1}, "weeks"),
        ({"weeks": 10.5}, "weeks"),
        ({"order_delay": 0}, "order_delay"),
        ({"shipping_delay": 1.5}, "shipping_delay"),
        ({"theta": 1.5}, "theta"),
        ({"alpha_s": -0.1}, "alpha_s"),
        ({"policy": lambda s: -1.0}, "policy"),
        ({"share_demand": "yes"}, "share_demand"),
    ],
)
def test_bad_input_names_the_argument(kwargs, name):
    """Bad input raises ValueError naming the argument (issue 3, "Bad input")."""
    with pytest.raises(ValueError, match=name):
        simulate_beer_game(**kwargs)


def test_game_object_bad_input():
    """Unknown stage names and negative orders are refused."""
    with pytest.raises(ValueError, match="player"):
        BeerGame(player="brewery")
    game = BeerGame()
    with pytest.raises(ValueError, match="order"):
        game.play(-3)
