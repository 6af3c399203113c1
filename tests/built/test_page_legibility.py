"""Legible at the book's width (issue 12, point 5): widget descriptions and tables.

In headless Chromium, in a 1280 x 800 window (the layout in which the book's column is
narrowest on a desktop screen), offline:

- every widget description (the label before a slider, box or list) is shown in full:
  its text is not wider than its box (ipywidgets cuts a longer label with "…");
- on the pages of the tables the issue names (`systems()` and `data_flows()`, the
  classic-cases table, the MRP exception messages) no table cell is cut with "..." or "…"
  (pandas' ``display.max_colwidth``), and every table holding long text (a cell of 40 or
  more characters) fits the column's width: its text wraps instead of scrolling.

Chart text is measured without a browser, in tests/plots/test_legibility.py. These skip
when the book is not built (unless CRMLAB_REQUIRE_BUILD=1) or chromium is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if not (HTML / "index.html").exists():
    if os.environ.get("CRMLAB_REQUIRE_BUILD"):
        raise RuntimeError("_build/html is missing: the book build failed")
    pytest.skip("the book is not built (run `make book`)", allow_module_level=True)
if CHROMIUM is None:
    pytest.skip(
        "chromium not found: install Debian's chromium (apt-get install chromium)",
        allow_module_level=True,
    )

WIDGET_PAGES = sorted(
    p
    for p in (HTML / "notebooks").rglob("*.html")
    if "application/vnd.jupyter.widget-view+json" in p.read_text(encoding="utf-8")
)
TABLE_PAGES = [
    HTML / "notebooks" / "crm" / "01_what_is_crm.html",
    HTML / "notebooks" / "bpr" / "05_classic_cases.html",
    HTML / "notebooks" / "erp" / "03_bom_and_mrp.html",
]

CUT_LABELS_JS = """() => [...document.querySelectorAll(
  '.widget-subarea .widget-label, .widget-subarea .widget-label-basic')]
  .filter(e => e.textContent.trim() && e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.textContent.trim()} (${e.scrollWidth} px of text in ${e.clientWidth} px)`)"""

TABLES_JS = """() => [...document.querySelectorAll('.cell_output table')].map(t => {
  const cells = [...t.querySelectorAll('td, th')].map(c => c.textContent.trim());
  const area = t.closest('.output') || t.parentElement;
  return {
    first: cells.slice(0, 3).join(' | '),
    cut: cells.filter(c => /(\\.\\.\\.|…)$/.test(c)),
    long: cells.some(c => c.length >= 40),
    width: t.scrollWidth,
    room: area.clientWidth,
  };
})"""


def _evaluate(browser, page: Path, script: str, wait_for: str | None = None):
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        tab.goto(page.as_uri(), wait_until="load")
        if wait_for:
            tab.wait_for_selector(wait_for, state="attached", timeout=15_000)
        tab.wait_for_timeout(400)
        return tab.evaluate(script)
    finally:
        tab.close()


def test_there_are_widget_pages():
    assert len(WIDGET_PAGES) >= 10


@pytest.mark.parametrize("page", WIDGET_PAGES, ids=lambda p: p.relative_to(HTML).as_posix())
def test_widget_descriptions_are_shown_in_full(browser, page):
    """No description of a control is cut."""
    assert _evaluate(browser, page, CUT_LABELS_JS, ".widget-subarea .widget-label") == []


@pytest.mark.parametrize("page", TABLE_PAGES, ids=lambda p: p.relative_to(HTML).as_posix())
def test_tables_are_shown_in_full_and_wrapped(browser, page):
    """No cell is cut with an ellipsis; a table of long texts fits the column."""
    tables = _evaluate(browser, page, TABLES_JS)
    assert tables
    assert [t["first"] for t in tables if t["cut"]] == []
    wide = [
        f"{t['first']}: {t['width']} px in {t['room']} px"
        for t in tables
        if t["long"] and t["width"] > t["room"] + 1
    ]
    assert wide == []
    assert any(t["long"] for t in tables)  # the long texts are there, in full
