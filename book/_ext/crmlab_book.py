"""Sphinx extension for the crmlab book: offline scripts and accessibility fixes.

When ``scripts/fetch_web_assets.sh`` has filled ``_vendor/`` (``make book`` runs it), the
built book serves require.js, the ipywidgets HTML manager and MathJax 3 from its own
``_static`` folder, so executed widgets and formulas show with no network. Otherwise the
build falls back to the CDN defaults and says so.

``_vendor`` is added to ``html_static_path`` here rather than kept in a ``_static`` folder,
because Jupyter Book adds every ``.js`` file under ``_static`` to every page.

Accessibility: ``static/crmlab.css``, ``static/crmlab-a11y.js`` and :data:`HTML_FIXES`
(applied to the written pages) fix what an axe-core audit of the built pages finds in the
theme and the widgets.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

VENDOR = "_vendor"


def _use_local_assets(app: Sphinx, config: Config) -> None:
    vendor = Path(app.srcdir) / VENDOR
    if not (vendor / ".versions").is_file():
        logger.info(
            "crmlab: _vendor/ is missing (no npm?): widgets and formulas load from CDNs "
            "and need the internet to show"
        )
        return
    config.html_static_path = [*config.html_static_path, str(vendor)]
    # Keys are paths below _static/; values are the <script> tag's attributes.
    config.nb_ipywidgets_js = {
        "require.js": {},
        "html-manager/embed-amd.js": {},
    }
    config.mathjax_path = "mathjax/tex-chtml.js"
    logger.info("crmlab: serving require.js, the widget manager and MathJax from _vendor/")


STATIC = Path(__file__).parent / "static"


def _add_static(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


#: Static fixes of the theme's HTML, found by the axe-core audit (tests/built):
#: citations in a role="list" container need the listitem role (aria-required-children);
#: the colour-mode button's icons carry titles ("Light", "Dark") that differ from its name
#: "Color mode", and a collapsed cell's <summary> is named "Toggle hidden content" while
#: it shows "Show code cell content" (label-content-name-mismatch).
HTML_FIXES = [
    (re.compile(r'role="doc-biblioentry"'), 'role="listitem"'),
    (re.compile(r'(<i class="theme-switch [^"]*"[^>]*?)\s+title="[^"]*"'), r"\1"),
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
]


def _fix_html(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for pattern, replacement in HTML_FIXES:
            fixed = pattern.sub(replacement, fixed)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, object]:
    # Run before myst-nb reads its configuration (at builder-inited).
    app.connect("config-inited", _use_local_assets, priority=100)
    app.connect("config-inited", _add_static)
    app.add_css_file("crmlab.css")
    app.add_js_file("crmlab-a11y.js")
    app.connect("build-finished", _fix_html)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
