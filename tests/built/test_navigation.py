"""Chapters and exercises link each other in both built editions (issue 12, point 6).

Each part's summary page links its exercise page(s): the student notebook in the student
edition, the autograder notebook in the instructor edition; each exercise page links the
chapter pages it practises. The links' sources are checked in tests/book/test_navigation.py;
here their targets are followed in the HTML. An edition that is not built is skipped,
unless CRMLAB_REQUIRE_BUILD=1 (`make test` builds both).
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITES = {
    "student": ROOT / "_build" / "html",
    "instructor": ROOT / "_build" / "instructor" / "_build" / "html",
}
FOLDER = {"student": "student", "instructor": "autograder"}
PRACTISED_BY = {"crm": ["customer_value"], "scm": ["eoq", "scm"], "erp": ["erp"], "bpr": ["bpr"]}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self._in_article += 1
        elif tag == "a" and self._in_article:
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1


def _targets(page: Path) -> set[Path]:
    """The local pages that the links in the page's article point to."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    found = set()
    for href in parser.hrefs:
        url, _ = urldefrag(href)
        if url and not re.match(r"^[a-z]+:", url):
            found.add((page.parent / url).resolve())
    return found


def _site(edition: str) -> Path:
    site = SITES[edition]
    if not (site / "index.html").exists():
        if os.environ.get("CRMLAB_REQUIRE_BUILD"):
            raise AssertionError(f"the {edition} edition is not built")
        pytest.skip(f"the {edition} edition is not built")
    return site


@pytest.mark.parametrize("edition", list(SITES))
@pytest.mark.parametrize("part", sorted(PRACTISED_BY))
def test_summary_links_the_exercise_pages_of_its_edition(edition, part):
    site = _site(edition)
    targets = _targets(site / "book" / part / "summary.html")
    for name in PRACTISED_BY[part]:
        page = site / "exercises" / "dist" / name / FOLDER[edition] / f"{name}.html"
        assert page.exists()
        assert page.resolve() in targets, f"{part} summary does not link {page}"


@pytest.mark.parametrize("edition", list(SITES))
@pytest.mark.parametrize("name", sorted(n for ns in PRACTISED_BY.values() for n in ns))
def test_exercise_page_links_existing_chapter_pages(edition, name):
    site = _site(edition)
    page = site / "exercises" / "dist" / name / FOLDER[edition] / f"{name}.html"
    chapters = {t for t in _targets(page) if (site / "notebooks") in t.parents}
    assert chapters, f"{name} links no chapter page"
    assert all(t.exists() for t in chapters)
