// The facilitator's page: create a game, watch every team, pause/resume/end, debrief.
// The facilitator's token comes in the address the server printed (#token=...).
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("token")) {
    sessionStorage.setItem("beergame-facilitator", hash.get("token"));
    history.replaceState(null, "", "/facilitator" + (hash.get("room") ? "#room=" + hash.get("room") : ""));
  }
  const token = sessionStorage.getItem("beergame-facilitator");
  let room = hash.get("room");
  let shownDebrief = null;

  function message(text, ok) {
    $("message").textContent = text || "";
    $("message").className = ok ? "message ok" : "message";
  }

  async function listGames() {
    $("create").hidden = false;
    $("game").hidden = true;
    const answer = await Beer.api("GET", "/api/games", undefined, token);
    $("note").textContent = "Students join at " + answer.join_url;
    const box = $("games");
    box.replaceChildren();
    if (answer.games.length) box.appendChild(Beer.el("h2", "Games on this server"));
    for (const g of answer.games) {
      const button = Beer.el("button", g.room + " (" + g.status + ", " + g.teams + " teams, " + g.weeks + " weeks)", "secondary");
      button.type = "button";
      button.addEventListener("click", () => openGame(g.room));
      box.appendChild(button);
    }
  }

  async function create(event) {
    event.preventDefault();
    const names = $("names").value.split("\n").map((x) => x.trim()).filter((x) => x);
    const body = {
      teams: Number($("teams").value), weeks: Number($("weeks").value), demand: $("demand").value,
      rule: $("rule").value, timer: Number($("timer").value || 0), share_demand: $("share").checked,
    };
    if (names.length) body.team_names = names;
    try {
      const answer = await Beer.api("POST", "/api/games", body, token);
      openGame(answer.room);
    } catch (error) { message(error.message); }
  }

  function seatCell(seat, waiting) {
    const cell = document.createElement("td");
    if (seat.player) cell.appendChild(Beer.el("span", seat.player));
    else cell.appendChild(Beer.el("span", "rule (" + seat.played_by + ")", "rule"));
    if (waiting.includes(seat.stage)) cell.appendChild(Beer.el("span", " · waiting", "waiting"));
    else if (seat.ordered) cell.appendChild(Beer.el("span", " · ordered"));
    return cell;
  }

  function render(view) {
    $("status").textContent = view.status;
    $("players").textContent = view.players + " players";
    const body = $("teams-table").tBodies[0];
    body.replaceChildren();
    for (const t of view.teams) {
      const row = document.createElement("tr");
      row.appendChild(Beer.el("td", t.name));
      row.appendChild(Beer.el("td", t.finished ? "done" : t.week + " / " + view.config.weeks, "num"));
      let waiting = t.waiting_for.join(", ");
      if (t.seconds_left !== null && t.seconds_left !== undefined && waiting) waiting += " (" + Math.round(t.seconds_left) + " s)";
      if (!t.seats.some((s) => s.player) && !t.finished) waiting = "nobody plays this team";
      row.appendChild(Beer.el("td", waiting, "waiting"));
      for (const seat of t.seats) row.appendChild(seatCell(seat, t.waiting_for));
      row.appendChild(Beer.el("td", Beer.num(t.cost_so_far), "num"));
      body.appendChild(row);
    }
    for (const button of document.querySelectorAll("[data-action]")) {
      const allowed = { start: ["lobby"], pause: ["running"], resume: ["paused"], end: ["lobby", "running", "paused"] };
      button.disabled = !allowed[button.dataset.action].includes(view.status);
    }
    const allDone = view.teams.every((t) => t.finished || !t.seats.some((s) => s.player));
    const key = view.status + ":" + view.teams.map((t) => t.weeks_played).join(",");
    if ((view.status === "ended" || (allDone && view.status !== "lobby")) && shownDebrief !== key) {
      shownDebrief = key;
      debrief(view);
    }
  }

  async function debrief(view) {
    const answer = await Beer.api("GET", "/api/games/" + room + "/debrief", undefined, token);
    $("debrief").hidden = false;
    const columns = ["team_name", "people", "weeks_played", "total_cost", "shared_replay_cost",
      "cost_retailer", "cost_wholesaler", "cost_distributor", "cost_factory",
      "bullwhip_retailer", "bullwhip_wholesaler", "bullwhip_distributor", "bullwhip_factory"];
    const labels = ["Team", "People", "Weeks", "Team cost", "Replayed, demand shared",
      "Cost: retailer", "wholesaler", "distributor", "factory",
      "Bullwhip: retailer", "wholesaler", "distributor", "factory"];
    const head = document.createElement("tr");
    labels.forEach((l) => head.appendChild(Beer.el("th", l)));
    $("class-table").tHead.replaceChildren(head);
    const body = $("class-table").tBodies[0];
    body.replaceChildren();
    for (const row of answer.class_table) {
      const tr = document.createElement("tr");
      for (const c of columns) {
        const v = row[c];
        tr.appendChild(Beer.el("td", typeof v === "number" ? Beer.num(v) : (v === null || v === undefined ? "–" : v),
          typeof v === "number" ? "num" : ""));
      }
      body.appendChild(tr);
    }
    const charts = $("charts");
    charts.replaceChildren();
    for (const row of answer.class_table) {
      if (row.weeks_played < 2) continue;
      charts.appendChild(Beer.el("h3", row.team_name));
      const img = Beer.el("img");
      img.alt = "Debrief of " + row.team_name + ": orders, net inventory, cost and bullwhip ratio by stage, " +
        "beside the same game replayed with demand shared";
      charts.appendChild(img);
      Beer.api("GET", "/api/games/" + room + "/teams/" + row.team + "/debrief.svg", undefined, token)
        .then((blob) => { img.src = URL.createObjectURL(blob); })
        .catch((error) => message(error.message));
    }
  }

  async function openGame(code) {
    room = code;
    history.replaceState(null, "", "/facilitator#room=" + code);
    $("create").hidden = true;
    $("game").hidden = false;
    $("debrief").hidden = true;
    shownDebrief = null;
    const view = await Beer.api("GET", "/api/games/" + code, undefined, token);
    $("code").textContent = view.room;
    $("join-url").textContent = view.join_url;
    const qr = await Beer.api("GET", "/api/games/" + code + "/qr.svg", undefined, token);
    $("qr").src = URL.createObjectURL(qr);
    render(view);
    Beer.socket({ token, room: code }, (msg) => { if (msg.type === "overview") render(msg.overview); });
  }

  async function act(action) {
    try {
      await Beer.api("POST", "/api/games/" + room + "/control", { action }, token);
      message("");
    } catch (error) { message(error.message); }
  }

  async function downloadCsv() {
    try {
      const blob = await Beer.api("GET", "/api/games/" + room + "/history.csv", undefined, token);
      const link = Beer.el("a");
      link.href = URL.createObjectURL(blob);
      link.download = "beergame-" + room + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
    } catch (error) { message(error.message); }
  }

  if (!token) {
    message("This page needs the facilitator's token: open the facilitator address the server printed.");
    return;
  }
  $("create-form").addEventListener("submit", create);
  for (const button of document.querySelectorAll("[data-action]")) {
    button.addEventListener("click", () => act(button.dataset.action));
  }
  $("csv").addEventListener("click", downloadCsv);
  $("back").addEventListener("click", () => { location.hash = ""; location.reload(); });
  (room ? openGame(room) : listGames()).catch((error) => message(error.message));
})();
