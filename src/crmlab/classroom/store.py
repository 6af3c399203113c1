"""The classroom's event store: one SQLite database in WAL mode.

Every event that changes a game (a game created, a player joining or leaving, an order, a
facilitator's action) is appended to the ``events`` table and committed before the server
answers (events that arrive together are committed together, in order, in one
transaction: a group commit); on start the server replays the stored events, in order, into a fresh
:class:`crmlab.classroom.game.Classroom`. So killing the server (even ``kill -9``) loses
nothing that was acknowledged.

Durability: WAL with ``synchronous=FULL`` (the default here) syncs the log at every commit,
so an acknowledged event survives a power cut as well as a killed process;
``synchronous="NORMAL"`` survives a killed process (the ``kill -9`` case) and is faster.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    room TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    at REAL NOT NULL
);
"""


class Store:
    """Append-only event log in SQLite (WAL).

    Args:
        path: the database file (created if missing), or ``":memory:"`` for tests.
        synchronous: SQLite's ``synchronous`` setting, ``"FULL"`` or ``"NORMAL"``.
    """

    def __init__(self, path: str | Path, synchronous: str = "FULL") -> None:
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError(f"synchronous must be 'FULL' or 'NORMAL', got {synchronous!r}")
        self.path = str(path)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={synchronous}")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def append(self, event: dict) -> None:
        """Write one event and commit it."""
        self.append_many([event])

    def append_many(self, events: list[dict]) -> None:
        """Write events in order and commit them in one transaction (one sync of the log:
        the server's group commit). All or none are stored."""
        now = time.time()
        rows = [
            (e.get("room", ""), e["kind"], json.dumps(e, separators=(",", ":")), now)
            for e in events
        ]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT INTO events (room, kind, body, at) VALUES (?, ?, ?, ?)", rows
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def events(self) -> Iterator[dict]:
        """Every stored event, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT body FROM events ORDER BY seq").fetchall()
        for (body,) in rows:
            yield json.loads(body)

    def count(self, kind: str | None = None) -> int:
        """Number of stored events (of one kind)."""
        with self._lock:
            if kind is None:
                return int(self._db.execute("SELECT count(*) FROM events").fetchone()[0])
            sql = "SELECT count(*) FROM events WHERE kind = ?"
            return int(self._db.execute(sql, (kind,)).fetchone()[0])

    def get_meta(self, key: str) -> str | None:
        """A stored setting, or None."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting (committed)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
