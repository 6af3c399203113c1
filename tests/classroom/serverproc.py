"""Run `crmlab classroom serve` as a child process on a free 127.0.0.1 port (tests only)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """The classroom server in a child process; ``start()`` waits until it answers."""

    def __init__(self, db: Path, port: int | None = None, *extra: str) -> None:
        self.db, self.port, self.extra = db, port or free_port(), extra
        self.proc: subprocess.Popen | None = None
        self.token = ""
        self.output = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> ServerProcess:
        cmd = [sys.executable, "-m", "crmlab.cli", "classroom", "serve", "--host", "127.0.0.1"]
        cmd += ["--port", str(self.port), "--db", str(self.db), "--no-qr", *self.extra]
        env = os.environ | {"PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg"}
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        deadline = time.monotonic() + timeout
        lines = []
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(r"#token=(\S+)", line)
            if found:
                self.token = found.group(1)
            if "stop with Ctrl+C" in line:
                break
        self.output = "".join(lines)
        while time.monotonic() < deadline:
            try:
                if self.get("/api/health")[0] == 200:
                    return self
            except (urllib.error.URLError, ConnectionError):
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the classroom server did not start:\n{self.output}")

    def kill9(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()

    def request(self, method: str, path: str, body=None, token: str | None = None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw = r.read()
                status = r.status
                ctype = r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            raw, status, ctype = e.read(), e.code, e.headers.get("Content-Type", "")
        return status, (json.loads(raw) if "json" in ctype else raw.decode())

    def get(self, path: str, token: str | None = None):
        return self.request("GET", path, token=token)

    def post(self, path: str, body: dict, token: str | None = None):
        return self.request("POST", path, body, token)
