"""The classroom's JSON API: a whole game over HTTP, tokens, bad input, throttling, live
updates, the timer, players leaving, restarts and the debrief.

Reference for the numbers: simulate_beer_game (crmlab.scm.beergame, itself tested against
Sterman 1989). With classic demand (4 a week, 8 from week 5) and every stage passing its
incoming order through, all orders are whole numbers, so people typing them into the API
must reproduce simulate_beer_game(policy="pass_through") exactly.
"""

from __future__ import annotations

import asyncio
import io
import json

import pandas as pd
import pytest

from crmlab.classroom.game import HISTORY_COLUMNS
from crmlab.scm.beergame import STAGES, simulate_beer_game

from .conftest import FAC, bearer, classroom, run


async def new_game(client, **settings) -> str:
    response = await client.post("/api/games", json=settings, headers=FAC)
    assert response.status == 201, await response.text()
    return (await response.json())["room"]


async def join_all(client, room: str, team: int = 1) -> dict[str, str]:
    tokens = {}
    for stage in STAGES:
        r = await client.post(
            "/api/join", json={"room": room, "team": team, "stage": stage, "name": stage.title()}
        )
        assert r.status == 201, await r.text()
        tokens[stage] = (await r.json())["token"]
    return tokens


async def control(client, room: str, action: str) -> int:
    r = await client.post(f"/api/games/{room}/control", json={"action": action}, headers=FAC)
    return r.status


def test_a_team_of_four_over_http_reproduces_simulate_beer_game(tmp_path):
    """Four people who pass their incoming order through, week by week over the API; the
    CSV download has simulate_beer_game's history columns and its numbers to the case."""

    async def scenario():
        async with classroom(tmp_path / "g.sqlite3") as (client, _):
            room = await new_game(client, teams=2, weeks=8, rule="pass_through")
            tokens = await join_all(client, room)
            assert await control(client, room, "start") == 200
            for week in range(1, 9):
                for stage in STAGES:
                    state = await (
                        await client.get("/api/state", headers=bearer(tokens[stage]))
                    ).json()
                    assert state["board"]["week"] == week
                    order = int(state["board"]["incoming_order"])
                    r = await client.post(
                        "/api/order",
                        json={"order": order, "week": week},
                        headers=bearer(tokens[stage]),
                    )
                    assert r.status == 200, await r.text()
            r = await client.get(f"/api/games/{room}/history.csv", headers=FAC)
            assert r.status == 200 and r.content_type == "text/csv"
            return await r.text()

    csv = pd.read_csv(io.StringIO(run(scenario())))
    expected = simulate_beer_game(weeks=8, policy="pass_through").history
    team1 = csv[csv["team"] == 1].reset_index(drop=True)
    assert list(csv.columns) == ["room", "team", "team_name", *HISTORY_COLUMNS, "played_by"]
    got = team1[list(HISTORY_COLUMNS)].astype(expected.dtypes.to_dict())
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert set(team1["played_by"]) == {"person"}
    assert (csv["team"] == 2).sum() == 0  # nobody played team 2: no week was played


def test_tokens_player_only_for_own_stage_facilitator_only_with_token(tmp_path):
    async def scenario():
        async with classroom(tmp_path / "t.sqlite3") as (client, _):
            assert (await client.post("/api/games", json={})).status == 403
            r = await client.post("/api/games", json={}, headers=bearer("guess"))
            assert r.status == 403
            room = await new_game(client, teams=1, weeks=4)
            tokens = await join_all(client, room)
            await control(client, room, "start")
            retailer = bearer(tokens["retailer"])
            for path in ("/history.csv", "", "/debrief", "/qr.svg"):
                r = await client.get(f"/api/games/{room}{path}", headers=retailer)
                assert r.status == 403, path
                assert "facilitator" in (await r.json())["error"]
            r = await client.post(
                f"/api/games/{room}/control", json={"action": "end"}, headers=retailer
            )
            assert r.status == 403
            assert (await client.post("/api/order", json={"order": 4})).status == 401
            assert (await client.get("/api/state", headers=bearer("nobody"))).status == 401
            # the body cannot name another stage: the order is refused
            r = await client.post(
                "/api/order", json={"order": 4, "stage": "factory"}, headers=retailer
            )
            assert r.status == 400 and "unknown fields" in (await r.json())["error"]
            r = await client.post("/api/order", json={"order": 4}, headers=retailer)
            assert r.status == 200
            view = await (await client.get(f"/api/games/{room}", headers=FAC)).json()
            assert view["teams"][0]["waiting_for"] == ["wholesaler", "distributor", "factory"]
            # a seat taken is refused
            r = await client.post("/api/join", json={"room": room, "team": 1, "stage": "factory"})
            assert r.status == 409 and "taken" in (await r.json())["error"]

    run(scenario())


@pytest.mark.parametrize(
    "body",
    [
        {"order": -1},
        {"order": 1001},
        {"order": 2.5},
        {"order": "ten"},
        {"order": None},
        {"order": True},
        {"order": [4]},
        {},
    ],
)
def test_bad_orders_are_refused_with_the_range(tmp_path, body):
    async def scenario():
        async with classroom(tmp_path / "b.sqlite3") as (client, server):
            room = await new_game(client, teams=1, weeks=4)
            tokens = await join_all(client, room)
            await control(client, room, "start")
            r = await client.post("/api/order", json=body, headers=bearer(tokens["retailer"]))
            assert r.status == 400
            assert "whole number of cases from 0 to 1000" in (await r.json())["error"]
            assert server.store.count("order") == 0  # nothing refused is stored

    run(scenario())


def test_malformed_requests_are_refused_with_a_message(tmp_path):
    async def scenario():
        async with classroom(tmp_path / "m.sqlite3") as (client, _):
            r = await client.post("/api/games", data=b"{not json", headers=FAC)
            assert r.status == 400 and "JSON object" in (await r.json())["error"]
            r = await client.post("/api/games", json=[1, 2], headers=FAC)
            assert r.status == 400
            r = await client.post("/api/games", json={"weeks": 1000}, headers=FAC)
            assert (
                r.status == 400
                and "weeks must be a whole number from 2 to 100" in (await r.json())["error"]
            )
            r = await client.post("/api/games", data=b"x" * 200_000, headers=FAC)
            assert r.status == 413
            r = await client.post("/api/join", json={"room": "NOPE1"})
            assert r.status == 404 and "no game" in (await r.json())["error"]
            room = await new_game(client, teams=2, weeks=4)
            for bad, message in [
                ({"team": 3}, "team must be a whole number from 1 to 2"),
                ({"team": "1"}, "team must be a whole number"),
                ({"team": 1, "stage": "brewer"}, "stage must be one of"),
                ({"name": "x" * 41}, "at most 40 characters"),
                ({"name": 7}, "must be text"),
            ]:
                r = await client.post("/api/join", json={"room": room} | bad)
                assert r.status == 400, bad
                assert message in (await r.json())["error"]
            tokens = await join_all(client, room)
            r = await client.post(
                "/api/order", json={"order": 4}, headers=bearer(tokens["factory"])
            )
            assert r.status == 409 and "not started" in (await r.json())["error"]
            assert await control(client, room, "resume") == 409
            r = await client.post(
                f"/api/games/{room}/control", json={"action": "explode"}, headers=FAC
            )
            assert r.status == 400 and "action must be one of" in (await r.json())["error"]
            await control(client, room, "start")
            h = bearer(tokens["factory"])
            assert (
                await client.post("/api/order", json={"order": 4, "week": 3}, headers=h)
            ).status == 409
            assert (await client.post("/api/order", json={"order": 4}, headers=h)).status == 200
            r = await client.post("/api/order", json={"order": 4}, headers=h)
            assert r.status == 409 and "already ordered" in (await r.json())["error"]

    run(scenario())


def test_a_flood_from_one_client_is_throttled(tmp_path):
    async def scenario():
        async with classroom(tmp_path / "f.sqlite3", rate=5, burst=10) as (client, _):
            room = await new_game(client, teams=1, weeks=4)
            token = (await (await client.post("/api/join", json={"room": room})).json())["token"]
            codes = [
                (await client.get("/api/state", headers=bearer(token))).status for _ in range(40)
            ]
            assert codes[:10] == [200] * 10
            assert codes.count(429) >= 25
            r = await client.get("/api/state", headers=bearer(token))
            assert r.status == 429 and "too many requests" in (await r.json())["error"]

    run(scenario())


def test_names_are_stored_as_text_and_pages_carry_a_strict_policy(tmp_path):
    """A <script> team name comes back as JSON text; the pages build the DOM with
    textContent (checked in the browser test) and forbid inline scripts (CSP)."""
    evil = "<script>window.__pwned=1</script>"

    async def scenario():
        async with classroom(tmp_path / "e.sqlite3") as (client, _):
            room = await new_game(client, teams=1, weeks=4, team_names=["=HYPERLINK(1)"])
            r = await client.post("/api/join", json={"room": room, "name": evil})
            state = (await r.json())["state"]
            assert state["name"] == evil
            page = await client.get("/?room=" + room)
            csp = page.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp
            assert page.headers["X-Content-Type-Options"] == "nosniff"
            for name in ("player.js", "facilitator.js", "common.js"):
                js = await (await client.get(f"/static/{name}")).text()
                assert "innerHTML" not in js and "insertAdjacentHTML" not in js
            await control(client, room, "end")
            csv = await (await client.get(f"/api/games/{room}/history.csv", headers=FAC)).text()
            return csv

    csv = run(scenario())
    assert "=HYPERLINK" not in csv.replace("'=HYPERLINK", "")


def test_live_updates_over_the_websocket(tmp_path):
    async def scenario():
        async with classroom(tmp_path / "w.sqlite3") as (client, _):
            room = await new_game(client, teams=1, weeks=4)
            tokens = await join_all(client, room)
            ws = await client.ws_connect("/ws")
            await ws.send_str(json.dumps({"token": tokens["retailer"]}))
            first = json.loads((await ws.receive(timeout=5)).data)
            assert first["type"] == "state" and first["state"]["status"] == "lobby"
            fac = await client.ws_connect("/ws")
            await fac.send_str(json.dumps({"token": "facilitator-secret", "room": room}))
            assert json.loads((await fac.receive(timeout=5)).data)["type"] == "overview"
            await control(client, room, "start")
            assert json.loads((await ws.receive(timeout=5)).data)["state"]["status"] == "running"
            await client.post("/api/order", json={"order": 4}, headers=bearer(tokens["factory"]))
            news = json.loads((await ws.receive(timeout=5)).data)  # a teammate has ordered
            assert news["type"] == "team"
            assert news["team"]["waiting_for"] == ["retailer", "wholesaler", "distributor"]
            for stage in STAGES[:3]:
                await client.post("/api/order", json={"order": 4}, headers=bearer(tokens[stage]))
            weeks = []
            while not weeks or weeks[-1] < 2:
                msg = json.loads((await ws.receive(timeout=5)).data)
                if msg["type"] == "state":
                    weeks.append(msg["state"]["board"]["week"])
            overview = None
            while overview is None or overview["teams"][0]["week"] < 2:
                overview = json.loads((await fac.receive(timeout=5)).data)["overview"]
            bad = await client.ws_connect("/ws")
            await bad.send_str(json.dumps({"token": "wrong"}))
            assert json.loads((await bad.receive(timeout=5)).data)["type"] == "error"
            await ws.close()
            await fac.close()

    run(scenario())


def test_the_timer_orders_for_late_players_with_the_rule(tmp_path):
    async def scenario():
        async with classroom(tmp_path / "timer.sqlite3") as (client, server):
            room = await new_game(client, teams=1, weeks=4, timer=5)
            tokens = await join_all(client, room)
            await control(client, room, "start")
            await client.post("/api/order", json={"order": 7}, headers=bearer(tokens["retailer"]))
            await asyncio.sleep(0.4)
            assert server.seconds_left(room, 0) > 3
            week, deadline = server.deadlines[(room, 0)]
            server.deadlines[(room, 0)] = (week, deadline - 10)  # as if 10 s had passed
            await asyncio.sleep(0.8)
            team = server.classroom.games[room].teams[0]
            assert team.week == 2
            assert team.played_by[0] == ("person", "timer", "timer", "timer")
            assert team.history()["order"].iloc[0] == 7

    run(scenario())


def test_a_player_whose_page_closes_is_replaced_by_the_rule_and_can_come_back(tmp_path):
    async def scenario():
        async with classroom(tmp_path / "l.sqlite3", leave_after=0.2) as (client, server):
            room = await new_game(client, teams=1, weeks=4)
            tokens = await join_all(client, room)
            await control(client, room, "start")
            ws = await client.ws_connect("/ws")
            await ws.send_str(json.dumps({"token": tokens["factory"]}))
            await ws.receive(timeout=5)
            await ws.close()
            await asyncio.sleep(0.6)
            game = server.classroom.games[room]
            assert 3 not in game.teams[0].people
            for stage in STAGES[:3]:
                await client.post("/api/order", json={"order": 4}, headers=bearer(tokens[stage]))
            assert game.teams[0].week == 2
            assert game.teams[0].played_by[0][3] == "sterman"
            ws = await client.ws_connect("/ws")  # the player comes back: the seat is theirs
            await ws.send_str(json.dumps({"token": tokens["factory"]}))
            state = json.loads((await ws.receive(timeout=5)).data)["state"]
            assert state["seated"] and 3 in game.teams[0].people
            await ws.close()

    run(scenario())


def test_restart_rebuilds_every_game_from_the_stored_events(tmp_path):
    db = tmp_path / "r.sqlite3"

    async def first():
        async with classroom(db) as (client, server):
            room = await new_game(client, teams=2, weeks=6)
            tokens = await join_all(client, room, team=2)
            await control(client, room, "start")
            for _ in range(3):
                for stage in STAGES:
                    await client.post(
                        "/api/order", json={"order": 5}, headers=bearer(tokens[stage])
                    )
            await client.post("/api/order", json={"order": 9}, headers=bearer(tokens["retailer"]))
            return room, tokens, server.classroom.games[room].history()

    async def second(room, tokens):
        async with classroom(db) as (client, server):
            state = await (await client.get("/api/state", headers=bearer(tokens["factory"]))).json()
            assert state["board"]["week"] == 4 and state["waiting_for"] == list(STAGES[1:])
            assert state["board"]["past"][2]["order"] == 5
            retailer = await (
                await client.get("/api/state", headers=bearer(tokens["retailer"]))
            ).json()
            assert retailer["board"]["ordered"] == 9
            return server.classroom.games[room].history()

    room, tokens, before = run(first())
    after = run(second(room, tokens))
    pd.testing.assert_frame_equal(before, after)


def test_debrief_class_table_and_charts_after_the_end(tmp_path):
    async def scenario():
        async with classroom(tmp_path / "d.sqlite3") as (client, _):
            room = await new_game(client, teams=1, weeks=3, team_names=["Red $x$"])
            tokens = await join_all(client, room)
            await control(client, room, "start")
            for _ in range(3):
                for stage in STAGES:
                    await client.post(
                        "/api/order", json={"order": 6}, headers=bearer(tokens[stage])
                    )
            await control(client, room, "end")
            table = (await (await client.get(f"/api/games/{room}/debrief", headers=FAC)).json())[
                "class_table"
            ]
            svg = await client.get(f"/api/games/{room}/teams/1/debrief.svg", headers=FAC)
            mine = await client.get("/api/debrief.svg", headers=bearer(tokens["factory"]))
            qr = await client.get(f"/api/games/{room}/qr.svg", headers=FAC)
            return (
                table,
                svg.status,
                svg.content_type,
                await svg.text(),
                mine.status,
                await qr.text(),
            )

    table, status, ctype, svg, mine, qr = run(scenario())
    expected = simulate_beer_game(demand=[4, 4, 4], weeks=3, policy=lambda s: 6.0)
    assert table[0]["total_cost"] == pytest.approx(expected.total_cost)
    assert table[0]["cost_factory"] == pytest.approx(expected.cost_by_stage()["factory"])
    assert table[0]["people"] == 4 and table[0]["weeks_played"] == 3
    assert status == 200 and ctype == "image/svg+xml" and "<svg" in svg
    assert mine == 200
    assert qr.startswith("<svg") or "<svg" in qr[:200]
