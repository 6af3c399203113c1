"""One language setting for everything crmlab draws or shows: charts, widgets, data sheets.

``crmlab.set_language("zh")`` (or the environment variable ``CRMLAB_LANG=zh`` before
crmlab is imported, as the Chinese edition of the book sets it) switches the package to
Simplified Chinese; ``"en"`` (the default) is English. The messages live in a gettext
catalog inside the package (``crmlab/i18n/locale/zh_CN/LC_MESSAGES/crmlab.po``, compiled
to ``crmlab.mo``); a message the catalog lacks stays English.

Charts and widgets are built in English and translated afterwards by :func:`localize`:
every text a matplotlib figure draws (titles, axis labels, word tick labels, legends,
annotations, table cells) and every label and readout of an ipywidgets tree. A catalog
message may be a *template* with named placeholders, e.g. ``"Optimum Q* = {q}"`` →
``"最优订货量 Q* = {q}"``: a drawn text matches it through a regular expression built from
the template, and each placeholder's value is itself translated. A placeholder written
``{name:num}`` only matches a number. In English :func:`localize` does nothing at all.

In a notebook, DataFrames, Series and dicts are shown in Chinese too (a translated copy:
headers, index names and text values; see ``crmlab.i18n._tables``).

Chinese charts draw with a subset of Noto Sans CJK SC shipped in the package (SIL Open
Font License 1.1, ``crmlab/i18n/fonts/OFL.txt``), registered with matplotlib's font
manager and put first in its sans-serif list while the language is Chinese.
"""

from __future__ import annotations

import os
import sys
from typing import TypeVar

from crmlab.i18n._catalog import catalog

__all__ = [
    "LANGUAGES",
    "get_language",
    "gettext",
    "localize",
    "localize_markdown",
    "set_language",
]

#: The languages crmlab speaks, by code (with their names).
LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文 (Simplified Chinese)"}

#: Other spellings accepted for a language.
ALIASES: dict[str, str] = {
    "zh_cn": "zh",
    "zh-cn": "zh",
    "zh-hans": "zh",
    "zh_hans": "zh",
    "en_us": "en",
    "en-us": "en",
    "en_gb": "en",
    "en-gb": "en",
}

T = TypeVar("T")


def _normalise(lang: object, source: str = "lang") -> str:
    if isinstance(lang, str):
        key = lang.strip().lower()
        key = ALIASES.get(key, key)
        if key in LANGUAGES:
            return key
    allowed = ", ".join(repr(code) for code in LANGUAGES)
    raise ValueError(
        f"{source} must be one of {allowed} (or 'zh_CN', 'zh-CN', 'zh-Hans'), got {lang!r}"
    )


_language: str = _normalise(os.environ.get("CRMLAB_LANG") or "en", "CRMLAB_LANG")


def get_language() -> str:
    """The language crmlab draws and shows text in: ``"en"`` or ``"zh"``."""
    return _language


def set_language(lang: str) -> None:
    """Draw charts, widgets and data sheets in ``lang`` from now on.

    ``lang``: ``"en"`` (English, the default) or ``"zh"`` (Simplified Chinese; also
    ``"zh_CN"``, ``"zh-CN"``, ``"zh-Hans"``). Charts and widgets already made keep their
    language. Anything else raises ``ValueError``.
    """
    global _language
    new = _normalise(lang)
    from crmlab.i18n import _tables

    _tables.sync(new)  # tables a notebook displays (see crmlab.i18n._tables)
    if new == _language:
        if new == "zh":
            from crmlab.i18n import _font

            _font.use_cjk_font()
        return
    _language = new
    from crmlab.i18n import _font

    if new == "zh":
        _font.use_cjk_font()
    else:
        _font.restore_fonts()


def gettext(message: str) -> str:
    """``message`` in the current language (English when the catalog lacks it)."""
    if _language == "en":
        return message
    return catalog(_language).translate(message)


#: The conventional short name of :func:`gettext`.
_ = gettext


#: The note a translated data sheet carries under its title.
SHEET_NOTE = (
    "(The prose of this data sheet is in English; its headings and column descriptions are "
    "translated.)"
)


def localize_markdown(text: str) -> str:
    """A data sheet (Markdown) in the current language: its headings and the cells of its
    tables translated (a header row's cells too), with a note under the title that the
    prose stays English. In English ``text`` is returned unchanged."""
    if _language == "en":
        return text
    cat = catalog(_language)
    out = []
    for line in text.split("\n"):
        if line.startswith("#"):
            marks, _, title = line.partition(" ")
            out.append(f"{marks} {cat.translate(title)}")
            if marks == "#":
                out.extend(["", cat.translate(SHEET_NOTE)])
        elif line.startswith("|") and not line.replace("|", "").strip(" -:") == "":
            cells = line.strip().strip("|").split("|")
            out.append("| " + " | ".join(cat.translate(c.strip()) for c in cells) + " |")
        else:
            out.append(line)
    return "\n".join(out)


def localize(obj: T) -> T:
    """``obj`` translated in place into the current language, and returned.

    ``obj`` may be a matplotlib Figure or Axes, anything with a ``.figure`` (a crmlab
    ``Chart``), an ipywidgets widget (its whole tree, readouts included, and later
    rewrites of its readouts), or a tuple or list of these; anything else is returned
    unchanged. In English nothing is touched.
    """
    if _language == "en" or obj is None:
        return obj
    if isinstance(obj, (tuple, list)):
        for item in obj:
            localize(item)
        return obj
    ipywidgets = sys.modules.get("ipywidgets")
    if ipywidgets is not None and isinstance(obj, ipywidgets.Widget):
        from crmlab.i18n._widgets import localize_widget

        localize_widget(obj)
        return obj
    if hasattr(obj, "figure"):
        from crmlab.i18n._figures import localize_chart

        localize_chart(obj)
        return obj
    return obj


if _language != "en":  # e.g. the Chinese edition's kernels (CRMLAB_LANG=zh)
    from crmlab.i18n import _tables

    _tables.sync(_language)
