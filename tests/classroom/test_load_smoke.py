"""A small version of benchmarks/classroom.py: 3 teams of 4 simulated players finish 5 weeks
against the server in a child process, every team-week is timed, and nothing is refused.
(The full load test, 25 teams × 36 weeks with its targets, is the benchmark; the suite has
no timing assertions.)"""

from __future__ import annotations

import asyncio
import importlib.util

import pytest

from .serverproc import ROOT, ServerProcess

pytest.importorskip("aiohttp")


def load_module():
    spec = importlib.util.spec_from_file_location(
        "bench_classroom", ROOT / "benchmarks" / "classroom.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_simulated_teams_finish_a_game(tmp_path):
    bench = load_module()
    server = ServerProcess(tmp_path / "load.sqlite3", None, "--join-rate", "1000").start()
    try:
        out = asyncio.run(
            asyncio.wait_for(bench.load(server.url, server.token, teams=3, weeks=5, think=0.02), 60)
        )
    finally:
        server.stop()
    assert out["finished"]
    assert out["team_weeks"] == 3 * 5
    assert len(out["server"]) == 3 * 5  # one advance per team-week, timed inside the server
    assert all(x > 0 for x in out["latencies"])
