"""The team game: :mod:`crmlab.scm.beergame`'s board with any stage played by a person.

A :class:`TeamGame` is one team's board. Each week it waits for the orders of the stages
played by people; the other stages are played by a rule (Sterman's heuristic by default),
exactly as :func:`crmlab.scm.beergame.simulate_beer_game` plays them, on the same board
(``crmlab.scm.beergame._Board``) with the same ordering code. So a team whose people
order what the rule would order reproduces ``simulate_beer_game`` to the case (tested in
``tests/classroom/test_game.py``).

A :class:`ClassGame` is a game of a whole class: its configuration, its teams, who sits
at which stage, and its status (``lobby`` → ``running`` ⇄ ``paused`` → ``ended``). It
changes only by :meth:`ClassGame.apply` of an *event* (a plain dict: a join, a leave, an
order, a facilitator's action); the server stores every event and rebuilds the games by
applying the stored events again. Nothing here reads a clock, a file or a random source:
the server passes the time-dependent decisions (room codes, timer orders) in as events.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmlab.scm.beergame import (
    _OPTION_NAMES,
    BACKLOG_COST,
    DEMAND_PATTERNS,
    HOLDING_COST,
    POLICIES,
    STAGES,
    BeerGameResult,
    _Board,
    _demand,
    _orders,
    _record_week,
    _recorded_result,
    _setup,
    simulate_beer_game,
)

#: The smallest and largest order a person may place (whole cases).
MIN_ORDER: int = 0
MAX_ORDER: int = 1000

#: A game's statuses, in the order they normally come.
STATUSES: tuple[str, ...] = ("lobby", "running", "paused", "ended")

#: The facilitator's actions and the statuses they are allowed from.
ACTIONS: dict[str, tuple[str, ...]] = {
    "start": ("lobby",),
    "pause": ("running",),
    "resume": ("paused",),
    "end": ("lobby", "running", "paused"),
}

#: The columns of ``simulate_beer_game(...).history``, in order.
HISTORY_COLUMNS: tuple[str, ...] = (
    "week",
    "stage",
    "incoming_order",
    "shipped",
    "inventory",
    "backlog",
    "order",
    "cost",
)

MAX_NAME = 40  # characters in a player's or a team's name
MAX_TEAMS = 50
MAX_WEEKS = 100
MAX_TIMER = 3600.0


class Refused(ValueError):
    """An event that is not allowed now; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def order_value(value: object) -> int:
    """A person's order as an int: a whole number from MIN_ORDER to MAX_ORDER, else Refused."""
    allowed = f"a whole number of cases from {MIN_ORDER} to {MAX_ORDER}"
    if isinstance(value, bool):
        raise Refused(f"order must be {allowed}, got {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise Refused(f"order must be {allowed}, got {value!r}")
        value = int(text)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise Refused(f"order must be {allowed}, got {value!r}")
        value = int(value)
    if not isinstance(value, int) or not MIN_ORDER <= value <= MAX_ORDER:
        raise Refused(f"order must be {allowed}, got {value!r}")
    return value


def clean_name(name: object, default: str, what: str = "name") -> str:
    """A display name: a string of at most MAX_NAME characters after trimming (kept as typed;
    pages show it as text, never as HTML)."""
    if name is None:
        return default
    if not isinstance(name, str):
        raise Refused(f"{what} must be text, got {type(name).__name__}")
    text = " ".join(name.split())
    if len(text) > MAX_NAME:
        raise Refused(f"{what} must be at most {MAX_NAME} characters, got {len(text)}")
    return text or default


@dataclass(frozen=True)
class GameConfig:
    """A class game's settings, chosen by the facilitator.

    Attributes:
        teams: number of teams (1 to 50).
        weeks: weeks to play (2 to 100; the board game is usually stopped at 36).
        demand: customer demand pattern, one of :data:`crmlab.scm.beergame.DEMAND_PATTERNS`;
            every team gets the same demand series.
        share_demand: every stage sees end-customer demand (point-of-sale data).
        timer: seconds each week waits for late players before the rule orders for them
            (0 = no timer; else 5 to 3600).
        rule: the rule that plays the stages nobody plays (one of
            :data:`crmlab.scm.beergame.POLICIES`; Sterman's heuristic by default).
        seed: seed of the random demand patterns.
        team_names: optional names of the teams (default "Team 1", "Team 2", ...).
    """

    teams: int = 4
    weeks: int = 36
    demand: str = "classic"
    share_demand: bool = False
    timer: float = 0.0
    rule: str = "sterman"
    seed: int = 0
    team_names: tuple[str, ...] = field(default=())

    @classmethod
    def from_dict(cls, data: object) -> GameConfig:
        """Check a JSON object of settings; Refused naming the field and its allowed values."""
        if not isinstance(data, dict):
            raise Refused("the game settings must be a JSON object")
        unknown = sorted(set(data) - set(cls.__dataclass_fields__))
        if unknown:
            raise Refused(
                f"unknown settings {unknown}: allowed are {list(cls.__dataclass_fields__)}"
            )
        teams = _whole(data.get("teams", 4), "teams", 1, MAX_TEAMS)
        weeks = _whole(data.get("weeks", 36), "weeks", 2, MAX_WEEKS)
        demand = data.get("demand", "classic")
        if demand not in DEMAND_PATTERNS:
            raise Refused(f"demand must be one of {list(DEMAND_PATTERNS)}, got {demand!r}")
        share = data.get("share_demand", False)
        if not isinstance(share, bool):
            raise Refused(f"share_demand must be true or false, got {share!r}")
        timer = data.get("timer", 0)
        if isinstance(timer, bool) or not isinstance(timer, (int, float)):
            raise Refused(f"timer must be a number of seconds, got {timer!r}")
        if not (timer == 0 or 5 <= timer <= MAX_TIMER):
            raise Refused(f"timer must be 0 (no timer) or 5 to {MAX_TIMER:g} seconds, got {timer}")
        rule = data.get("rule", "sterman")
        if rule not in POLICIES:
            raise Refused(f"rule must be one of {list(POLICIES)}, got {rule!r}")
        seed = _whole(data.get("seed", 0), "seed", 0, 2**31 - 1)
        names = data.get("team_names") or []
        if not isinstance(names, list) or len(names) > teams:
            raise Refused(f"team_names must be a list of at most {teams} names")
        cleaned = tuple(clean_name(n, f"Team {i + 1}", "a team name") for i, n in enumerate(names))
        return cls(teams, weeks, demand, share, float(timer), rule, seed, cleaned)

    def to_dict(self) -> dict[str, object]:
        """The settings as a JSON object (what :meth:`from_dict` reads)."""
        return {
            "teams": self.teams,
            "weeks": self.weeks,
            "demand": self.demand,
            "share_demand": self.share_demand,
            "timer": self.timer,
            "rule": self.rule,
            "seed": self.seed,
            "team_names": list(self.team_names),
        }

    def team_name(self, team: int) -> str:
        """The display name of team ``team`` (0-based)."""
        return self.team_names[team] if team < len(self.team_names) else f"Team {team + 1}"


def _whole(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Refused(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return value


class TeamGame:
    """One team's board; the stages in ``people`` are played by persons, the rest by a rule.

    Args:
        weeks: weeks to play (whole, >= 2).
        demand: customer demand, as ``simulate_beer_game``'s ``demand``.
        share_demand: every stage's demand signal is end-customer demand.
        rule: the rule of the stages nobody plays (a name in ``POLICIES``).
        seed: seed of random demand.
    """

    def __init__(
        self,
        weeks: int = 36,
        demand: object = "classic",
        share_demand: bool = False,
        rule: str = "sterman",
        seed: int = 0,
    ) -> None:
        if rule not in POLICIES:
            raise ValueError(f"rule must be one of {list(POLICIES)}, got {rule!r}")
        self.weeks, board_args, self._rules = _setup(weeks, **_OPTION_NAMES)
        self.rule = rule
        self.share_demand = bool(share_demand)
        self._policies = [rule] * 4
        self._demand = _demand(demand, self.weeks, 1, np.random.default_rng(seed))
        self._board = _Board(1, **board_args)
        self.people: set[int] = set()  # stages (0..3) played by a person now
        self.pending: dict[int, tuple[float, str]] = {}  # stage → (order, who) this week
        self._rec: dict[str, list[np.ndarray]] = {
            k: [] for k in ("incoming", "shipped", "inventory", "backlog", "order", "sl")
        }
        self.played_by: list[tuple[str, ...]] = []  # per week: "person", "timer" or the rule
        self.received = np.zeros(4)  # beer received this week, by stage
        self._cost = np.zeros(4)  # cost of the weeks played, by stage
        self._past: list[list[dict[str, object]]] = [[] for _ in range(4)]  # for view()
        self._next_week()

    # ----------------------------------------------------------------- the week's state

    def _next_week(self) -> None:
        b = self._board
        self.received = np.concatenate([b.ship[0, :, 0], b.production[0, :1]])
        b.receive_and_ship(self._demand[:, b.week])

    @property
    def week(self) -> int:
        """The week whose orders are awaited (weeks + 1 when finished)."""
        return self.weeks + 1 if self.finished else self._board.week

    @property
    def weeks_played(self) -> int:
        """Weeks whose orders have been placed."""
        return len(self._rec["order"])

    @property
    def finished(self) -> bool:
        """True when every week has been played."""
        return self.weeks_played == self.weeks

    @property
    def ready(self) -> bool:
        """True when at least one person plays and every person has ordered this week."""
        return (
            not self.finished and bool(self.people) and all(s in self.pending for s in self.people)
        )

    def waiting_for(self) -> list[str]:
        """The stages whose person has not ordered this week."""
        if self.finished:
            return []
        return [STAGES[s] for s in sorted(self.people) if s not in self.pending]

    def _signal(self) -> np.ndarray:
        b = self._board
        if self.share_demand:
            return np.repeat(self._demand[:, b.week - 1 : b.week], 4, axis=1)
        return b.incoming

    def suggested_order(self, stage: int) -> float:
        """The order the rule would place for ``stage`` (0..3) this week."""
        b = self._board
        saved = b.expected.copy()
        try:
            orders = _orders(self._policies, b, self._signal(), self._rules)
        finally:
            b.expected = saved
        return float(orders[0, stage])

    def cost_so_far(self, stage: int | None = None) -> float:
        """Cost to date, this week included (one stage, or the team when ``stage`` is None)."""
        cols = slice(None) if stage is None else stage
        past = float(np.sum(self._cost[cols]))
        if self.finished:
            return past
        b = self._board
        now = HOLDING_COST * b.inventory[0, cols] + BACKLOG_COST * b.backlog[0, cols]
        return past + float(np.sum(now))

    def view(self, stage: int) -> dict[str, object]:
        """What a stage's player sees on the board now (JSON-ready)."""
        b = self._board
        out: dict[str, object] = {
            "week": self.week,
            "weeks": self.weeks,
            "finished": self.finished,
            "cost_so_far": round(self.cost_so_far(stage), 2),
            "team_cost_so_far": round(self.cost_so_far(), 2),
        }
        if not self.finished:
            if stage < 3:
                in_transit = [float(x) for x in b.ship[0, stage]]
            else:
                in_transit = [float(x) for x in b.production[0]]
            out |= {
                "inventory": float(b.inventory[0, stage]),
                "backlog": float(b.backlog[0, stage]),
                "incoming_order": float(b.incoming[0, stage]),
                "received": float(self.received[stage]),
                "shipped": float(b.shipped[0, stage]),
                "on_the_way": float(b.supply_line[0, stage]),
                "in_transit": in_transit,
                "customer_demand": float(self._demand[0, b.week - 1])
                if self.share_demand
                else None,
                "ordered": self.pending.get(stage, (None, ""))[0],
            }
        out["past"] = list(self._past[stage])
        return out

    # ----------------------------------------------------------------- playing

    def submit(self, stage: int, order: float, who: str = "person") -> None:
        """Record ``stage``'s order for this week (``who``: "person" or "timer")."""
        if self.finished:
            raise Refused("the team has played every week", 409)
        if stage in self.pending:
            raise Refused(f"the {STAGES[stage]} has already ordered for week {self.week}", 409)
        if not math.isfinite(order) or order < 0:
            raise Refused(f"order must be a finite number >= 0, got {order!r}")
        self.pending[stage] = (float(order), who)

    def advance(self) -> None:
        """Place this week's orders (the people's, the rule's for the rest) and move on."""
        if self.finished:
            raise Refused("the team has played every week", 409)
        b = self._board
        override = {s: np.array([v]) for s, (v, _) in self.pending.items()}
        orders = _orders(self._policies, b, self._signal(), self._rules, override=override)
        b.place_orders(orders)
        _record_week(self._rec, b, orders)
        self.played_by.append(
            tuple(self.pending[s][1] if s in self.pending else self.rule for s in range(4))
        )
        self._cost += HOLDING_COST * b.inventory[0] + BACKLOG_COST * b.backlog[0]
        for s in range(4):
            self._past[s].append(
                {
                    "week": b.week,
                    "incoming_order": float(b.incoming[0, s]),
                    "inventory": float(b.inventory[0, s]),
                    "backlog": float(b.backlog[0, s]),
                    "order": float(orders[0, s]),
                    "played_by": self.played_by[-1][s],
                }
            )
        self.pending = {}
        if not self.finished:
            self._next_week()

    # ----------------------------------------------------------------- results

    def history(self) -> pd.DataFrame:
        """The weeks played, in ``simulate_beer_game``'s history columns plus ``played_by``."""
        n = self.weeks_played
        rec = {k: np.array(v).reshape(n, 4) for k, v in self._rec.items()}
        frame = pd.DataFrame(
            {
                "week": np.repeat(np.arange(1, n + 1), 4),
                "stage": np.tile(np.array(STAGES, dtype=object), n),
                "incoming_order": rec["incoming"].ravel(),
                "shipped": rec["shipped"].ravel(),
                "inventory": rec["inventory"].ravel(),
                "backlog": rec["backlog"].ravel(),
                "order": rec["order"].ravel(),
                "cost": (HOLDING_COST * rec["inventory"] + BACKLOG_COST * rec["backlog"]).ravel(),
            }
        )
        frame["played_by"] = [p for week in self.played_by for p in week]
        return frame

    def result(self) -> BeerGameResult:
        """The weeks played as a :class:`BeerGameResult` (at least two weeks)."""
        return _recorded_result(self._rec, self._demand)

    def shared_replay(self) -> BeerGameResult:
        """The same customer demand and weeks played by the rule with end-customer demand
        shared (Sterman's heuristic unless the game's rule is another): the debrief's
        comparison."""
        n = self.weeks_played
        return simulate_beer_game(self._demand[0, :n], n, self.rule, share_demand=True)


@dataclass
class Player:
    """A person in a class game."""

    id: str
    token_hash: str
    name: str
    team: int
    stage: int
    seated: bool = True


class ClassGame:
    """A class's game: settings, teams, seats and status; changed only by :meth:`apply`."""

    def __init__(self, code: str, config: GameConfig) -> None:
        self.code = code
        self.config = config
        self.status = "lobby"
        self.teams = [
            TeamGame(config.weeks, config.demand, config.share_demand, config.rule, config.seed)
            for _ in range(config.teams)
        ]
        self.players: dict[str, Player] = {}
        self.by_token: dict[str, str] = {}  # token hash → player id
        self.seats: dict[tuple[int, int], str] = {}  # (team, stage) → player id

    # ----------------------------------------------------------------- queries

    def free_seat(self) -> tuple[int, int] | None:
        """The first free (team, stage), team by team, or None when every seat is taken."""
        for t in range(self.config.teams):
            for s in range(4):
                if (t, s) not in self.seats:
                    return t, s
        return None

    def player_state(self, player_id: str) -> dict[str, object]:
        """What a player sees: the game, the team, the stage's board (JSON-ready)."""
        p = self.players[player_id]
        team = self.teams[p.team]
        return {
            "room": self.code,
            "status": self.status,
            "name": p.name,
            "seated": p.seated,
            "team": p.team + 1,
            "team_name": self.config.team_name(p.team),
            "stage": STAGES[p.stage],
            "share_demand": self.config.share_demand,
            "timer": self.config.timer,
            "order_range": [MIN_ORDER, MAX_ORDER],
            "rule": self.config.rule,
            "board": team.view(p.stage),
            "waiting_for": self._waiting(p.team),
            "seats": self._seats(p.team),
        }

    def _waiting(self, team: int) -> list[str]:
        """The stages the team waits for; none unless the game is running."""
        return self.teams[team].waiting_for() if self.status == "running" else []

    def team_news(self, team: int) -> dict[str, object]:
        """The small update a team's players get when a teammate orders (no new week)."""
        return {
            "team": team + 1,
            "week": self.teams[team].week,
            "waiting_for": self._waiting(team),
            "seats": self._seats(team),
        }

    def _seats(self, team: int) -> list[dict[str, object]]:
        t = self.teams[team]
        out = []
        for s, stage in enumerate(STAGES):
            pid = self.seats.get((team, s))
            out.append(
                {
                    "stage": stage,
                    "player": self.players[pid].name if pid else None,
                    "played_by": "person" if pid else self.config.rule,
                    "ordered": s in t.pending,
                }
            )
        return out

    def lobby(self) -> dict[str, object]:
        """The public view of the room: status and who sits where (for choosing a seat)."""
        return {
            "room": self.code,
            "status": self.status,
            "weeks": self.config.weeks,
            "teams": [
                {"team": i + 1, "name": self.config.team_name(i), "seats": self._seats(i)}
                for i in range(self.config.teams)
            ],
        }

    def overview(self) -> dict[str, object]:
        """The facilitator's view: every team's week, who is waiting, seats and cost."""
        return {
            "room": self.code,
            "status": self.status,
            "config": self.config.to_dict(),
            "players": sum(p.seated for p in self.players.values()),
            "teams": [
                {
                    "team": i + 1,
                    "name": self.config.team_name(i),
                    "week": t.week,
                    "weeks_played": t.weeks_played,
                    "finished": t.finished,
                    "waiting_for": self._waiting(i),
                    "cost_so_far": round(t.cost_so_far(), 2),
                    "seats": self._seats(i),
                }
                for i, t in enumerate(self.teams)
            ],
        }

    def history(self) -> pd.DataFrame:
        """Every team's weeks played: ``room, team, team_name`` + the history columns +
        ``played_by``."""
        frames = []
        for i, t in enumerate(self.teams):
            h = t.history()
            h.insert(0, "team_name", self.config.team_name(i))
            h.insert(0, "team", i + 1)
            h.insert(0, "room", self.code)
            frames.append(h)
        return pd.concat(frames, ignore_index=True)

    def class_table(self) -> pd.DataFrame:
        """One row per team: people, weeks played, cost (total, by stage, replayed with
        demand shared) and bullwhip ratios by stage (NaN before two weeks are played)."""
        rows = []
        for i, t in enumerate(self.teams):
            row: dict[str, object] = {
                "team": i + 1,
                "team_name": self.config.team_name(i),
                "people": sum(1 for s in range(4) if any(w[s] != t.rule for w in t.played_by)),
                "weeks_played": t.weeks_played,
                "total_cost": round(t.cost_so_far(), 2) if t.finished else np.nan,
            }
            if t.weeks_played >= 2:
                result = t.result()
                row["total_cost"] = round(result.total_cost, 2)
                row |= {f"cost_{s}": round(float(v), 2) for s, v in result.cost_by_stage().items()}
                row |= {f"bullwhip_{s}": float(v) for s, v in result.bullwhip().items()}
                row["shared_replay_cost"] = round(t.shared_replay().total_cost, 2)
            rows.append(row)
        return pd.DataFrame(rows)

    # ----------------------------------------------------------------- events

    def apply(self, event: dict) -> set[int]:
        """Apply one event; return the teams whose state changed. Refused (nothing changed)
        when the event is not allowed now."""
        kind = event.get("kind")
        if kind == "join":
            changed = self._join(event)
        elif kind == "leave":
            changed = self._leave(event)
        elif kind == "order":
            changed = self._order(event)
        elif kind == "control":
            changed = self._control(event)
        else:
            raise Refused(f"unknown event kind {kind!r}")
        if self.status == "running":
            for i in list(changed):
                if self.teams[i].ready:
                    self.teams[i].advance()
        return changed

    def _join(self, e: dict) -> set[int]:
        if self.status == "ended":
            raise Refused("the game is over", 409)
        team, stage, pid = e["team"], e["stage"], e["player"]
        if not (isinstance(team, int) and 0 <= team < self.config.teams):
            raise Refused(f"team must be a whole number from 1 to {self.config.teams}")
        if not (isinstance(stage, int) and 0 <= stage < 4):
            raise Refused(f"stage must be one of {list(STAGES)}")
        holder = self.seats.get((team, stage))
        if holder is not None and holder != pid:
            raise Refused(
                f"the {STAGES[stage]} of {self.config.team_name(team)} is taken: choose another",
                409,
            )
        old = self.players.get(pid)
        if old is not None and old.seated and (old.team, old.stage) != (team, stage):
            raise Refused("you already play a stage in this game", 409)
        name = clean_name(e.get("name"), f"Player {len(self.players) + 1}")
        self.players[pid] = Player(pid, e["token_hash"], name, team, stage)
        self.by_token[e["token_hash"]] = pid
        self.seats[(team, stage)] = pid
        self.teams[team].people.add(stage)
        return {team}

    def _leave(self, e: dict) -> set[int]:
        p = self.players.get(e["player"])
        if p is None or not p.seated:
            raise Refused("you do not play a stage now", 409)
        p.seated = False
        del self.seats[(p.team, p.stage)]
        self.teams[p.team].people.discard(p.stage)
        return {p.team}

    def _order(self, e: dict) -> set[int]:
        if self.status != "running":
            message = {
                "lobby": "the game has not started yet",
                "paused": "the game is paused",
                "ended": "the game is over",
            }[self.status]
            raise Refused(message, 409)
        team, stage, who = e["team"], e["stage"], e.get("who", "person")
        t = self.teams[team]
        if e["week"] != t.week:
            raise Refused(f"week {e['week']} is over: this is week {t.week}", 409)
        if stage not in t.people:
            raise Refused(f"the {STAGES[stage]} is not played by a person", 409)
        if who == "person":
            value: float = order_value(e["order"])
        elif who == "timer":
            value = float(e["order"])
        else:
            raise Refused(f"who must be 'person' or 'timer', got {who!r}")
        t.submit(stage, value, who)
        return {team}

    def _control(self, e: dict) -> set[int]:
        action = e.get("action")
        if action not in ACTIONS:
            raise Refused(f"action must be one of {list(ACTIONS)}, got {action!r}")
        if self.status not in ACTIONS[action]:
            raise Refused(f"cannot {action} a game that is {self.status}", 409)
        self.status = {"start": "running", "pause": "paused", "resume": "running"}.get(
            action, "ended"
        )
        return set(range(self.config.teams))


class Classroom:
    """Every game on the server, by room code; changed only by :meth:`apply`."""

    def __init__(self) -> None:
        self.games: dict[str, ClassGame] = {}

    def apply(self, event: dict) -> set[int]:
        """Apply one event (``create`` or a game event with ``room``); see ClassGame.apply."""
        if event.get("kind") == "create":
            code = event["room"]
            if code in self.games:
                raise Refused(f"room {code} exists", 409)
            self.games[code] = ClassGame(code, GameConfig.from_dict(event["config"]))
            return set()
        game = self.games.get(event.get("room", ""))
        if game is None:
            raise Refused(f"no game with room code {event.get('room')!r}", 404)
        return game.apply(event)
