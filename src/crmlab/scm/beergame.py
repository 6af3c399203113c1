"""The beer distribution game: four stages, delays, and the ordering rules people use.

The board game (Sterman 1989) has four stages in a line: **retailer, wholesaler,
distributor, factory**. Customers order from the retailer; each stage orders
from the next one up; the factory orders from its own brewery. Every week each stage, in
this order (Sterman 1989):

1. receives the beer that arrives from its shipping delay (the factory: from production);
2. reads the order that arrives from its customer (the retailer: customer demand);
3. ships what it can of that order plus its backlog; the rest stays in the backlog;
4. places an order upstream (the factory: a production request).

Delays, in weeks (the board's defaults): an order takes ``order_delay`` = 2 weeks to
reach the supplier and a shipment ``shipping_delay`` = 2 weeks to arrive, so a stage waits
4 weeks for what it orders. The factory has no order-mailing delay: its production request
is read one week later (the board's "production requests" box) and then brews for two
weeks (the two "production delay" boxes), so ``production_delay`` = 3 weeks from request to
finished beer (Sterman 1989; Edali & Yasarcan 2014 replicate the board exactly). The
game starts in equilibrium: 12 cases on hand at every stage, 4 cases in every shipping and
production slot and 4 on every order slip. Each week costs 0.50
per case on hand and 1.00 per case in backlog, at every stage; the team's score is the sum.

Ordering rules (``policy``):

``"sterman"``
    Sterman's anchoring-and-adjustment heuristic (Sterman 1989): expected demand by
    exponential smoothing, D̂_t = θ·D_t + (1 − θ)·D̂_(t−1), where D_t is the latest demand
    signal known when ordering, i.e. the order read this week (D̂_0 = 4), and the order

        O_t = max(0, D̂_t + α_S·(S′ − S_t − β·SL_t)),

    with S_t = inventory − backlog (effective inventory), SL_t the supply line (ordered,
    not yet received), α_S the fraction of the stock gap ordered each week, β the weight
    given to the supply line (β = α_SL/α_S) and S′ = S* + β·SL*. The defaults are Sterman's
    mean estimates over the subjects: θ = 0.36, α_S = 0.26, β = 0.34, S′ = 17.
``"pass_through"``
    order exactly the demand signal read this week (without shared demand: what was ordered).
``"base_stock"``
    an order-up-to (base-stock) policy that counts the whole supply line: order up to
    ℓ·D̂_t + ``safety_stock`` on the inventory position S_t + SL_t, where ℓ is the stage's
    replenishment time (order + shipping delay; the factory's production delay) and D̂_t
    the smoothed demand signal as above. With the defaults it starts in equilibrium.
a callable
    ``policy(state) -> order`` with ``state`` a :class:`StageState`.

``share_demand=True`` makes every stage's demand signal end-customer demand (point-of-sale
data, what a CRM system sees) instead of the order it receives from the stage below; the
orders it must fill are unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmlab._validate import MAX_PERIODS, flag, non_negative, random_generator, whole

#: The four stages, from the customer upwards.
STAGES: tuple[str, ...] = ("retailer", "wholesaler", "distributor", "factory")

#: The named ordering rules.
POLICIES: tuple[str, ...] = ("sterman", "pass_through", "base_stock")

#: The named customer-demand patterns (``demand=`` a name).
DEMAND_PATTERNS: tuple[str, ...] = ("classic", "constant", "poisson", "poisson_step")

#: Sterman's (1989) mean estimates of the heuristic's parameters.
STERMAN_PARAMETERS: dict[str, float] = {
    "theta": 0.36,
    "alpha_s": 0.26,
    "beta": 0.34,
    "s_prime": 17.0,
}

#: Holding and backlog cost per case per week (the board game's).
HOLDING_COST: float = 0.50
BACKLOG_COST: float = 1.00


@dataclass(frozen=True)
class StageState:
    """What one stage sees when it places its order (the argument of a callable policy)."""

    week: int  # 1, 2, …
    stage: str  # "retailer", "wholesaler", "distributor" or "factory"
    inventory: float  # cases on hand after shipping this week
    backlog: float  # cases owed to the customer after shipping this week
    incoming_order: float  # the order read this week
    supply_line: float  # cases ordered and not yet received
    demand_signal: float  # incoming order, or end-customer demand when shared
    expected_demand: float  # the demand signal smoothed with θ (D̂_t; Sterman writes L̂_t)


Policy = str | Callable[[StageState], float]


@dataclass(frozen=True)
class BeerGameResult:
    """One game: the weekly history of every stage, its cost and the bullwhip ratios."""

    history: pd.DataFrame  # week, stage, incoming_order, shipped, inventory, backlog, order, cost
    total_cost: float  # the team's cost: all stages, all weeks
    demand: pd.Series = field(repr=False)  # customer demand, indexed by week
    supply_line: pd.DataFrame = field(repr=False)  # weeks × stages, after ordering

    def bullwhip(self) -> pd.Series:
        """Var(stage's orders) / Var(customer demand) by stage (sample variances, all weeks).

        NaN when customer demand is constant (the ratio is then undefined).
        """
        orders = self.history.pivot(index="week", columns="stage", values="order")[list(STAGES)]
        var_d = float(np.var(self.demand.to_numpy(), ddof=1))
        ratios = orders.var(ddof=1) / var_d if var_d > 0 else orders.var(ddof=1) * np.nan
        ratios.name = "bullwhip_ratio"
        ratios.index.name = "stage"
        return ratios

    def cost_by_stage(self) -> pd.Series:
        """Total cost of each stage over the game."""
        return self.history.groupby("stage", sort=False)["cost"].sum()[list(STAGES)]


@dataclass(frozen=True)
class BeerGameRuns:
    """Many games at once: arrays of shape (games, weeks, stages) or (games, weeks)."""

    demand: np.ndarray  # (games, weeks) customer demand
    incoming_order: np.ndarray
    shipped: np.ndarray
    inventory: np.ndarray
    backlog: np.ndarray
    order: np.ndarray
    supply_line: np.ndarray
    cost: np.ndarray

    @property
    def n_games(self) -> int:
        """Number of games."""
        return int(self.demand.shape[0])

    @property
    def total_cost(self) -> np.ndarray:
        """The team's cost of each game."""
        return self.cost.sum(axis=(1, 2))

    def bullwhip(self) -> pd.DataFrame:
        """Var(stage's orders)/Var(customer demand), one row per game, one column per stage."""
        var_d = np.var(self.demand, axis=1, ddof=1)
        var_q = np.var(self.order, axis=1, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = np.where(var_d[:, None] > 0, var_q / var_d[:, None], np.nan)
        frame = pd.DataFrame(ratios, columns=list(STAGES))
        frame.index.name = "game"
        return frame

    def game(self, i: int) -> BeerGameResult:
        """Game ``i`` as a :class:`BeerGameResult`."""
        i = whole("i", i, minimum=0)
        if i >= self.n_games:
            raise ValueError(f"i must be < {self.n_games} (the number of games), got {i}")
        weeks = self.demand.shape[1]
        week = np.repeat(np.arange(1, weeks + 1), len(STAGES))
        history = pd.DataFrame(
            {
                "week": week,
                "stage": np.tile(np.array(STAGES, dtype=object), weeks),
                "incoming_order": self.incoming_order[i].ravel(),
                "shipped": self.shipped[i].ravel(),
                "inventory": self.inventory[i].ravel(),
                "backlog": self.backlog[i].ravel(),
                "order": self.order[i].ravel(),
                "cost": self.cost[i].ravel(),
            }
        )
        index = pd.RangeIndex(1, weeks + 1, name="week")
        return BeerGameResult(
            history=history,
            total_cost=float(self.cost[i].sum()),
            demand=pd.Series(self.demand[i], index=index, name="demand"),
            supply_line=pd.DataFrame(self.supply_line[i], index=index, columns=list(STAGES)),
        )


# ----------------------------------------------------------------------------- input checks


def _check_policy(name: str, policy: object) -> None:
    if callable(policy):
        return
    if not isinstance(policy, str) or policy not in POLICIES:
        raise ValueError(f"{name} must be one of {list(POLICIES)} or a callable, got {policy!r}")


def _policies(policy: object) -> list[Policy]:
    """One policy per stage from a single policy or a mapping stage → policy."""
    if isinstance(policy, Mapping):
        unknown = sorted(set(policy) - set(STAGES))
        if unknown:
            raise ValueError(
                f"policy names unknown stages {unknown}: the stages are {list(STAGES)}"
            )
        chosen = [policy.get(stage, "sterman") for stage in STAGES]
    else:
        chosen = [policy] * len(STAGES)
    for p in chosen:
        _check_policy("policy", p)
    return chosen


def _demand(demand: object, weeks: int, n_games: int, rng: np.random.Generator) -> np.ndarray:
    """Customer demand as an array of shape (n_games, weeks)."""
    if demand is None:
        demand = "classic"
    if isinstance(demand, str):
        if demand == "classic":
            row = np.where(np.arange(1, weeks + 1) >= 5, 8.0, 4.0)
            return np.tile(row, (n_games, 1))
        if demand == "constant":
            return np.full((n_games, weeks), 4.0)
        if demand == "poisson":
            return rng.poisson(4.0, size=(n_games, weeks)).astype(float)
        if demand == "poisson_step":
            mean = np.where(np.arange(1, weeks + 1) >= 5, 8.0, 4.0)
            return rng.poisson(mean, size=(n_games, weeks)).astype(float)
        raise ValueError(
            f"demand must be one of {list(DEMAND_PATTERNS)}, a sequence or a callable, "
            f"got {demand!r}"
        )
    if callable(demand):
        rows = [np.asarray(demand(rng, weeks), dtype=float) for _ in range(n_games)]
        array = np.array(rows) if all(r.shape == (weeks,) for r in rows) else None
        if array is None:
            raise ValueError(f"demand(rng, weeks) must return {weeks} values (one per week)")
    else:
        try:
            array = np.asarray(demand, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"demand must be a sequence of numbers, got {demand!r}") from None
        if array.ndim == 1:
            array = np.tile(array, (n_games, 1))
        if array.ndim != 2 or array.shape != (n_games, weeks):
            raise ValueError(
                f"demand must hold one value per week ({weeks}) (or one row per game, shape "
                f"({n_games}, {weeks})), got shape {np.shape(demand)}"
            )
    if not np.all(np.isfinite(array)):
        raise ValueError("demand must not contain NaN or infinite values")
    if np.any(array < 0):
        raise ValueError("demand must be >= 0 in every week")
    return array


# ----------------------------------------------------------------------------- the engine


class _Board:
    """The state of ``n`` games at once; numpy arrays with a stage axis of length 4."""

    def __init__(
        self,
        n: int,
        *,
        order_delay: int,
        shipping_delay: int,
        production_delay: int,
        initial_inventory: float,
        initial_flow: float,
    ) -> None:
        self.n = n
        self.inventory = np.full((n, 4), initial_inventory)
        self.backlog = np.zeros((n, 4))
        # shipments to stages 0..2 (and production for the factory), slot 0 arrives next
        self.ship = np.full((n, 3, shipping_delay), initial_flow)
        self.production = np.full((n, production_delay), initial_flow)
        # orders of stages 0..2 on their way to the stage above, slot 0 is read next
        self.mail = np.full((n, 3, order_delay), initial_flow)
        self.supply_line = np.empty((n, 4))
        self.supply_line[:, :3] = initial_flow * (order_delay + shipping_delay)
        self.supply_line[:, 3] = initial_flow * production_delay
        self.expected = np.full((n, 4), initial_flow)
        self.lead = np.array([order_delay + shipping_delay] * 3 + [production_delay], float)
        self.week = 0
        # this week's values, set by receive_and_ship()
        self.incoming = np.zeros((n, 4))
        self.shipped = np.zeros((n, 4))

    def receive_and_ship(self, customer: np.ndarray) -> None:
        """Steps 1–3 of a week: receive beer, read orders, ship what can be shipped."""
        self.week += 1
        received = np.empty((self.n, 4))
        received[:, :3] = self.ship[:, :, 0]
        received[:, 3] = self.production[:, 0]
        self.ship[:, :, :-1] = self.ship[:, :, 1:]
        self.ship[:, :, -1] = 0.0
        self.production[:, :-1] = self.production[:, 1:]
        self.production[:, -1] = 0.0
        self.inventory += received
        self.supply_line -= received
        incoming = np.empty((self.n, 4))
        incoming[:, 0] = customer
        incoming[:, 1:] = self.mail[:, :, 0]
        self.mail[:, :, :-1] = self.mail[:, :, 1:]
        self.mail[:, :, -1] = 0.0
        due = incoming + self.backlog
        shipped = np.minimum(self.inventory, due)
        self.inventory -= shipped
        self.backlog = due - shipped
        self.ship[:, :, -1] = shipped[:, 1:]  # stage s+1 ships to stage s
        self.incoming = incoming
        self.shipped = shipped

    def place_orders(self, orders: np.ndarray) -> None:
        """Step 4: the orders go into the mail (the factory's into production)."""
        self.supply_line += orders
        self.mail[:, :, -1] = orders[:, :3]
        self.production[:, -1] = orders[:, 3]


@dataclass(frozen=True)
class _Rules:
    theta: float
    alpha_s: float
    beta: float
    s_prime: float
    safety_stock: float


def _named_orders(name: str, board: _Board, signal: np.ndarray, rules: _Rules) -> np.ndarray:
    """Orders of every game and stage under a named policy (expected demand already updated)."""
    if name == "pass_through":
        return signal.copy()
    effective = board.inventory - board.backlog
    if name == "sterman":
        gap = rules.s_prime - effective - rules.beta * board.supply_line
        return np.maximum(0.0, board.expected + rules.alpha_s * gap)
    # base_stock
    target = board.lead * board.expected + rules.safety_stock
    return np.maximum(0.0, target - (effective + board.supply_line))


def _check_order(value: object, stage: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"policy must return a number for the {stage}, got {value!r}") from None
    if not math.isfinite(x) or x < 0:
        raise ValueError(f"policy must return a finite order >= 0 for the {stage}, got {value!r}")
    return x


def _orders(
    policies: list[Policy],
    board: _Board,
    signal: np.ndarray,
    rules: _Rules,
    override: dict[int, np.ndarray] | None = None,
) -> np.ndarray:
    """Update expected demand, then compute every stage's order (``override``: stage → orders)."""
    board.expected = rules.theta * signal + (1.0 - rules.theta) * board.expected
    orders = np.empty((board.n, 4))
    for s, policy in enumerate(policies):
        if override is not None and s in override:
            orders[:, s] = override[s]
        elif isinstance(policy, str):
            orders[:, s] = _named_orders(policy, board, signal, rules)[:, s]
        else:
            for g in range(board.n):
                state = StageState(
                    week=board.week,
                    stage=STAGES[s],
                    inventory=float(board.inventory[g, s]),
                    backlog=float(board.backlog[g, s]),
                    incoming_order=float(board.incoming[g, s]),
                    supply_line=float(board.supply_line[g, s]),
                    demand_signal=float(signal[g, s]),
                    expected_demand=float(board.expected[g, s]),
                )
                orders[g, s] = _check_order(policy(state), STAGES[s])
    return orders


def _setup(
    weeks: object,
    order_delay: object,
    shipping_delay: object,
    production_delay: object,
    initial_inventory: object,
    initial_flow: object,
    theta: object,
    alpha_s: object,
    beta: object,
    s_prime: object,
    safety_stock: object,
) -> tuple[int, dict[str, object], _Rules]:
    n_weeks = whole("weeks", weeks, minimum=2, maximum=MAX_PERIODS)
    od = whole("order_delay", order_delay, minimum=1)
    sd = whole("shipping_delay", shipping_delay, minimum=1)
    pd_ = (
        1 + sd
        if production_delay is None
        else whole("production_delay", production_delay, minimum=1)
    )
    inv0 = non_negative("initial_inventory", initial_inventory)
    flow0 = non_negative("initial_flow", initial_flow)
    th = non_negative("theta", theta)
    if th > 1.0:
        raise ValueError(f"theta must lie in [0, 1], got {theta!r}")
    rules = _Rules(
        theta=th,
        alpha_s=non_negative("alpha_s", alpha_s),
        beta=non_negative("beta", beta),
        s_prime=non_negative("s_prime", s_prime),
        safety_stock=non_negative("safety_stock", safety_stock)
        if safety_stock is not None
        else inv0,
    )
    board_args = {
        "order_delay": od,
        "shipping_delay": sd,
        "production_delay": pd_,
        "initial_inventory": inv0,
        "initial_flow": flow0,
    }
    return n_weeks, board_args, rules


def simulate_beer_games(
    n_games: int,
    demand: object = None,
    weeks: int = 36,
    policy: Policy | Mapping[str, Policy] = "sterman",
    share_demand: bool = False,
    seed: int | np.random.Generator | None = 0,
    *,
    order_delay: int = 2,
    shipping_delay: int = 2,
    production_delay: int | None = None,
    initial_inventory: float = 12.0,
    initial_flow: float = 4.0,
    theta: float = STERMAN_PARAMETERS["theta"],
    alpha_s: float = STERMAN_PARAMETERS["alpha_s"],
    beta: float = STERMAN_PARAMETERS["beta"],
    s_prime: float = STERMAN_PARAMETERS["s_prime"],
    safety_stock: float | None = None,
) -> BeerGameRuns:
    """Play ``n_games`` beer games at once, every week stepping all games with numpy.

    Arguments as :func:`simulate_beer_game`, plus ``n_games`` (whole, >= 1). ``demand``
    may also be an array of shape (n_games, weeks), one row per game; a random pattern
    draws a different series for every game; a callable ``demand(rng, weeks)`` is called
    once per game. Named policies are vectorised; a callable policy is called once per
    game, stage and week (slower).

    Returns:
        A :class:`BeerGameRuns` with arrays of shape (games, weeks, stages).
    """
    n = whole("n_games", n_games, minimum=1, maximum=MAX_PERIODS)
    n_weeks, board_args, rules = _setup(
        weeks,
        order_delay,
        shipping_delay,
        production_delay,
        initial_inventory,
        initial_flow,
        theta,
        alpha_s,
        beta,
        s_prime,
        safety_stock,
    )
    policies = _policies(policy)
    share_demand = flag("share_demand", share_demand)
    if n * n_weeks > MAX_PERIODS:
        raise ValueError(
            f"n_games × weeks is {n * n_weeks}; at most MAX_PERIODS = {MAX_PERIODS} game-weeks"
        )
    rng = random_generator("seed", seed)
    customer = _demand(demand, n_weeks, n, rng)
    board = _Board(n, **board_args)
    shape = (n, n_weeks, 4)
    out = {
        k: np.empty(shape) for k in ("incoming", "shipped", "inventory", "backlog", "order", "sl")
    }
    for t in range(n_weeks):
        board.receive_and_ship(customer[:, t])
        signal = np.repeat(customer[:, t : t + 1], 4, axis=1) if share_demand else board.incoming
        orders = _orders(policies, board, signal, rules)
        board.place_orders(orders)
        out["incoming"][:, t] = board.incoming
        out["shipped"][:, t] = board.shipped
        out["inventory"][:, t] = board.inventory
        out["backlog"][:, t] = board.backlog
        out["order"][:, t] = orders
        out["sl"][:, t] = board.supply_line
    cost = HOLDING_COST * out["inventory"] + BACKLOG_COST * out["backlog"]
    if not (np.isfinite(cost).all() and np.isfinite(out["order"]).all()):
        raise ValueError(
            "the options (theta, alpha_s, beta, s_prime, safety_stock, initial_inventory, "
            "initial_flow) or demand are too large: orders or costs overflow a float"
        )
    return BeerGameRuns(
        demand=customer,
        incoming_order=out["incoming"],
        shipped=out["shipped"],
        inventory=out["inventory"],
        backlog=out["backlog"],
        order=out["order"],
        supply_line=out["sl"],
        cost=cost,
    )


def simulate_beer_game(
    demand: object = None,
    weeks: int = 36,
    policy: Policy | Mapping[str, Policy] = "sterman",
    share_demand: bool = False,
    seed: int | np.random.Generator | None = 0,
    *,
    order_delay: int = 2,
    shipping_delay: int = 2,
    production_delay: int | None = None,
    initial_inventory: float = 12.0,
    initial_flow: float = 4.0,
    theta: float = STERMAN_PARAMETERS["theta"],
    alpha_s: float = STERMAN_PARAMETERS["alpha_s"],
    beta: float = STERMAN_PARAMETERS["beta"],
    s_prime: float = STERMAN_PARAMETERS["s_prime"],
    safety_stock: float | None = None,
) -> BeerGameResult:
    """Play one beer game (the board game's set-up by default; see the module notes).

    Args:
        demand: customer demand: None or ``"classic"`` (4 cases a week, 8 from week 5),
            ``"constant"`` (4 every week), ``"poisson"`` (i.i.d. Poisson, mean 4),
            ``"poisson_step"`` (Poisson with the classic mean), a sequence of one value per
            week (finite, >= 0), or a callable ``demand(rng, weeks)`` returning one.
        weeks: length of the game (whole, >= 2; the board game is usually stopped at 36).
        policy: ``"sterman"``, ``"pass_through"``, ``"base_stock"``, a callable
            ``policy(state) -> order`` (``state`` a :class:`StageState`), or a mapping from
            stage names to any of these (stages left out play ``"sterman"``).
        share_demand: if True every stage's demand signal is end-customer demand.
        seed: int or ``numpy.random.Generator``; matters only for random demand.
        order_delay: weeks for an order to reach the supplier (whole, >= 1; board: 2).
        shipping_delay: weeks for a shipment to arrive (whole, >= 1; board: 2).
        production_delay: weeks from the factory's production request to finished beer
            (whole, >= 1); default 1 + ``shipping_delay`` (board: 3).
        initial_inventory: cases on hand at every stage at the start (board: 12).
        initial_flow: cases in every pipeline slot and on every order slip (board: 4).
        theta, alpha_s, beta, s_prime: θ, α_S, β, S′ of Sterman's heuristic (defaults:
            his mean estimates 0.36, 0.26, 0.34, 17); θ also smooths demand for
            ``"base_stock"``.
        safety_stock: the base-stock policy's safety stock (default ``initial_inventory``).

    Returns:
        A :class:`BeerGameResult`: ``history`` has one row per week (from 1) and stage, with
        ``incoming_order``, ``shipped``, ``inventory`` and ``backlog`` (at the week's end),
        ``order`` and ``cost`` = 0.50 × inventory + 1.00 × backlog.

    Raises:
        ValueError: naming the argument: unknown policy or stage names, demand with NaN or
            negative values or the wrong length, delays that are not whole numbers >= 1,
            negative parameters, θ outside [0, 1], or a callable policy returning a negative
            or non-finite order.
    """
    runs = simulate_beer_games(
        1,
        demand,
        weeks,
        policy,
        share_demand,
        seed,
        order_delay=order_delay,
        shipping_delay=shipping_delay,
        production_delay=production_delay,
        initial_inventory=initial_inventory,
        initial_flow=initial_flow,
        theta=theta,
        alpha_s=alpha_s,
        beta=beta,
        s_prime=s_prime,
        safety_stock=safety_stock,
    )
    return runs.game(0)


def _record_week(records: dict[str, list], board: _Board, orders: np.ndarray) -> None:
    """Append one week of a single game (row 0 of the board) to ``records``, the lists a
    week-by-week game (:class:`BeerGame`, the classroom's team game) keeps per quantity."""
    records["incoming"].append(board.incoming[0].copy())
    records["shipped"].append(board.shipped[0].copy())
    records["inventory"].append(board.inventory[0].copy())
    records["backlog"].append(board.backlog[0].copy())
    records["order"].append(orders[0].copy())
    records["sl"].append(board.supply_line[0].copy())


def _recorded_result(records: dict[str, list], demand: np.ndarray) -> BeerGameResult:
    """The weeks kept by :func:`_record_week` as a :class:`BeerGameResult` (costs at
    0.50 per case on hand and 1.00 per case in backlog, each week)."""
    played = len(records["order"])
    if played < 2:
        raise ValueError("play at least two weeks before asking for the result")
    arrays = {k: np.array(v)[None] for k, v in records.items()}
    inventory, backlog = arrays["inventory"], arrays["backlog"]
    runs = BeerGameRuns(
        demand=demand[:, :played],
        incoming_order=arrays["incoming"],
        shipped=arrays["shipped"],
        inventory=inventory,
        backlog=backlog,
        order=arrays["order"],
        supply_line=arrays["sl"],
        cost=HOLDING_COST * inventory + BACKLOG_COST * backlog,
    )
    return runs.game(0)


class BeerGame:
    """A beer game played week by week: one stage by a person, the others by a policy.

    The game object holds the board between weeks (it is the one stateful thing here, as a
    board game is). After construction it waits at week 1's decision: :meth:`view` shows
    what the player's stage sees; :meth:`play` takes the player's order, lets the computer
    partners order, and moves to the next week. When :attr:`finished`, :meth:`result`
    returns the same :class:`BeerGameResult` as :func:`simulate_beer_game`.

    Args:
        player: the stage the person plays (one of :data:`STAGES`).
        partners: the policy of the other stages (default ``"sterman"``).
        demand, weeks, share_demand, seed and the keyword arguments: as in
            :func:`simulate_beer_game`.
    """

    def __init__(
        self,
        player: str = "retailer",
        partners: Policy = "sterman",
        demand: object = None,
        weeks: int = 36,
        share_demand: bool = False,
        seed: int | np.random.Generator | None = 0,
        **options: object,
    ) -> None:
        if player not in STAGES:
            raise ValueError(f"player must be one of {list(STAGES)}, got {player!r}")
        unknown = sorted(set(options) - set(_OPTION_NAMES))
        if unknown:
            raise ValueError(f"unknown options {unknown}: allowed are {list(_OPTION_NAMES)}")
        _check_policy("partners", partners)
        merged = {name: options.get(name, default) for name, default in _OPTION_NAMES.items()}
        self.weeks, board_args, self._rules = _setup(weeks, **merged)
        self.player = player
        self._stage = STAGES.index(player)
        self._policies: list[Policy] = [partners] * 4
        self.share_demand = flag("share_demand", share_demand)
        self._demand = _demand(demand, self.weeks, 1, random_generator("seed", seed))
        self._board = _Board(1, **board_args)
        self._records: dict[str, list[np.ndarray]] = {
            k: [] for k in ("incoming", "shipped", "inventory", "backlog", "order", "sl")
        }
        self._board.receive_and_ship(self._demand[:, 0])

    @property
    def week(self) -> int:
        """The week whose order is awaited (weeks + 1 when finished)."""
        return self._board.week if not self.finished else self.weeks + 1

    @property
    def finished(self) -> bool:
        """True when every week has been played."""
        return len(self._records["order"]) == self.weeks

    def view(self) -> StageState:
        """What the player's stage sees now, before ordering."""
        if self.finished:
            raise ValueError("the game is over: call result()")
        b, s = self._board, self._stage
        signal = self._signal()[0, s]
        smoothed = self._rules.theta * signal + (1 - self._rules.theta) * b.expected[0, s]
        return StageState(
            week=b.week,
            stage=self.player,
            inventory=float(b.inventory[0, s]),
            backlog=float(b.backlog[0, s]),
            incoming_order=float(b.incoming[0, s]),
            supply_line=float(b.supply_line[0, s]),
            demand_signal=float(signal),
            expected_demand=float(smoothed),
        )

    def suggested_order(self) -> float:
        """The order the partners' policy would place for the player's stage this week."""
        board = self._board
        saved = board.expected.copy()
        orders = _orders(self._policies, board, self._signal(), self._rules)
        board.expected = saved
        return float(orders[0, self._stage])

    def _signal(self) -> np.ndarray:
        b = self._board
        if self.share_demand:
            return np.repeat(self._demand[:, b.week - 1 : b.week], 4, axis=1)
        return b.incoming

    def play(self, order: float) -> BeerGame:
        """Place the player's ``order`` (cases, finite, >= 0) and advance one week."""
        if self.finished:
            raise ValueError("the game is over: call result()")
        value = non_negative("order", order)
        b = self._board
        orders = _orders(
            self._policies,
            b,
            self._signal(),
            self._rules,
            override={self._stage: np.array([value])},
        )
        b.place_orders(orders)
        _record_week(self._records, b, orders)
        if not self.finished:
            b.receive_and_ship(self._demand[:, b.week])
        return self

    def result(self) -> BeerGameResult:
        """The game so far (all weeks once finished) as a :class:`BeerGameResult`."""
        return _recorded_result(self._records, self._demand)


_OPTION_NAMES: dict[str, object] = {
    "order_delay": 2,
    "shipping_delay": 2,
    "production_delay": None,
    "initial_inventory": 12.0,
    "initial_flow": 4.0,
    "theta": STERMAN_PARAMETERS["theta"],
    "alpha_s": STERMAN_PARAMETERS["alpha_s"],
    "beta": STERMAN_PARAMETERS["beta"],
    "s_prime": STERMAN_PARAMETERS["s_prime"],
    "safety_stock": None,
}


def policy_comparison(
    demand: object = None,
    weeks: int = 36,
    seed: int | np.random.Generator | None = 0,
    **options: object,
) -> pd.DataFrame:
    """Team cost and bullwhip ratios of each named policy, without and with shared demand.

    Returns:
        One row per (policy, share_demand) with ``total_cost`` and one bullwhip column per
        stage.
    """
    rows = []
    for name in POLICIES:
        for shared in (False, True):
            result = simulate_beer_game(demand, weeks, name, shared, seed, **options)
            rows.append(
                {"policy": name, "share_demand": shared, "total_cost": result.total_cost}
                | result.bullwhip().to_dict()
            )
    return pd.DataFrame(rows)
