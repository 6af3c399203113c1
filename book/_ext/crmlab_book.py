"""Sphinx extension for the crmlab book: serve widget and MathJax scripts locally.

When ``scripts/fetch_web_assets.sh`` has filled ``_vendor/`` (``make book`` runs it), the
built book serves require.js, the ipywidgets HTML manager and MathJax 3 from its own
``_static`` folder, so executed widgets and formulas show with no network. Otherwise the
build falls back to the CDN defaults and says so.

``_vendor`` is added to ``html_static_path`` here rather than kept in a ``_static`` folder,
because Jupyter Book adds every ``.js`` file under ``_static`` to every page.
"""

from __future__ import annotations

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


def setup(app: Sphinx) -> dict[str, object]:
    # Run before myst-nb reads its configuration (at builder-inited).
    app.connect("config-inited", _use_local_assets, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
