"""The built Chinese edition (`make book`: `_build/html/zh/`), beside the English one.

Every English page has its Chinese page and each links to the other (a header button); the
Chinese pages declare their language, carry the theme's own labels in Chinese, and their
prose (code, formulas and outputs aside) is mostly Chinese. The API reference stays English
in both editions (its Chinese page says so) and the references are bibliographic entries:
both are exempt from the prose check. Skips when the book is not built, unless
CRMLAB_REQUIRE_BUILD=1 (set by `make test`).
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "_build" / "html"
ZH = EN / "zh"

if not (ZH / "index.html").exists():
    if os.environ.get("CRMLAB_REQUIRE_BUILD"):
        raise RuntimeError("_build/html/zh/index.html is missing: the Chinese edition failed")
    pytest.skip("the Chinese edition is not built (run `make book`)", allow_module_level=True)

SKIP = {"genindex.html", "search.html"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _pages(site: Path) -> list[str]:
    """The site's pages, without the search and index pages and the root's redirect."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not ({"_static", "_sources", "zh"} & set(p.relative_to(site).parts[:-1]))
        and p.name not in SKIP
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:500]
    )


EN_PAGES = _pages(EN)
ZH_PAGES = _pages(ZH)
#: Exempt from the prose check: the API reference (code, in English in both editions) and the
#: bibliography (authors and titles as published).
NOT_PROSE = {"book/api.html", "book/references.html"}
SWITCH = re.compile(
    r'(<a href="([^"]+)"[^>]*btn-language-switch[^>]*>).*?'
    r'<span class="btn__text-container">([^<]+)</span>',
    re.S,
)
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _prose(page: str) -> str:
    """The article's visible prose: code, outputs, formulas and scripts removed."""
    text = _read(page)
    article = re.search(r"<article[^>]*>(.*)</article>", text, re.S)
    text = article.group(1) if article else text
    for pattern in (
        r"<script.*?</script>",
        r"<style.*?</style>",
        r'<div class="cell_output.*?</div>\s*</div>',
        r"<pre.*?</pre>",
        r"<code.*?</code>",
        r'<span class="math[^"]*">.*?</span>',
        r'<div class="math[^"]*">.*?</div>',
        r"\\\(.*?\\\)",
        r"\$\$.*?\$\$",
    ):
        text = re.sub(pattern, " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_every_english_page_has_its_chinese_page() -> None:
    assert EN_PAGES == ZH_PAGES
    assert len(ZH_PAGES) >= 50


@pytest.mark.parametrize("page", ZH_PAGES)
def test_each_page_links_to_the_other_edition(page: str) -> None:
    for site, other, label in ((EN, ZH, "中文"), (ZH, EN, "English")):
        found = SWITCH.findall(_read(site / page))
        switch = [href for _, href, text in found if text.strip() == label]
        assert switch, f"{site.name}/{page}: no {label!r} switch"
        assert all('target="_blank"' not in tag for tag, _, _ in found), "opens a new tab"
        target = (site / page).parent / switch[0]
        assert target.resolve() == (other / page).resolve(), f"{page}: switch points to {target}"


@pytest.mark.parametrize("page", ZH_PAGES)
def test_the_chinese_page_is_chinese(page: str) -> None:
    text = _read(ZH / page)
    assert 'lang="zh-CN"' in text[:2000]
    # Display formulas come through (a translated one once showed as a bare "::").
    assert "<p>::</p>" not in text
    display = 'class="math notranslate nohighlight"'
    assert text.count(display) == _read(EN / page).count(display), "display formulas lost"
    if page in NOT_PROSE:
        return
    prose = _prose(ZH / page)
    latin = sum(len(w) for w in LATIN_WORD.findall(prose))
    cjk = len(CJK.findall(prose))
    assert cjk and latin / (latin + 2 * cjk) < 0.5, (
        f"{page}: {latin} Latin letters against {cjk} Chinese characters"
    )


def test_the_theme_speaks_chinese() -> None:
    text = _read(ZH / "notebooks" / "scm" / "03_inventory_eoq.html")
    assert "搜索" in text
    assert "上一页" in text or "下一页" in text


def test_the_api_page_says_it_stays_english() -> None:
    assert "英文" in _prose(ZH / "book" / "api.html")


WIDGET_TEXT_JS = """() => {
  const notes = [...document.querySelectorAll('.crmlab-static-notice')].map(n => n.textContent);
  const labels = [...document.querySelectorAll('.widget-subarea .widget-label, '
    + '.widget-subarea label, .widget-subarea button, .widget-subarea .widget-html-content')]
    .map(e => e.textContent.trim()).filter(t => t);
  return {notes, labels};
}"""


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("page", ["notebooks/scm/03_inventory_eoq.html",
                                  "notebooks/scm/09_beer_game.html"])  # fmt: skip
def test_static_widgets_speak_chinese(browser, page: str) -> None:
    """The executed widgets of the Chinese edition (CRMLAB_LANG=zh) show Chinese labels, and
    the note above each says in Chinese that it is a snapshot."""
    tab = browser.new_page()
    tab.goto((ZH / page).as_uri())
    tab.wait_for_selector(".widget-subarea", timeout=15_000)
    found = tab.evaluate(WIDGET_TEXT_JS)
    tab.close()
    assert found["notes"] and all("快照" in note for note in found["notes"])
    labels = " ".join(found["labels"])
    latin = sum(len(w) for w in LATIN_WORD.findall(labels))
    cjk = len(CJK.findall(labels))
    assert cjk and latin / (latin + 2 * cjk) < 0.5, f"widget labels: {found['labels'][:20]}"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_the_switch_keeps_the_readers_place(browser) -> None:
    """Switching language from a section (#anchor) lands on the same section."""
    page = "notebooks/scm/08_bullwhip.html"
    anchor = re.search(r'<section id="([\w-]+)"', _read(ZH / page)[2000:])
    assert anchor, "no section on the page"
    tab = browser.new_page()
    tab.goto((ZH / page).as_uri() + "#" + anchor.group(1))
    tab.click("a.btn-language-switch")
    tab.wait_for_load_state()
    url = tab.url
    tab.close()
    assert url.endswith(f"/html/{page}#{anchor.group(1)}"), url


def test_citations_use_chinese_connectives() -> None:
    """Author-year citations read "Chen等, 2000", "Nahmias和Olsen" in the Chinese edition."""
    citation = re.compile(r'<a class="reference internal" href="[^"]*references\.html#[^"]*"'
                          r"[^>]*>(.*?)</a>", re.S)  # fmt: skip
    english = [
        (page, text)
        for page in ZH_PAGES
        for text in citation.findall(_read(ZH / page))
        if "et al." in text or " and " in text or "n.d." in text
    ]
    assert not english, english[:5]
