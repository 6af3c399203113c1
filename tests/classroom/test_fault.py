"""Nothing lost: kill -9 the server mid-game, start it again on the same database, every
team resumes where it was and play goes on to the end.

Reference: a team whose four people order 5 cases every week is simulate_beer_game with a
policy that always orders 5 (crmlab.scm.beergame); the restarted game must end exactly there.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from crmlab.classroom.game import HISTORY_COLUMNS
from crmlab.scm.beergame import STAGES, simulate_beer_game

from .serverproc import ServerProcess

pytest.importorskip("aiohttp")

WEEKS = 10


def test_kill_9_mid_game_then_restart_resumes_and_nothing_is_lost(tmp_path):
    db = tmp_path / "class.sqlite3"
    server = ServerProcess(db).start()
    acknowledged = 0
    try:
        fac = server.token
        status, game = server.post("/api/games", {"teams": 2, "weeks": WEEKS}, fac)
        assert status == 201
        room = game["room"]
        tokens = {}
        for team in (1, 2):
            for stage in STAGES:
                status, joined = server.post(
                    "/api/join", {"room": room, "team": team, "stage": stage}
                )
                assert status == 201
                tokens[team, stage] = joined["token"]
        assert server.post(f"/api/games/{room}/control", {"action": "start"}, fac)[0] == 200
        for _ in range(4):
            for token in tokens.values():
                assert server.post("/api/order", {"order": 5}, token)[0] == 200
                acknowledged += 1
        # week 5: team 1's retailer and wholesaler have ordered when the server is killed
        for stage in ("retailer", "wholesaler"):
            assert server.post("/api/order", {"order": 5}, tokens[1, stage])[0] == 200
            acknowledged += 1
        server.kill9()
    finally:
        server.stop()

    server = ServerProcess(db, server.port).start()
    try:
        assert server.token == fac  # the facilitator's token survives the restart
        # create + 8 joins + start + every acknowledged order
        assert f"{10 + acknowledged} stored events replayed" in server.output
        status, view = server.get(f"/api/games/{room}", fac)
        assert view["status"] == "running"
        assert [t["week"] for t in view["teams"]] == [5, 5]
        assert view["teams"][0]["waiting_for"] == ["distributor", "factory"]
        status, state = server.get("/api/state", tokens[1, "wholesaler"])
        assert state["board"]["ordered"] == 5 and len(state["board"]["past"]) == 4
        # play goes on to the end
        for _ in range(5, WEEKS + 1):
            for token in tokens.values():
                status, answer = server.post("/api/order", {"order": 5}, token)
                assert status in (200, 409), answer  # 409: already ordered before the kill
        status, view = server.get(f"/api/games/{room}", fac)
        assert all(t["finished"] for t in view["teams"])
        status, csv = server.get(f"/api/games/{room}/history.csv", fac)
        assert status == 200
    finally:
        server.stop()
    history = pd.read_csv(io.StringIO(csv))
    expected = simulate_beer_game(weeks=WEEKS, policy=lambda s: 5.0).history
    for team in (1, 2):
        got = history[history["team"] == team].reset_index(drop=True)[list(HISTORY_COLUMNS)]
        got = got.astype(expected.dtypes.to_dict())
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
