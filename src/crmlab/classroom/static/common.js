// Shared helpers of the classroom pages. Every name typed by a person is shown with
// textContent, never as HTML, so a name such as "<script>..." is only text.
"use strict";
const Beer = {
  async api(method, path, body, token) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers["Authorization"] = "Bearer " + token;
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : await response.blob();
    if (!response.ok) {
      const error = new Error((data && data.error) || response.statusText);
      error.status = response.status;
      throw error;
    }
    return data;
  },
  el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  },
  num(x) {
    if (x === null || x === undefined) return "–";
    return Number.isInteger(x) ? String(x) : x.toFixed(1);
  },
  socket(first, onMessage, onState) {
    // A WebSocket that authenticates with its first message and reconnects when dropped.
    let delay = 500;
    const open = () => {
      const scheme = location.protocol === "https:" ? "wss://" : "ws://";
      const ws = new WebSocket(scheme + location.host + "/ws");
      ws.onopen = () => { delay = 500; ws.send(JSON.stringify(first)); if (onState) onState(true); };
      ws.onmessage = (event) => onMessage(JSON.parse(event.data));
      ws.onclose = () => {
        if (onState) onState(false);
        setTimeout(open, delay); delay = Math.min(delay * 2, 8000);
      };
    };
    open();
  },
};
