"""The classroom server: the JSON API, the WebSocket updates and the local pages (aiohttp).

Start it with ``crmlab classroom serve`` (see :func:`serve`). The API is written up in
``docs/classroom-api.md``. Every change is an event (see :mod:`crmlab.classroom.game`):
the server checks it against the game, applies it, commits it to the SQLite store and only
then answers and pushes the new state to the WebSockets of the team and the facilitator.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import json
import math
import os
import secrets
import socket
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

try:
    import qrcode
    import qrcode.image.svg
    from aiohttp import WSMsgType, web
except ImportError as error:  # pragma: no cover - exercised by the CLI test
    raise ImportError(
        'crmlab classroom needs the optional extra: pip install "crmlab[classroom]" '
        f"(missing: {error.name})"
    ) from error

from crmlab.classroom.game import (
    MAX_ORDER,
    MIN_ORDER,
    STAGES,
    ClassGame,
    Classroom,
    GameConfig,
    Refused,
)
from crmlab.classroom.store import Store

STATIC = Path(__file__).parent / "static"
ROOM_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to read aloud
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def lan_address() -> str:
    """This machine's address on the local network, found without sending anything.

    Connecting a UDP socket only chooses the route (no packet leaves), so this works on a
    classroom network with no internet; 127.0.0.1 when there is no network at all.
    """
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((probe, 1))
            address = s.getsockname()[0]
            if address and not address.startswith("0."):
                return address
    return "127.0.0.1"


def qr_svg(text: str) -> bytes:
    """A QR code of ``text`` as SVG (made locally by the qrcode package; no Pillow)."""
    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string()


def qr_terminal(text: str) -> str:
    """A QR code of ``text`` drawn with block characters for the terminal."""
    qr = qrcode.QRCode(border=2)
    qr.add_data(text)
    qr.make(fit=True)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _csv_cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text cells (a team named "=cmd()")."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _json_safe(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class TokenBucket:
    """Per-client throttling: ``rate`` requests a second with bursts up to ``burst``."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._state: dict[str, tuple[float, float]] = {}

    def allow(self, key: str, now: float) -> bool:
        """Take one token for ``key``; False when the client has none left."""
        tokens, last = self._state.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if len(self._state) > 20000:  # forget idle clients
            self._state.clear()
        if tokens < 1:
            self._state[key] = (tokens, now)
            return False
        self._state[key] = (tokens - 1, now)
        return True


class ClassroomServer:
    """The server's state: the store, the games rebuilt from it, sockets, timers, throttles.

    Args:
        db: path of the SQLite database (``":memory:"`` for tests).
        facilitator_token: the facilitator's token; by default the one stored in the
            database, or a new random one stored there.
        rate, burst: requests per second and burst allowed per player token.
        ip_rate, ip_burst: the same per address for requests without a token (joining).
        leave_after: seconds after a player's last page closes before the rule takes over.
        synchronous: SQLite ``synchronous`` (``"FULL"`` or ``"NORMAL"``).
        public_url: the join address shown and encoded in QR codes.
    """

    def __init__(
        self,
        db: str | Path = "beergame.sqlite3",
        *,
        facilitator_token: str | None = None,
        rate: float = 10.0,
        burst: float = 20.0,
        ip_rate: float = 5.0,
        ip_burst: float = 40.0,
        leave_after: float = 60.0,
        synchronous: str = "FULL",
        public_url: str = "http://127.0.0.1:8000/",
    ) -> None:
        self.store = Store(db, synchronous=synchronous)
        token = facilitator_token or self.store.get_meta("facilitator_token")
        if token is None:
            token = secrets.token_urlsafe(18)
        self.store.set_meta("facilitator_token", token)
        self.facilitator_token = token
        self.player_throttle = TokenBucket(rate, burst)
        self.ip_throttle = TokenBucket(ip_rate, ip_burst)
        self.leave_after = leave_after
        self.public_url = public_url
        self.classroom = Classroom()
        self.replayed = self._replay()
        self.player_sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self.facilitator_sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self.deadlines: dict[tuple[str, int], tuple[int, float]] = {}
        self.leave_handles: dict[str, asyncio.TimerHandle] = {}
        # server time of each event that advanced a week, by room (for benchmarks/)
        self.advance_seconds: dict[str, list[float]] = defaultdict(list)
        self._debriefs: dict[tuple[str, int, int], bytes] = {}
        self._queue: list[tuple[dict, asyncio.Future]] = []  # applied, not yet committed
        self._writer: asyncio.Future | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")

    # ----------------------------------------------------------------- events

    def _replay(self) -> int:
        n = 0
        for event in self.store.events():
            self.classroom.apply(event)
            n += 1
        return n

    async def persist(self, event: dict) -> None:
        """Commit an applied event to the store; return once it is on disk.

        Events that arrive while the previous commit is running are committed together in
        the next transaction (a group commit: one sync for many orders), in the order they
        were applied. If the database fails, the games are rebuilt from what it holds and
        every event not stored fails (its request gets an error, nothing is acknowledged).
        """
        future = asyncio.get_running_loop().create_future()
        self._queue.append((event, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write_loop())
        await future

    async def _write_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                await loop.run_in_executor(
                    self._executor, self.store.append_many, [e for e, _ in batch]
                )
            except Exception as error:  # the disk is full, the file was removed, ...
                failed, self._queue = batch + self._queue, []
                self.classroom = Classroom()
                self._replay()
                for _, future in failed:
                    if not future.done():
                        future.set_exception(error)
                return
            for _, future in batch:
                if not future.done():
                    future.set_result(None)

    def close(self) -> None:
        """Close the store (after the app has stopped)."""
        self._executor.shutdown(wait=True)
        self.store.close()

    def game(self, room: str) -> ClassGame:
        """The game with room code ``room`` (Refused 404 if none)."""
        game = self.classroom.games.get(str(room).upper())
        if game is None:
            raise Refused(f"no game with room code {room!r}", 404)
        return game

    def player(self, request: web.Request) -> tuple[ClassGame, str]:
        """The game and player id of the request's player token (Refused 401 if none)."""
        token = _bearer(request)
        if token:
            h = _hash(token)
            for game in self.classroom.games.values():
                pid = game.by_token.get(h)
                if pid is not None:
                    return game, pid
        raise Refused("a player token is needed: join the game first", 401)

    def check_facilitator(self, request: web.Request) -> None:
        """Refused 403 unless the request carries the facilitator's token."""
        token = _bearer(request)
        if not token or not secrets.compare_digest(token, self.facilitator_token):
            raise Refused("this needs the facilitator's token", 403)

    def seconds_left(self, room: str, team: int) -> float | None:
        """Seconds before the timer orders for the team's late players (None: no timer)."""
        entry = self.deadlines.get((room, team))
        if entry is None:
            return None
        return max(0.0, round(entry[1] - time.monotonic(), 1))

    def player_state(self, game: ClassGame, pid: str) -> dict:
        """The player's state plus the timer."""
        state = game.player_state(pid)
        state["seconds_left"] = self.seconds_left(game.code, game.players[pid].team)
        return state

    def overview(self, game: ClassGame) -> dict:
        """The facilitator's overview plus the timers."""
        view = game.overview()
        for i, team in enumerate(view["teams"]):
            team["seconds_left"] = self.seconds_left(game.code, i)
        return view

    # ----------------------------------------------------------------- pushing updates

    def updates(self, game: ClassGame, teams: set[int], light: str | None = None) -> list:
        """The messages that tell the players of ``teams`` and the facilitators the news.

        ``light``: an order that did not end the week; its player gets the full state, the
        teammates only the team's news (who is still to order)."""
        sends = []
        news: dict[int, str] = {}
        for pid, p in game.players.items():
            if p.team in teams and pid in self.player_sockets:
                if light is not None and pid != light:
                    if p.team not in news:
                        news[p.team] = json.dumps({"type": "team", "team": game.team_news(p.team)})
                    text = news[p.team]
                else:
                    text = json.dumps({"type": "state", "state": self.player_state(game, pid)})
                sends += [(ws, text) for ws in self.player_sockets[pid]]
        if self.facilitator_sockets.get(game.code):
            text = json.dumps({"type": "overview", "overview": self.overview(game)})
            sends += [(ws, text) for ws in self.facilitator_sockets[game.code]]
        return sends

    async def act(self, event: dict) -> set[int]:
        """Apply an event (Refused: nothing changes), commit it, then push the news.

        The server time of an event that advances a week (check, apply, build the updates;
        not the wait for the disk) is kept in ``advance_seconds`` for benchmarks/.
        """
        t0 = time.perf_counter()
        game = self.game(event["room"]) if event["kind"] != "create" else None
        before = [t.weeks_played for t in game.teams] if game else []
        changed = self.classroom.apply(event)
        advanced = game is not None and any(
            t.weeks_played != b for t, b in zip(game.teams, before, strict=True)
        )
        cpu = time.perf_counter() - t0
        await self.persist(event)
        if game is None:
            return changed
        t1 = time.perf_counter()
        self._reset_timers(game)
        light = event.get("player", "") if event["kind"] == "order" and not advanced else None
        sends = self.updates(game, changed, light)
        cpu += time.perf_counter() - t1
        if advanced:
            times = self.advance_seconds[game.code]
            times.append(cpu)
            del times[:-100000]
        if sends:
            await asyncio.gather(*(_send(ws, text) for ws, text in sends))
        return changed

    def _reset_timers(self, game: ClassGame) -> None:
        if game.config.timer <= 0:
            return
        now = time.monotonic()
        for i, t in enumerate(game.teams):
            key = (game.code, i)
            if game.status != "running" or t.finished or not t.people:
                self.deadlines.pop(key, None)
            elif key not in self.deadlines or self.deadlines[key][0] != t.week:
                self.deadlines[key] = (t.week, now + game.config.timer)

    async def timer_loop(self) -> None:
        """Every quarter second: the rule orders for players late past the week's timer."""
        while True:
            await asyncio.sleep(0.25)
            for game in list(self.classroom.games.values()):
                if game.config.timer <= 0:
                    continue
                self._reset_timers(game)
                if game.status != "running":
                    continue
                now = time.monotonic()
                for i, t in enumerate(game.teams):
                    entry = self.deadlines.get((game.code, i))
                    if entry is None or now < entry[1]:
                        continue
                    for stage in sorted(t.people - set(t.pending)):
                        event = {
                            "kind": "order",
                            "room": game.code,
                            "team": i,
                            "stage": stage,
                            "week": t.week,
                            "order": t.suggested_order(stage),
                            "who": "timer",
                        }
                        with contextlib.suppress(Refused):
                            await self.act(event)

    def schedule_leave(self, game: ClassGame, pid: str) -> None:
        """When a player's last page has been closed for ``leave_after`` s, the rule plays."""

        async def leave() -> None:
            self.leave_handles.pop(pid, None)
            p = game.players.get(pid)
            if self.player_sockets.get(pid) or p is None or not p.seated:
                return
            if game.status == "ended":
                return
            with contextlib.suppress(Refused):
                await self.act({"kind": "leave", "room": game.code, "player": pid})

        old = self.leave_handles.pop(pid, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()
        self.leave_handles[pid] = loop.call_later(
            self.leave_after, lambda: asyncio.ensure_future(leave())
        )

    # ----------------------------------------------------------------- debrief

    async def debrief_svg(self, game: ClassGame, team: int) -> bytes:
        """The team's debrief figure (the book's chart) as SVG; cached per week played.

        The game and its replay are read here, on the server's loop (no week can advance
        meanwhile); only the drawing runs in a worker thread."""
        t = game.teams[team]
        key = (game.code, team, t.weeks_played)
        if key not in self._debriefs:
            if t.weeks_played < 2:
                raise Refused("the debrief needs at least two weeks played", 409)
            name = game.config.team_name(team)
            result, replay = t.result(), t.shared_replay()
            loop = asyncio.get_running_loop()
            self._debriefs[key] = await loop.run_in_executor(
                None, _draw_debrief, result, replay, name, t.rule
            )
        return self._debriefs[key]


def _draw_debrief(result, replay, name: str, rule: str) -> bytes:
    from crmlab import plots

    safe = name.replace("$", r"\$")  # a "$" would start matplotlib's mathtext
    chart = plots.beer_game_debrief_chart(
        result,
        compare=replay,
        labels=("the team's game", f"replayed by {rule}, demand shared"),
        title=f"{safe}: the debrief",
    )
    out = io.BytesIO()
    chart.figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


async def _send(ws: web.WebSocketResponse, text: str) -> None:
    if not ws.closed:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_str(text)


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[7:].strip() or None
    return None


SERVER = web.AppKey("classroom", ClassroomServer)
TIMER = web.AppKey("timer", asyncio.Task)


async def _body(request: web.Request) -> dict:
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Refused("the request body must be a JSON object") from None
    if not isinstance(data, dict):
        raise Refused("the request body must be a JSON object")
    return data


# ----------------------------------------------------------------------------- middleware


@web.middleware
async def errors(request: web.Request, handler):
    """Refused → JSON error with its status; security headers on every answer."""
    try:
        response = await handler(request)
    except Refused as refusal:
        response = web.json_response({"error": str(refusal)}, status=refusal.status)
    except web.HTTPException as http:
        if http.status < 400:
            raise
        response = web.json_response({"error": http.reason}, status=http.status)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@web.middleware
async def throttle(request: web.Request, handler):
    """At most ``rate`` API requests a second per player token; requests without a valid
    token (joining, or guessing tokens) share a bucket per address."""
    path = request.path
    if path.startswith("/api/") or path == "/ws":
        server = request.app[SERVER]
        token = _bearer(request)
        now = time.monotonic()
        h = _hash(token) if token else ""
        if token and secrets.compare_digest(token, server.facilitator_token):
            allowed = True
        elif token and any(h in g.by_token for g in server.classroom.games.values()):
            allowed = server.player_throttle.allow("t:" + h, now)
        else:
            allowed = server.ip_throttle.allow("ip:" + str(request.remote), now)
        if not allowed:
            return web.json_response(
                {"error": "too many requests: wait a moment and try again"},
                status=429,
                headers={"Retry-After": "1"},
            )
    return await handler(request)


# ----------------------------------------------------------------------------- handlers


async def page_player(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "player.html")


async def page_facilitator(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "facilitator.html")


async def create_game(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    config = GameConfig.from_dict(await _body(request))
    while True:
        room = "".join(secrets.choice(ROOM_LETTERS) for _ in range(5))
        if room not in server.classroom.games:
            break
    await server.act({"kind": "create", "room": room, "config": config.to_dict()})
    return web.json_response(
        {"room": room, "join_url": f"{server.public_url}?room={room}", "config": config.to_dict()},
        status=201,
    )


async def list_games(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    games = [
        {"room": g.code, "status": g.status, "teams": g.config.teams, "weeks": g.config.weeks}
        for g in server.classroom.games.values()
    ]
    return web.json_response({"games": games, "join_url": server.public_url})


async def game_overview(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    game = server.game(request.match_info["code"])
    view = server.overview(game)
    view["join_url"] = f"{server.public_url}?room={game.code}"
    return web.json_response(view)


async def control(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    game = server.game(request.match_info["code"])
    action = (await _body(request)).get("action")
    await server.act({"kind": "control", "room": game.code, "action": action})
    return web.json_response({"room": game.code, "status": game.status})


async def history_csv(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    game = server.game(request.match_info["code"])
    frame = game.history()
    frame["team_name"] = frame["team_name"].map(_csv_cell)
    return web.Response(
        body=frame.to_csv(index=False).encode(),
        content_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="beergame-{game.code}.csv"'},
    )


async def debrief(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    game = server.game(request.match_info["code"])
    table = game.class_table()
    rows = [
        {k: _json_safe(v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in table.to_dict(orient="records")
    ]
    return web.json_response({"room": game.code, "status": game.status, "class_table": rows})


async def debrief_svg(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    game = server.game(request.match_info["code"])
    team = _team_number(request.match_info["team"], game)
    svg = await server.debrief_svg(game, team)
    return web.Response(body=svg, content_type="image/svg+xml")


def _team_number(text: str, game: ClassGame) -> int:
    if not text.isdigit() or not 1 <= int(text) <= game.config.teams:
        raise Refused(f"team must be a whole number from 1 to {game.config.teams}", 404)
    return int(text) - 1


async def room_qr(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    game = server.game(request.match_info["code"])
    svg = qr_svg(f"{server.public_url}?room={game.code}")
    return web.Response(body=svg, content_type="image/svg+xml")


async def lobby(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    game = server.game(request.query.get("room", ""))
    return web.json_response(game.lobby())


async def join(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    data = await _body(request)
    game = server.game(data.get("room", ""))
    team, stage = data.get("team"), data.get("stage")
    if team is None and stage is None:
        seat = game.free_seat()
        if seat is None:
            raise Refused("every stage of every team is taken", 409)
        t, s = seat
    else:
        if isinstance(team, bool) or not isinstance(team, int):
            raise Refused(f"team must be a whole number from 1 to {game.config.teams}")
        if not 1 <= team <= game.config.teams:
            raise Refused(f"team must be a whole number from 1 to {game.config.teams}")
        t = team - 1
        if stage is None:
            free = [s for s in range(4) if (t, s) not in game.seats]
            if not free:
                raise Refused(f"every stage of {game.config.team_name(t)} is taken", 409)
            s = free[0]
        elif stage in STAGES:
            s = STAGES.index(stage)
        else:
            raise Refused(f"stage must be one of {list(STAGES)}")
    token = secrets.token_urlsafe(24)
    pid = secrets.token_hex(8)
    event = {
        "kind": "join",
        "room": game.code,
        "player": pid,
        "token_hash": _hash(token),
        "name": data.get("name"),
        "team": t,
        "stage": s,
    }
    await server.act(event)
    body = {"token": token, "room": game.code, "team": t + 1, "stage": STAGES[s]}
    return web.json_response(body | {"state": server.player_state(game, pid)}, status=201)


async def state(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    game, pid = server.player(request)
    return web.json_response(server.player_state(game, pid))


async def order(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    game, pid = server.player(request)
    p = game.players[pid]
    if not p.seated:
        raise Refused("your stage is played by the rule now: join the game again", 409)
    data = await _body(request)
    unknown = sorted(set(data) - {"order", "week"})
    if unknown:
        raise Refused(f"unknown fields {unknown}: an order has only 'order' and 'week'")
    team = game.teams[p.team]
    week = data.get("week", team.week)
    event = {
        "kind": "order",
        "room": game.code,
        "player": pid,
        "team": p.team,
        "stage": p.stage,
        "week": week,
        "order": data.get("order"),
        "who": "person",
    }
    await server.act(event)
    return web.json_response(
        {
            "accepted": True,
            "week": week,
            "order": event["order"],
            "range": [MIN_ORDER, MAX_ORDER],
            "state": server.player_state(game, pid),
        }
    )


async def leave(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    game, pid = server.player(request)
    await server.act({"kind": "leave", "room": game.code, "player": pid})
    return web.json_response({"left": True})


async def player_debrief_svg(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    game, pid = server.player(request)
    team = game.players[pid].team
    if game.status != "ended" and not game.teams[team].finished:
        raise Refused("the debrief comes when your team has played every week", 409)
    svg = await server.debrief_svg(game, team)
    return web.Response(body=svg, content_type="image/svg+xml")


async def websocket(request: web.Request) -> web.StreamResponse:
    """Live updates. The first message authenticates: ``{"token": ...}`` for a player,
    ``{"token": FACILITATOR_TOKEN, "room": CODE}`` for the facilitator."""
    server = request.app[SERVER]
    ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=4096)
    await ws.prepare(request)
    try:
        first = await ws.receive(timeout=10)
        data = json.loads(first.data) if first.type == WSMsgType.TEXT else {}
        token = data.get("token") if isinstance(data, dict) else None
        if not isinstance(token, str):
            raise Refused("the first message must carry a token", 401)
    except (TimeoutError, json.JSONDecodeError, Refused, TypeError):
        await ws.send_str(json.dumps({"type": "error", "error": "a token is needed"}))
        await ws.close()
        return ws
    if secrets.compare_digest(token, server.facilitator_token):
        try:
            game = server.game(data.get("room", ""))
        except Refused as refusal:
            await ws.send_str(json.dumps({"type": "error", "error": str(refusal)}))
            await ws.close()
            return ws
        sockets = server.facilitator_sockets[game.code]
        sockets.add(ws)
        await ws.send_str(json.dumps({"type": "overview", "overview": server.overview(game)}))
        try:
            async for _ in ws:
                pass
        finally:
            sockets.discard(ws)
        return ws
    h = _hash(token)
    found = [(g, g.by_token[h]) for g in server.classroom.games.values() if h in g.by_token]
    if not found:
        await ws.send_str(json.dumps({"type": "error", "error": "unknown player token"}))
        await ws.close()
        return ws
    game, pid = found[0]
    handle = server.leave_handles.pop(pid, None)
    if handle is not None:
        handle.cancel()
    p = game.players[pid]
    if not p.seated and game.status != "ended" and (p.team, p.stage) not in game.seats:
        with contextlib.suppress(Refused):  # back after leaving: take the seat again
            await server.act(
                {
                    "kind": "join",
                    "room": game.code,
                    "player": pid,
                    "token_hash": h,
                    "name": p.name,
                    "team": p.team,
                    "stage": p.stage,
                }
            )
    server.player_sockets[pid].add(ws)
    await ws.send_str(json.dumps({"type": "state", "state": server.player_state(game, pid)}))
    try:
        async for _ in ws:
            pass
    finally:
        server.player_sockets[pid].discard(ws)
        if not server.player_sockets[pid]:
            del server.player_sockets[pid]
            if game.status != "ended":
                server.schedule_leave(game, pid)
    return ws


async def health(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    return web.json_response({"ok": True, "games": len(server.classroom.games)})


async def metrics(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    server.check_facilitator(request)
    game = server.game(request.match_info["code"])
    return web.json_response(
        {
            "advance_seconds": server.advance_seconds.get(game.code, []),
            "events": server.store.count(),
        }
    )


def create_app(server: ClassroomServer) -> web.Application:
    """The aiohttp application of a :class:`ClassroomServer`."""
    app = web.Application(middlewares=[errors, throttle], client_max_size=64 * 1024)
    app[SERVER] = server

    async def start_timer(app: web.Application) -> None:
        app[TIMER] = asyncio.ensure_future(server.timer_loop())

    async def stop(app: web.Application) -> None:
        app[TIMER].cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await app[TIMER]
        for sockets in [*server.player_sockets.values(), *server.facilitator_sockets.values()]:
            for ws in list(sockets):
                await ws.close()
        for handle in server.leave_handles.values():
            handle.cancel()
        if server._writer is not None:
            await server._writer

    app.on_startup.append(start_timer)
    app.on_shutdown.append(stop)
    r = app.router
    r.add_get("/", page_player)
    r.add_get("/facilitator", page_facilitator)
    r.add_static("/static/", STATIC, follow_symlinks=False)
    r.add_get("/ws", websocket)
    r.add_get("/api/health", health)
    r.add_post("/api/games", create_game)
    r.add_get("/api/games", list_games)
    r.add_get("/api/games/{code}", game_overview)
    r.add_post("/api/games/{code}/control", control)
    r.add_get("/api/games/{code}/history.csv", history_csv)
    r.add_get("/api/games/{code}/debrief", debrief)
    r.add_get("/api/games/{code}/teams/{team}/debrief.svg", debrief_svg)
    r.add_get("/api/games/{code}/qr.svg", room_qr)
    r.add_get("/api/games/{code}/metrics", metrics)
    r.add_get("/api/lobby", lobby)
    r.add_post("/api/join", join)
    r.add_get("/api/state", state)
    r.add_post("/api/order", order)
    r.add_post("/api/leave", leave)
    r.add_get("/api/debrief.svg", player_debrief_svg)
    return app


def serve(
    host: str = "0.0.0.0",
    port: int = 8000,
    db: str | Path = "beergame.sqlite3",
    *,
    leave_after: float = 60.0,
    synchronous: str = "FULL",
    join_rate: float = 5.0,
    show_qr: bool = True,
    out=None,
) -> None:
    """Run the classroom server until interrupted; print the join address and a QR code.

    ``join_rate``: requests a second allowed per address without a player token (joining,
    the lobby), bursts up to eight times that."""
    out = out or sys.stdout
    address = "127.0.0.1" if host in ("127.0.0.1", "localhost") else lan_address()
    if host not in ("0.0.0.0", "", "127.0.0.1", "localhost", "::"):
        address = host
    public = f"http://{address}:{port}/"
    server = ClassroomServer(
        db,
        leave_after=leave_after,
        synchronous=synchronous,
        public_url=public,
        ip_rate=join_rate,
        ip_burst=max(40.0, 8 * join_rate),
    )
    lines = [
        "crmlab classroom: the beer game",
        f"  students join at:  {public}",
    ]
    if show_qr:
        lines.append(qr_terminal(public))
    lines += [
        f"  facilitator page:  http://127.0.0.1:{port}/facilitator#token="
        f"{server.facilitator_token}",
        "                     (keep it private: the token opens the facilitator's actions)",
        f"  database:          {os.path.abspath(str(db))} "
        f"({server.replayed} stored events replayed; restart with the same --db to resume)",
        "  stop with Ctrl+C",
    ]
    out.write("\n".join(lines) + "\n")
    out.flush()
    try:
        web.run_app(create_app(server), host=host, port=port, print=None, access_log=None)
    finally:
        server.close()
