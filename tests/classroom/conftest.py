"""Shared helpers: an in-process classroom server on 127.0.0.1 (aiohttp's test server)."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

pytest.importorskip(
    "aiohttp", reason='the classroom needs the extra: pip install "crmlab[classroom]"'
)

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from crmlab.classroom.server import ClassroomServer, create_app  # noqa: E402

FAC = {"Authorization": "Bearer facilitator-secret"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def classroom(db, **options):
    """A running server and a client to it (127.0.0.1, a free port)."""
    server = ClassroomServer(db, facilitator_token="facilitator-secret", **options)
    async with TestClient(TestServer(create_app(server), host="127.0.0.1")) as client:
        yield client, server
    server.close()


def run(coro):
    """Run a coroutine to completion with a time limit (no test may hang)."""
    return asyncio.run(asyncio.wait_for(coro, timeout=60))
