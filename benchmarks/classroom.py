"""Benchmark: the classroom server under a class (issue 16's targets).

Run: ``.venv/bin/python benchmarks/classroom.py [--teams 25] [--weeks 36] [--think 0.5]``

Starts ``crmlab classroom serve`` as a child process on a free 127.0.0.1 port (a fresh
database in a temporary folder), then plays a whole game with simulated players from this
process: ``teams`` × 4 players, each with its own HTTP client and WebSocket, each ordering
as soon as its week opens (after a random "thinking" pause of up to ``--think`` seconds;
``--think 0`` is the flood: every player at once). Reports, one ``name | value | target``
row each (benchmarks/README.md):

* the time from the order that completes a team's week to the moment all four players of
  the team have the next week on their WebSocket (p50, p95; target p95 <= 100 ms for 100
  players on the 2-core machine);
* the server's own time per team-week advance: the handler of the completing order
  (check, apply, SQLite commit with WAL and synchronous=FULL, push to the team and the
  facilitator), measured inside the server (median, p95; target <= 5 ms);
* the engine alone: :meth:`crmlab.classroom.game.TeamGame.advance` (median).

Traffic stays on 127.0.0.1; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("retailer", "wholesaler", "distributor", "factory")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> tuple[subprocess.Popen, str]:
    """The server in a child process; returns it and the facilitator's token."""
    cmd = [sys.executable, "-m", "crmlab.cli", "classroom", "serve", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--db", str(db), "--no-qr", "--join-rate", "1000"]
    env = os.environ | {"PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg"}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    token = ""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        found = re.search(r"#token=(\S+)", line)
        if found:
            token = found.group(1)
        if "stop with Ctrl+C" in line or not line:
            break
    while token and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                return proc, token
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the classroom server did not start")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), linear interpolation."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def _player(session, base, room, team, stage, weeks, think, sent, got, rng, ready):
    """One simulated player: join, open the WebSocket, order each week, note the times."""
    async with session.post(
        f"{base}/api/join", json={"room": room, "team": team, "stage": stage}
    ) as r:
        assert r.status == 201, await r.text()
        token = (await r.json())["token"]
    auth = {"Authorization": f"Bearer {token}"}
    async with session.ws_connect(f"{base}/ws", headers=auth, heartbeat=None) as ws:
        await ws.send_str(json.dumps({"token": token}))
        ready.release()
        ordered_week = 0
        async for msg in ws:
            now = time.perf_counter()
            data = json.loads(msg.data)
            if data["type"] != "state":
                continue  # a teammate's order: who is still to order
            state = data["state"]
            board = state["board"]
            week = board["week"]
            got.setdefault((team, week), {}).setdefault(stage, now)
            if board["finished"]:
                return
            if state["status"] != "running" or ordered_week >= week:
                continue
            ordered_week = week
            if think > 0:
                await asyncio.sleep(rng.uniform(0, think))
            order = int(round(board["incoming_order"]))
            sent.setdefault((team, week), []).append(time.perf_counter())
            async with session.post(
                f"{base}/api/order", json={"order": order, "week": week}, headers=auth
            ) as r:
                if r.status != 200:
                    raise RuntimeError(f"order refused: {r.status} {await r.text()}")


async def load(base: str, fac: str, teams: int, weeks: int, think: float, seed: int = 0):
    """Play one game with teams × 4 simulated players; return latencies and wall time."""
    fh = {"Authorization": f"Bearer {fac}"}
    rng = random.Random(seed)
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        settings = {"teams": teams, "weeks": weeks, "rule": "sterman"}
        async with session.post(f"{base}/api/games", json=settings, headers=fh) as r:
            room = (await r.json())["room"]
        sent: dict = {}
        got: dict = {}
        ready = asyncio.Semaphore(0)
        tasks = [
            asyncio.ensure_future(
                _player(
                    session,
                    base,
                    room,
                    t,
                    s,
                    weeks,
                    think,
                    sent,
                    got,
                    random.Random(rng.random()),
                    ready,
                )
            )
            for t in range(1, teams + 1)
            for s in STAGES
        ]
        for _ in tasks:
            await ready.acquire()
        start = time.perf_counter()
        async with session.post(
            f"{base}/api/games/{room}/control", json={"action": "start"}, headers=fh
        ) as r:
            assert r.status == 200
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - start
        async with session.get(f"{base}/api/games/{room}/metrics", headers=fh) as r:
            server_times = (await r.json())["advance_seconds"]
        async with session.get(f"{base}/api/games/{room}", headers=fh) as r:
            finished = all(t["finished"] for t in (await r.json())["teams"])
    latencies = []
    for (team, week), times in sent.items():
        arrivals = list(got.get((team, week + 1), {}).values())
        if len(times) == 4 and len(arrivals) == 4:
            latencies.append(max(arrivals) - max(times))
    return {
        "latencies": latencies,
        "server": server_times,
        "wall": wall,
        "finished": finished,
        "team_weeks": len(latencies),
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def engine_advance_ms(repeats: int = 2000) -> float:
    from crmlab.classroom.game import TeamGame

    times = []
    game = TeamGame(weeks=repeats + 1)
    game.people = {0, 1, 2, 3}
    for _ in range(repeats):
        for s in range(4):
            game.submit(s, 4.0)
        t0 = time.perf_counter()
        game.advance()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=25)
    parser.add_argument("--weeks", type=int, default=36)
    parser.add_argument("--think", type=float, default=0.5, help="max thinking pause, s")
    args = parser.parse_args()
    print(
        f"Python {sys.version.split()[0]}, aiohttp {aiohttp.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"engine: TeamGame.advance (median) | {engine_advance_ms() * 1000:.0f} µs | <= 5 ms")
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc, fac = start_server(Path(tmp) / "bench.sqlite3", port)
        try:
            for think in dict.fromkeys([args.think, 0.0]):
                label = f"{args.teams} teams x 4 players, {args.weeks} weeks, think 0-{think:g} s"
                cpu0 = _cpu_seconds(proc.pid)
                out = asyncio.run(
                    load(f"http://127.0.0.1:{port}", fac, args.teams, args.weeks, think)
                )
                cpu = _cpu_seconds(proc.pid) - cpu0
                lat = [1000 * x for x in out["latencies"]]
                srv = [1000 * x for x in out["server"]]
                print(f"{label}: every team finished | {out['finished']} | True")
                print(f"{label}: wall time | {out['wall']:.1f} s | -")
                print(f"{label}: order to team's next week, p50 | {percentile(lat, 50):.1f} ms | -")
                print(
                    f"{label}: order to team's next week, p95 | {percentile(lat, 95):.1f} ms "
                    "| <= 100 ms"
                )
                print(
                    f"{label}: server process CPU (HTTP, WebSocket, JSON, SQLite) per "
                    f"team-week | {1000 * cpu / max(out['team_weeks'], 1):.2f} ms | -"
                )
                print(
                    f"{label}: server time per team-week advance, median | "
                    f"{statistics.median(srv):.2f} ms | <= 5 ms"
                )
                print(
                    f"{label}: server time per team-week advance, p95 | "
                    f"{percentile(srv, 95):.2f} ms | <= 5 ms"
                )
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
