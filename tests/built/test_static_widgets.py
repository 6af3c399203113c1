"""Honest static widgets (issue 12, point 4), checked in headless Chromium, offline.

The built book has no kernel, so a widget shows the state it was saved in. book/_ext
(crmlab_book.py) disables every control in the embedded widget state and puts a note just
above each widget with controls; static/crmlab-a11y.js takes disabled slider handles out
of the tab order. On the EOQ and beer-game pages these tests check what a reader meets:
the note is visible next to the widget and says that the widget shows its starting state
and how to make it live in one click (the page's Colab and Binder launch links, the same
as the rocket button's, or `make lab`); every control is disabled, looks inactive and
cannot be reached with the Tab key; and dragging a slider changes nothing.

Like the other browser checks, these need Debian's chromium and skip without it; they
skip when the book is not built, unless CRMLAB_REQUIRE_BUILD=1 (`make test`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = {
    "eoq": HTML / "notebooks" / "scm" / "03_inventory_eoq.html",
    "beer game": HTML / "notebooks" / "scm" / "09_beer_game.html",
}
#: The widgets with controls that each page shows (the EOQ explorer; the beer-game
#: explorer and the player).
WIDGETS = {"eoq": 1, "beer game": 2}

if not (HTML / "index.html").exists():
    if os.environ.get("CRMLAB_REQUIRE_BUILD"):
        raise RuntimeError("_build/html is missing: the book build failed")
    pytest.skip("the book is not built (run `make book`)", allow_module_level=True)
if CHROMIUM is None:
    pytest.skip(
        "chromium not found: install Debian's chromium (apt-get install chromium) to run "
        "the static-widget checks",
        allow_module_level=True,
    )

#: For each rendered widget with controls: its note (the element just before it) and
#: what the checks need. The widget manager renders a widget into a div.widget-subarea
#: just before its <script type="application/vnd.jupyter.widget-view+json">.
WIDGETS_JS = """() => {
  const controls = 'input, button, select, textarea, .noUi-target';
  return [...document.querySelectorAll('.widget-subarea')]
    .filter(w => w.querySelector(controls))
    .map(w => {
      const note = w.previousElementSibling;
      const isNote = !!note && note.classList.contains('crmlab-static-notice');
      const nb = isNote ? note.getBoundingClientRect() : null;
      const wb = w.getBoundingClientRect();
      return {
        note: isNote,
        noteText: isNote ? note.textContent.replace(/\\s+/g, ' ') : '',
        noteVisible: isNote && nb.width > 200 && nb.height > 20
          && getComputedStyle(note).visibility === 'visible'
          && parseFloat(getComputedStyle(note).opacity) === 1,
        gap: isNote ? wb.top - nb.bottom : null,
        links: isNote ? [...note.querySelectorAll('a')].map(a => [a.textContent, a.href]) : [],
        formControls: [...w.querySelectorAll('input, button, select, textarea')].map(e => ({
          tag: e.tagName, disabled: e.disabled, opacity: parseFloat(getComputedStyle(e).opacity),
          cursor: getComputedStyle(e).cursor,
        })),
        sliders: [...w.querySelectorAll('.noUi-target')].map(s => ({
          disabled: s.hasAttribute('disabled'),
          opacity: parseFloat(getComputedStyle(s).opacity),
          handles: [...s.querySelectorAll('.noUi-handle')].map(h => [
            h.getAttribute('tabindex'), h.getAttribute('aria-disabled')]),
        })),
      };
    });
}"""

#: The launch links of the page's rocket button (sphinx-book-theme's header).
LAUNCH_JS = """() => [...document.querySelectorAll('.dropdown-launch-buttons a')]
  .map(a => [a.textContent.trim(), a.href])"""


@pytest.fixture
def tab(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    yield page
    page.close()


def _open(tab, name: str) -> list[dict]:
    tab.goto(PAGES[name].as_uri(), wait_until="load")
    tab.wait_for_selector(".widget-subarea .widget-label", state="attached", timeout=15_000)
    tab.wait_for_timeout(500)  # the widget manager renders the rest; the script reacts
    return tab.evaluate(WIDGETS_JS)


@pytest.mark.parametrize("name", list(PAGES))
def test_a_visible_note_above_each_widget_says_how_to_make_it_live(tab, name):
    """Each widget with controls has the note just above it (less than 2 em apart),
    visible, saying it shows the starting state, with the page's own Colab and Binder
    launch links (as the rocket button has them) and `make lab`."""
    widgets = _open(tab, name)
    assert len(widgets) == WIDGETS[name]
    launch = {text: href for text, href in tab.evaluate(LAUNCH_JS)}
    assert set(launch) >= {"Colab", "Binder"}
    for widget in widgets:
        assert widget["note"], "no note just before the widget"
        assert widget["noteVisible"]
        assert 0 <= widget["gap"] < 32
        text = widget["noteText"]
        assert "starting state" in text and "switched off" in text
        assert "make lab" in text and "rocket button" in text
        links = dict(widget["links"])
        assert links["on Colab"] == launch["Colab"]
        assert links["on Binder"] == launch["Binder"]
        assert PAGES[name].stem + ".ipynb" in links["on Colab"]


@pytest.mark.parametrize("name", list(PAGES))
def test_every_control_is_disabled_and_looks_it(tab, name):
    """Buttons, boxes and lists are disabled (greyed by the widget manager: opacity < 1,
    a not-allowed cursor); sliders are disabled, faded, and their handles are out of the
    tab order and marked aria-disabled."""
    widgets = _open(tab, name)
    controls = [c for w in widgets for c in w["formControls"]]
    sliders = [s for w in widgets for s in w["sliders"]]
    assert controls or sliders
    for control in controls:
        assert control["disabled"], control
        assert control["cursor"] == "not-allowed", control
    for button in (c for c in controls if c["tag"] == "BUTTON"):
        assert button["opacity"] < 1
    for slider in sliders:
        assert slider["disabled"] and slider["opacity"] < 0.6
        assert slider["handles"] and all(h == ["-1", "true"] for h in slider["handles"])


@pytest.mark.parametrize("name", list(PAGES))
def test_the_tab_key_never_reaches_a_control(tab, name):
    """From the first note's last link, 40 presses of Tab (past every widget of the page)
    never put the focus inside a widget."""
    _open(tab, name)
    tab.locator(".crmlab-static-notice").first.locator("a").last.focus()
    inside = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        inside.append(
            tab.evaluate(
                "() => !!(document.activeElement && document.activeElement.closest"
                "('.widget-subarea'))"
            )
        )
    assert not any(inside)


def test_dragging_the_eoq_slider_changes_nothing(tab):
    """The issue's report: the demand slider moved but the readout kept "Q* = 219.1".
    Now the slider does not move: after a drag the readout and the summary are as built."""
    _open(tab, "eoq")
    handle = tab.locator(".widget-subarea .noUi-handle").first
    readout = tab.locator(".widget-subarea .widget-readout").first
    before = readout.inner_text()
    box = handle.bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.mouse.down()
    tab.mouse.move(box["x"] + 200, box["y"] + box["height"] / 2, steps=5)
    tab.mouse.up()
    tab.wait_for_timeout(300)
    assert readout.inner_text() == before == "1200.0"
    assert "Q* = 219.1 units" in tab.locator(".widget-subarea").first.inner_text()
