"""Translating a matplotlib figure in place: every text it draws, and its tick formatters."""

from __future__ import annotations

import weakref

from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import Formatter

import crmlab.i18n as i18n
from crmlab.i18n import _font
from crmlab.i18n._catalog import catalog

#: Figures already translated, with the language they were translated into.
_DONE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class TranslatedFormatter(Formatter):
    """A tick formatter whose labels are ``inner``'s, translated (word tick labels such as
    categories; numbers pass through unchanged)."""

    def __init__(self, inner: Formatter, lang: str) -> None:
        self.inner = inner
        self.lang = lang

    def _tr(self, label: str) -> str:
        return catalog(self.lang).translate(label) if isinstance(label, str) else label

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self, x, pos=None) -> str:
        return self._tr(self.inner(x, pos))

    def format_ticks(self, values) -> list[str]:
        return [self._tr(label) for label in self.inner.format_ticks(values)]

    def format_data(self, value) -> str:
        return self.inner.format_data(value)

    def format_data_short(self, value) -> str:
        return self.inner.format_data_short(value)

    def get_offset(self) -> str:
        return self._tr(self.inner.get_offset())

    def set_locs(self, locs) -> None:
        self.inner.set_locs(locs)

    def fix_minus(self, s: str) -> str:
        return self.inner.fix_minus(s)

    @property
    def locs(self):  # type: ignore[override]
        return getattr(self.inner, "locs", [])

    @locs.setter
    def locs(self, value) -> None:
        pass


def _figure_of(obj) -> Figure | None:
    if isinstance(obj, Figure):
        return obj
    figure = getattr(obj, "figure", None)
    if figure is None:
        return None
    if isinstance(figure, Figure):
        return figure
    return _figure_of(figure) if figure is not obj else None


def localize_figure(figure: Figure, lang: str) -> None:
    """Translate every text of ``figure`` into ``lang`` (once per figure and language)."""
    root = getattr(figure, "get_figure", lambda **_: figure)(root=True) or figure
    if _DONE.get(root) == lang:
        return
    _font.use_cjk_font()
    cat = catalog(lang)
    texts: list[Text] = list(root.findobj(Text))
    for axes in root.axes:
        for table in axes.tables:
            texts.extend(cell.get_text() for cell in table.get_celld().values())
        for axis in (axes.xaxis, axes.yaxis):
            for which in ("major", "minor"):
                ticker = getattr(axis, which)
                if not isinstance(ticker.formatter, TranslatedFormatter):
                    default = getattr(axis, f"isDefault_{which[:3]}fmt")
                    formatter = TranslatedFormatter(ticker.formatter, lang)
                    if which == "major":
                        axis.set_major_formatter(formatter)
                    else:
                        axis.set_minor_formatter(formatter)
                    setattr(axis, f"isDefault_{which[:3]}fmt", default)
    seen: set[int] = set()
    for text in texts:
        if id(text) in seen:
            continue
        seen.add(id(text))
        family = text.get_fontfamily()
        wider = _font.with_fallback(family)
        if wider != list(family):
            text.set_fontfamily(wider)
        old = text.get_text()
        if isinstance(old, str) and old.strip():
            new = cat.translate(old)
            if new != old:
                text.set_text(new)
    from crmlab.plots._relayout import run_fixes

    run_fixes(root)  # layout fixes the chart asked for once its text is translated
    _DONE[root] = lang


def localize_chart(obj) -> None:
    """Translate ``obj`` (a Figure, an Axes, or anything with a ``.figure``, such as a crmlab
    ``Chart``, whose ``alt`` text is translated too) into the current language."""
    lang = i18n.get_language()
    if lang == "en":
        return
    figure = _figure_of(obj)
    if figure is not None:
        localize_figure(figure, lang)
    alt = getattr(obj, "alt", None)
    if isinstance(alt, str) and alt.strip():
        try:
            obj.alt = catalog(lang).translate_prose(alt)
        except AttributeError:  # a read-only alt text
            pass
