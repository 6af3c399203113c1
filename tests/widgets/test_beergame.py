"""Tests of the beer game widgets (crmlab.widgets.beergame) and the bullwhip charts."""

import re
import time

import matplotlib.colors as mcolors
import pytest

from crmlab import plots
from crmlab.scm.beergame import simulate_beer_game
from crmlab.scm.bullwhip import bullwhip_table
from crmlab.widgets import beergame as bg
from crmlab.widgets import bullwhip as bw

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def _colours(chart):
    lines = {mcolors.to_hex(x.get_color()).upper() for ax in chart.axes for x in ax.get_lines()}
    bars = {mcolors.to_hex(p.get_facecolor()).upper() for ax in chart.axes for p in ax.patches}
    return lines | bars


def test_player_plays_a_whole_game_and_gets_the_debrief():
    """Placing 36 orders ends the game: the status says so and the order button is off."""
    box = bg.beer_game_player(player="wholesaler")
    _, status, controls, _ = box.children
    order, place = controls.children
    assert "wholesaler" in status.value and "Week</td><td><b>1 of 36" in status.value
    order.value = 8
    place.click()
    assert "2 of 36" in status.value
    for _ in range(35):
        place.click()
    assert "Game over" in status.value
    assert place.disabled


def test_debrief_of_a_played_game_compares_with_the_shared_replay():
    """The debrief of a finished game has four panels; its alt text gives the player's
    team cost and that of the same demand replayed with demand shared."""
    from crmlab.scm.beergame import BeerGame

    game = BeerGame(player="retailer")
    while not game.finished:
        game.play(8)
    result = game.result()
    chart = bg.debrief_figure(result)
    assert len(chart.axes) == 4
    assert f"Team cost {result.total_cost:,.0f}" in chart.alt
    assert f"{bg.shared_replay(result).total_cost:,.0f}" in chart.alt


def test_player_status_shows_the_supply_line():
    """Week 1 for the retailer: 12 on hand, no backlog, order 4 received, supply line 12."""
    box = bg.beer_game_player()
    status = box.children[1].value
    for text in ("12 cases", "0 cases", "4.0 cases", "12.0 cases"):
        assert text in status


def test_changing_stage_starts_a_new_game():
    """Choosing another stage restarts at week 1 as that stage."""
    box = bg.beer_game_player()
    stage = box.children[0].children[0]
    place = box.children[2].children[1]
    place.click()
    stage.value = "factory"
    assert "factory" in box.children[1].value and "1 of 36" in box.children[1].value


def test_order_box_cannot_reach_invalid_orders():
    """The order box is bounded to 0 … MAX_ORDER, so the model never sees a negative order."""
    box = bg.beer_game_player()
    order = box.children[2].children[0]
    assert order.min == 0 and order.max == bg.MAX_ORDER


def test_explorer_redraws_on_change():
    """Sharing demand in the explorer lowers the factory's bullwhip ratio in the summary."""
    box = bg.beer_game_explorer()
    summary = box.children[4]
    assert "factory 64.3" in summary.value
    box.children[1].value = True
    assert "factory 5.1" in summary.value


def test_explorer_ranges_keep_inputs_valid():
    """Every delay the sliders allow is a whole number >= 1."""
    for name, (low, high, step) in bg.RANGES.items():
        assert 1 <= low < high and step == 1, name
    with pytest.raises(ValueError, match="shipping_delay"):
        bg.beer_game_explorer(shipping_delay=0)
    with pytest.raises(ValueError, match="player"):
        bg.beer_game_player(player="brewery")


def test_widget_model_time_is_small():
    """Issue 3, performance: the model call per widget update takes well under 20 ms
    (median of 21 explorer updates; generous bound to keep the test robust)."""
    times = []
    for _ in range(21):
        t = time.perf_counter()
        simulate_beer_game(policy="sterman", share_demand=True)
        times.append(time.perf_counter() - t)
    assert sorted(times)[10] < 0.05


def test_debrief_chart_has_four_panels_alt_text_and_palette():
    """The static default figure: four labelled panels, alt text with the team costs,
    only Okabe-Ito colours."""
    chart = bg.default_debrief_figure()
    assert len(chart.axes) == 4
    assert all(ax.get_title(loc="left") for ax in chart.axes)
    assert "Team cost 2,255" in chart.alt and "870" in chart.alt
    assert _colours(chart) <= OKABE_ITO


def test_bound_chart_and_stage_charts():
    """The bound chart's alt text names simulated and bound values; the stage charts
    label their axes with units."""
    chart = plots.bullwhip_bound_chart(bullwhip_table(lead_times=(1, 2), windows=(2, 4)))
    assert "bound" in chart.alt and "L = 2" in chart.alt
    result = simulate_beer_game()
    for c in (
        plots.beer_game_orders_chart(result),
        plots.beer_game_inventory_chart(result),
        plots.beer_game_cost_chart({"game": result}),
        plots.bullwhip_by_stage_chart({"game": result.bullwhip()}),
    ):
        assert "(" in c.axes[0].get_ylabel()
        assert _colours(c) <= OKABE_ITO


def test_bullwhip_explorer_redraws_and_zero_lead_time_gives_no_bullwhip():
    """With L = 0 the level is 0 and each order replaces last period's demand: the sample
    ratio is close to 1 (the same demands, shifted one period) and the bound is 1.00
    (Chen et al. 2000 with L = 0)."""
    box = bw.bullwhip_explorer()
    summary = box.children[3]
    assert "bound 1 + 2L/p + 2L²/p² = 2.12" in summary.value
    box.children[0].value = 0
    assert re.search(r"= 1\.0\d ·", summary.value) and "= 1.00 (" in summary.value


def test_bullwhip_explorer_ranges_keep_inputs_valid():
    """Windows start at 2, so every z on the slider is allowed; lead times start at 0."""
    assert bw.RANGES["window"][0] >= 2 and bw.RANGES["lead_time"][0] == 0
    assert bw.RANGES["z"][0] == 0
    with pytest.raises(ValueError, match="window"):
        bw.bullwhip_explorer(window=1)
