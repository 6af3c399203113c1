"""The beer game, playable, and an explorer of ordering policies.

:func:`beer_game_player`: the learner picks a stage and plays it week by week against
computer partners that follow Sterman's (1989) heuristic, seeing inventory, backlog,
the incoming order and the supply line. At the end comes the classic debrief (orders and
net inventory of all four stages, cost by stage, bullwhip ratios), next to the same game
(same customer demand) replayed by the computer with end-customer demand shared.

:func:`beer_game_explorer`: no playing; choose a policy, shared demand or not, and the
delays, and see the four stages' orders.

The game itself lives in :class:`crmlab.scm.beergame.BeerGame`; these widgets only show it.
"""

from __future__ import annotations

import ipywidgets as widgets

from crmlab import plots
from crmlab._validate import flag
from crmlab.i18n import localize
from crmlab.scm.beergame import POLICIES, STAGES, BeerGame, BeerGameResult, simulate_beer_game
from crmlab.widgets import _controls

#: The largest order the player can type (cases); the smallest is 0, so orders stay valid.
MAX_ORDER: int = 200

# The lengths of game the player offers (weeks).
_WEEKS: tuple[int, int] = (2, 52)

#: Explorer slider ranges (min, max, step): whole weeks >= 1, so every value is valid.
RANGES: dict[str, tuple[int, int, int]] = {
    "order_delay": (1, 4, 1),
    "shipping_delay": (1, 4, 1),
}

LABELS: dict[str, str] = {
    "order_delay": "Order delay (weeks)",
    "shipping_delay": "Shipping delay (weeks)",
}


def _delays(order_delay: object, shipping_delay: object) -> tuple[int, int]:
    """The two delays, each checked against the explorer's range (:data:`RANGES`)."""
    return (
        _controls.check("order_delay", order_delay, RANGES["order_delay"]),
        _controls.check("shipping_delay", shipping_delay, RANGES["shipping_delay"]),
    )


def shared_replay(result: BeerGameResult, **options: object) -> BeerGameResult:
    """The same customer demand played by the computer (Sterman's heuristic, demand shared)."""
    if not isinstance(result, BeerGameResult):
        raise ValueError(
            "result must be a crmlab.scm.beergame.BeerGameResult (from simulate_beer_game or "
            f"BeerGame.result()), got {type(result).__name__}"
        )
    return simulate_beer_game(
        demand=result.demand.to_numpy(),
        weeks=len(result.demand),
        policy="sterman",
        share_demand=True,
        **options,
    )


def debrief_figure(result: BeerGameResult, **options: object) -> plots.Chart:
    """The debrief of a finished game beside its replay with demand shared."""
    return plots.beer_game_debrief_chart(
        result,
        compare=shared_replay(result, **options),
        labels=("your game", "replayed, demand shared"),
        title="Beer game debrief: your game and the same game with demand shared",
    )


def default_debrief_figure() -> plots.Chart:
    """The static figure beside the player: a game played by the computer, then shared."""
    result = simulate_beer_game()
    return plots.beer_game_debrief_chart(
        result,
        compare=shared_replay(result),
        labels=("orders only", "demand shared"),
        title="Beer game debrief: Sterman's heuristic, without and with shared demand",
    )


def status_html(game: BeerGame) -> str:
    """What the player's stage sees this week, as a small HTML table."""
    if not isinstance(game, BeerGame):
        raise ValueError(f"game must be a crmlab.scm.beergame.BeerGame, got {type(game).__name__}")
    if game.finished:
        return f"<p><b>Game over</b> after {game.weeks} weeks. The debrief is below.</p>"
    v = game.view()
    rows = [
        ("Week", f"{v.week} of {game.weeks}"),
        ("Your stage", v.stage),
        ("Inventory on hand", f"{v.inventory:,.0f} cases"),
        ("Backlog (owed to your customer)", f"{v.backlog:,.0f} cases"),
        ("Order received this week", f"{v.incoming_order:,.1f} cases"),
        ("Supply line (ordered, not yet received)", f"{v.supply_line:,.1f} cases"),
    ]
    if game.share_demand:
        rows.append(("End-customer demand this week", f"{v.demand_signal:,.0f} cases"))
    cells = "".join(f"<tr><td>{k}</td><td><b>{val}</b></td></tr>" for k, val in rows)
    return f"<table>{cells}</table>"


def beer_game_player(
    player: str = "retailer", weeks: int = 36, share_demand: bool = False
) -> widgets.VBox:
    """Play one stage of the beer game week by week (needs a running kernel).

    Args:
        player: the starting stage (one of :data:`crmlab.scm.beergame.STAGES`).
        weeks: length of the game (whole, 2 to 52).
        share_demand: whether the player also sees end-customer demand.
    """
    if player not in STAGES:
        raise ValueError(f"player must be one of {list(STAGES)}, got {player!r}")
    weeks = _controls.check("weeks", weeks, _WEEKS)
    stage = widgets.Dropdown(options=list(STAGES), value=player, description="Your stage")
    new_game = widgets.Button(description="New game", icon="refresh")
    order = widgets.BoundedIntText(
        value=4,
        min=0,
        max=MAX_ORDER,
        description="Order (cases)",
        style={"description_width": "initial"},
    )
    place = widgets.Button(description="Place order", button_style="primary")
    status = widgets.HTML()
    out = widgets.Output()
    state: dict[str, BeerGame] = {}

    def start(change: object = None) -> None:
        state["game"] = BeerGame(player=stage.value, weeks=weeks, share_demand=share_demand)
        place.disabled = False
        status.value = status_html(state["game"])
        with out:
            out.clear_output()

    def step(button: object = None) -> None:
        game = state["game"]
        if game.finished:
            return
        game.play(order.value)
        status.value = status_html(game)
        if game.finished:
            place.disabled = True
            _controls.show(out, lambda: debrief_figure(game.result()))

    new_game.on_click(start)
    place.on_click(step)
    _controls.connect(start, stage)
    return localize(
        _controls.frame(
            [widgets.HBox([stage, new_game]), status, widgets.HBox([order, place]), out]
        )
    )


def explorer_figure(
    policy: str = "sterman",
    share_demand: bool = False,
    order_delay: int = 2,
    shipping_delay: int = 2,
) -> plots.Chart:
    """The four stages' orders for one setting of the explorer (its redraw, without widgets)."""
    order_delay, shipping_delay = _delays(order_delay, shipping_delay)
    result = simulate_beer_game(
        policy=policy,
        share_demand=share_demand,
        order_delay=order_delay,
        shipping_delay=shipping_delay,
    )
    shared = "demand shared" if share_demand else "orders only"
    return plots.beer_game_orders_chart(
        result,
        title=f"Orders by stage: {policy}, {shared}, delays {order_delay} + {shipping_delay} weeks",
    )


def explorer_summary(
    policy: str = "sterman",
    share_demand: bool = False,
    order_delay: int = 2,
    shipping_delay: int = 2,
) -> str:
    """One line: the team cost and the bullwhip ratio of each stage."""
    order_delay, shipping_delay = _delays(order_delay, shipping_delay)
    result = simulate_beer_game(
        policy=policy,
        share_demand=share_demand,
        order_delay=order_delay,
        shipping_delay=shipping_delay,
    )
    ratios = " · ".join(f"{s} {v:,.1f}" for s, v in result.bullwhip().items())
    return f"Team cost {result.total_cost:,.0f} · bullwhip ratios: {ratios}"


def beer_game_explorer(
    policy: str = "sterman",
    share_demand: bool = False,
    order_delay: int = 2,
    shipping_delay: int = 2,
) -> widgets.VBox:
    """Controls for the policy, shared demand and the delays; the orders chart."""
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {list(POLICIES)}, got {policy!r}")
    share_demand = flag("share_demand", share_demand)
    start = {"order_delay": order_delay, "shipping_delay": shipping_delay}
    controls: dict[str, widgets.Widget] = {
        "policy": widgets.Dropdown(options=list(POLICIES), value=policy, description="Policy"),
        "share_demand": widgets.Checkbox(value=share_demand, description="Share customer demand"),
    }
    controls.update(
        _controls.sliders(
            RANGES, LABELS, start, style={"description_width": "12em"}, layout={"width": "30em"}
        )
    )
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        values = _controls.values(controls)
        summary.value = f"<p>{explorer_summary(**values)}</p>"
        _controls.show(out, lambda: explorer_figure(**values))

    _controls.connect(redraw, *controls.values())
    return localize(_controls.frame([*controls.values(), summary, out]))
