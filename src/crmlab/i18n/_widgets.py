"""Translating an ipywidgets tree in place, and keeping its readouts translated."""

from __future__ import annotations

import weakref

import ipywidgets as widgets

import crmlab.i18n as i18n
from crmlab.i18n._catalog import catalog

#: Widgets already translated (each observed once).
_DONE: weakref.WeakSet = weakref.WeakSet()

#: Text widgets whose value is what the reader types (never translated).
_INPUTS = (widgets.Text, widgets.Textarea, widgets.Password, widgets.Combobox)


def _tr(text):
    lang = i18n.get_language()
    if lang == "en" or not isinstance(text, str) or not text.strip():
        return text
    return catalog(lang).translate(text)


def _tr_html(markup):
    lang = i18n.get_language()
    if lang == "en" or not isinstance(markup, str) or not markup.strip():
        return markup
    return catalog(lang).translate_html(markup)


def _translate_value(widget) -> None:
    """Translate an HTML or Label widget's value (called again whenever it changes)."""
    if getattr(widget, "_crmlab_translating", False):
        return
    is_html = isinstance(widget, (widgets.HTML, widgets.HTMLMath))
    old = widget.value
    new = _tr_html(old) if is_html else _tr(old)
    if new != old:
        widget._crmlab_translating = True  # the change below must not translate again
        try:
            widget.value = new
        finally:
            widget._crmlab_translating = False


def _translate_options(widget) -> None:
    """Translate the shown labels of a selection widget, leaving its values alone."""
    if getattr(widget, "_crmlab_translating", False):
        return
    labels = tuple(widget._options_labels)
    new = tuple(_tr(label) for label in labels)
    if new != labels:
        widget._crmlab_translating = True
        try:
            widget.set_trait("_options_labels", new)
            index = getattr(widget, "index", None)
            if isinstance(index, int):
                widget.set_trait("label", new[index])
            elif isinstance(index, tuple) and widget.has_trait("label"):
                widget.set_trait("label", tuple(new[i] for i in index))
        finally:
            widget._crmlab_translating = False


def localize_widget(widget) -> None:
    """Translate ``widget`` and everything inside it; keep readouts translated when the
    widget rewrites them (their ``value``), and translate children added later."""
    if not isinstance(widget, widgets.Widget):
        return
    if widget not in _DONE:
        _DONE.add(widget)
        first = True
    else:
        first = False
    for name in ("description", "tooltip", "placeholder", "button_style_description"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value.strip("\u200b").strip():
            new = _tr(value)
            if new != value:
                setattr(widget, name, new)
    if isinstance(widget, (widgets.HTML, widgets.HTMLMath, widgets.Label)) and not isinstance(
        widget, _INPUTS
    ):
        _translate_value(widget)
        if first:
            widget.observe(lambda change: _translate_value(change["owner"]), names="value")
    if hasattr(widget, "_options_labels"):
        _translate_options(widget)
        if first:
            widget.observe(
                lambda change: _translate_options(change["owner"]), names="_options_labels"
            )
    for name in ("titles", "tooltips"):
        values = getattr(widget, name, None)
        if isinstance(values, (tuple, list)) and values:
            new = tuple(_tr(v) for v in values)
            if new != tuple(values):
                setattr(widget, name, new)
    children = getattr(widget, "children", None)
    if children:
        for child in children:
            localize_widget(child)
    if first and isinstance(getattr(widget, "children", None), (tuple, list)):
        widget.observe(
            lambda change: [localize_widget(c) for c in change["new"] or ()], names="children"
        )
