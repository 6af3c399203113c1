"""The team game is simulate_beer_game's board with any stage played by a person.

Reference: the board, its delays and Sterman's (1989) heuristic as implemented and tested in
crmlab.scm.beergame (tests/scm/test_beergame.py checks them against Sterman 1989 and Edali &
Yasarcan 2014); here a team game must reproduce simulate_beer_game exactly when its people
order what the rule orders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.classroom.game import (
    HISTORY_COLUMNS,
    MAX_ORDER,
    ClassGame,
    Classroom,
    GameConfig,
    Refused,
    TeamGame,
    order_value,
)
from crmlab.scm.beergame import STAGES, simulate_beer_game


def play_as_rule(game: TeamGame, people: set[int]) -> None:
    """Every person orders exactly what the rule would order for their stage."""
    game.people = set(people)
    while not game.finished:
        for s in sorted(people):
            game.submit(s, game.suggested_order(s))
        assert game.ready
        game.advance()


@pytest.mark.parametrize("people", [{0, 1, 2, 3}, {0}, {1, 3}, {2}])
@pytest.mark.parametrize(
    ("rule", "demand", "shared"),
    [
        ("sterman", "classic", False),
        ("sterman", "poisson_step", True),
        ("base_stock", "poisson", False),
        ("pass_through", "classic", True),
    ],
)
def test_people_ordering_the_rule_reproduce_simulate_beer_game(people, rule, demand, shared):
    """All four stages human, or mixed: history, cost and bullwhip equal to the case."""
    game = TeamGame(weeks=36, demand=demand, share_demand=shared, rule=rule, seed=7)
    play_as_rule(game, people)
    expected = simulate_beer_game(demand, 36, rule, shared, seed=7)
    got = game.result()
    pd.testing.assert_frame_equal(got.history, expected.history, check_exact=True)
    assert got.total_cost == expected.total_cost
    pd.testing.assert_series_equal(got.bullwhip(), expected.bullwhip())
    h = game.history()
    assert tuple(h.columns[: len(HISTORY_COLUMNS)]) == HISTORY_COLUMNS
    pd.testing.assert_frame_equal(h[list(HISTORY_COLUMNS)], expected.history, check_exact=True)
    assert set(h.loc[h["stage"].isin([STAGES[s] for s in people]), "played_by"]) == {"person"}


def test_people_with_their_own_orders_match_callable_policies():
    """Whole-number orders of people at two stages = simulate_beer_game with callables that
    place the same orders at those stages (the rest Sterman's heuristic)."""
    rng = np.random.default_rng(3)
    plan = {1: rng.integers(0, 20, 20), 3: rng.integers(0, 20, 20)}
    game = TeamGame(weeks=20)
    game.people = {1, 3}
    while not game.finished:
        for s, orders in plan.items():
            game.submit(s, float(orders[game.week - 1]))
        game.advance()
    policy = {STAGES[s]: (lambda st, o=o: float(o[st.week - 1])) for s, o in plan.items()}
    expected = simulate_beer_game(weeks=20, policy=policy)
    pd.testing.assert_frame_equal(game.result().history, expected.history, check_exact=True)


def test_view_and_cost_so_far_follow_the_board():
    """Week 1 of the board game: 12 on hand, 4 arriving, 4 ordered, supply line 4·(2+2)."""
    game = TeamGame(weeks=4)
    v = game.view(0)
    assert v["week"] == 1 and v["inventory"] == 12.0 and v["backlog"] == 0.0
    assert v["incoming_order"] == 4.0 and v["received"] == 4.0
    assert v["on_the_way"] == 12.0  # 16 ordered in the pipeline, 4 of it received this week
    assert v["cost_so_far"] == 6.0  # 12 cases × 0.50
    game.people = {0}
    game.submit(0, 4)
    game.advance()
    assert game.view(0)["week"] == 2
    assert game.view(0)["past"][0]["played_by"] == "person"


def test_a_team_waits_for_its_people_and_stages_nobody_plays_use_the_rule():
    """A stage without a person is ordered by the rule; the team waits for people only."""
    cg = ClassGame("ABCD", GameConfig(teams=2, weeks=3))
    cg.apply({"kind": "join", "player": "p1", "token_hash": "h1", "team": 0, "stage": 2})
    cg.apply({"kind": "control", "action": "start"})
    assert cg.teams[0].waiting_for() == ["distributor"]
    cg.apply({"kind": "order", "team": 0, "stage": 2, "week": 1, "order": 9})
    assert cg.teams[0].week == 2
    assert cg.teams[0].played_by[0] == ("sterman", "sterman", "person", "sterman")
    assert cg.teams[1].week == 1  # nobody plays team 2: it waits


def test_a_player_who_leaves_is_replaced_by_the_rule():
    cg = ClassGame("ABCD", GameConfig(teams=1, weeks=3))
    for s in range(2):
        cg.apply({"kind": "join", "player": f"p{s}", "token_hash": f"h{s}", "team": 0, "stage": s})
    cg.apply({"kind": "control", "action": "start"})
    cg.apply({"kind": "order", "team": 0, "stage": 0, "week": 1, "order": 5})
    assert cg.teams[0].week == 1
    cg.apply({"kind": "leave", "player": "p1"})
    assert cg.teams[0].week == 2  # the wholesaler's order now comes from the rule
    assert cg.overview()["teams"][0]["seats"][1]["played_by"] == "sterman"


@pytest.mark.parametrize(
    "bad", [-1, MAX_ORDER + 1, 2.5, "ten", None, True, float("nan"), [], "1e3"]
)
def test_orders_must_be_whole_numbers_in_range(bad):
    with pytest.raises(Refused, match="whole number of cases from 0 to 1000"):
        order_value(bad)


def test_orders_refused_when_not_running_or_twice_or_wrong_week():
    cg = ClassGame("ABCD", GameConfig(teams=1, weeks=3))
    cg.apply({"kind": "join", "player": "p", "token_hash": "h", "team": 0, "stage": 0})
    cg.apply({"kind": "join", "player": "q", "token_hash": "k", "team": 0, "stage": 1})
    order = {"kind": "order", "team": 0, "stage": 0, "week": 1, "order": 4}
    with pytest.raises(Refused, match="not started"):
        cg.apply(order)
    cg.apply({"kind": "control", "action": "start"})
    cg.apply(order)
    with pytest.raises(Refused, match="already ordered"):
        cg.apply(order)
    with pytest.raises(Refused, match="week 2 is over"):
        cg.apply(order | {"week": 2, "stage": 1})
    cg.apply({"kind": "control", "action": "pause"})
    with pytest.raises(Refused, match="paused"):
        cg.apply(order | {"stage": 1})


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"teams": 0}, "teams must be a whole number from 1 to 50"),
        ({"weeks": 1}, "weeks must be a whole number from 2 to 100"),
        ({"demand": "wild"}, "demand must be one of"),
        ({"timer": 2}, "timer must be 0"),
        ({"rule": "guess"}, "rule must be one of"),
        ({"share_demand": "yes"}, "share_demand must be true or false"),
        ({"colour": 1}, "unknown settings"),
        ({"team_names": ["x" * 41]}, "at most 40 characters"),
    ],
)
def test_bad_game_settings_are_refused_with_the_allowed_values(settings, message):
    with pytest.raises(Refused, match=message):
        GameConfig.from_dict(settings)


def test_classroom_replays_events_to_the_same_state():
    """Applying the same events to a fresh Classroom gives the same boards (the restart)."""
    events = [
        {"kind": "create", "room": "WXYZ", "config": {"teams": 2, "weeks": 5}},
        {"kind": "join", "room": "WXYZ", "player": "a", "token_hash": "1", "team": 0, "stage": 0},
        {"kind": "join", "room": "WXYZ", "player": "b", "token_hash": "2", "team": 1, "stage": 3},
        {"kind": "control", "room": "WXYZ", "action": "start"},
    ]
    for w in range(1, 4):
        events.append(
            {"kind": "order", "room": "WXYZ", "team": 0, "stage": 0, "week": w, "order": w}
        )
        events.append(
            {"kind": "order", "room": "WXYZ", "team": 1, "stage": 3, "week": w, "order": 9}
        )
    one, two = Classroom(), Classroom()
    for e in events:
        one.apply(e)
    for e in events:
        two.apply(e)
    pd.testing.assert_frame_equal(one.games["WXYZ"].history(), two.games["WXYZ"].history())
    assert one.games["WXYZ"].teams[0].week == 4
