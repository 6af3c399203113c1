"""A facilitator and four players play a whole (short) game in headless Chromium.

The pages are used as in class: the facilitator creates a game on the facilitator page, four
players join from the join page and order week by week, the facilitator watches, the debrief
appears with the class table and the charts, and the CSV of every order downloads. Along the
way: nothing is loaded from any host but the server (Chromium resolves no other name), and a
team or player named with a <script> never runs it.

Screenshots go to a temporary folder; with CRMLAB_UPDATE_SCREENSHOTS=1 they replace the
ones in book/instructor/img/ that the instructor guide shows.

Needs Debian's chromium (`apt-get install chromium`; .ci/run installs it); skipped without.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from crmlab.scm.beergame import STAGES

from .serverproc import ROOT, ServerProcess

pytest.importorskip("aiohttp")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip(
        "chromium not found: install Debian's chromium (apt-get install chromium) to run the "
        "classroom browser test",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api")

WEEKS = 6
AXE = ROOT / "_vendor_test" / "axe.min.js"  # scripts/fetch_web_assets.sh (needs npm)
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => v.id + ': ' + v.nodes.map(n => n.html.slice(0, 120)).join(' | '));
}"""
EVIL_TEAM = "<script>window.__pwned=1</script>Red"
EVIL_PLAYER = '<img src=x onerror="window.__pwned=2">'
NAMES = {
    "retailer": "Ana",
    "wholesaler": "Ben",
    "distributor": "Chen",
    "factory": "Dara",
}
# what each stage types each week (a little panic in week 3-4, as people do)
PLAN = {
    "retailer": [4, 6, 10, 12, 8, 8],
    "wholesaler": [4, 8, 14, 16, 6, 4],
    "distributor": [4, 8, 16, 20, 4, 0],
    "factory": [4, 10, 18, 24, 0, 0],
}


def shots_dir(tmp_path: Path) -> Path:
    if os.environ.get("CRMLAB_UPDATE_SCREENSHOTS"):
        folder = ROOT / "book" / "instructor" / "img"
    else:
        folder = tmp_path / "img"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_facilitator_and_four_players_play_a_whole_game(tmp_path):
    img = shots_dir(tmp_path)
    server = ServerProcess(tmp_path / "class.sqlite3").start()
    outside: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--disable-sync",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                ],
            )
            try:
                play(browser, server, img, outside, tmp_path)
            finally:
                browser.close()
    finally:
        server.stop()
    assert outside == []


def watch(page, outside: list[str], base: str) -> None:
    page.on(
        "request",
        lambda r: None if r.url.startswith((base, "blob:", "data:")) else outside.append(r.url),
    )
    page.on("pageerror", lambda e: outside.append(f"page error: {e}"))


def play(browser, server: ServerProcess, img: Path, outside: list[str], tmp_path: Path) -> None:
    base = server.url
    # bypass_csp lets the test evaluate its checks; it also means a name is escaped by the
    # pages themselves (textContent), not only blocked by the server's Content-Security-Policy
    fac_ctx = browser.new_context(
        viewport={"width": 1280, "height": 860}, accept_downloads=True, bypass_csp=True
    )
    fac_ctx.set_default_timeout(60_000)  # generous: the machine may be busy
    fac = fac_ctx.new_page()
    watch(fac, outside, base)
    fac.goto(f"{base}/facilitator#token={server.token}")
    fac.fill("#teams", "2")
    fac.fill("#weeks", str(WEEKS))
    fac.fill("#timer", "0")
    fac.fill("#names", "Red\nBlue")
    fac.click("#create-form button[type=submit]")
    fac.wait_for_selector("#game:not([hidden])")
    room = fac.text_content("#code").strip()
    assert len(room) == 5
    fac.wait_for_function("document.getElementById('qr').naturalWidth > 0")

    players = {}
    for i, stage in enumerate(STAGES):
        ctx = browser.new_context(viewport={"width": 390, "height": 800}, bypass_csp=True)
        ctx.set_default_timeout(60_000)
        page = ctx.new_page()
        watch(page, outside, base)
        page.goto(f"{base}/?room={room}")
        page.wait_for_function("document.getElementById('team').options.length > 2")
        page.fill("#name", NAMES[stage])
        page.select_option("#team", "1")
        page.wait_for_function("document.getElementById('stage').options.length === 5")
        page.select_option("#stage", stage)
        if i == 0:
            page.screenshot(path=str(img / "classroom-join.png"), full_page=True)
        page.click("#join-form button[type=submit]")
        page.wait_for_selector("#board:not([hidden])")
        players[stage] = page
    fac.wait_for_function("document.getElementById('players').textContent.startsWith('4 ')")
    fac.screenshot(path=str(img / "classroom-facilitator-lobby.png"), full_page=True)
    fac.click("[data-action=start]")

    for week in range(1, WEEKS + 1):
        for stage, page in players.items():
            page.wait_for_function(
                f"document.getElementById('week').textContent.startsWith('{week} /')"
                " && !document.getElementById('order').disabled"
            )
            page.fill("#order", str(PLAN[stage][week - 1]))
            if week == 3 and stage == "distributor":
                page.screenshot(path=str(img / "classroom-player-order.png"), full_page=True)
            page.click("#order-button")
            if week == 3 and stage == "distributor":
                page.wait_for_function(
                    "document.getElementById('status-line').textContent.includes('Waiting for')"
                )
                page.screenshot(path=str(img / "classroom-player-waiting.png"), full_page=True)
                fac.wait_for_timeout(200)
                fac.screenshot(path=str(img / "classroom-facilitator-game.png"), full_page=True)
    for page in players.values():
        page.wait_for_function("document.getElementById('week').textContent === 'over'")
    # each player sees the team's debrief chart on their own page
    players["retailer"].wait_for_selector("#debrief:not([hidden])", timeout=60_000)

    fac.wait_for_selector("#debrief:not([hidden])")
    fac.wait_for_function(
        "[...document.querySelectorAll('#charts img')].length === 1 && "
        "[...document.querySelectorAll('#charts img')].every(i => i.naturalWidth > 0)",
        timeout=60_000,
    )
    fac.click("[data-action=end]")
    fac.wait_for_function("document.getElementById('status').textContent === 'ended'")
    fac.screenshot(path=str(img / "classroom-debrief.png"), full_page=True)

    # the class table: team 1 played all weeks by people
    rows = fac.locator("#class-table tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").nth(2).text_content() == str(WEEKS)

    with fac.expect_download() as download:
        fac.click("#csv")
    csv = Path(download.value.path()).read_text()
    history = pd.read_csv(io.StringIO(csv))
    team1 = history[history["team"] == 1]
    assert len(team1) == WEEKS * 4 and set(team1["played_by"]) == {"person"}
    for stage in STAGES:
        assert list(team1.loc[team1["stage"] == stage, "order"]) == PLAN[stage]

    # the pages pass the book's accessibility audit (axe-core: no serious or critical
    # violation), when axe-core has been fetched
    if AXE.exists():
        for page in (fac, players["retailer"], players["factory"]):
            page.add_script_tag(path=str(AXE))
            assert page.evaluate(RUN_AXE) == []

    # a second game whose team and player are named with scripts: shown as text, never run
    fac.click("#back")
    fac.wait_for_selector("#create:not([hidden])")
    fac.fill("#teams", "1")
    fac.fill("#weeks", "2")
    fac.fill("#names", EVIL_TEAM)
    fac.click("#create-form button[type=submit]")
    fac.wait_for_selector("#game:not([hidden])")
    room2 = fac.text_content("#code").strip()
    evil = players["retailer"]
    evil.evaluate("localStorage.clear()")
    evil.goto(f"{base}/?room={room2}")
    evil.wait_for_function("document.getElementById('team').options.length > 1")
    evil.fill("#name", EVIL_PLAYER)
    evil.click("#join-form button[type=submit]")
    evil.wait_for_selector("#board:not([hidden])")
    fac.wait_for_function("document.getElementById('players').textContent.startsWith('1 ')")
    assert EVIL_TEAM in evil.text_content("#who") and EVIL_PLAYER in evil.text_content("#who")
    teams_text = fac.text_content("#teams-table")
    assert EVIL_TEAM in teams_text and EVIL_PLAYER in teams_text
    for page in [fac, *players.values()]:
        assert page.evaluate("window.__pwned") is None
