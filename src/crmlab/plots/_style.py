"""The style every chart of :mod:`crmlab.plots` shares, and the checks every chart runs.

The palette (Okabe & Ito's colour-blind-safe colours), the figure width and resolution
the book shows charts at, :class:`Chart` (a figure with its alt text),
:func:`new_figure` (a titled, labelled axes in the book's style), the generic
:func:`bar_chart`, and the ``@_checked`` decorator: it checks a chart's text, flag and
number arguments against their annotations and its table arguments against their
declared schemas (:mod:`crmlab._schema`), so bad input raises ``ValueError`` naming the
argument (and the column) before anything is drawn; then it hands the finished chart to
:func:`crmlab.i18n.localize`, which translates its text when the language is not English.
"""

from __future__ import annotations

import base64
import functools
import html
import inspect
import io
import math
from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from crmlab import _schema

#: Okabe & Ito's colour-blind-safe palette (Okabe & Ito 2008, "Color universal design").
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: The resolution of the image a Chart shows in a notebook and in the book (dots per inch).
PNG_DPI: int = 110

#: The width of a chart (inches): the book shows charts at most 660 px wide (an output inside
#: a widget, in a 1280-px-wide window) and :meth:`Chart.png` renders at 110 dpi, so a chart
#: this wide is shown at about its natural size and its 7.5 pt text at 8 pt or more
#: (tests/plots/test_legibility.py measures every chart).
WIDTH: float = 6.0

#: The order in which series take colours.
CYCLE: tuple[str, ...] = tuple(
    PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")
)


class Chart:
    """A figure with its alt text; displays in Jupyter as an image carrying that text."""

    def __init__(self, figure: Figure, alt: str) -> None:
        if not alt or not alt.strip():
            raise ValueError("alt must be a non-empty description of the figure")
        self.figure = figure
        self.alt = alt.strip()

    @property
    def axes(self) -> list[Axes]:
        """The figure's axes."""
        return self.figure.axes

    def png(self, dpi: int = PNG_DPI) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        data = base64.b64encode(self.png()).decode("ascii")
        img = (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
            f'style="max-width:100%;height:auto" />'
        )
        return {"text/html": img, "image/png": data, "text/plain": f"<Chart: {self.alt}>"}


def new_figure(
    title: str,
    xlabel: str,
    ylabel: str,
    *,
    size: tuple[float, float] = (6.0, 3.6),
) -> tuple[Figure, Axes]:
    """A figure with one axes, titled and labelled in the book's style.

    ``xlabel`` and ``ylabel`` should name the quantity and its unit, e.g.
    ``"Order quantity Q (units)"``.
    """
    for name, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        if not text or not str(text).strip():
            raise ValueError(f"{name} must be a non-empty label")
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    _style_axes(ax, title, xlabel, ylabel, title_size=12)
    return fig, ax


def _style_axes(ax: Axes, title: str, xlabel: str, ylabel: str, *, title_size: float = 11) -> None:
    """Give ``ax`` the book's style: the palette, a bold title at the left, labelled axes,
    a light grid behind the data, no top or right spine."""
    ax.set_prop_cycle(color=list(CYCLE))
    ax.set_title(title, loc="left", fontsize=title_size, fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# ----- Argument checks shared by every chart ----------------------------------------------------


def _check_scalar(function: str, name: str, annotation: str, value: object) -> None:
    """Raise ``ValueError`` naming ``name`` unless ``value`` fits its annotation."""
    kinds = {part.strip() for part in annotation.split("|")}
    if "None" in kinds and value is None:
        return
    kind = next(iter(kinds - {"None"}), "")
    if kind == "str" and not isinstance(value, str):
        raise ValueError(f"{function}: {name} must be text, got {value!r}")
    if kind == "bool" and not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{function}: {name} must be True or False, got {value!r}")
    if kind in ("float", "int"):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
            raise ValueError(f"{function}: {name} must be a number, got {value!r}")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise ValueError(f"{function}: {name} must be a finite number, got {value!r}")
        if kind == "int" and number != round(number):
            raise ValueError(f"{function}: {name} must be a whole number, got {value!r}")


#: What a chart argument may be checked with: a declared table (a DataFrame schema of
#: :mod:`crmlab._schema`) or a function ``check(argument, value)`` that raises
#: ``ValueError`` naming the argument.
Spec = _schema.Table | Callable[[str, object], None]


#: The most values a sequence argument of a chart may hold (points of a line, cycle
#: times of a histogram): the size of a large simulation.
MAX_POINTS = 1_000_000
#: The most bars :func:`bar_chart` draws: more than fit side by side at the book's width.
MAX_BARS = 200


def _sequence(argument: str, value: object, *, at_most: int = MAX_POINTS) -> list:
    """``value`` as a list if it is a non-empty sequence (list, tuple, array, Series) of
    at most ``at_most`` entries; else ``ValueError`` naming ``argument``."""
    import pandas as pd

    if isinstance(value, (str, bytes, dict)) or not isinstance(
        value, (list, tuple, np.ndarray, pd.Series, pd.Index, range)
    ):
        raise ValueError(
            f"{argument} must be a sequence (a list, tuple, array or Series), "
            f"got {type(value).__name__}"
        )
    items = list(np.asarray(value).ravel()) if isinstance(value, np.ndarray) else list(value)
    if not items:
        raise ValueError(f"{argument} must hold at least one entry")
    if len(items) > at_most:
        raise ValueError(f"{argument} may hold at most {at_most:,} entries, got {len(items):,}")
    return items


def _real(argument: str, value: object, minimum: float | None = None) -> None:
    """``ValueError`` naming ``argument`` unless ``value`` is a finite real number within
    ±MAX_PLOT (and >= ``minimum``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise ValueError(f"{argument} must hold numbers, got {value!r}")
    try:
        x = float(value)
    except (OverflowError, TypeError):
        raise ValueError(f"{argument} must hold finite numbers, got {value!r}") from None
    if not math.isfinite(x) or abs(x) > _schema.MAX_PLOT:
        raise ValueError(
            f"{argument} must hold finite numbers within ±{_schema.MAX_PLOT:g}, got {value!r}"
        )
    if minimum is not None and x < minimum:
        raise ValueError(f"{argument} must hold numbers >= {minimum:g}, got {value!r}")


def _numbers(
    minimum: float | None = None, *, at_least: int = 1, at_most: int = MAX_POINTS
) -> Callable[[str, object], None]:
    """A check: a sequence of ``at_least`` to ``at_most`` finite real numbers (each >=
    ``minimum``)."""

    def check(argument: str, value: object) -> None:
        items = _sequence(argument, value, at_most=at_most)
        if len(items) < at_least:
            raise ValueError(f"{argument} must hold at least {at_least} numbers")
        array = np.asarray(value)
        if not isinstance(value, (list, tuple)) and array.dtype.kind in "iuf":
            x = array.astype(float).ravel()  # an array or Series of numbers: checked at once
            if np.isfinite(x).all() and (np.abs(x) <= _schema.MAX_PLOT).all():
                if minimum is None or (x >= minimum).all():
                    return
        for item in items:  # find the first bad entry and name it
            _real(argument, item, minimum)

    return check


def _texts(argument: str, value: object) -> None:
    """A check: a non-empty sequence of text (at most :data:`MAX_BARS` entries)."""
    for item in _sequence(argument, value, at_most=MAX_BARS):
        if not isinstance(item, str):
            raise ValueError(f"{argument} must hold text, got {item!r}")


def _mapping(
    values: Callable[[str, object], None], *, max_items: int = 50
) -> Callable[[str, object], None]:
    """A check: a non-empty dict of at most ``max_items`` entries, each value passing
    ``values`` (which names the argument as ``argument[key]``)."""

    def check(argument: str, value: object) -> None:
        if not isinstance(value, dict):
            raise ValueError(f"{argument} must be a dict, got {type(value).__name__}")
        if not value:
            raise ValueError(f"{argument} must hold at least one entry")
        if len(value) > max_items:
            raise ValueError(f"{argument} may hold at most {max_items} entries")
        for key, item in value.items():
            values(f"{argument}[{key!r}]", item)

    return check


def _number(minimum: float | None = None) -> Callable[[str, object], None]:
    """A check: one finite real number (>= ``minimum``)."""
    return lambda argument, value: _real(argument, value, minimum)


def _instance(path: str, what: str) -> Callable[[str, object], None]:
    """A check: an instance of the class at ``path`` ("module:Class"), imported lazily."""

    def check(argument: str, value: object) -> None:
        import importlib

        module, name = path.split(":")
        cls = getattr(importlib.import_module(module), name)
        if not isinstance(value, cls):
            raise ValueError(f"{argument} must be {what}, got {type(value).__name__}")

    return check


def _bar_values(argument: str, value: object) -> None:
    """A check: a pandas Series of finite numbers, one per bar (at most :data:`MAX_BARS`)."""
    import pandas as pd

    if not isinstance(value, pd.Series):
        raise ValueError(
            f"{argument} must be a pandas Series (index: the categories; values: the bar "
            f"heights), got {type(value).__name__}"
        )
    _numbers(at_most=MAX_BARS)(argument, value)


def _checked(fn=None, /, **specs: Spec):
    """``fn`` with its arguments checked in one place before anything is drawn, and its
    chart translated into the reader's language after.

    Text, flag and number arguments are checked against their annotations (a title that
    is not text, a NaN threshold); each argument named in ``specs`` against its spec: a
    DataFrame against its declared :class:`crmlab._schema.Table` (columns, kinds, empty
    cells, ranges, length), anything else with its check function. An argument whose
    default is ``None`` may be ``None``. Bad input raises ``ValueError`` naming the chart,
    the argument and, for a table, the column. Use as ``@_checked`` or
    ``@_checked(curve=_schema.EOQ_CURVE)``.
    """
    if fn is None:
        return functools.partial(_checked, **specs)
    signature = inspect.signature(fn)
    unknown = set(specs) - set(signature.parameters)
    if unknown:
        raise TypeError(f"{fn.__name__} has no arguments {sorted(unknown)} to check")
    scalars = {
        name: p.annotation
        for name, p in signature.parameters.items()
        if isinstance(p.annotation, str)
        and {a.strip() for a in p.annotation.split("|")} - {"None"}
        and {a.strip() for a in p.annotation.split("|")} <= {"str", "bool", "float", "int", "None"}
    }
    optional = {name for name, p in signature.parameters.items() if p.default is None}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        for name, annotation in scalars.items():
            if name in bound.arguments:
                _check_scalar(fn.__name__, name, annotation, bound.arguments[name])
        for name, spec in specs.items():
            if name not in bound.arguments:
                continue
            value = bound.arguments[name]
            if value is None and name in optional:
                continue
            try:
                if isinstance(spec, _schema.Table):
                    _schema.check(name, value, spec)
                else:
                    spec(name, value)
            except ValueError as exc:
                raise ValueError(f"{fn.__name__}: {exc}") from None
        from crmlab.i18n import localize

        return localize(fn(*args, **kwargs))

    return wrapper


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


# ----- Drawing helpers shared by several chapters, and the generic bar chart -----


def _bpr_box(ax: Axes, x: float, y: float, text: str, *, colour: str, fontsize: float = 8.5):
    """A labelled box (an organisation or process chart's node) centred at (x, y)."""
    return ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=fontsize,
        zorder=5,
        bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": colour, "lw": 1.4},
    )


@_checked(values=_bar_values)
def bar_chart(
    values,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    horizontal: bool = False,
) -> Chart:
    """A bar chart of one number per category, with each bar's value written on it.

    Args:
        values: a pandas Series: the index names the categories, the values are the bar
            heights (as from ``df.groupby("category")["amount"].sum()``).
        title: the figure's title.
        xlabel: the label of the category axis (or of the value axis when ``horizontal``).
        ylabel: the label of the value axis with its unit (or of the category axis when
            ``horizontal``).
        horizontal: draw horizontal bars, largest at the top.

    Raises:
        ValueError: if ``values`` is empty or not numeric.
    """
    import pandas as pd
    from matplotlib.ticker import FuncFormatter

    series = pd.Series(values)
    fig, ax = new_figure(title, xlabel, ylabel)
    names = [str(i) for i in series.index]
    heights = series.to_numpy(dtype=float)
    thousands = FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}")
    if horizontal:
        bars = ax.barh(names[::-1], heights[::-1], color=PALETTE["blue"])
        ax.grid(False, axis="y")
        ax.xaxis.set_major_formatter(thousands)
    else:
        bars = ax.bar(names, heights, color=PALETTE["blue"])
        ax.grid(False, axis="x")
        ax.yaxis.set_major_formatter(thousands)
    ax.bar_label(bars, labels=[_fmt(h) for h in bars.datavalues], fontsize=8, padding=2)
    ax.margins(x=0.12 if horizontal else 0.02, y=0.02 if horizontal else 0.12)
    top, low = series.idxmax(), series.idxmin()
    value_label, category_label = (xlabel, ylabel) if horizontal else (ylabel, xlabel)
    alt = (
        f"{'Horizontal bar' if horizontal else 'Bar'} chart of {value_label} for "
        f"{len(series)} categories of {category_label}: highest is {top} "
        f"({_fmt(series.max())}), lowest is {low} ({_fmt(series.min())})."
    )
    return Chart(fig, alt)
