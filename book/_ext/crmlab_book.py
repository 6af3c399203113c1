"""Sphinx extension for the crmlab book: offline scripts and accessibility fixes.

When ``scripts/fetch_web_assets.sh`` has filled ``_vendor/`` (``make book`` runs it), the
built book serves require.js, the ipywidgets HTML manager and MathJax 3 from its own
``_static`` folder, so executed widgets and formulas show with no network. Otherwise the
build falls back to the CDN defaults and says so.

``_vendor`` is added to ``html_static_path`` here rather than kept in a ``_static`` folder,
because Jupyter Book adds every ``.js`` file under ``_static`` to every page.

Static widgets: a built page has no kernel, so an executed widget shows the state it was
saved in and nothing recomputes when a control moves. :func:`_freeze_widget_state` marks
every control of the embedded widget state ``disabled`` (the widget manager draws it
greyed; ``static/crmlab-a11y.js`` also takes slider handles out of the tab order, and
``static/crmlab.css`` fades the sliders), and :func:`_add_static_notices` puts a note above
each widget with controls saying that it shows its starting state and how to make it live
in one click: the page's Colab and Binder launch links (the rocket button's) or
``make lab``. tests/built/test_static_widgets.py checks both in headless Chromium.

Accessibility: ``static/crmlab.css``, ``static/crmlab-a11y.js`` and :data:`HTML_FIXES`
(applied to the written pages) fix what an axe-core audit of the built pages finds in the
theme and the widgets.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import get_node_line, get_node_source

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
    # The theme opens its link buttons in a new tab; the language switch stays in this one.
    (re.compile(r' target="_blank"(\s+class="btn btn-sm btn-language-switch")'), r"\1"),
]


#: The Chinese edition's words for the raw HTML of the pages (MyST does not translate raw
#: HTML): the exercises' folded hints.
CITATION = re.compile(
    r'(<a class="reference internal" href="[^"]*references\.html#[^"]*"[^>]*>)(.*?)(</a>)', re.S
)


def _citation_zh(match: re.Match[str]) -> str:
    """A citation's author-year text in Chinese connectives (the bibliography style's are
    English): "Chen et al., 2000" -> "Chen等, 2000", "Nahmias and Olsen" -> "Nahmias和Olsen"."""
    text = (
        match.group(2)
        .replace("<em>et al.</em>", "等")
        .replace("et al.", "等")
        .replace(" and ", "和")
        .replace("n.d.", "无日期")
    )
    return match.group(1) + text + match.group(3)


HTML_FIXES_ZH = [
    (re.compile(r"<summary>Hint</summary>"), "<summary>提示</summary>"),
    (CITATION, _citation_zh),
]


def _fix_html(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    fixes = HTML_FIXES + (HTML_FIXES_ZH if (app.config.language or "").startswith("zh") else [])
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for pattern, replacement in fixes:
            fixed = pattern.sub(replacement, fixed)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


WIDGET_STATE_KEY = "ipywidgets_state"  # myst-nb's key for the page's embedded widget state
WIDGET_VIEW = re.compile(
    r'<script type="application/vnd.jupyter.widget-view\+json">(?P<json>.*?)</script>', re.S
)
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]+)")


def _widget_state(app: Sphinx, pagename: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The page's embedded widget state (parsed) and the script-tag arguments holding it."""
    from myst_nb.sphinx_ import NbMetadataCollector

    entry = NbMetadataCollector.get_js_files(app.env, pagename).get(WIDGET_STATE_KEY)
    if entry is None:
        return None
    kwargs = entry[1]
    return json.loads(kwargs["body"]), kwargs


def _is_control(model: dict[str, Any]) -> bool:
    """A model the reader can operate: ipywidgets gives exactly these a ``disabled`` trait."""
    return "disabled" in model.get("state", {})


def _freeze_widget_state(app: Sphinx, pagename: str, *args: object) -> None:
    """Disable every control in the page's embedded widget state (before myst-nb adds it)."""
    if app.builder.format != "html":
        return
    found = _widget_state(app, pagename)
    if found is None:
        return
    state, kwargs = found
    for model in state.get("state", {}).values():
        if _is_control(model):
            model["state"]["disabled"] = True
    # As myst-nb writes it: JSON, with "</script>" escaped so that it cannot close the tag.
    kwargs["body"] = json.dumps(state).replace("</script>", r"<\/script>")


def _has_controls(models: dict[str, Any], model_id: str) -> bool:
    """Whether the widget ``model_id`` or any widget it contains is a control."""
    seen: set[str] = set()
    todo = [model_id]
    while todo:
        current = todo.pop()
        if current in seen or current not in models:
            continue
        seen.add(current)
        if _is_control(models[current]):
            return True
        todo.extend(MODEL_REF.findall(json.dumps(models[current].get("state", {}))))
    return False


def _launch_links(context: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, URL) of the page's launch buttons (Colab, Binder), as the theme built them."""
    for button in context.get("header_buttons", []):
        if button.get("label") == "launch-buttons":
            return [
                (b["text"], b["url"]) for b in button.get("buttons", []) if b.get("type") == "link"
            ]
    return []


def static_notice(links: list[tuple[str, str]], language: str = "en") -> str:
    """The note shown above a widget with controls in the static book."""
    ordered = sorted(links, key=lambda link: link[0] != "Colab")  # Colab first: no wait
    if language.startswith("zh"):
        return _static_notice_zh(ordered)
    if ordered:
        where = " or ".join(
            f'<a class="reference external" href="{html.escape(url)}">on {html.escape(name)}</a>'
            for name, url in ordered
        )
        live = (
            f"open this page live in one click, {where} (the rocket button at the top of "
            "the page offers the same)"
        )
    else:
        live = "open this notebook in Jupyter"
    return (
        '<div class="admonition note crmlab-static-notice" role="note">'
        '<p class="admonition-title">A snapshot: these controls are switched off</p>'
        "<p>This explorer shows its starting state. No Python runs behind this page, so "
        "moving a control could not recompute anything, and the controls are switched off. "
        f"To use them, {live}; or run <code>make lab</code> in a copy of the repository.</p>"
        "</div>"
    )


def _static_notice_zh(ordered: list[tuple[str, str]]) -> str:
    """:func:`static_notice` in the Chinese edition."""
    if ordered:
        where = "或".join(
            f'<a class="reference external" href="{html.escape(url)}">在 {html.escape(name)} 上</a>'
            for name, url in ordered
        )
        live = f"只需一次点击，{where}打开本页的可运行版本（页面顶部的火箭按钮也提供同样的入口）"
    else:
        live = "请在 Jupyter 中打开本笔记本"
    return (
        '<div class="admonition note crmlab-static-notice" role="note">'
        '<p class="admonition-title">这是一张快照：控件已停用</p>'
        "<p>此处显示的是交互控件的初始状态。本页面背后没有运行 Python，移动控件也无法重新计算，"
        f"因此控件已停用。如需使用，{live}；或在仓库的副本中运行 <code>make lab</code>。</p>"
        "</div>"
    )


def _add_static_notices(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Put :func:`static_notice` before every widget view whose widget has controls."""
    if app.builder.format != "html" or "body" not in context:
        return
    found = _widget_state(app, pagename)
    if found is None:
        return
    models = found[0].get("state", {})
    notice = static_notice(_launch_links(context), app.config.language or "en")

    def add(match: re.Match[str]) -> str:
        model_id = json.loads(match.group("json")).get("model_id", "")
        return (notice if _has_controls(models, model_id) else "") + match.group(0)

    context["body"] = WIDGET_VIEW.sub(add, context["body"])


#: The label of the link to the same page in the other edition, by the page's language.
SWITCH_TEXT = {"en": ("中文", "本页的中文版"), "zh": ("English", "This page in English")}


def _language_switch(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """A header button to the same page in the other edition.

    ``crmlab_other_edition`` is the other edition's root relative to this one's: "zh/" in
    the English edition (the Chinese is built into _build/html/zh/), "../" in the Chinese,
    empty where there is none (the instructor edition).
    """
    other = app.config.crmlab_other_edition
    if not other or app.builder.format != "html" or "header_buttons" not in context:
        return
    root = "../" * pagename.count("/")
    text, tooltip = SWITCH_TEXT["zh" if (app.config.language or "").startswith("zh") else "en"]
    context["header_buttons"].insert(
        0,
        {
            "type": "link",
            "url": f"{root}{other}{pagename}.html",
            "text": text,
            "tooltip": tooltip,
            "icon": "fas fa-language",
            "label": "language-switch",
        },
    )


class TranslatableTableCells(SphinxTransform):
    """Make the cells of a MyST ``{table}`` directive translatable, like a bare table's.

    MyST gives the paragraphs of a table parsed inside a directive no ``source``, and Sphinx
    extracts and translates only text elements that have one (sphinx-doc/sphinx#10959): the
    Chinese edition showed those tables in English. Runs before the Locale transform (20).
    """

    default_priority = 10

    def apply(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            for paragraph in table.findall(nodes.paragraph):
                if paragraph.source:
                    continue
                paragraph.source = get_node_source(table)
                paragraph.line = table.line or get_node_line(table)
                if not paragraph.rawsource:
                    paragraph.rawsource = paragraph.astext()


class TranslatedDisplayMath(SphinxTransform):
    """Translate display formulas (``$$ ... $$``) from the catalogs ourselves.

    Sphinx extracts a display formula as a message (so ``\\text{holding}`` can be given in
    Chinese) but, translating it, wraps the message in reST's ``::`` literal-block syntax,
    which MyST parses as a paragraph: the Chinese edition showed "::" where each formula
    stood. Before the Locale transform (20), this puts the catalog's formula in the node and
    marks it done; the gettext builder still extracts it.
    """

    default_priority = 11

    def apply(self, **kwargs: Any) -> None:
        if self.app.builder.name == "gettext" or (self.config.language or "en") == "en":
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir) / d) for d in self.config.locale_dirs]
        catalog, found = init_locale(dirs, self.config.language, domain)
        for node in self.document.findall(nodes.math_block):
            source = node.rawsource or node.astext()
            translated = catalog.gettext(source) if found else source
            if translated and translated != source:
                node.children = [nodes.Text(translated)]
                node.rawsource = translated
            node["translatable"] = False


def setup(app: Sphinx) -> dict[str, object]:
    app.add_transform(TranslatedDisplayMath)
    app.add_transform(TranslatableTableCells)
    app.add_config_value("crmlab_other_edition", "", "html")
    # Run before myst-nb reads its configuration (at builder-inited).
    app.connect("config-inited", _use_local_assets, priority=100)
    app.connect("config-inited", _add_static)
    app.add_css_file("crmlab.css")
    app.add_js_file("crmlab-a11y.js")
    app.add_js_file("crmlab-language.js")
    app.connect("build-finished", _fix_html)
    # Before myst-nb adds the page's widget state (priority 500) ...
    app.connect("html-page-context", _freeze_widget_state, priority=400)
    # ... and after the theme has made the launch buttons (priority 501).
    app.connect("html-page-context", _add_static_notices, priority=600)
    app.connect("html-page-context", _language_switch, priority=550)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
