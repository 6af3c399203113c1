"""Shared fixtures of the built-page checks."""

from __future__ import annotations

import shutil

import pytest

#: Debian's chromium, which the browser checks drive through Playwright (they skip without it).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module, that can reach no host (the book is offline)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND"],
        )
        yield chromium
        chromium.close()
