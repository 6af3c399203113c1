"""Accessibility audit of the built book: axe-core in headless Chromium, every page.

Zero serious or critical violations are allowed. Theme-level findings are fixed in
book/_ext (CSS, a small script for widget labels, and static HTML fixes). Needs Debian's
chromium (`apt-get install chromium`; CI installs it) and axe-core, which
scripts/fetch_web_assets.sh puts in _vendor_test/; without either the audit is skipped
with a message saying how to enable it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "_vendor_test" / "axe.min.js"
SITES = [ROOT / "_build" / "html", ROOT / "_build" / "instructor" / "_build" / "html"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if not (SITES[0] / "index.html").exists():
    if os.environ.get("CRMLAB_REQUIRE_BUILD"):
        raise RuntimeError("_build/html is missing: the book build failed")
    pytest.skip("the book is not built (run `make book`)", allow_module_level=True)
if CHROMIUM is None:
    pytest.skip(
        "chromium not found: install Debian's chromium (apt-get install chromium) to run "
        "the accessibility audit",
        allow_module_level=True,
    )
if not AXE.exists():
    pytest.skip(
        "axe-core missing: run scripts/fetch_web_assets.sh (needs npm)", allow_module_level=True
    )


#: Of the Chinese edition (_build/html/zh/, the same templates and widgets as the English
#: pages, in Chinese): a page of each kind, to audit what the language changes (the page's
#: lang, the translated labels and notes).
ZH_SAMPLE = {
    "zh/book/index.html",
    "zh/book/scm/intro.html",
    "zh/book/glossary.html",
    "zh/notebooks/scm/03_inventory_eoq.html",
    "zh/notebooks/scm/09_beer_game.html",
    "zh/notebooks/erp/03_bom_and_mrp.html",
    "zh/notebooks/bpr/07_process_discovery.html",
    "zh/exercises/dist/eoq/student/eoq.html",
}


def _audited(site: Path, page: Path) -> bool:
    """Every page of the student edition and a sample of its Chinese edition
    (:data:`ZH_SAMPLE`); of the instructor edition only the pages it alone has (the guide,
    the outcomes and the exercise pages with solutions), since the rest is the same HTML."""
    if "_static" in page.parts or "_sources" in page.parts:
        return False
    if page.name in ("genindex.html", "search.html"):
        return False
    if site == SITES[0]:
        relative = page.relative_to(site).as_posix()
        return not relative.startswith("zh/") or relative in ZH_SAMPLE
    relative = page.relative_to(site).as_posix()
    return relative.startswith(("book/instructor/", "exercises/dist/"))


PAGES = [
    page
    for site in SITES
    if (site / "index.html").exists()
    for page in sorted(site.rglob("*.html"))
    if _audited(site, page)
]

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => v.id + ': ' + v.nodes.map(n => n.html.slice(0, 120)).join(' | '));
}"""


def _id(page: Path) -> str:
    site = next(s for s in SITES if s in page.parents)
    edition = "student" if site == SITES[0] else "instructor"
    return f"{edition}:{page.relative_to(site).as_posix()}"


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_no_serious_or_critical_violations(browser, page):
    """axe-core (WCAG 2.x rules) finds no serious or critical violation on the page, with
    its widgets rendered and its formulas typeset, offline."""
    tab = browser.new_page()
    try:
        tab.goto(page.as_uri(), wait_until="load")
        tab.wait_for_timeout(700)  # widgets and MathJax render after load
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate(RUN_AXE)
    finally:
        tab.close()
    assert violations == []
