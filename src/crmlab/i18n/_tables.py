"""Tables in Chinese: how a notebook shows a pandas DataFrame, a Series or a dict.

While the language is Chinese and IPython runs (a notebook, the book's build), display
formatters for ``pandas.DataFrame``, ``pandas.Series`` and ``dict`` show a translated *copy*:
column headers, index names, row labels, dict keys and categorical string values in
Chinese. The object the student's code holds keeps its English names, so
``df["recency"]`` and ``df.loc["Champions"]`` keep working; numbers are never touched.

A header (a column or index name, a row label, a dict key) written as a code name (lower
case, or with an underscore) is shown in both languages, ``最近一次消费（recency）``, so that
the text and the code can be matched; a header that is prose (``"total cost"``) or a
capitalised word (``"Wages"``) and a cell value (``"Champions"``) are shown in Chinese
alone, except a cell value with an underscore (``gross_requirements``), shown in both. Text
the catalogs lack (names, codes, dates, IDs) stays as it is.

The messages are those of the tables catalog (``tables.po`` beside ``crmlab.po``, compiled
to ``tables.mo`` the same way) and of the package catalog (the segment, stage and activity
names the charts already translate), applied as the package catalog applies them: exact
messages, templates (an MRP action message) and lists cut at separators. Setting the
language back to English removes the formatters, so English output is exactly what pandas
and IPython show by themselves.
"""

from __future__ import annotations

import contextvars
import functools
import gettext as _gettext
import re
import sys
from collections.abc import Callable, Hashable
from importlib import resources
from typing import Any

from crmlab.i18n._catalog import LOCALES, Catalog, catalog

#: The gettext domain of the tables catalog.
DOMAIN = "tables"

#: A text written as a code name (a column a student's code names): a Python identifier
#: that starts with a lower-case letter or has an underscore. A capitalised word such as
#: ``"Wages"`` or ``"Champions"`` reads as a word and is shown in Chinese alone.
IDENTIFIER = re.compile(r"[a-z][A-Za-z0-9_]*|[A-Za-z0-9]*_[A-Za-z0-9_]*")

#: The opening and closing brackets around the English name in a bilingual header.
OPEN, CLOSE = "（", "）"

#: At most this many distinct values of a column are looked up (a column of free-form data,
#: such as customer names, is left as it is beyond that).
MAX_DISTINCT = 5_000

#: The texts of the table being translated (its headers and row labels): a message with a
#: context (``msgctxt``) applies only to a table that has its context among these, e.g.
#: ``"source"`` is 采购 beside ``"make"`` (the SCOR processes) and 来源 elsewhere.
_NEAR: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("near", default=frozenset())

#: The formatters registered: (formatter, type, the printer it replaced) triples.
_registered: list[tuple[Any, type, Any]] = []


def read_tables_mo(lang: str) -> dict[str, str]:
    """The messages of ``lang``'s compiled tables catalog (``tables.mo``) in the package; a
    message with a context is keyed ``context + "\\x04" + message`` (as gettext keys it)."""
    path = resources.files("crmlab.i18n").joinpath(
        "locale", LOCALES[lang], "LC_MESSAGES", f"{DOMAIN}.mo"
    )
    with path.open("rb") as handle:
        translations = _gettext.GNUTranslations(handle)
    return {k: v for k, v in translations._catalog.items() if isinstance(k, str) and k and v}


@functools.cache
def table_catalog(lang: str) -> Catalog:
    """The catalog tables use in ``lang``: the package catalog's messages, overridden by
    the tables catalog's (exact messages, templates, parts between separators)."""
    plain = {k: v for k, v in read_tables_mo(lang).items() if "\x04" not in k}
    return Catalog({**catalog(lang).messages, **plain})


@functools.cache
def contextual(lang: str) -> dict[str, list[tuple[str, str]]]:
    """The tables catalog's messages with a context: message -> [(context, translation)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for key, target in read_tables_mo(lang).items():
        if "\x04" in key:
            context, message = key.split("\x04", 1)
            found.setdefault(message, []).append((context, target))
    return found


def translate_text(text: str, lang: str = "zh") -> str:
    """``text`` in Chinese alone (a cell value or a prose header); unchanged if unknown."""
    near = _NEAR.get()
    if near:
        for context, target in contextual(lang).get(text, ()):
            if context in near:
                return target
    return table_catalog(lang).translate(text)


def translate_header(text: str, lang: str = "zh") -> str:
    """A header in Chinese: ``中文（english）`` when ``text`` is a code name, else the
    Chinese alone; unchanged if unknown."""
    done = translate_text(text, lang)
    if done == text or not IDENTIFIER.fullmatch(text) or f"{OPEN}{text}{CLOSE}" in done:
        return done
    return f"{done}{OPEN}{text}{CLOSE}"


def translate_value(text: str, lang: str = "zh") -> str:
    """A cell value in Chinese: bilingual when written as an identifier with an
    underscore (``gross_requirements``), else the Chinese alone; unchanged if unknown."""
    if "_" in text:
        return translate_header(text, lang)
    return translate_text(text, lang)


def _label(rule: Callable[[str], str]) -> Callable[[Hashable], Hashable]:
    """``rule`` applied to a string label, and to each string of a tuple label."""

    def apply(label: Hashable) -> Hashable:
        if isinstance(label, str):
            return rule(label)
        if isinstance(label, tuple):
            return tuple(rule(x) if isinstance(x, str) else x for x in label)
        return label

    return apply


def _texty(values: Any) -> bool:
    """Whether a column or index holds text (object, string or categorical dtype)."""
    import pandas as pd

    dtype = values.dtype
    return (
        isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
    )


def _index(index: Any, rule: Callable[[str], str]) -> Any:
    """``index`` (a pandas Index or MultiIndex) with its names as headers and its text
    labels by ``rule``; the same object when nothing changes."""
    import pandas as pd

    names = [translate_header(n) if isinstance(n, str) else n for n in index.names]
    new = index
    if isinstance(index, pd.MultiIndex):
        levels = [level.map(_label(rule)) if _texty(level) else level for level in index.levels]
        try:
            new = index.set_levels(levels)
        except ValueError:  # two labels with one translation: show the labels themselves
            new = pd.MultiIndex.from_tuples([_label(rule)(t) for t in index], names=index.names)
    elif _texty(index) and index.nunique() <= MAX_DISTINCT:
        new = index.map(_label(rule))
    if list(names) != list(index.names):
        new = new.set_names(names)
    return new


def _values(column: Any) -> Any | None:
    """A text column's values translated (``None`` when none is in the catalogs)."""
    import pandas as pd

    if not _texty(column):
        return None
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        mapped = [translate_value(c) if isinstance(c, str) else c for c in categories]
        if mapped == list(categories):
            return None
        if len(set(mapped)) == len(mapped):
            return column.cat.rename_categories(mapped)
        column = column.astype(object)
    distinct = pd.unique(column)
    if len(distinct) > MAX_DISTINCT:
        return None
    table = {v: translate_value(v) if isinstance(v, str) else v for v in distinct}
    if all(table[v] is v or table[v] == v for v in table):
        return None
    return column.map(table)  # every distinct value is a key: nothing becomes missing


def _texts_of(obj: Any) -> frozenset[str]:
    """The headers and row labels of a DataFrame or Series, the keys of a dict."""
    import pandas as pd

    if isinstance(obj, dict):
        return frozenset(k for k in obj if isinstance(k, str))
    labels = [*obj.index.names]
    if len(obj.index) <= MAX_DISTINCT:
        labels += list(obj.index)
    if isinstance(obj, pd.DataFrame):
        labels += [*obj.columns, *obj.columns.names]
    else:
        labels.append(obj.name)
    flat = [x for label in labels for x in (label if isinstance(label, tuple) else (label,))]
    return frozenset(x for x in flat if isinstance(x, str))


def translated(obj: Any) -> Any:
    """A copy of ``obj`` (a DataFrame, Series or dict) for display in Chinese; ``obj``
    itself is never changed. Anything else is returned as it is."""
    import pandas as pd

    if not isinstance(obj, (pd.DataFrame, pd.Series, dict)):
        return obj
    token = _NEAR.set(_texts_of(obj))
    try:
        return _translated(obj)
    finally:
        _NEAR.reset(token)


def _translated(obj: Any) -> Any:
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        out = obj.copy(deep=False)
        for position in range(out.shape[1]):
            values = _values(out.iloc[:, position])
            if values is not None:
                out.isetitem(position, values)
        out.columns = _index(obj.columns, translate_header)
        out.index = _index(obj.index, translate_header)
        return out
    if isinstance(obj, pd.Series):
        values = _values(obj)
        out = obj.copy(deep=False) if values is None else values
        out.index = _index(obj.index, translate_header)
        out.name = translate_header(obj.name) if isinstance(obj.name, str) else obj.name
        return out
    if isinstance(obj, dict):
        return {
            _label(translate_header)(k): translate_value(v) if isinstance(v, str) else v
            for k, v in obj.items()
        }
    return obj


# ----- The display formatters ----------------------------------------------------------------


def _shown(obj: Any) -> Any:
    """The translated copy of ``obj``, or ``obj`` itself should translating fail (a column
    of unhashable values, say): a table is always shown."""
    try:
        return translated(obj)
    except Exception:  # display must never fail because of a translation
        return obj


def _html(obj: Any) -> str | None:
    return _shown(obj)._repr_html_()


def _pretty_frame(obj: Any, p: Any, cycle: bool) -> None:
    import pandas as pd

    with pd.option_context("display.unicode.east_asian_width", True):
        p.text(repr(_shown(obj)))


def _pretty_dict_with(default: Any) -> Callable[[Any, Any, bool], None]:
    def pretty(obj: dict, p: Any, cycle: bool) -> None:
        default(obj if cycle else _shown(obj), p, cycle)

    return pretty


def register() -> bool:
    """Show DataFrames, Series and dicts in Chinese in the running IPython (if any);
    ``True`` when the formatters are (now) registered."""
    if _registered:
        return True
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return False
    import pandas as pd

    formatters = shell.display_formatter.formatters
    html, plain = formatters["text/html"], formatters["text/plain"]
    default_dict = plain.lookup_by_type(dict)
    for formatter, typ, printer in (
        (html, pd.DataFrame, _html),
        (plain, pd.DataFrame, _pretty_frame),
        (plain, pd.Series, _pretty_frame),
        (plain, dict, _pretty_dict_with(default_dict)),
    ):
        _registered.append((formatter, typ, formatter.for_type(typ, printer)))
    return True


def unregister() -> None:
    """Remove the formatters :func:`register` added (and restore any they replaced)."""
    for formatter, typ, previous in reversed(_registered):
        formatter.pop(typ, None)
        if previous is not None:
            formatter.for_type(typ, previous)
    _registered.clear()


def sync(lang: str) -> None:
    """Register the formatters in Chinese, remove them in English."""
    if lang == "en":
        unregister()
    else:
        register()
