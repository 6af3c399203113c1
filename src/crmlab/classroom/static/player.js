// The player's page: join with a room code, then the stage's board, live over a WebSocket.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let room = (params.get("room") || "").toUpperCase();
  const key = () => "beergame-token-" + room;
  let token = room ? localStorage.getItem(key()) : null;
  let current = null;
  let countdown = null;

  function message(text, ok) {
    $("message").textContent = text || "";
    $("message").className = ok ? "message ok" : "message";
  }

  // ------------------------------------------------------------------ joining
  async function loadLobby() {
    const code = $("room").value.trim().toUpperCase();
    if (code.length < 4) return;
    try {
      const lobby = await Beer.api("GET", "/api/lobby?room=" + encodeURIComponent(code));
      const team = $("team");
      const chosen = team.value;
      team.replaceChildren(Beer.el("option", "any free seat"));
      team.firstChild.value = "";
      const seats = $("seats");
      seats.replaceChildren();
      for (const t of lobby.teams) {
        const option = Beer.el("option", t.name);
        option.value = String(t.team);
        team.appendChild(option);
        const line = Beer.el("p", t.name + ": ");
        for (const s of t.seats) {
          line.appendChild(Beer.el("span", s.stage + " " + (s.player ? "(" + s.player + ")" : "(free)") + "  ",
            s.player ? "" : "rule"));
        }
        seats.appendChild(line);
      }
      team.value = chosen;
      fillStages(lobby);
    } catch (error) { /* unknown room: the join answer will say so */ }
  }

  function fillStages(lobby) {
    const stage = $("stage");
    stage.replaceChildren(Beer.el("option", "any free stage"));
    stage.firstChild.value = "";
    const t = lobby.teams.find((x) => String(x.team) === $("team").value);
    for (const s of ["retailer", "wholesaler", "distributor", "factory"]) {
      const option = Beer.el("option", s);
      option.value = s;
      if (t && t.seats.find((x) => x.stage === s && x.player)) option.disabled = true;
      stage.appendChild(option);
    }
  }

  async function join(event) {
    event.preventDefault();
    room = $("room").value.trim().toUpperCase();
    const body = { room, name: $("name").value || null };
    if ($("team").value) body.team = Number($("team").value);
    if ($("stage").value) body.stage = $("stage").value;
    try {
      const answer = await Beer.api("POST", "/api/join", body);
      token = answer.token;
      localStorage.setItem(key(), token);
      history.replaceState(null, "", "/?room=" + encodeURIComponent(room));
      start(answer.state);
    } catch (error) {
      $("seats").prepend(Beer.el("p", error.message, "message"));
    }
  }

  // ------------------------------------------------------------------ the board
  function render(state) {
    if (current && current.board.week !== state.board.week) message("");
    current = state;
    const b = state.board;
    $("who").textContent = "Room " + state.room + " · " + state.team_name + " · " + state.stage +
      " · " + state.name;
    $("week").textContent = b.finished ? "over" : b.week + " / " + b.weeks;
    $("inventory").textContent = Beer.num(b.inventory);
    $("backlog").textContent = Beer.num(b.backlog);
    $("incoming").textContent = Beer.num(b.incoming_order);
    $("received").textContent = Beer.num(b.received);
    $("shipped").textContent = Beer.num(b.shipped);
    $("onway").textContent = Beer.num(b.on_the_way);
    $("transit").textContent = b.in_transit ? "arriving next weeks: " + b.in_transit.map(Beer.num).join(", ") : "";
    $("cost").textContent = Beer.num(b.cost_so_far);
    $("teamcost").textContent = "team: " + Beer.num(b.team_cost_so_far);
    $("demand-card").hidden = !state.share_demand || b.finished;
    $("demand").textContent = Beer.num(b.customer_demand);
    let line;
    const canOrder = state.status === "running" && state.seated && !b.finished && b.ordered === null;
    if (state.status === "lobby") line = "Waiting for the facilitator to start the game.";
    else if (state.status === "paused") line = "The game is paused.";
    else if (state.status === "ended" || b.finished) line = "Game over. Thank you for playing.";
    else if (!state.seated) line = "Your stage is played by the rule now. Reload the page to take it back.";
    else if (b.ordered !== null) {
      line = "You ordered " + Beer.num(b.ordered) + " for week " + b.week + ". Waiting for: " +
        (state.waiting_for.length ? state.waiting_for.join(", ") : "the next week") + ".";
    } else line = "Week " + b.week + ": place your order.";
    $("status-line").textContent = line;
    $("order").disabled = !canOrder;
    $("order-button").disabled = !canOrder;
    const seats = $("team-seats");
    seats.replaceChildren();
    for (const s of state.seats) {
      const item = Beer.el("li", s.stage + ": ");
      if (s.player) item.appendChild(Beer.el("span", s.player));
      else item.appendChild(Beer.el("span", "played by the rule (" + s.played_by + ")", "rule"));
      if (state.waiting_for.includes(s.stage)) item.appendChild(Beer.el("span", " · not ordered yet", "waiting"));
      seats.appendChild(item);
    }
    const body = $("past").tBodies[0];
    body.replaceChildren();
    for (const w of b.past.slice().reverse()) {
      const row = document.createElement("tr");
      for (const v of [w.week, Beer.num(w.incoming_order), Beer.num(w.inventory), Beer.num(w.backlog),
        Beer.num(w.order), w.played_by]) row.appendChild(Beer.el("td", v));
      body.appendChild(row);
    }
    clearInterval(countdown);
    $("timer").textContent = "";
    if (canOrder && state.seconds_left !== null && state.seconds_left !== undefined) {
      const until = Date.now() + state.seconds_left * 1000;
      const tick = () => {
        const left = Math.max(0, Math.round((until - Date.now()) / 1000));
        $("timer").textContent = left + " s left, then the rule orders for you";
      };
      tick();
      countdown = setInterval(tick, 1000);
    }
    if ((state.status === "ended" || b.finished) && b.past.length >= 2 && $("debrief").hidden) {
      Beer.api("GET", "/api/debrief.svg", undefined, token).then((blob) => {
        $("debrief-img").src = URL.createObjectURL(blob);
        $("debrief").hidden = false;
      }).catch(() => {});
    }
  }

  async function placeOrder(event) {
    event.preventDefault();
    const text = $("order").value.trim();
    if (!/^\d+$/.test(text) || Number(text) > 1000) {
      message("Orders are whole numbers of cases from 0 to 1000.");
      return;
    }
    try {
      const answer = await Beer.api("POST", "/api/order",
        { order: Number(text), week: current.board.week }, token);
      message("Order of " + text + " placed.", true);
      $("order").value = "";
      render(answer.state);
    } catch (error) { message(error.message); }
  }

  function start(state) {
    $("join").hidden = true;
    $("board").hidden = false;
    if (state) render(state);
    Beer.socket({ token }, (msg) => {
      if (msg.type === "state") render(msg.state);
      else if (msg.type === "team" && current && msg.team.week === current.board.week) {
        render(Object.assign({}, current, { waiting_for: msg.team.waiting_for, seats: msg.team.seats }));
      }
      else if (msg.type === "error") {
        localStorage.removeItem(key());
        location.reload();
      }
    });
  }

  $("join-form").addEventListener("submit", join);
  $("room").addEventListener("change", loadLobby);
  $("team").addEventListener("change", loadLobby);
  $("order-form").addEventListener("submit", placeOrder);
  $("leave").addEventListener("click", async () => {
    try {
      await Beer.api("POST", "/api/leave", {}, token);
      message("You left: the rule plays your stage. Reload the page to take it back.", true);
    } catch (error) { message(error.message); }
  });
  if (token) start(null);
  else {
    $("join").hidden = false;
    $("room").value = room;
    loadLobby();
  }
})();
